"""Forums in course backups (backups.api): the structure only, categories and forums with
their settings; no threads or posts (they are the learners' contributions), no group forums.

A category whose title the course already uses is the course's own (forums join it); a forum
is in conflict with one of the same title.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select
from forums.models import Forum, ForumCategory


def _course_forums(course):
    return Forum.objects.filter(course=course, group_id__isnull=True)


def items(course) -> list[tuple[int, str]]:
    return list(_course_forums(course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    forums = dump(
        select(_course_forums(course), selection),
        exclude=["thread_count", "post_count", "last_post_at"],
    )
    categories = ForumCategory.objects.filter(course=course)
    if selection is not None:
        categories = categories.filter(pk__in={row["category_id"] for row in forums})
    return {"categories": dump(categories), "forums": forums}


def restore(course, data, files, conflict_policy, context) -> dict:
    existing_categories = {
        category.title.lower(): category for category in ForumCategory.objects.filter(course=course)
    }
    categories, new_rows = {}, []
    for row in data.get("categories", []):
        same = existing_categories.get(row["title"].lower())
        if same is not None:
            categories[row["id"]] = same
        else:
            new_rows.append(row)
    categories.update(restore_rows(ForumCategory, new_rows, context=context, course_id=course.pk))
    existing = {
        title.lower(): pk for pk, title in _course_forums(course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("forums", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    _course_forums(course).filter(pk__in=plan.replaced).delete()
    context.remember("forums.forum", plan.kept)
    rows = []
    for row in plan.rows:
        category = categories.get(row.get("category_id"))
        rows.append({**row, "category_id": category.pk if category else None})
    forums = restore_rows(Forum, rows, context=context, html=["description"], course_id=course.pk)
    return {"categories": len(new_rows), "forums": len(forums)}


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Forums, with their threads and posts")), _course_forums(course).count())]


def empty(course) -> None:
    _course_forums(course).delete()
    ForumCategory.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="forums",
    label=_("Forums"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
