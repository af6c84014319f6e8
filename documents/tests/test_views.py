"""The documents pages through Django's client: who sees what, and how files are sent."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.tests.factories import CourseFactory
from documents import services
from documents.models import Document
from documents.tests.factories import PDF_BYTES, png_bytes, upload, wav_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(course_roles):
    """A visible file, a hidden file, a hidden folder with a file, a visible page, an image."""
    course, teacher = course_roles["course"], course_roles["teacher"]

    def up(name, content, parent=None):
        return services.file_upload(
            course=course, parent=parent, upload=upload(name, content), user=teacher
        )

    hidden_folder = services.folder_create(course=course, parent=None, name="Drafts", user=teacher)
    result = {
        "visible": up("lesson.pdf", PDF_BYTES),
        "hidden": up("answers.pdf", PDF_BYTES),
        "folder": hidden_folder,
        "in_hidden_folder": up("draft.wav", wav_bytes(0.2), hidden_folder),
        "image": up("pic.png", png_bytes()),
        "page": services.page_create(
            course=course, parent=None, name="Welcome", content="<p>Hi</p>", user=teacher
        ),
    }
    services.document_set_visibility(document=result["hidden"], visible=False)
    services.document_set_visibility(document=hidden_folder, visible=False)
    return result


def url(course, suffix=""):
    return f"/courses/{course.code}/documents/{suffix}"


def test_learner_sees_only_visible_documents(course_roles, client_for, docs):
    course = course_roles["course"]
    page = client_for(course_roles["learner"]).get(url(course)).content.decode()
    for name in ("lesson.pdf", "pic.png", "Welcome"):
        assert name in page
    for name in ("answers.pdf", "Drafts"):
        assert name not in page
    assert "Upload" not in page and "Disk space" not in page


def test_teacher_and_tutor_see_hidden_documents(course_roles, client_for, docs):
    course = course_roles["course"]
    for role in ("teacher", "tutor"):
        page = client_for(course_roles[role]).get(url(course)).content.decode()
        assert "answers.pdf" in page and "Drafts" in page
    assert "Disk space" in client_for(course_roles["teacher"]).get(url(course)).content.decode()


HIDDEN_URLS = [
    ("hidden", "{pk}/"),
    ("hidden", "{pk}/file/"),
    ("hidden", "{pk}/download/"),
    ("in_hidden_folder", "{pk}/"),
    ("in_hidden_folder", "{pk}/file/"),
    ("folder", "folder/{pk}/"),
    ("folder", "folder/{pk}/zip/"),
]


@pytest.mark.parametrize(("key", "suffix"), HIDDEN_URLS)
def test_learner_gets_403_on_hidden_documents_by_url(course_roles, client_for, docs, key, suffix):
    course = course_roles["course"]
    target = url(course, suffix.format(pk=docs[key].pk))
    assert client_for(course_roles["learner"]).get(target).status_code == 403
    assert client_for(course_roles["teacher"]).get(target).status_code == 200


def test_outsider_and_anonymous_are_kept_out(course_roles, client_for, docs):
    course = course_roles["course"]
    target = url(course, f"{docs['visible'].pk}/file/")
    assert client_for(course_roles["outsider"]).get(target).status_code == 403
    anonymous = client_for(None).get(target)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url


def test_another_course_document_is_a_404(course_roles, client_for, docs):
    other = CourseFactory(code="OTHER")
    assert (
        client_for(course_roles["admin"]).get(url(other, f"{docs['visible'].pk}/file/")).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("post", "upload/"),
        ("get", "new-folder/"),
        ("get", "new-page/"),
        ("get", "import-zip/"),
        ("get", "{pk}/rename/"),
        ("get", "{pk}/move/"),
        ("get", "{pk}/replace/"),
        ("post", "{pk}/visibility/"),
        ("post", "{pk}/delete/"),
        ("get", "editor/images/"),
        ("post", "editor/upload/"),
    ],
)
def test_learner_cannot_change_anything(course_roles, client_for, docs, method, suffix):
    course = course_roles["course"]
    target = url(course, suffix.format(pk=docs["visible"].pk))
    response = getattr(client_for(course_roles["learner"]), method)(target)
    assert response.status_code == 403
    assert Document.objects.get(pk=docs["visible"].pk).visible


def test_teacher_pages_render(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    for suffix in (
        "",
        f"folder/{docs['folder'].pk}/",
        "new-folder/",
        f"folder/{docs['folder'].pk}/new-page/",
        "import-zip/",
        f"{docs['visible'].pk}/rename/",
        f"{docs['visible'].pk}/move/",
        f"{docs['visible'].pk}/replace/",
        f"{docs['page'].pk}/edit/",
        f"{docs['page'].pk}/",
        f"{docs['image'].pk}/",
        f"{docs['in_hidden_folder'].pk}/",
        f"{docs['visible'].pk}/",
    ):
        response = client.get(url(course, suffix))
        assert response.status_code == 200, suffix
    assert client.get(url(course, f"folder/{docs['page'].pk}/")).status_code == 404
    assert client.get(url(course, f"{docs['folder'].pk}/")).status_code == 302


def test_viewers_per_kind(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    image = client.get(url(course, f"{docs['image'].pk}/")).content.decode()
    assert "<img" in image and f"{docs['image'].pk}/file/" in image
    audio = client.get(url(course, f"{docs['in_hidden_folder'].pk}/")).content.decode()
    assert "<audio" in audio
    pdf = client.get(url(course, f"{docs['visible'].pk}/")).content.decode()
    assert "<iframe" in pdf
    page = client.get(url(course, f"{docs['page'].pk}/")).content.decode()
    assert "<p>Hi</p>" in page


def test_teacher_actions_through_the_pages(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    visible = docs["visible"]
    assert client.post(url(course, "new-folder/"), {"name": "Week 2"}).status_code == 302
    week = Document.objects.get(course=course, name="Week 2")
    client.post(url(course, f"{visible.pk}/move/"), {"target": str(week.pk)})
    client.post(url(course, f"{visible.pk}/rename/"), {"name": "Syllabus"})
    client.post(url(course, f"{visible.pk}/visibility/"), {})
    visible.refresh_from_db()
    assert (visible.parent, visible.name, visible.visible) == (week, "Syllabus.pdf", False)
    response = client.post(
        url(course, f"{visible.pk}/replace/"), {"file": upload("v2.pdf", PDF_BYTES + b"%v2")}
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=visible.pk).size == len(PDF_BYTES) + 3
    client.post(url(course, f"{week.pk}/delete/"))
    assert not Document.objects.filter(pk__in=[week.pk, visible.pk]).exists()


def test_upload_many_files_as_json(course_roles, client_for, docs):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        url(course, f"folder/{docs['folder'].pk}/upload/"),
        {"files": [upload("one.txt", b"1"), upload("two.txt", b"2"), upload("bad.php", b"x")]},
        HTTP_ACCEPT="application/json",
    )
    answer = response.json()
    assert response.status_code == 200
    assert answer["created"] == ["one.txt", "two.txt"]
    assert len(answer["errors"]) == 1 and "not accepted" in answer["errors"][0]


def test_editor_image_upload_and_list(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    response = client.post(
        url(course, f"editor/upload/?folder={docs['folder'].pk}"),
        {"file": upload("pasted.png", png_bytes())},
    )
    image = Document.objects.get(course=course, name="pasted.png")
    assert response.json() == {"location": url(course, f"{image.pk}/file/")}
    assert image.parent == docs["folder"]
    refused = client.post(url(course, "editor/upload/"), {"file": upload("a.txt", b"text")})
    assert refused.status_code == 400 and "error" in refused.json()
    listed = client.get(url(course, "editor/images/")).json()
    assert {item["title"] for item in listed} == {"pic.png", "pasted.png"}


# --- Sending files ----------------------------------------------------------------------------


def test_file_headers_type_name_and_caching(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["learner"])
    response = client.get(url(course, f"{docs['visible'].pk}/file/"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="lesson.pdf"'
    assert response["Accept-Ranges"] == "bytes" and response["ETag"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    # The site policy (object-src 'none') would keep the browser's PDF viewer from starting.
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    download = client.get(url(course, f"{docs['visible'].pk}/download/"))
    assert download["Content-Disposition"] == 'attachment; filename="lesson.pdf"'
    thumb = client.get(url(course, f"{docs['image'].pk}/thumbnail/"))
    assert thumb["Content-Type"] == "image/jpeg" and thumb.status_code == 200
    assert "sandbox" in thumb["Content-Security-Policy"]


def test_range_requests(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    target = url(course, f"{docs['visible'].pk}/file/")
    size = len(PDF_BYTES)
    part = client.get(target, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-9/{size}" and part["Content-Length"] == "10"
    assert b"".join(part.streaming_content) == PDF_BYTES[:10]
    tail = client.get(target, HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == PDF_BYTES[-5:]
    open_ended = client.get(target, HTTP_RANGE=f"bytes={size - 3}-")
    assert b"".join(open_ended.streaming_content) == PDF_BYTES[-3:]
    beyond = client.get(target, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    stale = client.get(target, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200  # the file changed: the whole of it
    several = client.get(target, HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200


def test_conditional_get(course_roles, client_for, docs):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    target = url(course, f"{docs['visible'].pk}/file/")
    first = client.get(target)
    again = client.get(target, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(target, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    services.file_replace(document=docs["visible"], upload=upload("x.pdf", PDF_BYTES + b"%2"))
    assert client.get(target, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_head_request(course_roles, client_for, docs):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).head(url(course, f"{docs['visible'].pk}/file/"))
    assert response.status_code == 200 and response["Content-Length"] == str(len(PDF_BYTES))


def test_folder_zip_for_a_learner_leaves_hidden_documents_out(course_roles, client_for, docs):
    course = course_roles["course"]
    response = client_for(course_roles["learner"]).get(url(course, "zip/"))
    assert response["Content-Disposition"] == 'attachment; filename="CRS1-documents.zip"'
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert sorted(names) == ["Welcome.html", "lesson.pdf", "pic.png"]


# --- Query counts -----------------------------------------------------------------------------


def make_listing(course, teacher, count) -> Document:
    Document.objects.filter(course=course).delete()
    folder = services.folder_create(course=course, parent=None, name="Big", user=teacher)
    Document.objects.bulk_create(
        Document(
            course=course,
            parent=folder,
            kind=Document.Kind.FILE,
            name=f"file {n}.pdf",
            content_type="application/pdf",
            size=10,
            path=f"{folder.path}0/",
        )
        for n in range(count)
    )
    return folder


@pytest.mark.parametrize("role", ["teacher", "learner"])
def test_folder_listing_queries_do_not_grow(
    course_roles, client_for, django_assert_num_queries, role
):
    course, teacher = course_roles["course"], course_roles["teacher"]
    client = client_for(course_roles[role])
    client.get(url(course))  # sessions and caches warmed
    folder = make_listing(course, teacher, 10)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url(course, f"folder/{folder.pk}/"))
    assert response.content.decode().count("file-earmark-pdf") == 10
    assert len(small) <= 12
    folder = make_listing(course, teacher, 500)
    with django_assert_num_queries(len(small)):
        response = client.get(url(course, f"folder/{folder.pk}/"))
    assert response.content.decode().count("file-earmark-pdf") == 500


def test_a_page_deep_in_folders_costs_four_queries(
    course_roles, client_for, no_deferred_loads, django_assert_num_queries
):
    """The user, the course with the viewer's role, the document, its folders (one query
    whatever the depth; the top folder's group is read with them, not after)."""
    course, teacher = course_roles["course"], course_roles["teacher"]
    parent = None
    for name in ("Term 1", "Week 2", "Day 3"):
        parent = services.folder_create(course=course, parent=parent, name=name, user=teacher)
    page = services.page_create(
        course=course, parent=parent, name="Notes", content="<p>Hello</p>", user=teacher
    )
    client = client_for(course_roles["learner"])
    client.get(url(course, f"{page.pk}/"))  # sessions and per-course caches warmed
    with django_assert_num_queries(4):
        response = client.get(url(course, f"{page.pk}/"))
    assert "Hello" in response.content.decode()


