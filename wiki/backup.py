"""The wiki in course backups (backups.api): the course's pages with their whole history
(every revision, its number, summary and date). Discussions and group wikis are left out.

A page is in conflict with the course's page at the same address (key).
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select
from wiki.links import page_key
from wiki.models import Revision, WikiPage


def _course_pages(course):
    return WikiPage.objects.filter(course=course, group_id__isnull=True)


def items(course) -> list[tuple[int, str]]:
    return list(_course_pages(course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    pages = select(_course_pages(course), selection)
    return {
        "pages": dump(pages),
        "revisions": dump(Revision.objects.filter(page__in=pages).order_by("page", "number")),
    }


def _rename(row: dict, n: int) -> None:
    row["title"] = numbered(row["title"], n)
    row["key"] = page_key(row["title"])


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = dict(_course_pages(course).values_list("key", "pk"))
    plan = plan_conflicts(
        data.get("pages", []),
        existing,
        key=lambda row: row["key"],
        rename=_rename,
        policy=conflict_policy,
    )
    WikiPage.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember("wiki.wikipage", plan.kept)
    pages = restore_rows(
        WikiPage, plan.rows, context=context, html=["content"], course_id=course.pk
    )
    revisions = restore_rows(
        Revision,
        data.get("revisions", []),
        context=context,
        html=["content"],
        parent="page",
        parents=pages,
    )
    return {"pages": len(pages), "revisions": len(revisions)}


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Wiki pages")), _course_pages(course).count())]


def empty(course) -> None:
    _course_pages(course).delete()


PROVIDER = Provider(
    key="wiki",
    label=_("Wiki"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
