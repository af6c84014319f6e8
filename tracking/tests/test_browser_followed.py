"""An HR manager reads the progress of the learners given to them, and nobody else's."""

import time

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from learnpaths.models import LearningPath, PathAttempt
from tracking import buffer
from tracking.services import followed_add, hits_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_manager_sees_their_learners_progress_and_not_others(
    page, login, screenshot, password
):
    buffer.drain()
    maths = CourseFactory(code="MATHS", title="Mathematics")
    physics = CourseFactory(code="PHYS", title="Physics")
    ann = UserFactory(username="ann", first_name="Ann", last_name="Archer")
    bob = UserFactory(username="bob", first_name="Bob", last_name="Baker")
    eve = UserFactory(username="eve", first_name="Eve", last_name="Elsewhere")
    now = time.time()
    for user, courses, seconds in (
        (ann, [maths, physics], 1800),
        (bob, [maths], 600),
        (eve, [maths], 999),
    ):
        for course in courses:
            EnrollmentFactory(course=course, user=user, role=Enrollment.Role.LEARNER)
            buffer.push(("hit", user.pk, course.pk, "", now))
            buffer.push(("time", user.pk, course.pk, seconds, now))
    hits_flush()
    path = LearningPath.objects.create(course=maths, title="Algebra", item_count=4)
    PathAttempt.objects.create(path=path, user=ann, done_count=3, seconds=60)
    manager = UserFactory(username="hr", platform_role="hr_manager")
    followed_add(follower=manager, learners=[ann, bob])

    login(page, manager.username, password)
    page.goto("/")
    page.get_by_role("link", name="Learners I follow").click()
    rows = page.locator("#followed tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator('tr[data-learner="ann"] td').nth(1)).to_have_text("1:00:00")
    expect(page.locator('tr[data-learner="bob"] td').nth(1)).to_have_text("0:10:00")
    expect(page.locator('tr[data-learner="ann"] td').nth(2)).to_have_text("75 %")
    expect(page.locator("#followed")).not_to_contain_text("Elsewhere")
    screenshot(page, "tracking-followed-learners")
    page.get_by_role("link", name="Ann Archer").click()
    expect(page.locator("h1")).to_have_text("Ann Archer")
    expect(page.locator("#followed-courses tbody tr")).to_have_count(2)
    expect(page.locator('tr[data-course="PHYS"] td').nth(1)).to_have_text("0:30:00")
    screenshot(page, "tracking-followed-learner")
    # Someone else's learner: not found, as if they did not exist.
    response = page.goto(f"/reporting/learners/{eve.pk}/")
    assert response.status == 404
