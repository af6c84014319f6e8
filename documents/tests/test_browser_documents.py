"""The documents tool as a teacher and a learner use it, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents.models import Document
from documents.tests.factories import png_bytes, wav_bytes
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DROP_FILE = """([selector, name, text]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, { type: "text/plain" }));
  const target = document.querySelector(selector);
  target.dispatchEvent(new DragEvent("dragover", { bubbles: true, dataTransfer: transfer }));
  target.dispatchEvent(new DragEvent("drop", { bubbles: true, dataTransfer: transfer }));
}"""


def row(page, name):
    return page.locator("tr[data-document]", has=page.get_by_role("link", name=name, exact=True))


def test_teacher_builds_documents_and_learner_reads_them(page, new_page, login, screenshot):
    course = CourseFactory(
        code="DOCS", title="Sound and images", visibility=Course.Visibility.MEMBERS
    )
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER, user__username="teacher")
    EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER, user__username="learner")
    base = f"/courses/{course.code}/documents/"

    # The teacher drops a file on the page, then chooses an image and a recording.
    login(page, "teacher", PASSWORD)
    page.goto(base)
    expect(page.locator("h1")).to_contain_text("Documents")
    page.evaluate(DROP_FILE, ["#documents-upload", "answers.txt", "The answers: 42."])
    expect(row(page, "answers.txt")).to_be_visible()
    page.set_input_files(
        "#documents-files",
        files=[
            {"name": "diagram.png", "mimeType": "image/png", "buffer": png_bytes((640, 480))},
            {"name": "greeting.wav", "mimeType": "audio/wav", "buffer": wav_bytes(1.5)},
        ],
    )
    expect(row(page, "diagram.png")).to_be_visible()
    expect(row(page, "greeting.wav")).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("2 files uploaded")
    expect(row(page, "diagram.png").locator("img.documents-thumb")).to_be_visible()
    expect(page.locator(".documents-quota")).to_contain_text("used of")
    screenshot(page, "documents-teacher-uploaded")
    image = Document.objects.get(course=course, name="diagram.png")

    # A web page with an image, written in the rich-text editor.
    page.get_by_role("link", name="New web page").click()
    page.fill("input[name=name]", "Welcome")
    editor = page.frame_locator(".tox-edit-area iframe")
    editor.locator("body").click()
    editor.locator("body").type("Welcome to the course. Here is the diagram:")
    page.locator("button[aria-label^='Insert/edit image']").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Source").fill(f"{base}{image.pk}/file/")
    dialog.get_by_label("Alternative description").fill("The diagram")
    dialog.get_by_role("button", name="Save").click()
    expect(editor.locator("img[alt='The diagram']")).to_be_visible()
    screenshot(page, "documents-teacher-editor")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".documents-page")).to_contain_text("Welcome to the course")
    expect(page.locator(".documents-page img")).to_have_attribute("src", f"{base}{image.pk}/file/")
    welcome = Document.objects.get(course=course, name="Welcome")
    assert f'src="{base}{image.pk}/file/"' in welcome.content

    # The answers are hidden from learners.
    page.goto(base)
    row(page, "answers.txt").get_by_title("Hide from learners").click()
    expect(row(page, "answers.txt")).to_contain_text("Hidden")
    screenshot(page, "documents-teacher-hid-one")
    assert page.console_errors == []
    hidden = Document.objects.get(course=course, name="answers.txt")
    assert not hidden.visible

    # The learner sees the visible documents only.
    learner = new_page(viewport={"width": 1280, "height": 900})
    learner.console_errors = []
    learner.on(
        "console", lambda m: learner.console_errors.append(m.text) if m.type == "error" else None
    )
    login(learner, "learner", PASSWORD)
    learner.goto(base)
    for name in ("diagram.png", "greeting.wav", "Welcome"):
        expect(row(learner, name)).to_be_visible()
    expect(learner.get_by_role("link", name="answers.txt")).to_have_count(0)
    expect(learner.locator("#documents-upload")).to_have_count(0)
    screenshot(learner, "documents-learner-list")

    # ...plays the recording...
    row(learner, "greeting.wav").get_by_role("link", name="greeting.wav").click()
    audio = learner.locator("audio.documents-player")
    expect(audio).to_be_visible()
    audio.click()  # a gesture on the page, so the browser lets it play
    learner.evaluate("document.querySelector('audio.documents-player').play()")
    wait_until(learner, "document.querySelector('audio.documents-player').currentTime > 0.2")
    assert learner.evaluate("document.querySelector('audio.documents-player').duration") > 1.4
    screenshot(learner, "documents-learner-audio")

    # ...reads the page with its image...
    learner.goto(base)
    learner.get_by_role("link", name="Welcome").click()
    picture = learner.locator(".documents-page img")
    expect(picture).to_be_visible()
    wait_until(learner, "document.querySelector('.documents-page img').naturalWidth > 0")
    screenshot(learner, "documents-learner-page")
    assert learner.console_errors == []

    # ...and cannot open the hidden one, even with its URL.
    for suffix in (f"{hidden.pk}/", f"{hidden.pk}/file/", f"{hidden.pk}/download/"):
        response = learner.goto(f"{base}{suffix}")
        assert response.status == 403, suffix
    screenshot(learner, "documents-learner-403")
    expect(learner.locator("h1")).to_contain_text("You cannot open this page")
    expect(learner.locator("body")).not_to_contain_text("The answers: 42")


def test_teacher_unpacks_a_zip_moves_and_reads_a_pdf_in_french(page, login, screenshot):
    from documents.tests.factories import PDF_BYTES, zip_bytes

    course = CourseFactory(code="ZIPS", title="Archives", visibility=Course.Visibility.MEMBERS)
    teacher = EnrollmentFactory(
        course=course, role=Enrollment.Role.TEACHER, user__username="prof"
    ).user
    teacher.language = "fr"
    teacher.save(update_fields=["language"])
    base = f"/courses/{course.code}/documents/"
    login(page, "prof", PASSWORD)
    page.goto(base)
    page.get_by_role("link", name="Décompresser un zip").click()
    archive = zip_bytes(
        {
            "Semaine 1/cours.pdf": PDF_BYTES,
            "Semaine 1/images/schema.png": png_bytes((300, 200), (20, 120, 200)),
            "Semaine 2/notes.txt": b"Notes de la semaine",
        }
    )
    page.set_input_files(
        "input[name=archive]",
        files=[{"name": "cours.zip", "mimeType": "application/zip", "buffer": archive}],
    )
    screenshot(page, "documents-zip-form-fr")
    page.get_by_role("button", name="Décompresser").click()
    expect(page.locator("#job-status")).to_have_attribute("data-state", "done")
    expect(page.locator("#job-status")).to_contain_text("3 fichiers, 3 nouveaux dossiers")
    screenshot(page, "documents-zip-job-fr")
    page.get_by_role("link", name="Retour aux documents").click()
    expect(row(page, "Semaine 1")).to_be_visible()
    screenshot(page, "documents-zip-unpacked-fr")

    # Move the notes from week 2 into week 1, then open the PDF.
    page.get_by_role("link", name="Semaine 2", exact=True).click()
    row(page, "notes.txt").get_by_role("button", name="Actions pour notes.txt").click()
    row(page, "notes.txt").get_by_role("link", name="Déplacer").click()
    page.select_option("select[name=target]", label="/Semaine 1")
    screenshot(page, "documents-move-fr")
    page.get_by_role("button", name="Déplacer").click()
    expect(page.locator(".alert-success")).to_contain_text("notes.txt déplacé")
    page.goto(base)
    page.get_by_role("link", name="Semaine 1", exact=True).click()
    expect(row(page, "notes.txt")).to_be_visible()
    expect(row(page, "images")).to_be_visible()
    page.get_by_role("link", name="cours.pdf").click()
    frame = page.locator("iframe.documents-pdf")
    expect(frame).to_be_visible()
    page.wait_for_timeout(1500)  # the browser's PDF viewer starts on its own, unobservable
    screenshot(page, "documents-pdf-fr")
    # A hostile archive is refused with its reason, and nothing changes.
    before = Document.objects.filter(course=course).count()
    page.goto(base + "import-zip/")
    page.set_input_files(
        "input[name=archive]",
        files=[
            {
                "name": "evil.zip",
                "mimeType": "application/zip",
                "buffer": zip_bytes({"../../evil.txt": b"x"}),
            }
        ],
    )
    page.get_by_role("button", name="Décompresser").click()
    expect(page.locator(".invalid-feedback, .text-danger").first).to_contain_text(
        "sort de son dossier"
    )
    screenshot(page, "documents-zip-refused-fr")
    assert Document.objects.filter(course=course).count() == before
    assert page.console_errors == []


def test_every_rich_text_area_becomes_the_editor(page, login, screenshot):
    """static/js/editor.js serves every tool: here the course description's form."""
    course = CourseFactory(code="RICH", title="Rich text", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER, user__username="writer")
    login(page, "writer", PASSWORD)
    page.goto(f"/courses/{course.code}/description/add/objectives/")
    editor = page.frame_locator(".tox-edit-area iframe")
    editor.locator("body").click()
    page.locator("button[aria-label='Bold']").click()
    editor.locator("body").type("Learn to listen")
    screenshot(page, "documents-editor-elsewhere")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".description-content strong")).to_have_text("Learn to listen")
    assert page.console_errors == []

    # In French, the editor speaks French too.
    writer = course.enrollments.get().user
    writer.language = "fr"
    writer.save(update_fields=["language"])
    page.goto(f"/courses/{course.code}/description/add/topics/")
    expect(page.locator("button[aria-label='Gras']")).to_be_visible()
    assert page.console_errors == []
