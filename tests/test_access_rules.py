"""courses.permissions.CourseAccess against the hand-written table, without HTTP.

The URL walk (test_permission_walk.py) checks every page; this checks the decision itself for
every visibility, role and access level in milliseconds, so mutation testing (`make mutate`)
can run it for every mutant of courses/permissions.py.
"""

import pytest

from courses.models import Course, Enrollment
from courses.permissions import Access, CourseAccess, Role, get_course_access
from tests.access_table import LEVELS, OK, ROLES, TABLES

ROLE_OF = {
    "anonymous": None,
    "outsider": None,
    "learner": Role.LEARNER,
    "tutor": Role.TUTOR,
    "teacher": Role.TEACHER,
    "admin": Role.ADMIN,
    "coach": Role.COACH,
    "ended_learner": Role.LEARNER,
}


def access_for(role: str, visibility: str, **course_fields) -> CourseAccess:
    course = Course(code="X1", title="X", visibility=visibility, **course_fields)
    session = {"session_id": 1, "session_open": False} if role == "ended_learner" else {}
    return CourseAccess(
        course=course, role=ROLE_OF[role], is_authenticated=role != "anonymous", **session
    )


@pytest.mark.parametrize("visibility", list(TABLES))
@pytest.mark.parametrize("role", ROLES)
def test_allows_follows_the_table(visibility, role):
    access = access_for(role, visibility)
    for level in LEVELS:
        expected = TABLES[visibility][role][LEVELS.index(level)] == OK
        assert access.allows(level) is expected, (visibility, role, level)


@pytest.mark.parametrize("visibility", list(TABLES))
@pytest.mark.parametrize("role", ROLES)
def test_the_booleans_templates_read(visibility, role):
    access = access_for(role, visibility)
    row = dict(zip(LEVELS, TABLES[visibility][role], strict=True))
    assert access.can_view is (row[Access.VIEW] == OK)
    assert access.can_participate is (row[Access.PARTICIPATE] == OK)
    assert access.can_tutor is (row[Access.TUTOR] == OK)
    assert access.can_manage is (row[Access.MANAGE] == OK)
    assert access.can_see_about is (row[Access.ABOUT] == OK)
    assert access.is_member is (role in {"learner", "tutor", "teacher", "coach", "ended_learner"})
    learner = role in {"learner", "ended_learner"}
    assert access.closed_to_member is (learner and visibility == "closed")
    assert access.outside_session is (role == "ended_learner")


# Who may enrol on their own: a signed-in non-member, on an open course with the switch on.
SELF_ENROL = {
    ("open_world", True): {"outsider"},
    ("open_platform", True): {"outsider"},
    ("members", True): set(),
    ("closed", True): set(),
    ("open_world", False): set(),
    ("open_platform", False): set(),
    ("members", False): set(),
    ("closed", False): set(),
}


@pytest.mark.parametrize("visibility,switch", list(SELF_ENROL))
def test_self_enrolment(visibility, switch):
    for role in ROLES:
        access = access_for(role, visibility, self_enrollment=switch)
        assert access.can_self_enroll is (role in SELF_ENROL[visibility, switch]), role


@pytest.mark.parametrize("switch", [True, False])
def test_self_unenrolment(switch):
    for role in ROLES:
        access = access_for(role, "members", self_unenrollment=switch)
        assert access.can_self_unenroll is (switch and role == "learner"), role


def test_role_labels():
    assert access_for("admin", "members").role_label == "Administrator"
    assert access_for("tutor", "members").role_label == "Tutor"
    assert access_for("coach", "members").role_label == "Session coach"
    assert access_for("outsider", "members").role_label == ""


@pytest.mark.django_db
def test_get_course_access_reads_the_enrolment(course_roles):
    course = course_roles["course"]
    from django.contrib.auth.models import AnonymousUser

    assert get_course_access(AnonymousUser(), course).role is None
    assert get_course_access(AnonymousUser(), course).is_authenticated is False
    assert get_course_access(course_roles["outsider"], course).role is None
    assert get_course_access(course_roles["learner"], course).role == Role.LEARNER
    assert get_course_access(course_roles["teacher"], course).role == Role.TEACHER
    admin = get_course_access(course_roles["admin"], course)
    assert (admin.role, admin.course, admin.is_authenticated) == (Role.ADMIN, course, True)
    from courses.tests.factories import EnrollmentFactory

    elsewhere = EnrollmentFactory(role=Enrollment.Role.TEACHER).user
    assert get_course_access(elsewhere, course).role is None  # this course's role only
    staff = course_roles["outsider"]
    staff.is_staff = True
    assert get_course_access(staff, course).role == Role.ADMIN
    staff.is_staff = False
    # A role given by the caller is taken as is (no query).
    assert get_course_access(course_roles["outsider"], course, Enrollment.Role.TUTOR).role == (
        Role.TUTOR
    )
    assert get_course_access(course_roles["learner"], course, None).role is None


# A course tool's switches: (enabled, visible, teachers_only) -> the roles that may use it.
TOOL_RULES = {
    (True, True, False): set(ROLES),
    (True, False, False): {"tutor", "teacher", "admin", "coach"},  # hidden: staff still use it
    (False, True, False): {"teacher", "admin"},  # switched off: teachers set it up
    (False, False, False): {"teacher", "admin"},
    (True, True, True): {"teacher", "admin"},  # settings and the like
}


@pytest.mark.parametrize("switches", list(TOOL_RULES), ids=str)
def test_who_may_use_a_tool(switches):
    from courses.tools import CourseToolState, Tool

    enabled, visible, teachers_only = switches
    tool = Tool(key="t", name="T", icon="x", url_name="home", teachers_only=teachers_only)
    state = CourseToolState(tool=tool, enabled=enabled, visible=visible)
    for role in ROLES:
        access = access_for(role, "open_world")
        assert access.can_use_tool(state) is (role in TOOL_RULES[switches]), (switches, role)


def test_the_decorator_says_what_it_promises():
    from courses.permissions import course_view

    @course_view(Access.TUTOR, tool="documents")
    def view(request, code):
        return None

    assert (view.course_access_required, view.course_tool) == (Access.TUTOR, "documents")
    assert course_view(Access.VIEW)(view).course_tool is None


@pytest.mark.django_db
def test_a_role_in_another_course_gives_nothing_here(client_for):
    """The viewer's role is read for this course only, never from another enrolment."""
    from django.urls import reverse

    from accounts.tests.factories import UserFactory
    from courses.tests.factories import CourseFactory, EnrollmentFactory

    teacher_elsewhere = UserFactory()
    EnrollmentFactory(user=teacher_elsewhere, role=Enrollment.Role.TEACHER)
    here = CourseFactory(visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(course=here, role=Enrollment.Role.TEACHER)
    client = client_for(teacher_elsewhere)
    assert client.get(reverse("courses:settings", args=[here.code])).status_code == 403
    assert client.get(reverse("courses:home", args=[here.code])).status_code == 403
