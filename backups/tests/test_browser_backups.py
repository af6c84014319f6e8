"""In Chromium: a teacher backs a course up (watching its progress), downloads the zip and
restores it into a new course."""

import dataclasses
import zipfile

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from assignments.models import Assignment
from backups import api, tasks, views
from core.models import Job
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents.models import Document
from documents.tests.factories import PDF_BYTES
from glossary.models import Term
from wiki.models import Revision, WikiPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _course(teacher):
    course = CourseFactory(code="CHEM", title="Chemistry", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(user=teacher, course=course, role=Enrollment.Role.TEACHER)
    folder = Document.objects.create(course=course, kind="folder", name="Week 1")
    Document.objects.filter(pk=folder.pk).update(path=f"/{folder.pk}/")
    folder.refresh_from_db()
    pdf = Document(
        course=course, parent=folder, kind="file", name="lab.pdf", content_type="application/pdf"
    )
    pdf.file.save("lab.pdf", ContentFile(PDF_BYTES), save=False)
    pdf.size = len(PDF_BYTES)
    pdf.save()
    Document.objects.filter(pk=pdf.pk).update(path=f"{folder.path}{pdf.pk}/")
    Term.objects.create(course=course, term="Atom", definition="<p>Small</p>")
    page = WikiPage.objects.create(
        course=course, title="Home", key="home", content="<p>v2</p>", revision=2
    )
    for number in (1, 2):
        Revision.objects.create(page=page, number=number, title="Home", content=f"<p>v{number}</p>")
    return course


def test_backup_download_and_restore_into_a_new_course(
    page, login, screenshot, monkeypatch, tmp_path
):
    teacher = UserFactory(username="tina", platform_role="teacher")
    course = _course(teacher)
    queued = []
    # The job waits in the queue, as with a real broker, so that the page shows it moving.
    monkeypatch.setattr(views, "job_enqueue", lambda job, task: queued.append(job))
    login(page, "tina", PASSWORD)
    page.goto(f"/courses/{course.code}/maintenance/")
    expect(page.locator("h1")).to_have_text("Course maintenance")
    screenshot(page, "backups-index")
    page.get_by_test_id("start-backup").click()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", "queued")

    wiki = api.get_provider("wiki")

    def watched_export(course, selection, writer):
        # Half way through (documents and others done): the page shows the job running.
        expect(page.locator("#job-status")).to_have_attribute("data-state", "running")
        expect(page.locator("#job-status .progress-bar")).not_to_have_text("0 %")
        screenshot(page, "backups-progress")
        return wiki.export(course, selection, writer)

    monkeypatch.setitem(api._PROVIDERS, "wiki", dataclasses.replace(wiki, export=watched_export))
    tasks.backup_task(queued[0].pk)
    expect(status).to_have_attribute("data-state", "done")
    expect(status).to_contain_text("is ready")
    screenshot(page, "backups-done")
    with page.expect_download() as download_info:
        page.get_by_test_id("job-download").click()
    archive = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(archive)
    with zipfile.ZipFile(archive) as zf:
        assert "manifest.json" in zf.namelist()

    monkeypatch.undo()  # the restore runs as it does without a broker
    page.goto(f"/courses/{course.code}/maintenance/")
    expect(page.get_by_test_id("backup-row")).to_have_count(1)
    page.set_input_files("#id_archive", str(archive))
    page.select_option("#id_target", "new")
    page.fill("#id_new_code", "CHEM2")
    page.fill("#id_new_title", "Chemistry, second run")
    page.get_by_label("Skip it: keep what the course has").check()
    screenshot(page, "backups-restore-form")
    page.get_by_test_id("start-restore").click()
    expect(status).to_have_attribute("data-state", "done")
    expect(status).to_contain_text("restored into Chemistry, second run")
    screenshot(page, "backups-restored")
    job = Job.objects.get(kind="course_restore")
    copy = Course.objects.get(code="CHEM2")
    assert job.result["course_id"] == copy.pk
    page.goto(f"/courses/{copy.code}/documents/")
    expect(page.locator("body")).to_contain_text("Week 1")
    screenshot(page, "backups-restored-documents")
    restored = Document.objects.get(course=copy, name="lab.pdf")
    assert restored.file.read() == PDF_BYTES
    assert WikiPage.objects.get(course=copy).revisions.count() == 2


def test_copy_into_another_course_then_empty_the_first(page, login, screenshot):
    teacher = UserFactory(username="tina", platform_role="teacher")
    course = _course(teacher)
    other = CourseFactory(code="PHYS", title="Physics", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(user=teacher, course=other, role=Enrollment.Role.TEACHER)
    login(page, "tina", PASSWORD)
    page.goto(f"/courses/{course.code}/maintenance/copy/")
    for box in page.locator("input[name^=tool_]").all():
        box.uncheck()
    page.get_by_label("Glossary", exact=True).check()
    page.locator("details", has_text="Pick from 1 item").nth(0).locator("summary").click()
    page.select_option("#id_target", str(other.pk))
    screenshot(page, "backups-copy")
    page.get_by_role("button", name="Copy", exact=True).click()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", "done")
    expect(status).to_contain_text("copied into Physics")
    assert list(Term.objects.filter(course=other).values_list("term", flat=True)) == ["Atom"]

    Assignment.objects.create(course=course, title="Lab report")
    page.goto(f"/courses/{course.code}/maintenance/recycle/")
    page.get_by_label("Glossary", exact=True).check()
    page.get_by_label("Wiki", exact=True).check()
    page.get_by_label("Assignments", exact=True).check()
    page.get_by_role("button", name="Show what will be deleted").click()
    preview = page.get_by_test_id("recycle-preview")
    expect(preview).to_contain_text("Glossary terms (1)")
    expect(preview).to_contain_text("Wiki pages (1)")
    expect(preview).to_contain_text("Assignments, with the works handed in (1)")
    expect(preview).not_to_contain_text("Documents")
    screenshot(page, "backups-recycle-confirm")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete this content").click()
    expect(page.locator(".alert-success")).to_contain_text("Tools emptied: 3")
    assert not Term.objects.filter(course=course).exists()
    assert not WikiPage.objects.filter(course=course).exists()
    assert not Assignment.objects.filter(course=course).exists()
    assert Document.objects.filter(course=course).count() == 2
    assert Term.objects.filter(course=other).exists()
