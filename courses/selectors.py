from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from courses.models import (
    Category,
    Course,
    CourseSession,
    CourseTool,
    DescriptionSection,
    Enrollment,
    SessionCourse,
)
from courses.tools import CourseToolState, all_tools


def course_tool_states(course: Course) -> list[CourseToolState]:
    """Every registered tool with this course's switches, in one query."""
    rows = {
        row.tool_key: row
        for row in CourseTool.objects.filter(course=course).only("tool_key", "enabled", "visible")
    }
    states = []
    for tool in all_tools():
        row = rows.get(tool.key)
        states.append(
            CourseToolState(
                tool=tool,
                enabled=row.enabled if row else True,
                visible=row.visible if row else True,
            )
        )
    return states


def category_with_descendants(category: Category) -> list[int]:
    """Ids of the category and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, stack = [], [category.pk]
    while stack:
        current = stack.pop()
        ids.append(current)
        stack.extend(children.get(current, []))
    return ids


def catalogue_courses(*, user, query: str = "", category: Category | None = None) -> QuerySet:
    """Courses a visitor may find in the catalogue, with their learner counts."""
    courses = Course.objects.exclude(visibility=Course.Visibility.CLOSED)
    if user.is_authenticated and (user.is_staff or user.is_superuser):
        courses = Course.objects.all()
    if query:
        courses = courses.filter(
            Q(title__icontains=query)
            | Q(code__icontains=query.upper())
            | Q(description__icontains=query)
        )
    if category is not None:
        courses = courses.filter(category_id__in=category_with_descendants(category))
    return (
        courses.select_related("category")
        .annotate(
            learner_count=Count("enrollments", filter=Q(enrollments__role=Enrollment.Role.LEARNER))
        )
        .order_by("title", "pk")
    )


def user_course_roles(user, course_ids) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(
        Enrollment.objects.filter(user=user, course_id__in=list(course_ids)).values_list(
            "course_id", "role"
        )
    )


def user_enrollments(user) -> QuerySet:
    """The user's courses for "My courses", with the course and its category joined; the
    courses they follow through a session are listed under the session (``user_sessions``)."""
    return (
        Enrollment.objects.filter(user=user, session__isnull=True)
        .select_related("course", "course__category")
        .order_by("course__title", "course_id")
    )


def course_members(
    course: Course, *, query: str = "", role: str = "", sees_contact_details: bool = False
) -> QuerySet:
    """The course's enrolments with their users, filtered by a search and a role.

    The search only looks in what the viewer is shown: names and usernames for everybody;
    e-mail addresses and official codes only when sees_contact_details (tutors, teachers,
    admins: CourseAccess.can_tutor). Searching a hidden field would tell, one guess at a time,
    what the page hides.
    """
    members = Enrollment.objects.filter(course=course).select_related("user", "session")
    if role:
        members = members.filter(role=role)
    if query:
        match = (
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
        if sees_contact_details:
            match |= Q(user__email__icontains=query) | Q(user__official_code__icontains=query)
        members = members.filter(match)
    return members.order_by("role", "user__last_name", "user__first_name", "user__username")


def course_role_counts(course: Course) -> dict[str, int]:
    return dict(
        Enrollment.objects.filter(course=course)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )


def description_sections(course: Course) -> list[DescriptionSection]:
    """The course description in Chamilo's order (description, objectives, topics,
    methodology, material, human resources, assessment), then the custom sections in the order
    they were written, whatever order the fixed ones were written in."""
    kinds = list(DescriptionSection.Kind.values)  # declared in Chamilo's order, custom last
    rank = Case(
        *(When(kind=kind, then=Value(index)) for index, kind in enumerate(kinds)),
        default=Value(len(kinds)),
        output_field=IntegerField(),
    )
    return list(
        DescriptionSection.objects.filter(course=course)
        .alias(rank=rank)
        .order_by("rank", "position", "pk")
    )


# --- Sessions ---------------------------------------------------------------------------------


def course_learners(course: Course, *, session: CourseSession | int | None = None) -> QuerySet:
    """The course's learner enrolments with their users, by name; with ``session``, only the
    learners who follow the course in that session. What every report narrows by."""
    learners = Enrollment.objects.filter(course=course, role=Enrollment.Role.LEARNER)
    if session is not None:
        learners = learners.filter(session=session)
    return learners.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username"
    )


def _with_courses(sessions: QuerySet) -> QuerySet:
    return sessions.select_related("general_coach").prefetch_related(
        Prefetch(
            "session_courses",
            queryset=SessionCourse.objects.select_related("course", "coach").order_by(
                "position", "pk"
            ),
        )
    )


def user_sessions(user) -> list[CourseSession]:
    """The sessions a user learns in or coaches, with their courses (two queries), the
    running and coming ones first."""
    found = _with_courses(
        CourseSession.objects.filter(
            Q(memberships__user=user) | Q(general_coach=user) | Q(session_courses__coach=user)
        ).distinct()
    )
    today = timezone.localdate()
    return sorted(found, key=lambda s: (s.ends_on < today, s.starts_on, s.name))


def sessions_for_admin(*, query: str = "") -> QuerySet:
    """Every session for the session pages, with course and learner counts."""
    sessions = CourseSession.objects.select_related("general_coach").annotate(
        course_count=Count("session_courses", distinct=True),
        learner_count=Count("memberships", distinct=True),
    )
    if query:
        sessions = sessions.filter(name__icontains=query)
    return sessions.order_by("-starts_on", "name")


def session_detail(session_id: int) -> CourseSession:
    """One session with its courses and coaches; DoesNotExist when missing."""
    return _with_courses(CourseSession.objects.all()).get(pk=session_id)


def session_learners(session: CourseSession) -> QuerySet:
    return session.memberships.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username"
    )
