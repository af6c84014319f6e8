"""Reading what tracking recorded, joined with what the course's tools report per learner."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from assessments import api as tests_api
from courses.models import Course, CourseSession, Enrollment
from courses.selectors import course_learners
from courses.tools import get_tool
from learnpaths import api as paths_api
from tracking.api import report_columns
from tracking.models import CourseDay, FollowedLearner, LoginDay, ToolDay

SORTS = {"name", "time", "visits", "first", "last", "progress", "tests"}


@dataclass
class LearnerRow:
    user: object
    visits: int = 0
    course_seconds: int = 0  # what the course pages' heartbeat counted
    path_seconds: int = 0  # what the learning paths recorded (their items' own times)
    first_at: datetime | None = None
    last_at: datetime | None = None
    progress: Decimal | None = None  # mean progress over the course's paths, percent
    tests: Decimal | None = None  # mean score over the tests taken, percent
    extra: dict = field(default_factory=dict)

    @property
    def seconds(self) -> int:
        """Time in the course: never less than the time its learning paths recorded, so every
        report that shows both agrees (a SCO's own session time can exceed the page's)."""
        return max(self.course_seconds, self.path_seconds)


def _mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"))


def course_report(
    *,
    course: Course,
    enabled_tools: set[str],
    q: str = "",
    sort: str = "name",
    desc=False,
    session: CourseSession | None = None,
) -> tuple[list, list[LearnerRow]]:
    """One row per learner of ``course`` (of ``session`` only, when given): (extra columns
    shown, rows).

    Queries: learners 1, tracking 1, one or two per learning path and per test of the course,
    one per extra column; never one per learner.
    """
    learners = course_learners(course, session=session)
    if q:
        learners = learners.filter(
            Q(user__username__icontains=q)
            | Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
        )
    rows = {e.user_id: LearnerRow(user=e.user) for e in learners}
    user_ids = list(rows)
    if not user_ids:
        return [], []
    for entry in (
        CourseDay.objects.filter(course=course, user_id__in=user_ids)
        .values("user_id")
        .annotate(
            visits=Sum("visits"), seconds=Sum("seconds"), first=Min("first_at"), last=Max("last_at")
        )
    ):
        row = rows[entry["user_id"]]
        row.visits, row.course_seconds = entry["visits"], entry["seconds"]
        row.first_at, row.last_at = entry["first"], entry["last"]
    _add_paths_and_tests(course, rows)
    columns = [c for c in report_columns() if c.tool in enabled_tools]
    for column in columns:
        for user_id, value in column.values(course=course, user_ids=user_ids).items():
            if user_id in rows:
                rows[user_id].extra[column.key] = value
    ordered = list(rows.values())
    if sort in SORTS and sort != "name":
        key = {
            "time": lambda r: r.seconds,
            "visits": lambda r: r.visits,
            "first": lambda r: r.first_at or timezone.make_aware(datetime.max - timedelta(1)),
            "last": lambda r: r.last_at or timezone.make_aware(datetime.min + timedelta(1)),
            "progress": lambda r: r.progress if r.progress is not None else Decimal(-1),
            "tests": lambda r: r.tests if r.tests is not None else Decimal(-1),
        }[sort]
        ordered.sort(key=key)
    if desc:
        ordered.reverse()
    return columns, ordered


def course_activity(
    *,
    course: Course,
    days: int = 30,
    user_id: int | None = None,
    session: CourseSession | None = None,
) -> list[dict]:
    """Per day over the last ``days`` days: {"day", "visits", "seconds", "learners"} (every day
    present, zeros included, for a chart). The course's learners only (of ``session`` only,
    when given), like the report's table: teachers' and tutors' visits are not activity."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = CourseDay.objects.filter(
        course=course,
        day__gte=start,
        user_id__in=course_learners(course, session=session).order_by().values("user_id"),
    )
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    found = {
        entry["day"]: entry
        for entry in rows.values("day").annotate(
            visits=Sum("visits"), seconds=Sum("seconds"), learners=Count("user_id", distinct=True)
        )
    }
    series = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        entry = found.get(day, {})
        series.append(
            {
                "day": day,
                "visits": entry.get("visits", 0),
                "seconds": entry.get("seconds", 0),
                "learners": entry.get("learners", 0),
            }
        )
    return series


