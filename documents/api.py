"""What other apps (learning paths, backups...) may use of the documents tool."""

from django.urls import reverse

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
    if selectors.sees_hidden(access):
        return True
    return selectors.is_visible(document, selectors.ancestors(document))


def course_usage(course: Course) -> int:
    """Bytes used by the course's documents (for backups and reports)."""
    return selectors.course_usage(course)


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
