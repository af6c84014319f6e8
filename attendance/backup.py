"""Attendance in course backups (backups.api): the sheets and their dates; never the marks
(who was present, absent, late or excused).

A sheet is in conflict with the course's sheet of the same title (case aside). Gradebook
evaluations drawn from a sheet and journal advances linked to a date find their restored copies
through the id maps "attendance.sheet" and "attendance.session".
"""

from django.utils.translation import gettext_lazy as _

from attendance.models import Session, Sheet
from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select

KIND = "attendance.sheet"
DATE_KIND = "attendance.session"


def items(course) -> list[tuple[int, str]]:
    return list(Sheet.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    sheets = select(Sheet.objects.filter(course=course), selection)
    return {"sheets": dump(sheets), "dates": dump(Session.objects.filter(sheet__in=sheets))}


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Sheet.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("sheets", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    Sheet.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember(KIND, plan.kept)
    # A kept sheet's dates are the course's own: the backup's dates of it map to nothing.
    sheets = restore_rows(Sheet, plan.rows, context=context, map_as=KIND, course_id=course.pk)
    dates = restore_rows(
        Session,
        data.get("dates", []),
        context=context,
        map_as=DATE_KIND,
        parent="sheet",
        parents=sheets,
    )
    return {"sheets": len(sheets), "dates": len(dates)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Attendance sheets, with their marks")),
            Sheet.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    Sheet.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="attendance",
    label=_("Attendance"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
