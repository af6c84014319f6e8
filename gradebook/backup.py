"""The gradebook in course backups (backups.api): its structure only (settings, categories,
evaluations with what they are drawn from, the scale), never learners' marks or certificates.

The gradebook goes as one whole. Into a course that has a gradebook already, "skip" keeps the
course's, "overwrite" replaces it (its marks with it), "rename" adds the backup's categories
and evaluations beside the course's, their names numbered. An evaluation drawn from a test,
path, assignment, attendance sheet, survey or forum thread points at that item's restored copy;
one drawn from an item that is not part of the restore (a learner's thread, a tool left out) is
left out.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import ConflictPolicy, Provider, dump, numbered, restore_rows
from gradebook.models import OFFLINE, Category, Evaluation, GradebookSettings, ScaleLevel

# What an evaluation's item_id points at, by grade source: the kind of id map to read.
SOURCE_KINDS = {
    "test": "assessments.quiz",
    "learnpath": "learnpaths.learningpath",
    "assignment": "assignments.assignment",
    "attendance": "attendance.sheet",
    "survey": "surveys.survey",
    # Only the staff's threads are in backups (forums/backup.py): an evaluation of a
    # learner's thread is left out.
    "forum_thread": "forums.thread",
}


def export(course, selection, writer) -> dict:
    settings = GradebookSettings.objects.filter(course=course)
    return {
        "settings": dump(settings)[:1],
        "categories": dump(Category.objects.filter(course=course)),
        "evaluations": dump(Evaluation.objects.filter(course=course)),
        "scale": dump(ScaleLevel.objects.filter(course=course)),
    }


def _has_gradebook(course) -> bool:
    return (
        Category.objects.filter(course=course).exists()
        or Evaluation.objects.filter(course=course).exists()
    )


def restore(course, data, files, conflict_policy, context) -> dict:
    rename = False
    if _has_gradebook(course):
        if conflict_policy == ConflictPolicy.SKIP:
            return {}
        if conflict_policy == ConflictPolicy.OVERWRITE:
            empty(course)
        else:
            rename = True
    settings = data.get("settings") or []
    if settings and not rename:
        GradebookSettings.objects.filter(course=course).delete()
        restore_rows(GradebookSettings, settings[:1], context=context, course_id=course.pk)
    categories_rows = []
    for row in data.get("categories", []):
        if rename and not row.get("parent_id"):
            row = {**row, "name": numbered(row["name"], 2)}
        categories_rows.append({**row, "parent_id": None})
    categories = restore_rows(Category, categories_rows, context=context, course_id=course.pk)
    parents = {row["id"]: row.get("parent_id") for row in data.get("categories", [])}
    for old_id, category in categories.items():
        parent = categories.get(parents.get(old_id))
        category.parent_id = parent.pk if parent else None
    Category.objects.bulk_update(list(categories.values()), ["parent_id"], batch_size=500)
    evaluations, left_out = [], 0
    for row in data.get("evaluations", []):
        category = categories.get(row.get("category_id"))
        kind = SOURCE_KINDS.get(row.get("source"))
        item_id = context.new_id(kind, row.get("item_id")) if kind else None
        if row.get("source") != OFFLINE and item_id is None:
            left_out += 1  # drawn from something not restored (a thread...): no column
            continue
        name = numbered(row["name"], 2) if rename and category is None else row["name"]
        evaluations.append(
            {
                **row,
                "name": name,
                "category_id": category.pk if category else None,
                "item_id": item_id,
            }
        )
    created = restore_rows(Evaluation, evaluations, context=context, course_id=course.pk)
    if not rename and not ScaleLevel.objects.filter(course=course).exists():
        restore_rows(ScaleLevel, data.get("scale", []), context=context, course_id=course.pk)
    return {"categories": len(categories), "evaluations": len(created), "left_out": left_out}


def describe(course) -> list[tuple[str, int]]:
    return [
        (str(_("Gradebook categories")), Category.objects.filter(course=course).count()),
        (
            str(_("Gradebook evaluations, with their marks")),
            Evaluation.objects.filter(course=course).count(),
        ),
    ]


def empty(course) -> None:
    Evaluation.objects.filter(course=course).delete()
    Category.objects.filter(course=course).delete()
    ScaleLevel.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="gradebook",
    label=_("Gradebook"),
    export=export,
    restore=restore,
    describe=describe,
    empty=empty,
    order=90,
)
