"""A teacher schedules a weekly class; a learner finds it in their agenda and their feed."""

from datetime import UTC
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from agenda.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watched(page):
    """Collect the page's console errors, as the `page` fixture does."""
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    return page


PARIS = ZoneInfo("Europe/Paris")


def test_weekly_course_event_reaches_the_learner_and_the_feed(
    page, new_page, login, screenshot, password, course_roles
):
    for role in ("teacher", "learner"):
        course_roles[role].timezone = "Europe/Paris"
        course_roles[role].save()

    login(page, "teacher", password)
    page.goto("/courses/CRS1/agenda/")
    page.get_by_role("link", name="New event").click()
    page.fill("#id_title", "Weekly seminar")
    page.fill("#id_start_date", "2027-03-15")
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "10:30")
    page.select_option("#id_repeat", "WEEKLY")
    page.fill("#id_repeat_until", "2027-04-12")
    page.fill("#id_location", "Room 101")
    page.select_option("#id_reminder_minutes", "60")
    screenshot(page, "agenda-event-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Weekly seminar")
    expect(page.locator(".agenda-event-when")).to_contain_text("09:00")
    screenshot(page, "agenda-event-detail")
    event = Event.objects.get()
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20270412T215959Z"
    assert event.timezone == "Europe/Paris"
    page.goto("/courses/CRS1/agenda/?view=month&date=2027-03-15")
    expect(page.locator(".agenda-month .agenda-item")).to_have_count(3)  # 15, 22, 29 March
    screenshot(page, "agenda-course-month")
    assert page.console_errors == []

    learner = watched(new_page(viewport={"width": 1280, "height": 900}))
    login(learner, "learner", password)
    learner.get_by_role("link", name="My agenda").click()
    learner.goto("/agenda/?view=list&date=2027-03-14")
    items = learner.locator(".agenda-day .agenda-item", has_text="Weekly seminar")
    expect(items).to_have_count(5)
    times = learner.locator(".agenda-day .agenda-when time:first-child").all_inner_texts()
    assert times == ["09:00"] * 5  # before and after the change to summer time (28 March)
    screenshot(learner, "agenda-personal-list")
    learner.goto("/agenda/?view=week&date=2027-03-29")
    expect(learner.locator(".agenda-item", has_text="Weekly seminar")).to_have_count(1)
    screenshot(learner, "agenda-personal-week")
    learner.goto("/agenda/?view=month&date=2027-04-01")
    screenshot(learner, "agenda-personal-month")

    # The private subscription address, read as a calendar program would.
    learner.goto("/agenda/subscription/")
    learner.get_by_role("button", name="Make my private address").click()
    feed_url = learner.locator("#feed-url").input_value()
    screenshot(learner, "agenda-subscription")
    response = learner.request.get(feed_url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    occurrences = sorted(
        vevent.decoded("dtstart")
        for vevent in calendar.walk("VEVENT")
        if str(vevent["summary"]) == "Weekly seminar"
    )
    assert len(occurrences) == 5
    assert [o.astimezone(PARIS).strftime("%d %H:%M") for o in occurrences] == [
        "15 09:00",
        "22 09:00",
        "29 09:00",
        "05 09:00",
        "12 09:00",
    ]
    assert [o.astimezone(UTC).hour for o in occurrences] == [8, 8, 7, 7, 7]
    assert learner.console_errors == []
