"""The one place that answers "may this user do this in this course?".

Views declare what they need with ``@course_view(Access.X, tool="key")``; the decorator loads
the course, works out the user's role once, checks the tool's switch and sets
``request.course``, ``request.course_access`` and ``request.course_tools``. Templates read
booleans from ``course_access`` (``can_manage``, ``can_tutor``...), never roles.
"""

import enum
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Protocol

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.compiled import CompiledQuery
from courses.models import Course, CourseSession, Enrollment, SessionCourse
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
    # A coach of a session that holds the course (its general coach or the course's coach):
    # a tutor's rights; reports narrow to their sessions' learners (courses/sessions.py).
    COACH = "coach"


@dataclass(frozen=True)
class CourseAccess:
    course: Course
    role: Role | None  # None: not a member (a guest on an open course, or nobody)
    is_authenticated: bool
    user_id: int | None = None  # who is asking; group scopes are worked out for them
    # A learner enrolled through a session (its id), and whether today is within its dates:
    # outside them the learner keeps the course's public page only.
    session_id: int | None = None
    session_open: bool = True

    @property
    def role_label(self) -> str:
        if self.role == Role.ADMIN:
            return str(_("Administrator"))
        if self.role == Role.COACH:
            return str(_("Session coach"))
        return str(Enrollment.Role(self.role).label) if self.role else ""

    @property
    def is_member(self) -> bool:
        return self.role in {Role.TEACHER, Role.TUTOR, Role.LEARNER, Role.COACH}

    @property
    def can_manage(self) -> bool:
        return self.role in {Role.ADMIN, Role.TEACHER}

    @property
    def can_tutor(self) -> bool:
        return self.can_manage or self.role in {Role.TUTOR, Role.COACH}

    @property
    def can_participate(self) -> bool:
        if self.can_tutor:
            return True
        return self.role == Role.LEARNER and not self._closed and not self.outside_session

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
        return self.is_authenticated and self.role is None and self.course.takes_self_enrollment

    @property
    def closed_to_member(self) -> bool:
        """A member whom the teacher's closing of the course shuts out (learners)."""
        return self._closed and self.role == Role.LEARNER

    @property
    def outside_session(self) -> bool:
        """A session's learner before its first day or after its last."""
        return self.role == Role.LEARNER and self.session_id is not None and not self.session_open

    @property
    def can_self_unenroll(self) -> bool:
        # A session's learner leaves through the session's managers, not course by course.
        return (
            self.role == Role.LEARNER and self.session_id is None and self.course.self_unenrollment
        )

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
        if state.tool.tutors_only:
            return self.can_tutor
        return state.visible or self.can_tutor


_UNKNOWN = object()


def _coach_links(user):
    """The session courses this user coaches (as the course's coach or the general coach)."""
    return SessionCourse.objects.filter(Q(coach=user) | Q(session__general_coach=user))


def get_course_access(
    user, course: Course, enrollment_role=_UNKNOWN, *, session_facts: tuple | None = None
) -> CourseAccess:
    """The user's access to the course; pass the enrolment role (or None) when already known.

    ``session_facts``: (session id or None, session open today, coaches the course), as
    ``course_view``'s one query reads them; when the role is passed without them, the user is
    taken as enrolled outside any session and as no coach (no query).
    """
    if not user.is_authenticated:
        return CourseAccess(course=course, role=None, is_authenticated=False)
    if user.is_superuser or user.is_staff:
        return CourseAccess(course=course, role=Role.ADMIN, is_authenticated=True, user_id=user.pk)
    if enrollment_role is _UNKNOWN:
        found = (
            Enrollment.objects.filter(user=user, course=course)
            .order_by("pk")  # not the default ordering, which joins users and courses
            .values_list("role", "session_id", "session__starts_on", "session__ends_on")
            .first()
        )
        enrollment_role, session_id, session_open = None, None, True
        if found:
            enrollment_role, session_id, starts_on, ends_on = found
            today = timezone.localdate()
            session_open = session_id is None or starts_on <= today <= ends_on
        coaches = not enrollment_role and _coach_links(user).filter(course=course).exists()
    else:
        session_id, session_open, coaches = session_facts or (None, True, False)
    role = Role(enrollment_role) if enrollment_role else (Role.COACH if coaches else None)
    return CourseAccess(
        course=course,
        role=role,
        is_authenticated=True,
        user_id=user.pk,
        session_id=session_id,
        session_open=bool(session_open),
    )