def _add_paths_and_tests(course: Course, rows: dict) -> None:
    """Fill ``rows`` ({user id: row with progress, tests, path_seconds}) with each learner's
    mean path progress, path time and mean test score in the course: two bulk calls, whatever
    the number of paths and tests (learnpaths.api.paths_results, assessments.api.tests_scores)."""
    user_ids = list(rows)
    path_ids = [pk for pk, _title in paths_api.course_paths(course)]
    quiz_ids = [pk for pk, _title in tests_api.course_tests(course)]
    progress: dict[int, list] = {}
    for (_path_id, user_id), result in paths_api.paths_results(
        path_ids=path_ids, user_ids=user_ids
    ).items():
        progress.setdefault(user_id, []).append(result.progress)
        rows[user_id].path_seconds += result.seconds
    tests: dict[int, list] = {}
    for (_quiz_id, user_id), score in tests_api.tests_scores(
        quiz_ids=quiz_ids, user_ids=user_ids
    ).items():
        tests.setdefault(user_id, []).append(score.percent)
    for user_id, row in rows.items():
        row.progress = _mean(progress.get(user_id, []))
        row.tests = _mean(tests.get(user_id, []))


def learner_detail(*, course: Course, user_id: int) -> dict:
    """One learner in one course: per-day rows, each learning path's result, each test's score."""
    days = list(CourseDay.objects.filter(course=course, user_id=user_id).order_by("-day"))
    course_paths, course_tests = paths_api.course_paths(course), tests_api.course_tests(course)
    results = paths_api.paths_results(path_ids=[pk for pk, _t in course_paths], user_ids=[user_id])
    scores = tests_api.tests_scores(quiz_ids=[pk for pk, _t in course_tests], user_ids=[user_id])
    paths = [(title, results.get((path_id, user_id))) for path_id, title in course_paths]
    tests = [(title, scores.get((quiz_id, user_id))) for quiz_id, title in course_tests]
    return {"days": days, "paths": paths, "tests": tests}


def platform_summary(*, days: int = 30) -> dict:
    """For administrators: counts, sign-ins per day, and the most used tools (each a dict of
    ``tool`` key, its translated ``name``, ``visits`` and distinct ``users``)."""
    start: date = timezone.localdate() - timedelta(days=days - 1)
    logins = {
        entry["day"]: entry
        for entry in LoginDay.objects.filter(day__gte=start)
        .values("day")
        .annotate(count=Sum("count"), users=Count("user_id", distinct=True))
    }
    per_day = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        entry = logins.get(day, {})
        per_day.append({"day": day, "count": entry.get("count", 0), "users": entry.get("users", 0)})
    tools = list(
        ToolDay.objects.filter(day__gte=start)
        .values("tool")
        .annotate(visits=Sum("visits"), users=Count("user_id", distinct=True))
        .order_by("-visits")[:15]
    )
    for entry in tools:
        # The tool's name in the reader's language; the key of a tool no longer installed.
        tool = get_tool(entry["tool"])
        entry["name"] = tool.name if tool else entry["tool"]
    return {
        "users": get_user_model().objects.filter(is_active=True).count(),
        "courses": Course.objects.count(),
        "active_users": CourseDay.objects.filter(day__gte=start)
        .values("user_id")
        .distinct()
        .count(),
        "logins": per_day,
        "tools": tools,
    }


# --- Followed learners (HR managers and tutors) -----------------------------------------------


