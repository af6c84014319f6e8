"""Reads of the documents tool: what a person may see, already joined."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, QuerySet, Sum, Value, When
from django.db.models.functions import Lower
from django.http import Http404

from courses.models import Course
from courses.permissions import group_access, require_group_tool
from documents.models import Document, DocumentSettings


def sees_hidden(access) -> bool:
    """Teachers, tutors and administrators see hidden documents; learners and guests do not."""
    return bool(access.can_tutor)


def course_quota(course: Course) -> int:
    quota_mb = (
        DocumentSettings.objects.filter(course=course).values_list("quota_mb", flat=True).first()
    )
    if quota_mb is None:
        return int(settings.DOCUMENTS_DEFAULT_QUOTA)
    return quota_mb * 1024 * 1024


# Other tools storing files in the course (SCORM packages...) count against the same quota:
# each registers a function course -> bytes (documents.api.register_usage_source).
USAGE_SOURCES: list = []


def course_usage(course: Course) -> int:
    """Bytes the course uses: its documents and what the registered tools store."""
    documents = Document.objects.filter(course=course).aggregate(total=Sum("size"))["total"] or 0
    return documents + sum(int(source(course) or 0) for source in USAGE_SOURCES)


def quota_level(used: int, quota: int) -> str:
    """ "danger" from 90 % of the quota, "warning" from 75 %, else "": compared exactly on
    bytes (89.6 % is not 90 %, though shown rounded)."""
    if not quota or used * 100 >= quota * 90:
        return "danger"
    return "warning" if used * 100 >= quota * 75 else ""


def quota_summary(course: Course) -> dict:
    """used, quota, free (bytes), percent (rounded, for display) and level (exact)."""
    used, quota = course_usage(course), course_quota(course)
    percent = min(100, round(100 * used / quota)) if quota else 100
    return {
        "used": used,
        "quota": quota,
        "percent": percent,
        "free": max(0, quota - used),
        "level": quota_level(used, quota),
    }


def folder_children(
    *, course: Course, folder: Document | None, include_hidden: bool
) -> QuerySet[Document]:
    folders_first = Case(When(kind=Document.Kind.FOLDER, then=Value(0)), default=Value(1))
    children = Document.objects.filter(course=course, parent=folder).order_by(
        folders_first, Lower("name"), "pk"
    )
    if folder is None:
        children = children.filter(group_id__isnull=True)  # groups' folders: in their spaces
    if not include_hidden:
        children = children.filter(visible=True)
    return children.defer("content")


def ancestors(document: Document) -> list[Document]:
    """The folders above a document, from the top of the tree down."""
    ids = document.ancestor_ids
    if not ids:
        return []
    # group_id: check_group_space reads it on the top folder (deferred, it would cost a query)
    by_id = Document.objects.only("id", "name", "visible", "path", "course_id", "group_id").in_bulk(
        ids
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def is_visible(document: Document, chain: list[Document]) -> bool:
    return document.visible and all(folder.visible for folder in chain)


def document_for_user(*, course: Course, access, pk, kinds=None) -> tuple[Document, list]:
    """A course's document and its folders, if this person may see it.

    Another course's id or a missing one: 404. A document hidden from this person (itself or
    through one of its folders): 403, as the issue asks for learners who guess a URL.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    document = Document.objects.filter(course=course, pk=pk).first()
    if document is None or (kinds is not None and document.kind not in kinds):
        raise Http404
    chain = ancestors(document)
    check_group_space(access, document, chain)
    if not sees_hidden(access) and not is_visible(document, chain):
        raise PermissionDenied
    return document, chain


def check_group_space(access, document: Document, chain: list[Document]) -> None:
    """A document in a group's folder: the group's documents space must be open to this user."""
    root = chain[0] if chain else document
    if root.group_id is not None:
        require_group_tool(access, root.group_id, tool="documents")


def space_group_id(folder: Document | None, chain: list[Document]) -> int | None:
    """The group whose documents space holds ``folder`` (None: the course's own tree)."""
    root = chain[0] if chain else folder
    return root.group_id if root is not None else None


def may_add_to_group_space(access, group_id: int) -> bool:
    """Whether this person may upload and write pages in the group's documents space."""
    scope = group_access(access, group_id)
    return scope is not None and scope.can_participate("documents")


def changeable_in_group_space(access, group_id: int, documents) -> set[int]:
    """Ids of the ``documents`` (of the group's documents space) this person may edit or
    delete: their own while a member of the group; all of them for the group's moderators
    (its tutors, the course's teachers and tutors). One query, however many documents."""
    scope = group_access(access, group_id)
    if scope is None or not scope.can_participate("documents"):
        return set()
    return {
        doc.pk
        for doc in documents
        if scope.can_moderate or (doc.created_by_id and doc.created_by_id == access.user_id)
    }


def may_change_in_group_space(access, group_id: int, document: Document) -> bool:
    return document.pk in changeable_in_group_space(access, group_id, [document])


def folder_for_user(*, course: Course, access, pk) -> tuple[Document | None, list]:
    if pk is None:
        return None, []
    return document_for_user(course=course, access=access, pk=pk, kinds={Document.Kind.FOLDER})


def descendants(folder: Document, *, include_hidden: bool) -> list[Document]:
    """Everything below a folder; without hidden ones, a hidden folder hides its contents."""
    nodes = list(
        Document.objects.filter(course_id=folder.course_id, path__startswith=folder.path)
        .exclude(pk=folder.pk)
        .order_by("path")
    )
    if include_hidden:
        return nodes
    hidden_ids = {node.pk for node in nodes if not node.visible}
    return [node for node in nodes if not hidden_ids.intersection(node.ancestor_ids + [node.pk])]


def course_folders(course: Course) -> list[Document]:
    """The course's folders, in tree order, with what the move form and document_move read:
    name and path for the labels, course and kind for the target's check (left out, each
    would cost a query of its own on every move)."""
    return list(
        Document.objects.filter(course=course, kind=Document.Kind.FOLDER)
        .only("id", "name", "path", "parent_id", "course_id", "kind")
        .order_by("path")
    )


def folder_label(folder: Document, folders_by_id: dict[int, Document]) -> str:
    names = [folders_by_id[pk].name for pk in folder.ancestor_ids if pk in folders_by_id]
    return "/" + "/".join([*names, folder.name])


def course_images(course: Course, *, include_hidden: bool) -> QuerySet[Document]:
    images = Document.objects.filter(
        course=course, kind=Document.Kind.FILE, content_type__startswith="image/"
    ).order_by("name")
    if not include_hidden:
        images = images.filter(visible=True)
    return images.only("id", "name", "path", "course_id")
