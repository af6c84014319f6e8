"""A teacher sets an assignment; one learner hands in on time, another after the deadline;
the teacher corrects both with feedback; the learner reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Assignment, Submission
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_hand_in_on_time_and_late_then_feedback(
    course_roles, page, new_page, login, screenshot, password, fill_rich_text, tmp_path
):
    code = course_roles["course"].code
    EnrollmentFactory(
        course=course_roles["course"], role=Enrollment.Role.LEARNER, user__username="late"
    )
    work = tmp_path / "essay.pdf"
    work.write_bytes(PDF)
    wrong = tmp_path / "essay.txt"
    wrong.write_text("plain text")

    # The teacher sets the assignment.
    login(page, "teacher", password)
    page.goto(f"/courses/{code}/assignments/")
    page.get_by_role("link", name="New assignment").click()
    page.fill("input[name=title]", "Essay on fractions")
    fill_rich_text(page, "#id_instructions", "Write one page.")
    page.fill("input[name=max_score]", "20")
    deadline = timezone.localtime() + timedelta(days=1)
    page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=end_date]", (deadline + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("select[name=kind]", "file")
    page.fill("input[name=allowed_extensions]", "pdf")
    screenshot(page, "assignments-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Essay on fractions")).to_be_visible()
    assignment = Assignment.objects.get(title="Essay on fractions")

    # A learner hands in on time; a refused type says why first.
    learner = new_page()
    login(learner, "learner", password)
    learner.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    learner.set_input_files("input[name=file]", str(wrong))
    learner.get_by_role("button", name="Hand in").click()
    expect(learner.locator(".invalid-feedback, .alert-danger, .text-danger").first).to_contain_text(
        "not accepted"
    )
    learner.set_input_files("input[name=file]", str(work))
    learner.get_by_role("button", name="Hand in").click()
    expect(learner.get_by_test_id("own-work")).to_contain_text("On time")
    screenshot(learner, "assignments-learner-handed-in")

    # Time passes: the deadline is behind us; the other learner is late.
    Assignment.objects.filter(pk=assignment.pk).update(
        deadline=timezone.now() - timedelta(minutes=5)
    )
    late = new_page()
    login(late, "late", password)
    late.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    expect(late.get_by_text("work handed in now is marked late")).to_be_visible()
    late.set_input_files("input[name=file]", str(work))
    late.get_by_role("button", name="Hand in").click()
    expect(late.get_by_test_id("own-work")).to_contain_text("Late")

    # The teacher sees who is late and corrects both.
    page.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    expect(page.locator("tr[data-learner=learner]")).to_contain_text("On time")
    expect(page.locator("tr[data-learner=late]")).to_contain_text("Late")
    screenshot(page, "assignments-teacher-works")
    for username, score, feedback in (
        ("learner", "16", "Clear and well argued."),
        ("late", "11", "Late, and too short."),
    ):
        page.goto(f"/courses/{code}/assignments/{assignment.pk}/")
        page.locator(f"tr[data-learner={username}]").get_by_role("link", name="Correct").click()
        page.fill("input[name=score]", score)
        fill_rich_text(page, "#id_feedback", feedback)
        if username == "learner":
            screenshot(page, "assignments-correction")
        page.get_by_role("button", name="Save the correction").click()
        expect(page.locator(f"tr[data-learner={username}]")).to_contain_text(f"{score} / 20")
    assert Submission.objects.filter(assignment=assignment, graded_at__isnull=False).count() == 2

    # Download every work, send the corrections back as a zip: each file is reported.
    import zipfile

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all works").click()
    works = zipfile.ZipFile(download_info.value.path())
    corrected = tmp_path / "corrections.zip"
    with zipfile.ZipFile(corrected, "w") as archive:
        for name in works.namelist():
            archive.writestr(f"corrected/{name}", PDF)
        archive.writestr("corrected/summary.pdf", PDF)
    page.get_by_role("link", name="Upload corrections").click()
    page.set_input_files("input[name=archive]", str(corrected))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_test_id("report-summary")).to_contain_text("2 of 3 files matched a work.")
    expect(page.get_by_test_id("report")).to_contain_text("work number")
    screenshot(page, "assignments-corrections-report")

    # The learner reads the feedback.
    learner.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    expect(learner.get_by_test_id("feedback")).to_contain_text("16 / 20")
    expect(learner.get_by_test_id("feedback")).to_contain_text("Clear and well argued.")
    # The corrected work is final: no form to replace it, and the page says why.
    expect(learner.get_by_test_id("work-locked")).to_contain_text("can no longer be replaced")
    expect(learner.get_by_role("button", name="Replace my work")).to_have_count(0)
    screenshot(learner, "assignments-learner-feedback")

    # The teacher lets the learner hand in again; the learner replaces the work once.
    page.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    page.locator("tr[data-learner=learner]").get_by_role("link", name="Review").click()
    page.get_by_role("button", name="Let the learner hand in again").click()
    expect(page.get_by_test_id("reopen")).to_contain_text("may hand in this work again")
    screenshot(page, "assignments-reopened")
    learner.goto(f"/courses/{code}/assignments/{assignment.pk}/")
    expect(learner.get_by_test_id("work-reopened")).to_be_visible()
    learner.set_input_files("input[name=file]", str(work))
    learner.get_by_role("button", name="Replace my work").click()
    expect(learner.get_by_test_id("own-work")).to_contain_text("Handed in")
    expect(learner.get_by_role("button", name="Replace my work")).to_be_visible()
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
