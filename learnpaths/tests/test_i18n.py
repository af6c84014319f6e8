from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["learnpaths", "scorm"])
def test_french_catalogue_is_complete(app):
    po = polib.pofile(str(ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert (ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.mo").stat().st_size > 1000


@pytest.mark.django_db
def test_pages_speak_french(course_roles, client_for):
    teacher = course_roles["teacher"]
    teacher.language = "fr"
    teacher.save()
    page = client_for(teacher).get(reverse("learnpaths:index", args=["CRS1"])).content.decode()
    assert "Nouveau parcours" in page
    assert "Importer un paquet SCORM ou AICC" in page
