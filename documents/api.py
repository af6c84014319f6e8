"""What other apps (learning paths, backups...) may use of the documents tool."""

from dataclasses import dataclass
from html import escape

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.html import sanitize_html
from courses.models import Course
from documents import selectors
from documents.models import Document
from documents.services import DocumentError


def course_document(course: Course, document_id: int) -> Document | None:
    """A document of the course (any kind), or None."""
    return Document.objects.filter(course=course, pk=document_id).first()


def document_url(document: Document) -> str:
    """The page that shows the document inside the course (player, viewer or web page)."""
    return reverse("documents:detail", kwargs={"code": document.course.code, "doc_id": document.pk})


def visible_to(document: Document, access) -> bool:
    """Whether this person (a ``request.course_access``) may open the document."""
    chain = selectors.ancestors(document)
    try:
        selectors.check_group_space(access, document, chain)
    except (PermissionDenied, Http404):
        return False
    if selectors.sees_hidden(access):
        return True
    return selectors.is_visible(document, chain)


def course_usage(course: Course) -> int:
    """Bytes used by the course's files: documents and registered usage sources."""
    return selectors.course_usage(course)


# --- Learning paths: documents as path items ---------------------------------------------

_DETAILS = {
    "page": _("Web page"),
    "pdf": "PDF",
    "audio": _("Audio"),
    "video": _("Video"),
    "image": _("Image"),
}


def _pickables(course: Course):
    """Every file and web page of the course, with its folder and whether learners may open
    it (itself and every folder above it visible): one query."""
    from learnpaths.api import Pickable

    nodes = list(
        Document.objects.filter(course=course)
        .only("id", "name", "kind", "path", "visible", "content_type", "parent_id", "course_id")
        .order_by("path")
    )
    by_id = {node.pk: node for node in nodes}
    result = []
    for node in nodes:
        if node.is_folder:
            continue
        chain = [by_id[pk] for pk in node.ancestor_ids if pk in by_id]
        result.append(
            Pickable(
                id=node.pk,
                title=node.name,
                group="/" + "/".join(folder.name for folder in chain) if chain else "/",
                icon=node.icon,
                learner_can_open=selectors.is_visible(node, chain),
                detail=str(_DETAILS.get(node.media_kind, "")),
            )
        )
    return result


def _learner_can_open(course: Course, document_id: int) -> bool:
    document = course_document(course, document_id)
    if document is None or document.is_folder:
        return False
    return selectors.is_visible(document, selectors.ancestors(document))


def _launch_url(item) -> str:
    return reverse(
        "documents:detail", kwargs={"code": item.path.course.code, "doc_id": item.target_id}
    )


def _export(item):
    """A web page's HTML or a file's bytes, for a SCORM export of the path."""
    document = Document.objects.filter(course_id=item.path.course_id, pk=item.target_id).first()
    if document is None or document.is_folder:
        return None
    if document.is_page:
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
            f"{escape(document.name)}</title></head><body>{sanitize_html(document.content)}"
            "</body></html>"
        )
        return f"{document.name}.html", page.encode()
    if not document.file or not default_storage.exists(document.file.name):
        return None
    with default_storage.open(document.file.name, "rb") as handle:
        return document.name, handle.read()


def _create_page(*, course: Course, user, title: str, text: str = "") -> int:
    """A new web page at the top of the course's documents (learning paths' "create")."""
    from documents import services

    try:
        page = services.page_create(
            course=course, parent=None, name=title, content=text or "", user=user
        )
    except services.DocumentError as error:
        raise ValidationError(error.message) from error
    return page.pk


def _edit_url(course_code: str, target_id: int) -> str:
    """The object's own page in its tool, linked from the learning-path builder."""
    return reverse("documents:detail", kwargs={"code": course_code, "doc_id": target_id})


def register_path_kinds() -> None:
    """Documents as learning path items: complete when viewed (the document's own page shows
    a PDF, an audio or a video player); the time counts while it is open."""
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="document",
            label=_("Document"),
            icon="file-earmark",
            launch_url=_launch_url,
            field="target",
            completion="open",
            learner_can_open=_learner_can_open,
            pickables=_pickables,
            tool="documents",
            export=_export,
            create=_create_page,
            create_label=_("New web page"),
            create_asks_text=True,
            edit_url=_edit_url,
        )
    )


def register_usage_source(source) -> None:
    """Count a tool's own files against the course's disk quota: source(course) -> bytes."""
    if source not in selectors.USAGE_SOURCES:
        selectors.USAGE_SOURCES.append(source)


class QuotaExceeded(Exception):
    """The course has not enough room left; the message says how much is needed and left."""


def ensure_room(course: Course, extra: int) -> None:
    """Raise QuotaExceeded when ``extra`` more bytes would take the course over its quota.
    Inside a transaction, the course row is locked so two writers cannot share the room."""
    from documents.services import DocumentError, _ensure_room

    try:
        _ensure_room(course, extra)
    except DocumentError as error:
        raise QuotaExceeded(error.message) from error


