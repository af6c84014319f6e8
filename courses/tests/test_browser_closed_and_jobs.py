"""In Chromium: a closed course on its learner's home page; a job whose worker went silent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from core import jobs
from core.models import Job
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_closed_course_is_greyed_and_explained(page, login, screenshot):
    learner = UserFactory(username="lea")
    closed = CourseFactory(title="Closed chemistry", visibility=Course.Visibility.CLOSED)
    open_course = CourseFactory(title="Open biology", visibility=Course.Visibility.MEMBERS)
    for course in (closed, open_course):
        EnrollmentFactory(user=learner, course=course, role=Enrollment.Role.LEARNER)
    login(page, "lea", PASSWORD)
    card = page.locator(".course-card[data-closed]")
    expect(card).to_contain_text("Closed by its teacher")
    expect(card.locator("a")).to_have_count(0)
    assert page.locator(".course-card:not([data-closed]) a.stretched-link").count() == 1
    screenshot(page, "my-courses-closed-course")
    page.goto(f"/courses/{closed.code}/")
    expect(page.locator("h1")).to_have_text("Closed chemistry")
    expect(page.locator("body")).to_contain_text("closed by its teacher")
    screenshot(page, "closed-course-page")


def test_a_silent_job_shows_failed_with_a_retry_button(page, login, screenshot, settings):
    settings.JOB_STALE_SECONDS = 1
    teacher = UserFactory(username="tina")
    course = CourseFactory(title="Big course", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(user=teacher, course=course, role=Enrollment.Role.TEACHER)
    job = jobs.job_create(
        kind="bulk_enroll", user=teacher, course=course, payload={"csv": "username\nx\n"}
    )
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING,
        progress=25,
        attempts=1,
        started_at=timezone.now() - timedelta(minutes=5),
        heartbeat_at=timezone.now() - timedelta(minutes=4),
    )
    login(page, "tina", PASSWORD)
    page.goto(f"/jobs/{job.pk}/")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", "failed")
    expect(status).to_contain_text("The worker running this job stopped")
    expect(status.get_by_role("button", name="Retry")).to_be_visible()
    screenshot(page, "job-worker-lost")
