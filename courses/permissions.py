"""The one place that answers "may this user do this in this course?".

Views declare what they need with ``@course_view(Access.X, tool="key")``; the decorator loads
the course, works out the user's role once, checks the tool's switch and sets
``request.course``, ``request.course_access`` and ``request.course_tools``. Templates read
booleans from ``course_access`` (``can_manage``, ``can_tutor``...), never roles.
"""

import enum
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Enrollment
from courses.tools import CourseToolState


class Access(enum.StrEnum):
    ABOUT = "about"  # the course's public page: description and enrolment
    VIEW = "view"  # read the course's content
    PARTICIPATE = "participate"  # act as a member: post, submit, enrol in groups
    TUTOR = "tutor"  # follow and grade learners
    MANAGE = "manage"  # change the course: settings, tools, members, content


class Role(enum.StrEnum):
    ADMIN = "admin"
    TEACHER = Enrollment.Role.TEACHER.value
    TUTOR = Enrollment.Role.TUTOR.value
    LEARNER = Enrollment.Role.LEARNER.value


@dataclass(frozen=True)
class CourseAccess:
    course: Course
    role: Role | None  # None: not a member (a guest on an open course, or nobody)
    is_authenticated: bool

    @property
    def role_label(self) -> str:
        if self.role == Role.ADMIN:
            return str(_("Administrator"))
        return str(Enrollment.Role(self.role).label) if self.role else ""

    @property
    def is_member(self) -> bool:
        return self.role in {Role.TEACHER, Role.TUTOR, Role.LEARNER}

    @property
    def can_manage(self) -> bool:
        return self.role in {Role.ADMIN, Role.TEACHER}

    @property
    def can_tutor(self) -> bool:
        return self.can_manage or self.role == Role.TUTOR

    @property
    def can_participate(self) -> bool:
        if self.can_tutor:
            return True
        return self.role == Role.LEARNER and not self._closed

    @property
    def can_view(self) -> bool:
        if self.can_participate:
            return True
        visibility = self.course.visibility
        if visibility == Course.Visibility.OPEN_WORLD:
            return True
        return visibility == Course.Visibility.OPEN_PLATFORM and self.is_authenticated

    @property
    def can_see_about(self) -> bool:
        return self.can_tutor or not self._closed

    @property
    def can_self_enroll(self) -> bool:
        return (
            self.is_authenticated
            and self.role is None
            and self.course.self_enrollment
            and not self._closed
        )

    @property
    def can_self_unenroll(self) -> bool:
        return self.role == Role.LEARNER and self.course.self_unenrollment

    @property
    def _closed(self) -> bool:
        return self.course.visibility == Course.Visibility.CLOSED

    def allows(self, access: Access) -> bool:
        return {
            Access.ABOUT: self.can_see_about,
            Access.VIEW: self.can_view,
            Access.PARTICIPATE: self.can_participate,
            Access.TUTOR: self.can_tutor,
            Access.MANAGE: self.can_manage,
        }[access]

    def can_use_tool(self, state: CourseToolState) -> bool:
        if not state.enabled and not self.can_manage:
            return False
        if state.tool.teachers_only:
            return self.can_manage
        return state.visible or self.can_tutor


_UNKNOWN = object()


def get_course_access(user, course: Course, enrollment_role=_UNKNOWN) -> CourseAccess:
    """The user's access to the course; pass the enrolment role (or None) when already known."""
    if not user.is_authenticated:
        return CourseAccess(course=course, role=None, is_authenticated=False)
    if user.is_superuser or user.is_staff:
        return CourseAccess(course=course, role=Role.ADMIN, is_authenticated=True)
    if enrollment_role is _UNKNOWN:
        enrollment_role = (
            Enrollment.objects.filter(user=user, course=course)
            .order_by("pk")  # not the default ordering, which joins users and courses
            .values_list("role", flat=True)
            .first()
        )
    role = Role(enrollment_role) if enrollment_role else None
    return CourseAccess(course=course, role=role, is_authenticated=True)


def _course_with_viewer_role(code: str, user) -> Course | None:
    """The course and, for a signed-in user, their enrolment role, in one query."""
    courses = Course.objects.select_related("category").filter(code=code)
    if user.is_authenticated:
        courses = courses.annotate(
            viewer_role=Subquery(
                Enrollment.objects.filter(course=OuterRef("pk"), user=user)
                .order_by()  # no default ordering: it would join users and courses for nothing
                .values("role")[:1]
            )
        )
    return courses.first()


def course_view(access: Access, *, tool: str | None = None):
    """Decorate a view taking ``code``: load the course and refuse who may not ``access`` it.

    Missing course: 404. Anonymous visitor who would need to sign in: redirect to the login
    page. Signed-in user without the right: 403, the same for every course they do not belong
    to. A switched-off tool: 404 for learners; teachers still reach it to set it up.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, code: str, *args, **kwargs):
            from courses.caching import cached_tool_states
            from courses.selectors import course_tool_states

            course = _course_with_viewer_role(code, request.user)
            if course is None:
                raise Http404
            course_access = get_course_access(
                request.user, course, getattr(course, "viewer_role", _UNKNOWN)
            )
            if not course_access.allows(access):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            states = cached_tool_states(course, course_tool_states)
            if tool is not None:
                state = next((s for s in states if s.key == tool), None)
                if state is None or (not state.enabled and not course_access.can_manage):
                    raise Http404
                if not course_access.can_use_tool(state):
                    raise PermissionDenied
            request.course = course
            request.course_access = course_access
            request.course_tool_states = states  # every tool, for pages that switch them
            request.course_tools = [s for s in states if course_access.can_use_tool(s)]
            request.course_tool_key = tool
            return view(request, code, *args, **kwargs)

        # Read by the permission walk test to know what each course URL promises.
        wrapper.course_access_required = access
        wrapper.course_tool = tool
        return wrapper

    return decorator