# Another tool's error when it stores a file here (a name, a size or a type refused).
DocumentRefused = DocumentError


def store_file(
    *,
    course: Course,
    folder_name: str,
    name: str,
    content: bytes,
    user=None,
    extensions: set[str] | None = None,
) -> tuple[Document, str]:
    """Store ``content`` as a file of the course's documents, in the top-level folder
    ``folder_name`` (created when missing), through the one upload check (size, extension,
    type sniffed from the bytes) and the course's quota. A taken name becomes "name (2).ext".

    Returns the document and the address that serves its bytes (for ``<img src>``); raises
    ``DocumentRefused`` (with a readable message) when the file is refused. For imports
    (question packages) that bring their own images."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services

    folder = Document.objects.filter(
        course=course, parent=None, kind=Document.Kind.FOLDER, name=folder_name
    ).first()
    if folder is None:
        folder = services.folder_create(course=course, parent=None, name=folder_name, user=user)
    limits = {"extensions": extensions} if extensions else {}
    document = services.file_upload(
        course=course,
        parent=folder,
        upload=SimpleUploadedFile(name, content),
        user=user,
        **limits,
    )
    url = reverse("documents:file", kwargs={"code": course.code, "doc_id": document.pk})
    return document, url


# --- Course interchange (backups.cartridge, backups.moodle) -------------------------------


def import_folder(*, course: Course, path: list[str], user=None) -> Document | None:
    """The folder at ``path`` (names from the top of the tree down), each missing folder
    created; an existing folder of the same name (any case) is reused. ``[]`` is the top
    (None). Raises ``DocumentRefused`` for an unusable name. For course imports."""
    from documents import services

    folder = None
    for name in path:
        name = services.validate_name(name)
        existing = (
            Document.objects.filter(
                course=course, parent=folder, kind=Document.Kind.FOLDER, name__iexact=name
            )
            .order_by("pk")
            .first()
        )
        folder = existing or services.folder_create(
            course=course, parent=folder, name=services._free_name(course, folder, name), user=user
        )
    return folder


def _hide(document: Document, visible: bool) -> Document:
    if not visible:
        Document.objects.filter(pk=document.pk).update(visible=False)
        document.visible = False
    return document


def import_file(
    *,
    course: Course,
    folder: Document | None,
    name: str,
    content: bytes,
    user=None,
    visible: bool = True,
):
    """Store ``content`` as a file named ``name`` in ``folder`` (None: the top) through the one
    upload check and the quota; a taken name becomes "name (2).ext". Returns the Document;
    raises ``DocumentRefused`` with the reason (type, size, quota)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services

    document = services.file_upload(
        course=course, parent=folder, upload=SimpleUploadedFile(name, content), user=user
    )
    return _hide(document, visible)


def import_page(
    *,
    course: Course,
    folder: Document | None,
    name: str,
    html: str,
    user=None,
    visible: bool = True,
):
    """A web page (HTML, sanitised) named ``name`` in ``folder``; a taken name becomes
    "name (2)". Returns the Document; raises ``DocumentRefused`` (name, quota)."""
    from documents import services

    name = services._free_name(course, folder, services.validate_name(name))
    page = services.page_create(course=course, parent=folder, name=name, content=html, user=user)
    return _hide(page, visible)


def file_url(document: Document) -> str:
    """The address that serves a file's bytes inside the course (for links in imported HTML)."""
    return reverse("documents:file", kwargs={"code": document.course.code, "doc_id": document.pk})


@dataclass(frozen=True)
class ExportedDocument:
    id: int
    kind: str  # "folder", "file" or "page"
    folders: tuple[str, ...]  # names of the folders above it, from the top
    name: str
    content: bytes  # a file's bytes, a page's HTML (UTF-8), b"" for a folder
    visible: bool


def export_tree(course: Course) -> list[ExportedDocument]:
    """The course's documents (folders, files, pages) in tree order, groups' spaces left out;
    two queries plus one read per file. For course exports (Common Cartridge)."""
    nodes = list(Document.objects.filter(course=course).order_by("path"))
    by_id = {node.pk: node for node in nodes}
    group_roots = {node.pk for node in nodes if node.parent_id is None and node.group_id}
    result = []
    for node in nodes:
        chain = [by_id[pk] for pk in node.ancestor_ids if pk in by_id]
        if node.pk in group_roots or any(folder.pk in group_roots for folder in chain):
            continue
        content = b""
        if node.is_page:
            content = node.content.encode()
        elif node.is_file:
            if not node.file or not default_storage.exists(node.file.name):
                continue
            with default_storage.open(node.file.name, "rb") as handle:
                content = handle.read()
        result.append(
            ExportedDocument(
                id=node.pk,
                kind=node.kind,
                folders=tuple(folder.name for folder in chain),
                name=node.name,
                content=content,
                visible=node.visible,
            )
        )
    return result
