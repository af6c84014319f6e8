"""The teacher's gradebook, certificates issued without a reload, the learner's marks and
certificate, attendance taken in the browser, the class journal and the course home."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attendance import services as attendance
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from gradebook import services
from gradebook.models import Certificate, GradebookSettings
from journal import services as journal
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gradebook_certificates_attendance_journal(
    course_roles, page, new_page, login, screenshot, password
):
    course = course_roles["course"]
    code, learner = course.code, course_roles["learner"]
    other = EnrollmentFactory(
        course=course,
        role=Enrollment.Role.LEARNER,
        user__username="bob",
        user__first_name="Bob",
        user__last_name="Martin",
    ).user
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(60), certificates_enabled=False, use_scale=True
    )
    services.scale_set(
        course=course, levels=services.parse_scale("80 Very good\n60 Good\n0 Not yet")
    )
    exams = services.category_create(course=course, name="Exams", weight=Decimal(70))
    work = services.category_create(course=course, name="Coursework", weight=Decimal(30))
    written = services.evaluation_create(
        course=course, name="Written exam", category=exams, weight=Decimal(100)
    )
    services.marks_save(evaluation=written, marks={learner.pk: Decimal(15), other.pk: Decimal(8)})

    # The teacher adds the homework evaluation and types its marks.
    login(page, "teacher", password)
    page.goto(f"/courses/{code}/gradebook/")
    page.get_by_role("link", name="New evaluation").click()
    page.fill("input[name=name]", "Homework")
    # The weight starts at what remains at the top level (70 + 30: nothing) and follows the
    # level chosen: all of Coursework, still empty.
    expect(page.locator("input[name=weight]")).to_have_value("0")
    page.select_option("select[name=category]", str(work.pk))
    expect(page.locator("input[name=weight]")).to_have_value("100")
    page.select_option("select[name=link]", "offline")
    page.fill("input[name=max_score]", "10")
    screenshot(page, "gradebook-evaluation-form")
    page.get_by_role("button", name="Save").click()
    page.locator("tr", has_text="Homework").get_by_role("link", name="Marks").click()
    page.fill(f"#mark-{learner.pk}", "9")
    page.fill(f"#mark-{other.pk}", "5")
    screenshot(page, "gradebook-marks")
    page.get_by_role("button", name="Save the marks").click()
    expect(page.get_by_text("The marks have been saved.")).to_be_visible()
    page.goto(f"/courses/{code}/gradebook/settings/")
    screenshot(page, "gradebook-settings")
    page.goto(f"/courses/{code}/gradebook/")
    # learner: 0.7 x 75 + 0.3 x 90 = 79.5 % ("Good"); bob: 0.7 x 40 + 0.3 x 50 = 43 %.
    expect(page.locator("tr[data-learner=learner] [data-testid=total]")).to_contain_text("79.5 %")
    expect(page.locator("tr[data-learner=bob] [data-testid=total]")).to_contain_text("43 %")
    screenshot(page, "gradebook-teacher-grid")
    # The PDF is built by a job; its page offers the download.
    page.get_by_role("button", name="PDF").click()
    expect(page.get_by_test_id("job-download")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("job-download").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    GradebookSettings.objects.filter(course=course).update(certificates_enabled=True)
    page.goto(f"/courses/{code}/gradebook/certificates/")
    page.evaluate("window.noReload = true")
    page.get_by_role("button", name="Issue certificates now").click()
    expect(page.get_by_test_id("issue-result")).to_contain_text("1 new certificate issued")
    assert page.evaluate("window.noReload === true")  # shown in place, no reload
    expect(page.locator("tr[data-learner=learner]")).to_be_visible()
    screenshot(page, "gradebook-certificates")
    certificate = Certificate.objects.get(course=course)

    reader = new_page()
    login(reader, "learner", password)
    reader.goto(f"/courses/{code}/gradebook/")
    expect(reader.get_by_test_id("total")).to_contain_text("79.5 %")
    expect(reader.get_by_role("link", name="Download my certificate")).to_be_visible()
    screenshot(reader, "gradebook-learner")
    reader.goto(f"/certificates/verify/{certificate.code}/")
    expect(reader.get_by_test_id("verified")).to_contain_text("Course one")
    screenshot(reader, "gradebook-verify")

    # Attendance: two dates, taken in the browser.
    sheet = attendance.sheet_create(course=course, title="Lectures")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    first, second = attendance.sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=90,
        repeat="weekly",
        until=start + timedelta(weeks=1),
    )
    for session, statuses in ((first, ("present", "absent")), (second, ("late", "excused"))):
        page.goto(f"/courses/{code}/attendance/{sheet.pk}/dates/{session.pk}/")
        page.locator(f"label[for=status-{learner.pk}-{statuses[0]}]").click()
        page.locator(f"label[for=status-{other.pk}-{statuses[1]}]").click()
        if statuses[0] == "late":
            page.fill(f"#comment-{learner.pk}", "Train delayed")
            screenshot(page, "attendance-take")
        page.get_by_role("button", name="Save").click()
    expect(page.locator("tr[data-learner=learner] [data-testid=percent]")).to_contain_text("100 %")
    expect(page.locator("tr[data-learner=bob] [data-testid=percent]")).to_contain_text("0 %")
    screenshot(page, "attendance-sheet")
    reader.goto(f"/courses/{code}/attendance/")
    expect(reader.get_by_text("Train delayed")).to_be_visible()
    screenshot(reader, "attendance-learner")

    # The journal: one of two advances done, shown on the course home.
    theme = journal.theme_create(
        course=course,
        title="Fractions",
        objectives="Add and compare fractions.",
        methodology="Short lectures, exercises in pairs.",
    )
    journal.advance_save(
        theme=theme,
        date=start,
        duration_hours=Decimal("1.5"),
        content="Equivalent fractions",
        attendance_date_id=first.pk,
    )
    journal.advance_save(
        theme=theme,
        date=start + timedelta(weeks=1),
        duration_hours=Decimal(2),
        content="Adding fractions",
    )
    page.goto(f"/courses/{code}/journal/")
    page.get_by_role("button", name="Mark as done").first.click()
    expect(page.get_by_test_id("progress")).to_contain_text("50 %")
    screenshot(page, "journal")
    reader.goto(f"/courses/{code}/")
    expect(reader.locator("[data-tool=journal] [data-testid=tool-summary]")).to_contain_text(
        "50 % done"
    )
    screenshot(reader, "course-home-journal")
    # The learner reads in French.
    type(learner).objects.filter(pk=learner.pk).update(language="fr")
    reader.goto(f"/courses/{code}/gradebook/")
    expect(reader.get_by_role("heading", name="Mes notes")).to_be_visible()
    expect(reader.get_by_test_id("total")).to_contain_text("79,5\u00a0%")
    screenshot(reader, "gradebook-learner-fr")
    reader.goto(f"/courses/{code}/attendance/")
    expect(reader.get_by_role("heading", name="Mes présences")).to_be_visible()
    reader.goto(f"/courses/{code}/journal/")
    expect(reader.get_by_role("heading", name="Progression du cours")).to_be_visible()
    screenshot(reader, "journal-learner-fr")
    wait_until(page, "document.readyState === 'complete'")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
