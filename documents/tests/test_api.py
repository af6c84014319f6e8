"""The small interface other apps (learning paths, backups) use."""

import pytest

from courses.permissions import get_course_access
from documents import api, services
from documents.tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def test_api(course_roles):
    course, teacher = course_roles["course"], course_roles["teacher"]
    folder = services.folder_create(course=course, parent=None, name="A", user=teacher)
    doc = services.file_upload(
        course=course, parent=folder, upload=upload("a.pdf", PDF_BYTES), user=teacher
    )
    assert api.course_document(course, doc.pk) == doc
    assert api.course_document(course, 10**9) is None
    assert api.document_url(doc) == f"/courses/{course.code}/documents/{doc.pk}/"
    services.document_set_visibility(document=folder, visible=False)
    learner = get_course_access(course_roles["learner"], course)
    assert not api.visible_to(doc, learner)
    assert api.visible_to(doc, get_course_access(teacher, course))
    assert api.course_usage(course) == len(PDF_BYTES)
    # Replacing keeps the id, so what other apps stored still points to it.
    services.file_replace(document=doc, upload=upload("b.pdf", PDF_BYTES + b"%x"))
    assert api.course_document(course, doc.pk).size == len(PDF_BYTES) + 2


def test_admin_pages(course_roles, client_for):
    from documents.models import DocumentSettings

    course, teacher = course_roles["course"], course_roles["teacher"]
    doc = services.page_create(course=course, parent=None, name="P", content="x", user=teacher)
    setting = DocumentSettings.objects.create(course=course, quota_mb=50)
    admin = client_for(course_roles["admin"])
    for address in (
        "/admin/documents/document/",
        f"/admin/documents/document/{doc.pk}/change/",
        "/admin/documents/documentsettings/",
        f"/admin/documents/documentsettings/{setting.pk}/change/",
        "/admin/documents/documentsettings/add/",
    ):
        assert admin.get(address).status_code == 200, address
