"""Links in course backups (backups.api): categories and links.

A category whose title the course already uses is the course's own (links join it); a link is
in conflict with one of the same title.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select
from links.models import Link, LinkCategory, http_url_validator


def items(course) -> list[tuple[int, str]]:
    return list(Link.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    links = dump(
        select(Link.objects.filter(course=course), selection),
        exclude=["status", "status_message", "checked_at"],
    )
    used = {row["category_id"] for row in links}
    categories = LinkCategory.objects.filter(course=course)
    if selection is not None:
        categories = categories.filter(pk__in=used)
    return {"categories": dump(categories), "links": links}


def restore(course, data, files, conflict_policy, context) -> dict:
    existing_categories = {
        title.lower(): category
        for title, category in (
            (category.title, category) for category in LinkCategory.objects.filter(course=course)
        )
    }
    categories, new_rows = {}, []
    for row in data.get("categories", []):
        same = existing_categories.get(row["title"].lower())
        if same is not None:
            categories[row["id"]] = same
        else:
            new_rows.append(row)
    categories.update(restore_rows(LinkCategory, new_rows, context=context, course_id=course.pk))
    existing = {
        title.lower(): pk
        for pk, title in Link.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("links", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    Link.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember("links.link", plan.kept)
    links = []
    for row in plan.rows:
        category = categories.get(row.get("category_id"))
        row = {**row, "category_id": category.pk if category else None}
        row["url"] = context.rewrite(row["url"])
        try:
            http_url_validator(row["url"])
        except ValidationError:
            continue  # javascript:, data: and the like: never a link of this platform
        links.append(row)
    created = restore_rows(Link, links, context=context, course_id=course.pk)
    return {"categories": len(new_rows), "links": len(created)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (str(_("Link categories")), LinkCategory.objects.filter(course=course).count()),
        (str(_("Links")), Link.objects.filter(course=course).count()),
    ]


def empty(course) -> None:
    Link.objects.filter(course=course).delete()
    LinkCategory.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="links",
    label=_("Links"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
