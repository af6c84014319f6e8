"""Reads of the wiki: one space (the course's wiki or a group's), its pages and their links."""

from django.db.models import Q, QuerySet

from courses.models import Course
from courses.permissions import CourseAccess
from wiki.links import render_links
from wiki.models import Revision, WikiPage


def sees_hidden(access: CourseAccess, group_access=None) -> bool:
    if access.can_tutor:
        return True
    return bool(group_access and group_access.can_moderate)


def space_pages(course: Course, group_id: int | None, *, include_hidden: bool) -> QuerySet:
    pages = WikiPage.objects.filter(course=course, group_id=group_id)
    if not include_hidden:
        pages = pages.filter(visible=True)
    return pages


def existing_keys(course: Course, group_id: int | None) -> set[str]:
    return set(
        WikiPage.objects.filter(course=course, group_id=group_id).values_list("key", flat=True)
    )


def rendered(page_or_revision, *, existing: set[str], url_for) -> str:
    return render_links(page_or_revision.content, existing=existing, url_for=url_for)


def recent_changes(course: Course, group_id: int | None, *, include_hidden: bool):
    revisions = Revision.objects.filter(page__course=course, page__group_id=group_id)
    if not include_hidden:
        revisions = revisions.filter(page__visible=True)
    return revisions.select_related("page", "author").order_by("-created_at", "-pk")


def wanted_pages(
    course: Course, group_id: int | None, *, include_hidden: bool
) -> list[tuple[str, list[WikiPage]]]:
    """[(missing key, [pages linking to it])], the most wanted first."""
    existing = existing_keys(course, group_id)
    pages = space_pages(course, group_id, include_hidden=include_hidden).only(
        "key", "title", "links"
    )
    wanted: dict[str, list] = {}
    for page in pages:
        for key in page.links:
            if key not in existing:
                wanted.setdefault(key, []).append(page)
    return sorted(wanted.items(), key=lambda item: (-len(item[1]), item[0]))


def orphaned_pages(course: Course, group_id: int | None, *, include_hidden: bool) -> list:
    """Pages no other page links to."""
    pages = list(space_pages(course, group_id, include_hidden=include_hidden))
    linked = {key for page in pages for key in page.links if key != page.key}
    return [page for page in pages if page.key not in linked]


def search(course: Course, group_id: int | None, query: str, *, include_hidden: bool):
    pages = space_pages(course, group_id, include_hidden=include_hidden)
    for word in query.split()[:8]:
        pages = pages.filter(Q(title__icontains=word) | Q(content__icontains=word))
    return pages.order_by("title")