def _courses_with_viewer_role(code: str, user_id: int | None, today=None):
    """The course by code (with its category) and, for a signed-in user, their enrolment role,
    the session they follow it in (and whether it is open ``today``) and whether they coach
    it, as four subqueries of the one query."""
    courses = Course.objects.select_related("category").filter(code=code)
    if user_id is None:
        return courses
    # No default ordering: it would join users and courses for nothing.
    mine = Enrollment.objects.filter(course=OuterRef("pk"), user_id=user_id).order_by()
    coaching = SessionCourse.objects.filter(
        Q(coach_id=user_id) | Q(session__general_coach_id=user_id)
    )
    return courses.annotate(
        viewer_role=Subquery(mine.values("role")[:1]),
        viewer_session=Subquery(mine.values("session_id")[:1]),
        viewer_session_open=Exists(
            mine.filter(session__starts_on__lte=today, session__ends_on__gte=today)
        ),
        viewer_coaches=Exists(coaching.filter(course=OuterRef("pk")).order_by()),
    )


# Compiled once per process (core.compiled): building this query's SQL cost ~3 ms of CPU on
# every course page, three times what reading it costs.
_COURSE_QUERY = CompiledQuery(
    lambda code: _courses_with_viewer_role(code, None), code="\x00course-code"
)
_COURSE_AND_VIEWER_QUERY = CompiledQuery(
    _courses_with_viewer_role, code="\x00course-code", user_id=-424242, today=date(1, 1, 1)
)


def _course_with_viewer_role(code: str, user) -> Course | None:
    """The course and, for a signed-in user, their enrolment role, the session they follow it
    in (and whether it is open today) and whether they coach it, in one query."""
    if not user.is_authenticated:
        return _COURSE_QUERY.first(code=code)
    return _COURSE_AND_VIEWER_QUERY.first(code=code, user_id=user.pk, today=timezone.localdate())


