"""Every learning-path and package URL, for every role, GET and POST, with made-up ids:
denied roles get 403 (anonymous: the login page), allowed roles never 403 nor a crash."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from courses.permissions import Access
from scorm.importer import package_import
from scorm.tests.fixtures import scorm_fixtures

ALLOWED = {
    Access.VIEW: {"learner", "tutor", "teacher", "admin"},
    Access.PARTICIPATE: {"learner", "tutor", "teacher", "admin"},
    Access.TUTOR: {"tutor", "teacher", "admin"},
    Access.MANAGE: {"teacher", "admin"},
}


def tool_patterns():
    """(route, view) for every URL under /courses/<code>/learnpaths/."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns, "")
    return [
        (route, view) for route, view in found if route.startswith("courses/<str:code>/learnpaths/")
    ]


def concrete(route: str) -> str:
    for token, value in (
        ("<str:code>", "CRS1"),
        ("<int:path_id>", "1"),
        ("<int:item_id>", "1"),
        ("<int:job_id>", "1"),
        ("<int:attempt_id>", "1"),
        ("<path:file_path>", "x"),
    ):
        route = route.replace(token, value)
    assert "<" not in route, route
    return "/" + route


@pytest.mark.django_db
def test_every_url_answers_each_role_as_declared(course_roles, client_for):
    package_import(
        course=course_roles["course"],
        user=None,
        archive_path=scorm_fixtures() / "zipped" / "scorm12.zip",
    )
    patterns = tool_patterns()
    assert len(patterns) > 15
    for route, view in patterns:
        access = view.course_access_required
        url = concrete(route)
        for role in ["anonymous", "outsider", "learner", "tutor", "teacher", "admin"]:
            client = client_for(None if role == "anonymous" else course_roles[role])
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                status = response.status_code
                label = f"{method.upper()} {url} as {role}: {status}"
                assert status < 500, label
                if role in ALLOWED[access]:
                    assert status != 403, label
                elif role == "anonymous":
                    assert status in (302, 405), label
                else:
                    assert status in (403, 405), label
