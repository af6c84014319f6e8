"""The documents' zip import reads names as their sender wrote them (core.archives)."""

import pytest

from core.tests.test_archives import raw_named_zip
from documents import services
from documents.models import Document
from documents.tests.factories import upload

pytestmark = pytest.mark.django_db


def test_a_utf8_name_without_the_utf8_flag_keeps_its_accents(course, course_roles):
    """macOS Finder writes UTF-8 names without flag bit 11: not "R├⌐sum├⌐ caf├⌐.txt"."""
    blob = raw_named_zip({"Résumé café.txt".encode(): b"hello"})
    services.zip_import(
        course=course, parent=None, upload=upload("finder.zip", blob), user=course_roles["teacher"]
    )
    assert list(Document.objects.filter(course=course).values_list("name", flat=True)) == [
        "Résumé café.txt"
    ]
