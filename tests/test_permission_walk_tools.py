"""Hidden and switched-off tools in the permission walk: 403 and 404 for learners.

Split from test_permission_walk.py (which holds the walk itself) so that pytest-xdist, which
hands out whole files, can run it beside the other walks.
"""

import pytest

from courses.models import Course
from tests.access_table import OK, expected_status
from tests.test_permission_walk import TOOL_ROUTES, _status, build_url


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
