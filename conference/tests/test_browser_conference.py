"""A teacher starts the virtual classroom and a learner joins it, over real HTTP."""

import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conference.models import Attendance
from conference.tests.conftest import SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watched(page):
    """Collect the page's console errors, as the `page` fixture does."""
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    return page


def test_learner_joins_the_room_with_a_valid_checksum(
    page, new_page, login, screenshot, password, course_roles, bbb_configured
):
    login(page, "teacher", password)
    page.goto("/courses/CRS1/conference/")
    expect(page.locator(".conference-status")).to_have_text("Not started")
    screenshot(page, "conference-teacher-before")
    page.get_by_role("button", name="Start the class").click()
    expect(page.locator("#bbb-joined")).to_contain_text("as MODERATOR")
    assert page.url.startswith(f"{bbb_configured.url}/bigbluebutton/api/join?")

    learner = watched(new_page(viewport={"width": 1280, "height": 900}))
    login(learner, "learner", password)
    learner.goto("/courses/CRS1/conference/")
    expect(learner.locator(".conference-status")).to_contain_text("In progress")
    screenshot(learner, "conference-learner")
    learner.get_by_role("button", name="Join the class").click()
    expect(learner.locator("#bbb-joined")).to_contain_text("as VIEWER")
    parts = urlsplit(learner.url)
    assert parts.path == "/bigbluebutton/api/join"
    query, _sep, checksum = parts.query.rpartition("&checksum=")
    assert hashlib.sha1(("join" + query + SECRET).encode()).hexdigest() == checksum
    assert parse_qs(query)["fullName"] == [course_roles["learner"].display_name]
    assert set(Attendance.objects.values_list("role", flat=True)) == {"moderator", "attendee"}

    page.goto("/courses/CRS1/conference/")
    expect(page.locator(".conference-status")).to_contain_text("In progress")
    expect(page.locator(".conference-meetings")).to_contain_text(
        course_roles["learner"].display_name
    )
    screenshot(page, "conference-teacher-running")
    assert page.console_errors == [] and learner.console_errors == []
