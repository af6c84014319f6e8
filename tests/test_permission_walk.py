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


@pytest.fixture
def walk_roles(course_roles):
    """course_roles, plus the session roles of the table: a coach of a session holding the
    course and a learner of a session that ended yesterday."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.tests.factories import UserFactory
    from courses import services

    today = timezone.localdate()
    running = services.session_save(name="Running", starts_on=today, ends_on=today)
    ended = services.session_save(
        name="Ended", starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )
    coach = UserFactory(username="coach")
    services.session_add_course(session=running, course=course_roles["course"], coach=coach)
    services.session_add_course(session=ended, course=course_roles["course"])
    ended_learner = UserFactory(username="ended_learner")
    services.session_add_learners(session=ended, users=[ended_learner])
    return {**course_roles, "coach": coach, "ended_learner": ended_learner}


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


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_closed_course(walk_roles, client_for, route, callback):
    _assert_walk(walk_roles, client_for, route, callback, Course.Visibility.CLOSED)


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_open_world_course(walk_roles, client_for, route, callback):
    _assert_walk(walk_roles, client_for, route, callback, Course.Visibility.OPEN_WORLD)


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_open_platform_course(walk_roles, client_for, route, callback):
    _assert_walk(walk_roles, client_for, route, callback, Course.Visibility.OPEN_PLATFORM)


TOOL_ROUTES = [(r, c) for r, c in ROUTES if getattr(c, "course_tool", None)]


@pytest.mark.parametrize("route,callback", TOOL_ROUTES, ids=[r for r, _ in TOOL_ROUTES])
def test_hidden_and_switched_off_tools(course_roles, client_for, route, callback):
    """A hidden tool is closed to learners (403); a switched-off one is gone for them (404)."""
    from courses.models import CourseTool

    if callback.course_tool == "settings":
        return  # teachers only anyway, and it cannot be switched off
    course = course_roles["course"]
    url = build_url(route, course.code)
    learner, teacher = client_for(course_roles["learner"]), client_for(course_roles["teacher"])
    admin = client_for(course_roles["admin"])
    # The methods the page takes at all; the other one answers 405 to everybody.
    methods = [m for m in ("GET", "POST") if _status(admin, m, url).status_code != 405]
    row = CourseTool.objects.create(course=course, tool_key=callback.course_tool, visible=False)
    for method in methods:
        assert _status(learner, method, url).status_code == 403, f"{method} {url}"
    if "GET" in methods:
        assert teacher.get(url).status_code not in (403, 500), url
    row.visible, row.enabled = True, False
    row.save()
    # Pages a learner could never open stay 403; the others vanish.
    access = callback.course_access_required
    learner_gets_in = expected_status(Course.Visibility.MEMBERS, "learner", access) == OK
    expected = 404 if learner_gets_in else 403
    for method in methods:
        assert _status(learner, method, url).status_code == expected, f"{method} {url}"
    if "GET" in methods:
        assert teacher.get(url).status_code not in (403, 500), url  # teachers set it up still
