"""What other apps (learning paths, backups...) may use of the documents tool."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
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
    chain = selectors.ancestors(document)
    try:
        selectors.check_group_space(access, document, chain)
    except (PermissionDenied, Http404):
        return False
    if selectors.sees_hidden(access):
        return True
    return selectors.is_visible(document, chain)


def course_usage(course: Course) -> int:
    """Bytes used by the course's documents (for backups and reports)."""
    return selectors.course_usage(course)
