"""The interchange page in Chromium: a teacher imports a Moodle backup and reads its report,
then exports the course as a Common Cartridge."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from assessments.models import Quiz
from backups.tests.test_moodle import build_mbz
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_imports_a_moodle_backup_and_reads_the_report(page, login, screenshot):
    course = CourseFactory(
        code="MOVE", title="Moved from Moodle", visibility=Course.Visibility.MEMBERS
    )
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER, user__username="teacher")
    login(page, "teacher", PASSWORD)
    page.goto(f"/courses/{course.code}/maintenance/interchange/")
    expect(page.locator("h1")).to_contain_text("Import and export")
    screenshot(page, "interop-index")

    # A file of the wrong kind is refused on the form, nothing started.
    form = page.get_by_test_id("moodle-import")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    form.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("moodle-import")).to_contain_text("Choose a file ending in .mbz")

    form = page.get_by_test_id("moodle-import")
    form.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "backup-moodle2-course-prog101.mbz",
                "mimeType": "application/vnd.moodle.backup",
                "buffer": build_mbz(),
            }
        ]
    )
    form.get_by_role("button", name="Import").click()
    report = page.locator("#interop-report")
    expect(report).to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("interop-message")).to_contain_text("items imported")
    expect(page.get_by_test_id("interop-imported")).to_contain_text("Week 1 quiz")
    skipped = page.get_by_test_id("interop-skipped")
    expect(skipped).to_contain_text("Labels are not imported.")
    expect(skipped).to_contain_text("Moodle activities of type lesson are not supported.")
    expect(skipped).to_contain_text("Random questions are not imported.")
    screenshot(page, "interop-moodle-report")
    assert Quiz.objects.filter(course=course, title="Week 1 quiz").exists()

    # The course now exports as a cartridge.
    page.get_by_role("link", name="Back").click()
    with page.expect_download() as download:
        page.get_by_test_id("cc-export").click()
    assert download.value.suggested_filename == "MOVE.imscc"


def test_the_report_in_french(page, login, screenshot):
    course = CourseFactory(code="FRA", title="Cours importé", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(
        course=course,
        role=Enrollment.Role.TEACHER,
        user__username="prof",
        user__language="fr",
    )
    login(page, "prof", PASSWORD)
    page.goto(f"/courses/{course.code}/maintenance/interchange/")
    expect(page.locator("h1")).to_contain_text("Import et export")
    form = page.get_by_test_id("moodle-import")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "cours.mbz", "mimeType": "application/octet-stream", "buffer": build_mbz()}]
    )
    form.get_by_role("button", name="Importer").click()
    expect(page.locator("#interop-report")).to_have_attribute("data-state", "done")
    skipped = page.get_by_test_id("interop-skipped")
    expect(skipped).to_contain_text("Les étiquettes ne sont pas importées.")
    expect(page.get_by_test_id("interop-message")).to_contain_text("éléments importés")
    expect(page.get_by_role("heading", name="Importé", exact=True)).to_be_visible()
    screenshot(page, "interop-moodle-report-fr")
