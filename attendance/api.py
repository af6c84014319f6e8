"""What other apps may use from attendance: the dates of a course (for the class journal) and
the grade source that ``apps.py`` registers."""

from django.utils import formats, timezone

from attendance.models import Session, Sheet
from attendance.selectors import attendance_scores


def course_dates(course) -> list[tuple[int, str]]:
    """(date id, "sheet · date") of every attendance date of the course, in order; one query."""
    sessions = (
        Session.objects.filter(sheet__course=course)
        .select_related("sheet")
        .order_by("starts_at", "pk")
    )
    return [
        (
            s.pk,
            f"{s.sheet.title} · "
            + formats.date_format(timezone.localtime(s.starts_at), "SHORT_DATETIME_FORMAT"),
        )
        for s in sessions
    ]


def date_labels(date_ids) -> dict[int, str]:
    """{date id: label} for the given ids; one query."""
    ids = [i for i in date_ids if i]
    if not ids:
        return {}
    sessions = Session.objects.filter(pk__in=ids).select_related("sheet")
    return {
        s.pk: f"{s.sheet.title} · "
        + formats.date_format(timezone.localtime(s.starts_at), "SHORT_DATETIME_FORMAT")
        for s in sessions
    }


def gradebook_items(course) -> list[tuple[int, str]]:
    return list(Sheet.objects.filter(course=course, in_gradebook=True).values_list("pk", "title"))


def gradebook_scores(*, item_ids, user_ids) -> dict:
    """{(sheet id, user id): GradeScore(attended dates, counted dates)}; one query."""
    from gradebook.api import GradeScore

    return {
        key: GradeScore(score=attended, max_score=counted)
        for key, (attended, counted) in attendance_scores(
            sheet_ids=item_ids, user_ids=user_ids
        ).items()
        if counted
    }