@dataclass
class CourseProgress:
    """One learner in one course, as the follower's pages show it."""

    course: Course
    session_name: str = ""
    visits: int = 0
    course_seconds: int = 0
    path_seconds: int = 0
    last_at: datetime | None = None
    progress: Decimal | None = None  # mean over the course's paths, percent
    tests: Decimal | None = None  # mean over the tests taken, percent

    @property
    def seconds(self) -> int:
        return max(self.course_seconds, self.path_seconds)  # as the course report counts


@dataclass
class FollowedRow:
    user: object
    courses: list = field(default_factory=list)  # [CourseProgress]

    @property
    def seconds(self) -> int:
        return sum(c.seconds for c in self.courses)

    @property
    def last_at(self) -> datetime | None:
        return max((c.last_at for c in self.courses if c.last_at), default=None)

    @property
    def progress(self) -> Decimal | None:
        return _mean(c.progress for c in self.courses)

    @property
    def tests(self) -> Decimal | None:
        return _mean(c.tests for c in self.courses)


def _progress_by_course(user_ids: list[int]) -> dict[int, list[CourseProgress]]:
    """{user id: [CourseProgress]} over every course the users learn in.

    Queries: enrolments 1, tracking 1, then per course one for its paths, one per path, one
    for its tests and two per test; never one per learner.
    """
    enrollments = list(
        Enrollment.objects.filter(user_id__in=user_ids, role=Enrollment.Role.LEARNER)
        .select_related("course", "session")
        .order_by("course__title", "course_id")
    )
    found: dict[tuple[int, int], CourseProgress] = {}
    by_user: dict[int, list[CourseProgress]] = {user_id: [] for user_id in user_ids}
    learners_of: dict[int, list[int]] = {}
    courses: dict[int, Course] = {}
    for enrollment in enrollments:
        item = CourseProgress(
            course=enrollment.course,
            session_name=enrollment.session.name if enrollment.session else "",
        )
        found[(enrollment.user_id, enrollment.course_id)] = item
        by_user[enrollment.user_id].append(item)
        learners_of.setdefault(enrollment.course_id, []).append(enrollment.user_id)
        courses[enrollment.course_id] = enrollment.course
    if not found:
        return by_user
    for entry in (
        CourseDay.objects.filter(user_id__in=user_ids, course_id__in=list(courses))
        .values("user_id", "course_id")
        .annotate(visits=Sum("visits"), seconds=Sum("seconds"), last=Max("last_at"))
    ):
        item = found.get((entry["user_id"], entry["course_id"]))
        if item is not None:
            item.visits, item.course_seconds = entry["visits"], entry["seconds"]
            item.last_at = entry["last"]
    for course_id, course in courses.items():
        _add_paths_and_tests(
            course, {user_id: found[(user_id, course_id)] for user_id in learners_of[course_id]}
        )
    return by_user


def followed_progress(*, follower) -> list[FollowedRow]:
    """The learners ``follower`` follows, by name, each with their progress in every course
    they learn in (see _progress_by_course for the queries)."""
    links = (
        FollowedLearner.objects.filter(follower=follower)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__username")
    )
    users = [link.learner for link in links]
    by_user = _progress_by_course([user.pk for user in users])
    return [FollowedRow(user=user, courses=by_user[user.pk]) for user in users]


def followed_learner(*, follower, learner_id: int) -> FollowedRow:
    """One learner the follower follows, with their courses; FollowedLearner.DoesNotExist
    when they do not follow them (whoever it is: nobody else's learners)."""
    link = FollowedLearner.objects.select_related("learner").get(
        follower=follower, learner_id=learner_id
    )
    return FollowedRow(
        user=link.learner, courses=_progress_by_course([link.learner_id])[link.learner_id]
    )


def followers_overview() -> list:
    """Every follower with the learners they follow, for the administrators' page."""
    links = FollowedLearner.objects.select_related("follower", "learner").order_by(
        "follower__username", "learner__last_name", "learner__username"
    )
    grouped: dict[int, tuple] = {}
    for link in links:
        grouped.setdefault(link.follower_id, (link.follower, []))[1].append(link)
    return list(grouped.values())
