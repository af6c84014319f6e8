"""The class journal in course backups (backups.api): themes with their plan, and their dated
advances (what was planned, whether it was done).

A theme is in conflict with the course's theme of the same title (case aside). An advance linked
to an attendance date points at that date's restored copy (attendance is restored first), or at
no date when the date was not part of the restore.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select
from journal.models import Advance, Theme

# The id map the attendance tool's provider fills with its dates.
ATTENDANCE_DATES = "attendance.session"


def items(course) -> list[tuple[int, str]]:
    return list(Theme.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    themes = select(Theme.objects.filter(course=course), selection)
    return {"themes": dump(themes), "advances": dump(Advance.objects.filter(theme__in=themes))}


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Theme.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("themes", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    Theme.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember("journal.theme", plan.kept)
    # Themes after the course's own, in the backup's order.
    last = Theme.objects.filter(course=course).order_by("-position").first()
    offset = last.position + 1 if last else 0
    themes = restore_rows(
        Theme,
        [{**row, "position": offset + int(row.get("position") or 0)} for row in plan.rows],
        context=context,
        course_id=course.pk,
    )
    advances = restore_rows(
        Advance,
        [
            {
                **row,
                "attendance_date_id": context.new_id(
                    ATTENDANCE_DATES, row.get("attendance_date_id")
                ),
            }
            for row in data.get("advances", [])
        ],
        context=context,
        parent="theme",
        parents=themes,
    )
    return {"themes": len(themes), "advances": len(advances)}


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Journal themes")), Theme.objects.filter(course=course).count())]


def empty(course) -> None:
    Theme.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="journal",
    label=_("Course progress"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=30,
)