def course_view(access: Access, *, tool: str | None = None, group: bool = False):
    """Decorate a view taking ``code``: load the course and refuse who may not ``access`` it.

    Missing course: 404. Anonymous visitor who would need to sign in: redirect to the login
    page. Signed-in user without the right: 403, the same for every course they do not belong
    to. A switched-off tool: 404 for learners; teachers still reach it to set it up.

    ``group=True``: the view may also take ``group_id`` (a group's space of the tool). When the
    URL gives one, the group's switch for ``tool`` is checked as well (``require_group_tool``:
    off or missing 404, private and not a member 403; ``Access.PARTICIPATE`` or more needs
    the right to act in the group) and ``request.group_access`` is set (None without a group).
    In a group's space ``Access.TUTOR`` means "moderate this space": the group's own tutors
    pass it as well, even when they are only learners of the course.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, code: str, *args, **kwargs):
            from courses.caching import cached_tool_states
            from courses.selectors import course_tool_states

            course = _course_with_viewer_role(code, request.user)
            if course is None:
                raise Http404
            session_facts = None
            if request.user.is_authenticated:
                session_facts = (
                    course.viewer_session,
                    course.viewer_session_open,
                    course.viewer_coaches,
                )
            course_access = get_course_access(
                request.user,
                course,
                getattr(course, "viewer_role", _UNKNOWN),
                session_facts=session_facts,
            )
            if not course_access.allows(access) and not _group_tutor_allowed(
                course_access, access, kwargs.get("group_id") if group else None
            ):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if course_access.closed_to_member:
                    # Not "a role you do not have": the learner has it; the course is closed.
                    return render(request, "courses/closed.html", {"course": course}, status=403)
                if course_access.outside_session:
                    session = CourseSession.objects.get(pk=course_access.session_id)
                    return render(
                        request,
                        "courses/session_closed.html",
                        {"course": course, "session": session},
                        status=403,
                    )
                raise PermissionDenied
            states = cached_tool_states(course, course_tool_states)
            if tool is not None:
                state = next((s for s in states if s.key == tool), None)
                if state is None or (not state.enabled and not course_access.can_manage):
                    raise Http404
                if not course_access.can_use_tool(state):
                    raise PermissionDenied
            if course.use_course_language:
                # Chamilo's "course language as interface language": for this request only
                # (LocaleMiddleware activates the person's own language on the next one).
                translation.activate(course.language)
                request.LANGUAGE_CODE = course.language
            request.course = course
            request.course_access = course_access
            request.course_tool_states = states  # every tool, for pages that switch them
            request.course_tools = [s for s in states if course_access.can_use_tool(s)]
            request.course_tool_key = tool
            request.group_access = None
            if group and kwargs.get("group_id") is not None:
                request.group_access = require_group_tool(
                    course_access,
                    kwargs["group_id"],
                    tool=tool or "",
                    participate=access in {Access.PARTICIPATE, Access.TUTOR, Access.MANAGE},
                )
                if access == Access.MANAGE and not request.group_access.can_moderate:
                    raise PermissionDenied
            return view(request, code, *args, **kwargs)

        # Read by the permission walk test to know what each course URL promises.
        wrapper.course_access_required = access
        wrapper.course_tool = tool
        wrapper.course_group_scoped = group
        return wrapper

    return decorator


def _group_tutor_allowed(course_access: CourseAccess, access: Access, group_id) -> bool:
    """A group's tutor moderates the group's space (``Access.TUTOR`` on a group URL)."""
    if access != Access.TUTOR or group_id is None or not course_access.can_participate:
        return False
    scope = group_access(course_access, group_id)
    return scope is not None and scope.can_moderate


# --- Group scopes ------------------------------------------------------------------------------
# A course's groups each have their own space of some tools (GROUP_TOOLS), switched off,
# private (the group's members and tutors, and the course's teachers and tutors) or public
# (whoever may read the course). Content of a group's space
# carries a nullable ``group_id``; every tool asks the functions below, never the group tables.
# The groups app reports its facts through a directory it registers at start-up (this module
# sits below the tool apps and may not import them).


class GroupToolMode(enum.StrEnum):
    OFF = "off"
    PRIVATE = "private"
    PUBLIC = "public"


# The tools a group may have a space of.
GROUP_TOOLS = ("documents", "forums", "wiki", "chat", "announcements", "agenda", "conference")


@dataclass(frozen=True)
class GroupFacts:
    """What the groups app knows of one group, for one user."""

    id: int
    course_id: int
    name: str
    tool_modes: dict  # tool key -> GroupToolMode value; a tool not listed is off
    is_member: bool = False
    is_tutor: bool = False  # the group's tutor (not the course's tutor role)


class GroupDirectory(Protocol):
    def group(self, *, course_id: int, group_id: int, user_id: int | None) -> GroupFacts | None:
        """One group of the course, or None when the course has no such group."""

    def groups(self, *, course_id: int, user_id: int | None) -> list[GroupFacts]:
        """Every group of the course, in display order."""

    def member_ids(self, *, course_id: int, group_id: int) -> set[int]:
        """The users in the group (members and tutors)."""

    def user_group_ids(self, *, user_id: int) -> set[int]:
        """The groups (of every course) the user belongs to, as member or tutor."""


_group_directory: GroupDirectory | None = None


def register_group_directory(directory: GroupDirectory) -> None:
    """Called once by the groups app; without it no course has any group."""
    global _group_directory
    _group_directory = directory


@dataclass(frozen=True)
class GroupAccess:
    """One user's rights in one group's space (templates read these booleans)."""

    course_access: CourseAccess
    group: GroupFacts

    @property
    def group_id(self) -> int:
        return self.group.id

    @property
    def name(self) -> str:
        return self.group.name

    @property
    def is_member(self) -> bool:
        return self.group.is_member

    @property
    def can_moderate(self) -> bool:
        """Course teachers and tutors, and the group's own tutors."""
        return self.course_access.can_tutor or (
            self.group.is_tutor and self.course_access.is_member
        )

    @property
    def belongs(self) -> bool:
        """A member or a tutor of the group, or someone who follows every group."""
        return self.can_moderate or (self.group.is_member and self.course_access.can_participate)

    def mode(self, tool: str) -> GroupToolMode:
        return GroupToolMode(self.group.tool_modes.get(tool, GroupToolMode.OFF))

    def tool_exists(self, tool: str) -> bool:
        return self.mode(tool) != GroupToolMode.OFF

    def can_view(self, tool: str) -> bool:
        mode = self.mode(tool)
        if mode == GroupToolMode.OFF:
            return False
        if mode == GroupToolMode.PUBLIC and self.course_access.can_view:
            return True
        return self.belongs

    def can_participate(self, tool: str) -> bool:
        """Post, write, chat in the group's space: its members and tutors only."""
        return self.tool_exists(tool) and self.belongs


