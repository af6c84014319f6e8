"""Hostile input: archives that try to escape, HTML that tries to run, uploads over the limits."""

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from documents import services
from documents.models import Document
from documents.tests.factories import png_bytes, upload, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(course_roles):
    return course_roles["teacher"]


@pytest.fixture
def tree(course, teacher):
    """A small existing tree; hostile imports must leave it exactly as it is."""
    folder = services.folder_create(course=course, parent=None, name="Unit", user=teacher)
    services.file_upload(course=course, parent=folder, upload=upload("a.txt", b"a"), user=teacher)
    return folder


def snapshot(course):
    rows = sorted(Document.objects.filter(course=course).values_list("pk", "name", "path"))
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return rows, files


def zip_with(name: str, content: bytes = b"x", mode: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("fine.txt", b"fine")
        info = zipfile.ZipInfo(name)
        if mode is not None:
            info.external_attr = mode << 16
        archive.writestr(info, content)
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fine.txt", b"fine")
        archive.writestr("zeros.txt", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


HOSTILE_ARCHIVES = {
    "parent": (lambda: zip_with("../../escape.txt"), "leaving its folder"),
    "nested-parent": (lambda: zip_with("ok/../../escape.txt"), "leaving its folder"),
    "absolute": (lambda: zip_with("/etc/cron.d/evil.txt"), "absolute path"),
    "drive": (lambda: zip_with("C:/evil.txt"), "absolute path"),
    "symlink": (
        lambda: zip_with("link.txt", b"/etc/passwd", stat.S_IFLNK | 0o777),
        "symbolic link",
    ),
    "bomb": (bomb, "zip bomb"),
    "program": (lambda: zip_with("setup.exe", b"MZ" + b"\0" * 100), "not accepted"),
    "disguised": (lambda: zip_with("photo.png", b"MZ" + b"\0" * 100), "program"),
    "not-a-zip": (lambda: b"PK\x03\x04 but broken", "not"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_ARCHIVES))
def test_hostile_archives_are_refused_and_the_tree_is_unchanged(course, teacher, tree, kind):
    make, message = HOSTILE_ARCHIVES[kind]
    before = snapshot(course)
    with pytest.raises(services.DocumentError, match=message) as refused:
        services.zip_import(
            course=course, parent=tree, upload=upload("pack.zip", make()), user=teacher
        )
    if kind != "not-a-zip":
        assert "Nothing was imported" in refused.value.message
    assert snapshot(course) == before
    assert not (Path(settings.MEDIA_ROOT).parent / "escape.txt").exists()


def test_hostile_archive_through_the_page(course_roles, client_for, tree):
    course = course_roles["course"]
    before = snapshot(course)
    response = client_for(course_roles["teacher"]).post(
        f"/courses/{course.code}/documents/folder/{tree.pk}/import-zip/",
        {"archive": upload("pack.zip", zip_with("../escape.txt"))},
    )
    assert response.status_code == 200
    assert "leaving its folder" in response.content.decode()
    assert snapshot(course) == before


def test_an_archive_over_the_quota_is_refused(course, teacher, tree, settings):
    settings.DOCUMENTS_DEFAULT_QUOTA = 3000
    before = snapshot(course)
    archive = zip_bytes({"a.txt": b"a" * 2000, "b.txt": b"b" * 2000})
    with pytest.raises(services.DocumentError, match="Not enough space"):
        services.zip_import(
            course=course, parent=tree, upload=upload("pack.zip", archive), user=teacher
        )
    assert snapshot(course) == before


HOSTILE_HTML = (
    "<h2>Lesson</h2><script>alert('x')</script>"
    '<img src="/x.png" onerror="alert(1)" alt="pic">'
    '<a href="javascript:alert(2)">click</a>'
    '<a href="JaVaScRiPt:alert(3)">again</a>'
    '<p onclick="steal()" style="color:red">text</p>'
    '<iframe src="https://evil.example"></iframe>'
)


def assert_clean(html: str):
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "alert("):
        assert bad not in lowered, bad
    assert "<h2>Lesson</h2>" in html and 'alt="pic"' in html


def test_hostile_html_is_stored_clean(course, teacher):
    page = services.page_create(
        course=course, parent=None, name="Evil", content=HOSTILE_HTML, user=teacher
    )
    page.refresh_from_db()
    assert_clean(page.content)
    services.page_update(document=page, name="Evil", content=HOSTILE_HTML)
    page.refresh_from_db()
    assert_clean(page.content)


def test_hostile_html_through_the_editor_form(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    response = client.post(
        f"/courses/{course.code}/documents/new-page/", {"name": "Evil", "content": HOSTILE_HTML}
    )
    page = Document.objects.get(course=course, name="Evil")
    assert response.status_code == 302
    assert_clean(page.content)
    shown = client_for(course_roles["learner"]).get(response.url).content.decode()
    assert "<h2>Lesson</h2>" in shown and "alert(" not in shown


def test_an_uploaded_html_file_is_shown_clean(course_roles, client_for):
    course = course_roles["course"]
    doc = services.file_upload(
        course=course,
        parent=None,
        upload=upload("evil.html", HOSTILE_HTML.encode()),
        user=course_roles["teacher"],
    )
    client = client_for(course_roles["learner"])
    shown = client.get(f"/courses/{course.code}/documents/{doc.pk}/").content.decode()
    assert "<h2>Lesson</h2>" in shown and "alert(" not in shown
    # The raw file is never rendered as a page: it downloads.
    raw = client.get(f"/courses/{course.code}/documents/{doc.pk}/file/")
    assert raw["Content-Disposition"].startswith("attachment")
    assert raw["X-Content-Type-Options"] == "nosniff"


def test_a_file_over_quota_is_refused_with_the_quota_message(course_roles, client_for, settings):
    settings.DOCUMENTS_DEFAULT_QUOTA = 1000
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    response = client.post(
        f"/courses/{course.code}/documents/upload/",
        {"files": upload("big.png", png_bytes(size=(300, 300), color=(1, 2, 3)) + b"\0" * 2000)},
        follow=True,
    )
    text = response.content.decode()
    assert "Not enough space" in text and "1000" in text.replace("\xa0", " ").replace(",", "")
    assert not Document.objects.filter(course=course).exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_file_over_the_maximum_size_is_refused(course_roles, client_for, settings):
    settings.UPLOAD_MAX_FILE_SIZE = 100
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        f"/courses/{course.code}/documents/upload/",
        {"files": upload("notes.txt", b"x" * 101)},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "too large" in response.json()["errors"][0]
    assert not Document.objects.filter(course=course).exists()


def test_a_renamed_program_is_refused(course, teacher):
    with pytest.raises(services.DocumentError, match="program"):
        services.file_upload(
            course=course, parent=None, upload=upload("notes.pdf", b"MZ" + b"\0" * 99), user=teacher
        )
