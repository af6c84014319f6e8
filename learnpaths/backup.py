"""Learning paths in course backups (backups.api): paths with their settings and their whole
item tree (sections, items, prerequisites); never learners' attempts or progress. Packages'
files come with them through scorm/backup.py.

An item pointing at an object of another tool (a document, a test...) points at that object's
restored copy, or at nothing when it was not part of the backup. A path is in conflict with
the course's path of the same title.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, clean_html, dump, numbered, plan_conflicts, restore_rows, select
from learnpaths.models import LearningPath, PathItem

KIND = "learnpaths.learningpath"
# Item kinds whose target_id names an object of another tool: the id map to read.
TARGET_KINDS = {
    "document": "documents.document",
    "link": "links.link",
    "announcement": "announcements.announcement",
    "test": "assessments.quiz",
    "glossary": "glossary.term",
    "wiki_page": "wiki.wikipage",
    "assignment": "assignments.assignment",
    "survey": "surveys.survey",
    # Only the staff's threads are in backups (forums/backup.py): an item on a learner's
    # thread is restored pointing at nothing, and the teacher picks a thread again.
    "forum_thread": "forums.thread",
}


def items(course) -> list[tuple[int, str]]:
    return list(LearningPath.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    paths = select(LearningPath.objects.filter(course=course), selection)
    return {
        "paths": dump(paths),
        "items": dump(PathItem.objects.filter(path__in=paths).order_by("path", "rank")),
    }


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in LearningPath.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("paths", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=255)),
        policy=conflict_policy,
    )
    LearningPath.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember(KIND, plan.kept)
    context.remember("learnpaths.kept", plan.kept)  # their packages stay as they are
    requires = {row["id"]: row.get("requires_id") for row in plan.rows}
    paths = restore_rows(
        LearningPath,
        [{**row, "requires_id": None} for row in plan.rows],
        context=context,
        course_id=course.pk,
    )
    for old_id, path in paths.items():
        path.requires_id = context.new_id(KIND, requires[old_id])
    LearningPath.objects.bulk_update(list(paths.values()), ["requires_id"], batch_size=500)

    item_rows, references = [], {}
    for row in data.get("items", []):
        references[row["id"]] = (row.get("parent_id"), row.get("prerequisite_id"))
        target_kind = TARGET_KINDS.get(row["kind"])
        target = context.new_id(target_kind, row.get("target_id")) if target_kind else None
        item_rows.append(
            {
                **row,
                "parent_id": None,
                "prerequisite_id": None,
                "target_id": target if target_kind else row.get("target_id"),
                "url": context.rewrite(row.get("url", "")),
                "text": clean_html(row.get("text", ""), context),
            }
        )
    created = restore_rows(PathItem, item_rows, context=context, parent="path", parents=paths)
    new_item = {old: item.pk for old, item in created.items()}
    for old_id, item in created.items():
        parent, prerequisite = references[old_id]
        item.parent_id = new_item.get(parent)
        item.prerequisite_id = new_item.get(prerequisite)
    PathItem.objects.bulk_update(
        list(created.values()), ["parent_id", "prerequisite_id"], batch_size=500
    )
    return {"paths": len(paths), "items": len(created)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Learning paths, with their packages and learners' progress")),
            LearningPath.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    LearningPath.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="learnpaths",
    label=_("Learning paths"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=40,
)
