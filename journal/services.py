"""Writes of the class journal."""

from django.db import transaction

from courses.models import Course
from journal.models import PLAN_FIELDS, Advance, Theme


def _next_position(course: Course) -> int:
    last = (
        Theme.objects.filter(course=course)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


@transaction.atomic
def theme_create(*, course: Course, title: str, description: str = "", **plan) -> Theme:
    """A theme; ``plan`` takes the sections of PLAN_FIELDS (plain text)."""
    fields = {k: plan.get(k, "") for k in PLAN_FIELDS}
    return Theme.objects.create(
        course=course,
        title=title,
        description=description,
        position=_next_position(course),
        **fields,
    )


@transaction.atomic
def theme_update(*, theme: Theme, title: str, description: str = "", **plan) -> Theme:
    theme.title, theme.description = title, description
    for key in PLAN_FIELDS:
        setattr(theme, key, plan.get(key, ""))
    theme.save()
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    theme.delete()


@transaction.atomic
def advance_save(*, theme: Theme, advance: Advance | None = None, **fields) -> Advance:
    """Create (advance None) or update an advance of ``theme`` from date, duration_hours,
    content, done, attendance_date_id."""
    advance = advance or Advance(theme=theme)
    advance.theme = theme
    for key in ("date", "duration_hours", "content", "done", "attendance_date_id"):
        if key in fields:
            setattr(advance, key, fields[key])
    advance.save()
    return advance


@transaction.atomic
def advance_set_done(*, advance: Advance, done: bool) -> Advance:
    advance.done = done
    advance.save(update_fields=["done"])
    return advance


@transaction.atomic
def advance_delete(*, advance: Advance) -> None:
    advance.delete()
