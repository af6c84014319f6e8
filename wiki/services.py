"""Writes of the wiki: saving pages (merging concurrent edits), restoring, moderating."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.html import sanitize_html
from courses.models import Course
from wiki.links import link_keys, page_key
from wiki.merge import MergeResult, merge3
from wiki.models import Comment, Revision, WikiPage

CONTENT_MAX_LENGTH = 500_000


class WikiRefused(Exception):
    """A change the rules refuse; the message says why."""


class EditConflict(Exception):
    """Both writers changed the same blocks since the base: the second must decide."""

    def __init__(self, page: WikiPage, merge: MergeResult, mine: str):
        super().__init__("edit conflict")
        self.page, self.merge, self.mine = page, merge, mine


def _clean(content: str) -> str:
    clean = sanitize_html(content or "")
    if len(clean) > CONTENT_MAX_LENGTH:
        raise WikiRefused(_("The page is too long."))
    return clean


def _record(page: WikiPage, *, title, content, author, comment, merged=False) -> Revision:
    page.revision += 1
    page.title, page.content, page.links = title, content, link_keys(content)
    page.save()
    return Revision.objects.create(
        page=page,
        number=page.revision,
        title=title,
        content=content,
        author=author,
        comment=comment[:250],
        merged=merged,
    )


@transaction.atomic
def page_create(
    *, course: Course, group_id: int | None, title: str, content: str, author, comment: str = ""
) -> WikiPage:
    title = " ".join(title.split())
    if not title:
        raise WikiRefused(_("A page needs a title."))
    key = page_key(title)
    if WikiPage.objects.filter(course=course, group_id=group_id, key=key).exists():
        raise WikiRefused(_("A page with this title exists already."))
    page = WikiPage.objects.create(course=course, group_id=group_id, title=title, key=key)
    _record(page, title=title, content=_clean(content), author=author, comment=comment)
    return page


@transaction.atomic
def page_save(
    *, page: WikiPage, base_revision: int, content: str, author, comment: str = ""
) -> tuple[Revision, bool]:
    """Save an edit started from ``base_revision``. Returns (the new revision, merged?).

    Nobody saved in between: the edit is recorded as it is. Somebody did: the two edits are
    merged against the base (wiki.merge.merge3); if they changed the same blocks, EditConflict
    is raised and nothing is saved: the writer sees both versions and decides. Never a silent
    overwrite.
    """
    page = WikiPage.objects.select_for_update().get(pk=page.pk)
    mine = _clean(content)
    if base_revision == page.revision:
        return _record(page, title=page.title, content=mine, author=author, comment=comment), False
    base = page.revisions.filter(number=base_revision).first()
    if base is None or base_revision > page.revision:
        raise WikiRefused(_("The revision you started from is unknown."))
    result = merge3(base.content, page.content, mine)
    if not result.clean:
        raise EditConflict(page, result, mine)
    revision = _record(
        page,
        title=page.title,
        content=_clean(result.content),
        author=author,
        comment=comment,
        merged=True,
    )
    return revision, True


@transaction.atomic
def revision_restore(*, page: WikiPage, revision: Revision, author) -> Revision:
    page = WikiPage.objects.select_for_update().get(pk=page.pk)
    return _record(
        page,
        title=page.title,
        content=revision.content,
        author=author,
        comment=_("Restored revision %(number)d") % {"number": revision.number},
    )


@transaction.atomic
def page_update_flags(*, page: WikiPage, locked: bool | None = None, visible: bool | None = None):
    if locked is not None:
        page.locked = locked
    if visible is not None:
        page.visible = visible
    page.save(update_fields=["locked", "visible", "updated_at"])
    return page


@transaction.atomic
def page_delete(*, page: WikiPage) -> None:
    page.delete()


@transaction.atomic
def comment_add(*, page: WikiPage, author, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise WikiRefused(_("The comment is empty."))
    return Comment.objects.create(page=page, author=author, text=text[:5000])


# --- A deleted group's wiki (groups.api.GroupContent) ------------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    return WikiPage.objects.filter(course=course, group_id=group_id).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's pages join the course's wiki, hidden from learners until a teacher
    shows them; a title the course's wiki has already gets the group's name after it. Else the
    pages go, with their revisions and discussions."""
    pages = WikiPage.objects.filter(course=course, group_id=group_id)
    if not keep:
        pages.delete()
        return
    taken = set(
        WikiPage.objects.filter(course=course, group_id__isnull=True).values_list("key", flat=True)
    )
    for page in pages.order_by("pk"):
        title, number = page.title, 1
        while page_key(title) in taken:
            number += 1
            suffix = group_name if number == 2 else f"{group_name} {number}"
            title = f"{page.title} ({suffix})"
        page.title, page.key = title, page_key(title)
        page.group_id, page.visible = None, False
        page.save(update_fields=["title", "key", "group_id", "visible"])
        taken.add(page.key)
