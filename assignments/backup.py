"""Assignments in course backups (backups.api): each assignment's settings, instructions and
attachments; never the works learners handed in, their corrections or comments.

An assignment is in conflict with the course's assignment of the same title (case aside).
Learning-path items and gradebook evaluations drawn from an assignment find its restored copy
through the id map "assignments.assignment".
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, Attachment, Comment, Submission
from backups.api import (
    Provider,
    delete_files_on_commit,
    dump,
    numbered,
    plan_conflicts,
    restore_rows,
    select,
)

KIND = "assignments.assignment"


def items(course) -> list[tuple[int, str]]:
    return list(Assignment.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    assignments = select(Assignment.objects.filter(course=course), selection)
    return {
        "assignments": dump(assignments, exclude=["updated_at"]),
        "attachments": dump(
            Attachment.objects.filter(assignment__in=assignments),
            writer=writer,
            tool="assignments",
        ),
    }


def _delete(queryset) -> None:
    """Delete assignments with everything hanging from them, and their stored files once the
    transaction has committed (works and corrections included: they go with the assignment)."""
    names = list(Attachment.objects.filter(assignment__in=queryset).values_list("file", flat=True))
    for file, corrected in Submission.objects.filter(assignment__in=queryset).values_list(
        "file", "corrected_file"
    ):
        names += [file, corrected]
    names += list(
        Comment.objects.filter(submission__assignment__in=queryset)
        .filter(~Q(file=""))
        .values_list("file", flat=True)
    )
    queryset.delete()
    delete_files_on_commit(names)


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Assignment.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("assignments", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    _delete(Assignment.objects.filter(course=course, pk__in=plan.replaced))
    context.remember(KIND, plan.kept)
    created = restore_rows(
        Assignment,
        plan.rows,
        context=context,
        map_as=KIND,
        html=["instructions"],
        course_id=course.pk,
    )
    attachments = restore_rows(
        Attachment,
        data.get("attachments", []),
        context=context,
        files=files,
        file_fields=["file"],
        display_name="name",
        parent="assignment",
        parents=created,
    )
    return {"assignments": len(created), "attachments": len(attachments)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Assignments, with the works handed in")),
            Assignment.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    _delete(Assignment.objects.filter(course=course))


PROVIDER = Provider(
    key="assignments",
    label=_("Assignments"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
