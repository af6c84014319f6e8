"""An administrator builds a session on its page; its learner finds it on their home page and
enters the course through it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_session_from_its_page_to_the_learners_home(page, login, screenshot, password):
    CourseFactory(code="HIST", title="History")
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    UserFactory(username="coach", first_name="Carla", last_name="Coach")
    learner = UserFactory(username="lea", first_name="Lea", last_name="Learner")
    today = timezone.localdate()
    login(page, admin.username, password)
    page.goto("/")
    page.get_by_role("link", name="Sessions").click()
    page.get_by_role("link", name="Create a session").click()
    page.get_by_label("Name").fill("History, spring")
    page.get_by_label("Starts on").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("History, spring")
    page.get_by_label("Course code").fill("hist")
    page.locator("#id_coach").fill("coach")
    page.get_by_role("button", name="Add the course").click()
    expect(page.locator('tr[data-course="HIST"]')).to_be_visible()
    page.locator("#id_users").fill("lea")
    page.get_by_role("button", name="Add the learners").click()
    expect(page.locator(".alert-success")).to_contain_text("1 learner added.")
    expect(page.locator('[data-learner="lea"]')).to_be_visible()
    screenshot(page, "courses-session-detail")
    assert Enrollment.objects.get(user=learner).session.name == "History, spring"

    page.context.clear_cookies()
    login(page, learner.username, password)
    page.goto("/")
    card = page.locator('[data-session="History, spring"]')
    expect(card).to_contain_text("Running")
    expect(card).to_contain_text("coach: Carla Coach")
    screenshot(page, "courses-my-sessions")
    card.get_by_role("link", name="History").click()
    expect(page.locator("#session-context")).to_contain_text("History, spring")
    screenshot(page, "courses-session-course-home")
