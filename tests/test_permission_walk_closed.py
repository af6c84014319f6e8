"""The permission walk on a closed course (teachers and admins only).

Split from test_permission_walk.py (which holds the walk itself) so that pytest-xdist, which
hands out whole files, can run the visibilities on both workers at once.
"""

import pytest

from courses.models import Course
from tests.test_permission_walk import ROUTES, _assert_walk


@pytest.mark.parametrize("route,callback", ROUTES, ids=[route for route, _ in ROUTES])
def test_closed_course(walk_roles, client_for, route, callback):
    _assert_walk(walk_roles, client_for, route, callback, Course.Visibility.CLOSED)