def group_access(course_access: CourseAccess, group_id) -> GroupAccess | None:
    """The user's access to one group of the course, or None (no such group in this course)."""
    try:
        group_id = int(group_id)
    except (TypeError, ValueError):
        return None
    if _group_directory is None:
        return None
    facts = _group_directory.group(
        course_id=course_access.course.pk, group_id=group_id, user_id=course_access.user_id
    )
    if facts is None or facts.course_id != course_access.course.pk:
        return None
    return GroupAccess(course_access=course_access, group=facts)


def require_group_tool(
    course_access: CourseAccess, group_id, *, tool: str, participate: bool = False
) -> GroupAccess:
    """A group's space of ``tool`` that this user may read (or act in, with ``participate``).

    No such group in the course, or the tool switched off for it: Http404. A private space and
    the user is neither a member nor a tutor (of the group or the course): PermissionDenied.
    """
    scope = group_access(course_access, group_id)
    if scope is None or not scope.tool_exists(tool):
        raise Http404
    allowed = scope.can_participate(tool) if participate else scope.can_view(tool)
    if not allowed:
        raise PermissionDenied
    return scope


def course_groups(course_access: CourseAccess) -> list[GroupAccess]:
    """Every group of the course, with this user's rights in each (one query)."""
    if _group_directory is None:
        return []
    return [
        GroupAccess(course_access=course_access, group=facts)
        for facts in _group_directory.groups(
            course_id=course_access.course.pk, user_id=course_access.user_id
        )
    ]


def readable_group_ids(course_access: CourseAccess, tool: str) -> set[int]:
    """The groups whose space of ``tool`` this user may read."""
    return {scope.group_id for scope in course_groups(course_access) if scope.can_view(tool)}


def group_scope_filter(course_access: CourseAccess, tool: str, field: str = "group_id") -> Q:
    """A filter keeping the course-wide rows and those of the groups the user may read."""
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__in": sorted(readable_group_ids(course_access, tool))}
    )


def group_member_ids(course: Course, group_id: int) -> set[int]:
    """Who belongs to the group (members and its tutors): whom group e-mail goes to."""
    if _group_directory is None:
        return set()
    return _group_directory.member_ids(course_id=course.pk, group_id=group_id)


def user_group_ids(user) -> set[int]:
    """Every group, in any course, that ``user`` belongs to (member or tutor); one query.

    For lists that span courses (a personal agenda, its feed) of rows addressed to groups.
    """
    if _group_directory is None or not getattr(user, "is_authenticated", False):
        return set()
    return _group_directory.user_group_ids(user_id=user.pk)


def may_moderate(course_access: CourseAccess, group_id) -> bool:
    """Whether this user moderates the space a row carrying ``group_id`` belongs to.

    Course-wide rows (None): the course's teachers and tutors. A group's rows: those, and the
    group's own tutors (a learner of the course may tutor a group). Locking, hiding, approving
    and announcing in a group's space all ask this.
    """
    if course_access.can_tutor:
        return True
    if group_id is None:
        return False
    scope = group_access(course_access, group_id)
    return scope is not None and scope.can_moderate


def may_read_group_item(course_access: CourseAccess, group_id, tool: str) -> bool:
    """Whether a row carrying ``group_id`` (None: course-wide) may be shown to this user."""
    if group_id is None:
        return True
    scope = group_access(course_access, group_id)
    return scope is not None and scope.can_view(tool)
