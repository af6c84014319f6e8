"""The course description in backups: its sections (courses' own content, so kept here:
courses sits below the tools and cannot import backups.api)."""

from django.utils.translation import gettext_lazy as _

from backups.api import ConflictPolicy, Provider, dump, numbered, restore_rows
from courses.models import DescriptionSection


def export(course, selection, writer) -> dict:
    return {"sections": dump(DescriptionSection.objects.filter(course=course))}


def restore(course, data, files, conflict_policy, context) -> dict:
    # Fixed sections are one per kind: the course's own one is the conflict.
    existing = dict(
        DescriptionSection.objects.filter(course=course)
        .exclude(kind=DescriptionSection.Kind.CUSTOM)
        .values_list("kind", "pk")
    )
    replaced, rows = [], []
    for row in data.get("sections", []):
        taken = existing.get(row["kind"])
        if taken is not None:
            if conflict_policy == ConflictPolicy.SKIP:
                continue
            if conflict_policy == ConflictPolicy.OVERWRITE:
                replaced.append(taken)
            else:  # a second section of a fixed kind can only be a custom one
                row = {
                    **row,
                    "kind": DescriptionSection.Kind.CUSTOM,
                    "title": numbered(row["title"], 2),
                }
        rows.append(row)
    DescriptionSection.objects.filter(course=course, pk__in=replaced).delete()
    created = restore_rows(
        DescriptionSection, rows, context=context, html=["content"], course_id=course.pk
    )
    return {"sections": len(created)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Sections of the course description")),
            DescriptionSection.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    DescriptionSection.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="description",
    label=_("Course description"),
    export=export,
    restore=restore,
    describe=describe,
    empty=empty,
    order=5,
)
