"""Reading what tracking recorded, joined with what the course's tools report per learner."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from assessments import api as tests_api
from courses.models import Course, CourseSession
from courses.selectors import course_learners
from learnpaths import api as paths_api
from tracking.api import report_columns
from tracking.models import CourseDay, LoginDay, ToolDay

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
    progress: dict[int, list] = {}
    for path_id, _title in paths_api.course_paths(course):
        for user_id, result in paths_api.learner_results(
            path_id=path_id, user_ids=user_ids
        ).items():
            progress.setdefault(user_id, []).append(result.progress)
            rows[user_id].path_seconds += result.seconds
    tests: dict[int, list] = {}
    for quiz_id, _title in tests_api.course_tests(course):
        scores = tests_api.learner_scores(quiz_id=quiz_id, user_ids=user_ids)
        for user_id, score in scores.items():
            tests.setdefault(user_id, []).append(score.percent)
    for user_id, row in rows.items():
        row.progress = _mean(progress.get(user_id, []))
        row.tests = _mean(tests.get(user_id, []))
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


def learner_detail(*, course: Course, user_id: int) -> dict:
    """One learner in one course: per-day rows, each learning path's result, each test's score."""
    days = list(CourseDay.objects.filter(course=course, user_id=user_id).order_by("-day"))
    paths = [
        (title, paths_api.learner_results(path_id=path_id, user_ids=[user_id]).get(user_id))
        for path_id, title in paths_api.course_paths(course)
    ]
    tests = [
        (title, tests_api.learner_scores(quiz_id=quiz_id, user_ids=[user_id]).get(user_id))
        for quiz_id, title in tests_api.course_tests(course)
    ]
    return {"days": days, "paths": paths, "tests": tests}


def platform_summary(*, days: int = 30) -> dict:
    """For administrators: counts, sign-ins per day, and the most used tools."""
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
