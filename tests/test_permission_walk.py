"""Walk every URL under /courses/<code>/ as every kind of visitor.

The URLs come from the URL configuration, so a tool added later is walked without editing this
file. What each role gets is the hand-written table in tests/access_table.py (role x access
level -> expected answer, per course visibility), written from the product's rules and never
read from courses/permissions.py, the code under test: each view declares its level with
@course_view, and the table says what that level answers to whom.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from courses.models import Course
from courses.permissions import Access
from tests.access_table import LEVELS, LOGIN, OK, ROLES, TABLES, expected_status

COURSE_PREFIX = "courses/<str:code>/"
PLACEHOLDERS = {
    "int": "999999",
    "slug": "x",
    "str": "x",
    "path": "x/y.txt",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def course_routes():
    return sorted(
        (route, callback)
        for route, callback in _walk(get_resolver().url_patterns)
        if route.startswith(COURSE_PREFIX)
    )


def build_url(route: str, code: str) -> str:
    def fill(match):
        converter, name = match.group(1) or "str", match.group(2)
        return code if name == "code" else PLACEHOLDERS.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


ROUTES = course_routes()


def test_the_table_covers_every_visibility_role_and_level():
    for visibility in Course.Visibility.values:
        assert set(TABLES[visibility]) == set(ROLES), visibility
        for row in TABLES[visibility].values():
            assert len(row) == len(LEVELS) == len(Access)


def test_the_walk_finds_the_course_urls():
    routes = [route for route, _ in ROUTES]
    assert COURSE_PREFIX in routes  # the course home
    assert any(route.endswith("settings/") for route in routes)
    assert len(routes) >= 10


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_every_course_view_declares_its_access_level(route, callback):
    assert isinstance(getattr(callback, "course_access_required", None), Access), (
        f"{route} is not protected by courses.permissions.course_view"
    )


def _status(client, method, url):
    response = client.get(url) if method == "GET" else client.post(url, {})
    return response


def _assert_walk(course_roles, client_for, route, callback, visibility):
    course = course_roles["course"]
    Course.objects.filter(pk=course.pk).update(visibility=visibility)
    url = build_url(route, course.code)
    access = callback.course_access_required
    admin = client_for(course_roles["admin"])
    accepted = {m for m in ("GET", "POST") if _status(admin, m, url).status_code != 405}
    for role in ROLES:
        expected = expected_status(visibility, role, access)
        client = client_for(None if role == "anonymous" else course_roles[role])
        for method in ("GET", "POST"):
            if expected == OK:
                if method == "POST":
                    continue  # an allowed POST would change the data the next checks rely on
                response = _status(client, method, url)
                assert response.status_code not in (403, 500), (
                    f"{role} {method} {url}: {response.status_code}, expected access"
                )
                continue
            response = _status(client, method, url)
            if method not in accepted and response.status_code == 405:
                continue
            if expected == LOGIN:
                assert response.status_code == 302, f"{role} {method} {url}"
                assert response["Location"].startswith("/accounts/login/"), url
            else:
                assert response.status_code == expected, (
                    f"{role} {method} {url}: {response.status_code}, expected {expected}"
                )


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_members_only_course(walk_roles, client_for, route, callback):
    _assert_walk(walk_roles, client_for, route, callback, Course.Visibility.MEMBERS)


TOOL_ROUTES = [(r, c) for r, c in ROUTES if getattr(c, "course_tool", None)]
