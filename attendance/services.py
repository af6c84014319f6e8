"""Writes of the attendance tool."""

from datetime import datetime

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule
from django.db import transaction
from django.utils.translation import gettext as _

from attendance.models import Record, Session, Sheet
from courses.models import Course

MAX_DATES = 200
REPEATS = {
    "daily": (DAILY, 1),
    "weekly": (WEEKLY, 1),
    "biweekly": (WEEKLY, 2),
    "monthly": (MONTHLY, 1),
}


class AttendanceError(ValueError):
    """Refused; the message is for the teacher."""


@transaction.atomic
def sheet_create(*, course: Course, title: str, description: str = "", in_gradebook: bool = True):
    return Sheet.objects.create(
        course=course, title=title, description=description, in_gradebook=in_gradebook
    )


@transaction.atomic
def sheet_update(*, sheet: Sheet, title: str, description: str = "", in_gradebook: bool = True):
    sheet.title, sheet.description, sheet.in_gradebook = title, description, in_gradebook
    sheet.save()
    return sheet


@transaction.atomic
def sheet_delete(*, sheet: Sheet) -> None:
    sheet.delete()


@transaction.atomic
def sessions_add(
    *,
    sheet: Sheet,
    starts_at: datetime,
    duration_minutes: int,
    repeat: str = "",
    until: datetime | None = None,
) -> list[Session]:
    """One date, or a repetition ("daily", "weekly", "biweekly", "monthly") from ``starts_at``
    up to ``until`` included (at most MAX_DATES dates). Raises AttendanceError."""
    if repeat:
        if repeat not in REPEATS:
            raise AttendanceError(_("Unknown repetition."))
        if until is None or until < starts_at:
            raise AttendanceError(_("A repetition needs an end on or after the first date."))
        freq, interval = REPEATS[repeat]
        dates = list(rrule(freq, interval=interval, dtstart=starts_at, until=until, count=None))
        if len(dates) > MAX_DATES:
            raise AttendanceError(
                _("That makes %(count)d dates; at most %(max)d at once.")
                % {"count": len(dates), "max": MAX_DATES}
            )
    else:
        dates = [starts_at]
    return Session.objects.bulk_create(
        [Session(sheet=sheet, starts_at=d, duration_minutes=duration_minutes) for d in dates]
    )


@transaction.atomic
def session_delete(*, session: Session) -> None:
    from gradebook.api import grades_changed

    # The date's marks leave every learner's percentage: the gradebook checks the course again.
    grades_changed(course_id=session.sheet.course_id, source="attendance", item_id=session.sheet_id)
    session.delete()


@transaction.atomic
def records_save(*, session: Session, marks: dict) -> int:
    """{user id: (status or "", comment)}: set each learner's mark for the date ("" removes it),
    in three queries whatever their number. Raises AttendanceError for an unknown status."""
    valid = set(Record.Status.values)
    for status, _comment in marks.values():
        if status and status not in valid:
            raise AttendanceError(_("Unknown attendance status."))
    Record.objects.filter(session=session, user_id__in=list(marks)).delete()
    records = [
        Record(session=session, user_id=user_id, status=status, comment=(comment or "")[:300])
        for user_id, (status, comment) in marks.items()
        if status
    ]
    Record.objects.bulk_create(records)
    from gradebook.api import grades_changed

    # Certificates due to those now above the pass mark: one bulk check after the commit.
    grades_changed(
        course_id=session.sheet.course_id,
        user_ids=list(marks),
        source="attendance",
        item_id=session.sheet_id,
    )
    return len(records)
