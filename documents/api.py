"""What other apps (learning paths, backups...) may use of the documents tool."""

from django.urls import reverse

from courses.models import Course
from documents import selectors
from documents.models import Document


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
    """Bytes used by the course's files: documents and registered usage sources."""
    return selectors.course_usage(course)


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
