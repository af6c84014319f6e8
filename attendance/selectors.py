"""Reads of the attendance tool; percentages follow one rule, here.

A learner's percentage on a sheet: dates marked present or late / dates marked for them,
leaving out the excused ones (Chamilo counts a late arrival as attended). Dates not yet taken
do not count. None when nothing counts yet.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from attendance.models import Record, Session, Sheet
from courses.models import Course
from courses.selectors import course_learners

ATTENDED = (Record.Status.PRESENT, Record.Status.LATE)


@dataclass
class Stats:
    attended: int = 0
    counted: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        if not self.counted:
            return None
        return Decimal(self.attended * 100) / Decimal(self.counted)

    def add(self, status: str) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + 1
        if status != Record.Status.EXCUSED:
            self.counted += 1
            if status in ATTENDED:
                self.attended += 1


def sheets(course: Course) -> QuerySet:
    return (
        Sheet.objects.filter(course=course)
        .annotate(date_count=Count("sessions", distinct=True))
        .order_by("title", "pk")
    )


def learners(course: Course, session=None) -> list:
    """The course's learners (users, by name); with ``session`` (a courses CourseSession or its
    id), those who follow the course in it only. One query."""
    return [e.user for e in course_learners(course, session=session)]


@dataclass
class SheetGrid:
    sheet: Sheet
    sessions: list
    learners: list
    records: dict  # {(session id, user id): Record}
    stats: dict  # {user id: Stats}

    def rows(self):
        for user in self.learners:
            yield (
                user,
                [self.records.get((s.pk, user.pk)) for s in self.sessions],
                self.stats[user.pk],
            )


def sheet_grid(sheet: Sheet, *, users: list | None = None, session=None) -> SheetGrid:
    """Learners x dates of a sheet with each learner's percentage: three queries. ``users``:
    the learners to show (default: the course's, or with ``session`` that course session's
    only; see courses.sessions)."""
    sessions = list(Session.objects.filter(sheet=sheet).order_by("starts_at", "pk"))
    if users is None:
        users = learners(sheet.course, session=session)
    records = {
        (r.session_id, r.user_id): r
        for r in Record.objects.filter(session__sheet=sheet, user_id__in=[u.pk for u in users])
    }
    stats = {u.pk: Stats() for u in users}
    for (_session_id, user_id), record in records.items():
        stats[user_id].add(record.status)
    return SheetGrid(sheet, sessions, users, records, stats)


def learner_record(course: Course, user) -> list[tuple[Sheet, list, Stats]]:
    """Each sheet of the course with the learner's marks per date and their stats: 2 queries."""
    found = list(Sheet.objects.filter(course=course).order_by("title", "pk"))
    sessions = Session.objects.filter(sheet__course=course).order_by("starts_at", "pk")
    records = {
        r.session_id: r for r in Record.objects.filter(session__sheet__course=course, user=user)
    }
    by_sheet = {s.pk: [] for s in found}
    stats = {s.pk: Stats() for s in found}
    for session in sessions:
        record = records.get(session.pk)
        by_sheet[session.sheet_id].append((session, record))
        if record:
            stats[session.sheet_id].add(record.status)
    return [(s, by_sheet[s.pk], stats[s.pk]) for s in found]


def attendance_scores(*, sheet_ids, user_ids) -> dict:
    """{(sheet id, user id): (attended, counted)} in one query."""
    rows = (
        Record.objects.filter(session__sheet_id__in=list(sheet_ids), user_id__in=list(user_ids))
        .values("session__sheet_id", "user_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            counted=Count("pk", filter=~Q(status=Record.Status.EXCUSED)),
        )
        .order_by()
    )
    return {(r["session__sheet_id"], r["user_id"]): (r["attended"], r["counted"]) for r in rows}
