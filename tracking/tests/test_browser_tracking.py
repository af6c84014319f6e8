"""The course pages' heartbeat in Chromium, and the reporting page a teacher reads."""

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from tracking import buffer
from tracking.models import CourseDay
from tracking.services import hits_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_time_in_a_course_counts_while_the_page_is_used(
    page, login, screenshot, password, settings
):
    settings.TRACKING_BEAT_SECONDS = 1
    settings.TRACKING_BEAT_CAP_SECONDS = 2
    buffer.drain()
    course = CourseFactory(code="TIME1", title="Timed course")
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    login(page, learner.username, password)
    page.goto(f"/courses/{course.code}/")
    for _ in range(8):  # a learner reading and scrolling for about four seconds
        page.mouse.move(200, 300)
        page.mouse.wheel(0, 10)
        page.wait_for_timeout(500)
    page.goto("/")  # leaving sends the last beat
    page.wait_for_timeout(500)
    hits_flush()
    row = CourseDay.objects.get(user=learner, course=course)
    assert row.visits == 1
    assert 1 <= row.seconds <= 6, row.seconds  # about four seconds of use, beats of one

    page.context.clear_cookies()
    login(page, teacher.username, password)
    page.goto(f"/courses/{course.code}/reporting/")
    expect(page.locator("#report tbody tr")).to_have_count(1)
    expect(page.locator("#report tbody tr td").first).not_to_have_text("0:00:00")
    screenshot(page, "tracking-course-report")
    page.locator("#report tbody a").first.click()
    expect(page.locator("h1")).to_contain_text(learner.last_name)
    screenshot(page, "tracking-learner")