def test_moving_a_document_reads_no_left_out_field(
    course_roles, client_for, no_deferred_loads, django_assert_num_queries
):
    """The move form lists the folders (documents.selectors.course_folders, read with only());
    document_move checks the chosen one's course and kind: both read with the list, not one
    query each afterwards (no_deferred_loads makes such a read fail; 15 queries then)."""
    course, teacher = course_roles["course"], course_roles["teacher"]
    term = services.folder_create(course=course, parent=None, name="Term 1", user=teacher)
    week = services.folder_create(course=course, parent=term, name="Week 2", user=teacher)
    page = services.page_create(
        course=course, parent=None, name="Notes", content="<p>Hi</p>", user=teacher
    )
    client = client_for(teacher)
    form = client.get(url(course, f"{page.pk}/move/")).content.decode()
    assert "/Term 1/Week 2" in form
    with django_assert_num_queries(13):
        response = client.post(url(course, f"{page.pk}/move/"), {"target": str(week.pk)})
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.parent_id, page.path) == (week.pk, f"{week.path}{page.pk}/")


# --- French -----------------------------------------------------------------------------------


def test_pages_and_refusals_in_french(course_roles, client_for, settings):
    settings.DOCUMENTS_DEFAULT_QUOTA = 1000
    course, teacher = course_roles["course"], course_roles["teacher"]
    teacher.language = "fr"
    teacher.save(update_fields=["language"])
    client = client_for(teacher)
    page = client.get(url(course)).content.decode()
    assert "Nouveau dossier" in page and "Déposez des fichiers ici" in page
    response = client.post(
        url(course, "upload/"),
        {"files": [upload("a.php", b"x"), upload("big.txt", b"x" * 2000)]},
        HTTP_ACCEPT="application/json",
    )
    errors = response.json()["errors"]
    assert "ne sont pas acceptés" in errors[0]
    assert errors[1].startswith("Espace insuffisant")


