"""The documents tool's writes, called directly."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from documents import selectors, services
from documents.models import Document, DocumentSettings
from documents.tests.factories import (
    PDF_BYTES,
    FolderFactory,
    png_bytes,
    upload,
    wav_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(course_roles):
    return course_roles["teacher"]


def stored(document) -> Path:
    return Path(settings.MEDIA_ROOT) / document.file.name


def test_folder_create_and_path(course, teacher):
    top = services.folder_create(course=course, parent=None, name="Week 1", user=teacher)
    sub = services.folder_create(course=course, parent=top, name="Slides", user=teacher)
    assert top.path == f"/{top.pk}/" and sub.path == f"/{top.pk}/{sub.pk}/"
    assert sub.ancestor_ids == [top.pk]


def test_folder_names_are_unique_in_a_folder_whatever_the_case(course, teacher):
    services.folder_create(course=course, parent=None, name="Week 1", user=teacher)
    with pytest.raises(services.DocumentError, match="already in this folder"):
        services.folder_create(course=course, parent=None, name="week 1", user=teacher)


@pytest.mark.parametrize("name", ["", "   ", "a/b", "..", "a\\b"])
def test_bad_names_are_refused(course, teacher, name):
    with pytest.raises(services.DocumentError):
        services.folder_create(course=course, parent=None, name=name, user=teacher)


def test_a_folder_of_another_course_is_refused(course, teacher):
    foreign = FolderFactory()
    with pytest.raises(services.DocumentError):
        services.folder_create(course=course, parent=foreign, name="x", user=teacher)


def test_file_upload_stores_the_file_privately_with_its_type(course, teacher):
    doc = services.file_upload(
        course=course, parent=None, upload=upload("Lesson.pdf", PDF_BYTES), user=teacher
    )
    assert (doc.kind, doc.name, doc.content_type, doc.size) == (
        Document.Kind.FILE,
        "Lesson.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert stored(doc).read_bytes() == PDF_BYTES
    assert "Lesson" not in doc.file.name  # the stored name is random
    assert doc.media_kind == "pdf"


def test_an_image_gets_a_thumbnail(course, teacher):
    doc = services.file_upload(
        course=course,
        parent=None,
        upload=upload("big.png", png_bytes(size=(1200, 800))),
        user=teacher,
    )
    from PIL import Image

    with Image.open(Path(settings.MEDIA_ROOT) / doc.thumbnail.name) as thumb:
        assert max(thumb.size) <= 320


def test_a_taken_file_name_gets_a_number(course, teacher):
    first = services.file_upload(
        course=course, parent=None, upload=upload("a.wav", wav_bytes(0.1)), user=teacher
    )
    second = services.file_upload(
        course=course, parent=None, upload=upload("A.wav", wav_bytes(0.1)), user=teacher
    )
    assert (first.name, second.name) == ("a.wav", "A (2).wav")
    assert second.media_kind == "audio"


def test_page_create_and_update_keep_html_clean(course, teacher):
    page = services.page_create(
        course=course, parent=None, name="Intro", content="<p>Hi</p>", user=teacher
    )
    services.page_update(document=page, name="Intro 2", content="<h2>New</h2><script>x</script>")
    page.refresh_from_db()
    assert page.name == "Intro 2" and page.content == "<h2>New</h2>"
    assert page.size == len(page.content.encode())


def test_rename_keeps_the_file_extension(course, teacher):
    doc = services.file_upload(
        course=course, parent=None, upload=upload("a.pdf", PDF_BYTES), user=teacher
    )
    services.document_rename(document=doc, name="Syllabus")
    assert doc.name == "Syllabus.pdf"
    services.file_upload(
        course=course, parent=None, upload=upload("taken.pdf", PDF_BYTES), user=teacher
    )
    with pytest.raises(services.DocumentError, match="already in this folder"):
        services.document_rename(document=doc, name="TAKEN")


def test_move_updates_the_whole_subtree(course, teacher):
    a = services.folder_create(course=course, parent=None, name="A", user=teacher)
    b = services.folder_create(course=course, parent=a, name="B", user=teacher)
    c = services.folder_create(course=course, parent=b, name="C", user=teacher)
    target = services.folder_create(course=course, parent=None, name="T", user=teacher)
    services.document_move(document=b, target=target)
    c.refresh_from_db()
    assert c.path == f"/{target.pk}/{b.pk}/{c.pk}/"
    services.document_move(document=b, target=None)
    c.refresh_from_db()
    assert c.path == f"/{b.pk}/{c.pk}/"


def test_a_folder_cannot_move_into_itself_or_below(course, teacher):
    a = services.folder_create(course=course, parent=None, name="A", user=teacher)
    b = services.folder_create(course=course, parent=a, name="B", user=teacher)
    for target in (a, b):
        with pytest.raises(services.DocumentError, match="into itself"):
            services.document_move(document=a, target=target)


def test_move_refuses_a_name_clash(course, teacher):
    a = services.folder_create(course=course, parent=None, name="A", user=teacher)
    services.folder_create(course=course, parent=a, name="Same", user=teacher)
    other = services.folder_create(course=course, parent=None, name="Same", user=teacher)
    with pytest.raises(services.DocumentError, match="already"):
        services.document_move(document=other, target=a)


def test_replace_keeps_the_identity_and_drops_the_old_file(
    course, teacher, django_capture_on_commit_callbacks
):
    doc = services.file_upload(
        course=course, parent=None, upload=upload("pic.png", png_bytes()), user=teacher
    )
    old_file = stored(doc)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_replace(document=doc, upload=upload("new.pdf", PDF_BYTES))
    same = Document.objects.get(pk=doc.pk)
    assert same.content_type == "application/pdf" and same.name == "pic.pdf"
    assert stored(same).read_bytes() == PDF_BYTES
    assert not old_file.exists()
    assert not same.thumbnail


def test_delete_a_folder_removes_its_contents_and_files(
    course, teacher, django_capture_on_commit_callbacks
):
    folder = services.folder_create(course=course, parent=None, name="A", user=teacher)
    doc = services.file_upload(
        course=course, parent=folder, upload=upload("a.pdf", PDF_BYTES), user=teacher
    )
    path = stored(doc)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.document_delete(document=folder)
    assert count == 2
    assert not Document.objects.filter(course=course).exists()
    assert not path.exists()


def test_visibility_hides_the_contents_of_a_folder(course, teacher):
    folder = services.folder_create(course=course, parent=None, name="A", user=teacher)
    doc = services.file_upload(
        course=course, parent=folder, upload=upload("a.pdf", PDF_BYTES), user=teacher
    )
    services.document_set_visibility(document=folder, visible=False)
    assert not selectors.is_visible(doc, selectors.ancestors(doc))
    top = services.folder_create(course=course, parent=None, name="Top", user=teacher)
    services.document_move(document=folder, target=top)
    assert selectors.descendants(top, include_hidden=False) == []
    assert [d.name for d in selectors.descendants(top, include_hidden=True)] == ["A", "a.pdf"]


def test_quota_defaults_to_the_platform_and_can_be_overridden(course, settings):
    settings.DOCUMENTS_DEFAULT_QUOTA = 1234
    assert selectors.course_quota(course) == 1234
    DocumentSettings.objects.create(course=course, quota_mb=2)
    assert selectors.course_quota(course) == 2 * 1024 * 1024


def test_zip_import_builds_the_tree_and_merges_folders(course, teacher):
    existing = services.folder_create(course=course, parent=None, name="Unit 1", user=teacher)
    archive = zip_bytes(
        {
            "Unit 1/notes.txt": b"notes",
            "Unit 1/images/pic.png": png_bytes(),
            "readme.txt": b"hello",
            "__MACOSX/._readme.txt": b"junk",
        }
    )
    result = services.zip_import(
        course=course, parent=None, upload=upload("pack.zip", archive), user=teacher
    )
    assert len(result.files) == 3 and [f.name for f in result.folders] == ["images"]
    pic = Document.objects.get(course=course, name="pic.png")
    assert pic.ancestor_ids == [existing.pk, pic.parent_id]
    assert pic.thumbnail


def test_folder_zip_contains_the_visible_tree(course, teacher):
    folder = services.folder_create(course=course, parent=None, name="A", user=teacher)
    services.file_upload(course=course, parent=folder, upload=upload("a.txt", b"aaa"), user=teacher)
    hidden = services.file_upload(
        course=course, parent=folder, upload=upload("secret.txt", b"sss"), user=teacher
    )
    services.page_create(
        course=course, parent=folder, name="Intro", content="<p>x</p>", user=teacher
    )
    services.document_set_visibility(document=hidden, visible=False)
    with services.folder_zip(course=course, folder=None, include_hidden=False) as out:
        names = zipfile.ZipFile(io.BytesIO(out.read())).namelist()
    assert sorted(names) == ["A/", "A/Intro.html", "A/a.txt"]
    with services.folder_zip(course=course, folder=folder, include_hidden=True) as out:
        names = zipfile.ZipFile(io.BytesIO(out.read())).namelist()
    assert sorted(names) == ["Intro.html", "a.txt", "secret.txt"]


def test_a_huge_picture_gets_no_thumbnail(course, teacher, monkeypatch):
    monkeypatch.setattr(services, "THUMBNAIL_MAX_PIXELS", 100)
    doc = services.file_upload(
        course=course, parent=None, upload=upload("big.png", png_bytes((20, 20))), user=teacher
    )
    assert not doc.thumbnail and doc.media_kind == "image"


def test_a_broken_picture_is_kept_without_thumbnail(course, teacher):
    broken = png_bytes()[:40]
    doc = services.file_upload(
        course=course, parent=None, upload=upload("broken.png", broken), user=teacher
    )
    assert not doc.thumbnail and doc.size == 40


def test_a_name_taken_at_the_same_moment_is_a_message_not_a_crash(course, teacher, monkeypatch):
    services.folder_create(course=course, parent=None, name="Same", user=teacher)
    monkeypatch.setattr(services, "_name_taken", lambda *args, **kwargs: False)
    with pytest.raises(services.DocumentError, match="already in this folder"):
        services.folder_create(course=course, parent=None, name="Same", user=teacher)
    assert Document.objects.filter(course=course, name="Same").count() == 1