def test_the_french_catalogue_is_complete():
    from pathlib import Path

    import polib

    catalogue = polib.pofile(
        str(Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    )
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()


MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_video_svg_and_text_are_shown_or_sent_safely(course_roles, client_for):
    course, teacher = course_roles["course"], course_roles["teacher"]

    def up(name, content):
        return services.file_upload(
            course=course, parent=None, upload=upload(name, content), user=teacher
        )

    video = up("clip.mp4", MP4_BYTES)
    svg = up("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')
    text = up("notes.txt", b"<b>not html</b>")
    client = client_for(course_roles["learner"])
    assert "<video" in client.get(url(course, f"{video.pk}/")).content.decode()
    assert client.get(url(course, f"{video.pk}/file/"))["Content-Type"] == "video/mp4"
    # SVG can carry scripts: it is never shown inline, only downloaded.
    sent = client.get(url(course, f"{svg.pk}/file/"))
    assert sent["Content-Disposition"].startswith("attachment")
    shown = client.get(url(course, f"{text.pk}/")).content.decode()
    assert "&lt;b&gt;not html&lt;/b&gt;" in shown
    raw = client.get(url(course, f"{text.pk}/file/"))
    assert raw["Content-Disposition"].startswith("inline")
    assert "sandbox" in raw["Content-Security-Policy"]


def test_a_learner_cannot_see_a_switched_off_tool(course_roles, client_for, docs):
    from courses.models import CourseTool

    course = course_roles["course"]
    CourseTool.objects.create(course=course, tool_key="documents", enabled=False)
    assert client_for(course_roles["learner"]).get(url(course)).status_code == 404
    assert client_for(course_roles["teacher"]).get(url(course)).status_code == 200


def test_upload_without_a_file_says_so(course_roles, client_for):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        url(course, "upload/"), {}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["Choose at least one file to upload."]


# --- Unpacking a zip in the background --------------------------------------------------------


def test_zip_import_runs_as_a_job(
    course_roles, client_for, docs, settings, django_capture_on_commit_callbacks
):
    from core.models import Job
    from documents.tests.factories import zip_bytes

    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    archive = zip_bytes({"Unit/a.txt": b"a", "Unit/b.png": png_bytes()})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(course, f"folder/{docs['folder'].pk}/import-zip/"),
            {"archive": upload("pack.zip", archive)},
        )
    job = Job.objects.get(course=course)
    assert response.status_code == 302 and response.url == url(course, f"import-zip/{job.pk}/")
    assert job.state == Job.State.DONE and job.result["files"] == 2
    unit = Document.objects.get(course=course, name="Unit")
    assert unit.parent == docs["folder"]
    assert sorted(unit.children.values_list("name", flat=True)) == ["a.txt", "b.png"]
    # The stored copy of the archive is gone once unpacked.
    assert not list((settings.MEDIA_ROOT / "documents" / str(course.pk) / "incoming").iterdir())
    page = client.get(response.url).content.decode()
    assert "2 files, 1 new folder." in page and "Back to Drafts" in page
    assert client_for(course_roles["learner"]).get(response.url).status_code == 403
    other = CourseFactory(code="OTHER")
    assert (
        client_for(course_roles["admin"]).get(url(other, f"import-zip/{job.pk}/")).status_code
        == 404
    )


def test_zip_job_refusing_a_file_leaves_the_tree_unchanged(
    course_roles, client_for, docs, django_capture_on_commit_callbacks
):
    from core.models import Job
    from documents.tests.factories import zip_bytes

    course = course_roles["course"]
    before = Document.objects.filter(course=course).count()
    archive = zip_bytes({"ok.txt": b"ok", "photo.png": b"MZ" + b"\0" * 100})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(course_roles["teacher"]).post(
            url(course, "import-zip/"), {"archive": upload("pack.zip", archive)}
        )
    job = Job.objects.get(course=course)
    assert job.state == Job.State.FAILED and "program" in job.message
    assert Document.objects.filter(course=course).count() == before


def test_zip_job_is_idempotent_and_survives_a_deleted_folder(
    course_roles, docs, django_capture_on_commit_callbacks
):
    from core.models import Job
    from documents.tasks import zip_import_task
    from documents.tests.factories import zip_bytes

    course, teacher = course_roles["course"], course_roles["teacher"]
    target = services.folder_create(course=course, parent=None, name="Target", user=teacher)
    job = services.zip_import_queue(
        course=course,
        parent=target,
        upload=upload("p.zip", zip_bytes({"a.txt": b"a"})),
        user=teacher,
    )
    services.document_delete(document=target)
    zip_import_task(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "deleted" in job.message
    zip_import_task(job.pk)  # a second delivery does nothing
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


def test_glossary_terms_are_explained_in_pages_when_the_course_asks(course_roles, client_for):
    from documents.services import page_create
    from glossary.services import settings_update, term_create

    course = course_roles["course"]
    page = page_create(
        course=course,
        parent=None,
        name="Cells",
        content="<p>The mitochondria work.</p>",
        user=course_roles["teacher"],
    )
    term_create(course=course, term="mitochondria", definition="<p>Power plants</p>")
    url = f"/courses/{course.code}/documents/{page.pk}/"
    client = client_for(course_roles["learner"])
    assert "glossary-term" not in client.get(url).content.decode()
    settings_update(course=course, highlight_in_documents=True)
    html = client.get(url).content.decode()
    assert "glossary-term" in html and "Power plants" in html
    assert "glossary/tooltips.js" in html
