from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda import ical, selectors, services
from agenda.models import Event, FeedToken, ReminderSent
from agenda.recurrence import occurrences
from agenda.tests.factories import EventFactory
from assessments.tests.factories import QuizFactory
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def weekly_paris(course, teacher, **kwargs):
    """Every Monday 09:00-10:00 Paris time from 15 March to 12 April 2027 (summer time starts
    on 28 March 2027)."""
    return services.event_save(
        kind=Event.Kind.COURSE,
        owner=teacher,
        course=course,
        title="Weekly seminar",
        start_date=date(2027, 3, 15),
        start_time=time(9, 0),
        end_time=time(10, 0),
        tz_name="Europe/Paris",
        repeat="WEEKLY",
        repeat_until=date(2027, 4, 12),
        **kwargs,
    )


def test_weekly_event_stays_at_nine_paris_time_across_summer_time(course_roles):
    event = weekly_paris(course_roles["course"], course_roles["teacher"])
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20270412T215959Z"
    found = occurrences(event, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC))
    local = [o.start.astimezone(PARIS) for o in found]
    assert [d.date() for d in local] == [date(2027, 3, 15) + timedelta(weeks=n) for n in range(5)]
    assert {(d.hour, d.minute) for d in local} == {(9, 0)}
    utc_hours = [o.start.astimezone(UTC).hour for o in found]
    assert utc_hours == [8, 8, 7, 7, 7]  # winter UTC+1, then summer UTC+2
    assert all(o.end - o.start == timedelta(hours=1) for o in found)


def test_weekly_event_keeps_nine_oclock_when_summer_time_ends(course_roles):
    event = services.event_save(
        kind=Event.Kind.COURSE,
        owner=course_roles["teacher"],
        course=course_roles["course"],
        title="Autumn",
        start_date=date(2027, 10, 18),
        start_time=time(9, 0),
        tz_name="Europe/Paris",
        repeat="WEEKLY",
        repeat_until=date(2027, 11, 8),
    )
    found = occurrences(event, datetime(2027, 10, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert [o.start.astimezone(PARIS).hour for o in found] == [9, 9, 9, 9]
    assert [o.start.astimezone(UTC).hour for o in found] == [7, 7, 8, 8]


def test_paris_learner_sees_nine_oclock_in_pages_and_feed(course_roles, client_for):
    weekly_paris(course_roles["course"], course_roles["teacher"])
    learner = course_roles["learner"]
    learner.timezone = "Europe/Paris"
    learner.save()
    client = client_for(learner)
    page = client.get(reverse("agenda_personal:index") + "?view=list&date=2027-03-15")
    html = page.content.decode()
    assert html.count(">09:00</time>") == 5
    assert "Weekly seminar" in html
    # The feed, read the way a calendar program reads it.
    feed = FeedToken.objects.create(user=learner)
    with _frozen(datetime(2027, 3, 10, tzinfo=UTC)):
        response = client_for(None).get(
            reverse("agenda_personal:feed", kwargs={"token": feed.token})
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    starts = sorted(
        e.decoded("dtstart") for e in calendar.walk("VEVENT") if e["summary"] == "Weekly seminar"
    )
    assert len(starts) == 5
    assert {(s.astimezone(PARIS).hour, s.astimezone(PARIS).minute) for s in starts} == {(9, 0)}
    assert [s.astimezone(UTC).hour for s in starts] == [8, 8, 7, 7, 7]
    assert calendar.walk("VTIMEZONE")  # the zone travels with the feed
    assert len({e["uid"] for e in calendar.walk("VEVENT")}) == len(calendar.walk("VEVENT"))


class _frozen:
    """Pin django.utils.timezone.now (the feed's window starts from it)."""

    def __init__(self, moment):
        self.moment = moment

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("django.utils.timezone.now", return_value=self.moment)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


def test_single_event_export_keeps_the_rule(course_roles, client_for):
    event = weekly_paris(course_roles["course"], course_roles["teacher"])
    url = reverse("agenda:event_export", kwargs={"code": "CRS1", "event_id": event.pk})
    response = client_for(course_roles["learner"]).get(url)
    vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert vevent["rrule"]["FREQ"] == ["WEEKLY"]
    assert vevent.decoded("dtstart") == datetime(2027, 3, 15, 9, tzinfo=PARIS)


def test_chosen_learners_only(course_roles, client_for):
    course = course_roles["course"]
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    event = weekly_paris(
        course, course_roles["teacher"], audience=Event.Audience.USERS, recipients=[other]
    )
    start, end = datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC)
    assert selectors.personal_items(other, start, end)
    assert not selectors.personal_items(course_roles["learner"], start, end)
    assert len(selectors.personal_items(course_roles["teacher"], start, end)) == 5
    url = reverse("agenda:event", kwargs={"code": "CRS1", "event_id": event.pk})
    assert client_for(course_roles["learner"]).get(url).status_code == 404
    assert client_for(other).get(url).status_code == 200


def test_personal_and_platform_events(course_roles, client_for):
    learner, admin = course_roles["learner"], course_roles["admin"]
    client = client_for(learner)
    response = client.post(
        reverse("agenda_personal:create"),
        {"title": "Dentist", "start_date": "2027-03-02", "start_time": "14:30"},
    )
    assert response.status_code == 302
    mine = Event.objects.get(title="Dentist")
    assert mine.kind == Event.Kind.PERSONAL and mine.owner == learner
    # Admins publish platform events; nobody else may.
    client_for(admin).post(
        reverse("agenda_personal:create"),
        {"title": "Maintenance", "start_date": "2027-03-03", "all_day": "on", "platform": "on"},
    )
    assert Event.objects.get(title="Maintenance").kind == Event.Kind.PLATFORM
    client.post(
        reverse("agenda_personal:create"),
        {"title": "Fake", "start_date": "2027-03-03", "all_day": "on", "platform": "on"},
    )
    assert Event.objects.get(title="Fake").kind == Event.Kind.PERSONAL
    page = client.get(reverse("agenda_personal:index") + "?date=2027-03-01").content.decode()
    assert "Dentist" in page and "Maintenance" in page
    teacher_page = client_for(course_roles["teacher"]).get(
        reverse("agenda_personal:index") + "?date=2027-03-01"
    )
    assert "Dentist" not in teacher_page.content.decode()
    # Somebody else's personal event: 404, not editable.
    edit = reverse("agenda_personal:edit", kwargs={"event_id": mine.pk})
    assert client_for(course_roles["teacher"]).get(edit).status_code == 404
    platform = Event.objects.get(title="Maintenance")
    assert client.get(reverse("agenda_personal:edit", args=[platform.pk])).status_code == 404


@pytest.mark.parametrize("view", ["month", "week", "day", "list"])
def test_views_render(course_roles, client_for, view):
    weekly_paris(course_roles["course"], course_roles["teacher"])
    url = reverse("agenda:index", kwargs={"code": "CRS1"}) + f"?view={view}&date=2027-03-22"
    response = client_for(course_roles["learner"]).get(url)
    assert response.status_code == 200
    assert "Weekly seminar" in response.content.decode()


def test_course_event_form_and_attachment(course_roles, client_for):
    teacher = client_for(course_roles["teacher"])
    upload = SimpleUploadedFile("plan.txt", b"the plan", content_type="text/plain")
    response = teacher.post(
        reverse("agenda:create", kwargs={"code": "CRS1"}),
        {
            "title": "Exam",
            "start_date": "2027-06-01",
            "start_time": "10:00",
            "end_time": "12:00",
            "audience": "all",
            "reminder_minutes": "60",
            "attachments": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()
    event = Event.objects.get(title="Exam")
    assert event.reminder_minutes == 60
    attachment = event.attachments.get()
    url = reverse("agenda:attachment", args=["CRS1", event.pk, attachment.pk])
    download = client_for(course_roles["learner"]).get(url)
    assert b"".join(download.streaming_content) == b"the plan"
    assert (
        client_for(course_roles["learner"])
        .get(reverse("agenda:create", kwargs={"code": "CRS1"}))
        .status_code
        == 403
    )


def test_form_refuses_an_end_before_the_start(course_roles, client_for):
    response = client_for(course_roles["teacher"]).post(
        reverse("agenda:create", kwargs={"code": "CRS1"}),
        {
            "title": "X",
            "start_date": "2027-06-01",
            "start_time": "10:00",
            "end_time": "09:00",
            "audience": "all",
        },
    )
    assert response.status_code == 200
    assert "The end comes before the start." in response.content.decode()
    assert not Event.objects.exists()


def test_feed_is_revocable(course_roles, client_for):
    learner = course_roles["learner"]
    client = client_for(learner)
    client.post(reverse("agenda_personal:feed_settings"), {"action": "renew"})
    first = FeedToken.objects.get(user=learner).token
    url = reverse("agenda_personal:feed", kwargs={"token": first})
    assert client_for(None).get(url).status_code == 200
    client.post(reverse("agenda_personal:feed_settings"), {"action": "renew"})
    assert client_for(None).get(url).status_code == 404
    second = FeedToken.objects.get(user=learner).token
    assert second != first
    client.post(reverse("agenda_personal:feed_settings"), {"action": "revoke"})
    assert client_for(None).get(reverse("agenda_personal:feed", args=[second])).status_code == 404


ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:good-1@example.org\r
SUMMARY:Imported weekly\r
DTSTART;TZID=Europe/Paris:20270315T090000\r
DTEND;TZID=Europe/Paris:20270315T100000\r
RRULE:FREQ=WEEKLY;UNTIL=20270412T235959Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:allday@example.org\r
SUMMARY:Holiday\r
DTSTART;VALUE=DATE:20270401\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:no-start@example.org\r
SUMMARY:Without a start\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:yearly@example.org\r
SUMMARY:Birthday\r
DTSTART:20270501T100000Z\r
RRULE:FREQ=YEARLY\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_import_reports_what_was_skipped(course_roles, client_for):
    client = client_for(course_roles["teacher"])
    url = reverse("agenda:import", kwargs={"code": "CRS1"})
    response = client.post(url, {"file": SimpleUploadedFile("cal.ics", ICS)})
    html = response.content.decode()
    assert "2 events imported." in html
    assert "Without a start: no valid start date." in html
    assert "Birthday: its recurrence (YEARLY) is not supported." in html
    weekly = Event.objects.get(title="Imported weekly")
    assert weekly.timezone == "Europe/Paris" and weekly.course == course_roles["course"]
    found = occurrences(weekly, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC))
    assert [o.start.astimezone(PARIS).hour for o in found] == [9] * 5
    assert Event.objects.get(title="Holiday").all_day
    again = client.post(url, {"file": SimpleUploadedFile("cal.ics", ICS)}).content.decode()
    assert "0 events imported." in again
    assert "Imported weekly: already in this agenda (same UID)." in again


@pytest.mark.parametrize(
    "content",
    [b"this is not a calendar", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n", b""],
)
def test_malformed_ics_gives_a_clear_error(course_roles, client_for, content):
    response = client_for(course_roles["teacher"]).post(
        reverse("agenda:import", kwargs={"code": "CRS1"}),
        {"file": SimpleUploadedFile("bad.ics", content)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a valid iCalendar" in html or "The submitted file is empty." in html
    assert not Event.objects.exists()


def test_parse_refuses_garbage_directly():
    with pytest.raises(ical.ICalendarError):
        ical.parse_calendar(b"BEGIN:VCARD\r\nEND:VCARD\r\n", default_timezone="UTC")


def test_test_closing_dates_appear(course_roles, client_for):
    closes = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)
    QuizFactory(course=course_roles["course"], title="Midterm", closes_at=closes)
    QuizFactory(course=course_roles["course"], title="Draft", closes_at=closes, published=False)
    html = (
        client_for(course_roles["learner"])
        .get(reverse("agenda_personal:index") + "?date=2027-03-01")
        .content.decode()
    )
    assert "Test closes: Midterm" in html
    assert "Draft" not in html


def test_reminders_are_sent_once(course_roles):
    course_roles["learner"].email = "learner@example.org"
    course_roles["learner"].save()
    event = weekly_paris(course_roles["course"], course_roles["teacher"], reminder_minutes=60)
    before = event.start - timedelta(minutes=30)
    sent = services.reminders_send(now=before)
    recipients = {m.to[0] for m in mail.outbox}
    assert sent == len(mail.outbox) >= 1
    assert "learner@example.org" in recipients
    assert "Weekly seminar" in mail.outbox[0].subject
    assert services.reminders_send(now=before + timedelta(minutes=5)) == 0
    # The next week's occurrence, after the change to summer time.
    second = datetime(2027, 3, 29, 9, 0, tzinfo=PARIS)
    assert services.reminders_send(now=second - timedelta(minutes=10)) == sent
    assert ReminderSent.objects.filter(occurrence=second).count() == sent
    # Far from any occurrence: nothing.
    assert services.reminders_send(now=datetime(2027, 3, 17, tzinfo=UTC)) == 0


@pytest.mark.parametrize("count", [2, 12])
def test_personal_agenda_query_count(
    course_roles, client_for, django_assert_max_num_queries, count
):
    learner = course_roles["learner"]
    for n in range(count):
        EnrollmentFactory(user=learner)
        EventFactory(course=course_roles["course"], start=datetime(2027, 3, 2 + n % 20, tzinfo=UTC))
        QuizFactory(course=course_roles["course"], closes_at=datetime(2027, 3, 3, tzinfo=UTC))
    client = client_for(learner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agenda_personal:index") + "?date=2027-03-01")
    assert response.status_code == 200


def test_personal_pages_need_an_account(client_for):
    for name in ("index", "create", "export", "import", "feed_settings"):
        response = client_for(None).get(reverse(f"agenda_personal:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(None).get(reverse("agenda_personal:feed", args=["nope"])).status_code == 404


def test_agenda_pages_cost_the_same_however_many_events(course_roles, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    learner = course_roles["learner"]
    client = client_for(learner)
    urls = [
        reverse("agenda_personal:index") + "?date=2027-03-01",
        reverse("agenda:index", args=["CRS1"]) + "?view=list&date=2027-03-01",
    ]

    def grow(n):
        for i in range(n):
            EnrollmentFactory(user=learner)
            weekly_paris(course_roles["course"], course_roles["teacher"])
            EventFactory(course=course_roles["course"], start=datetime(2027, 3, 2 + i, tzinfo=UTC))
            QuizFactory(course=course_roles["course"], closes_at=datetime(2027, 3, 3, tzinfo=UTC))

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(2)
    small = counts()
    grow(10)
    assert counts() == small


def test_the_audience_badge_follows_french_typography(course_roles, client_for):
    """ "Apprenants choisis : Léa", with a no-break space before the colon (not "choisis:")."""
    course, teacher = course_roles["course"], course_roles["teacher"]
    other = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__first_name="Léa", user__last_name="B"
    ).user
    event = weekly_paris(course, teacher, audience=Event.Audience.USERS, recipients=[other])
    type(teacher).objects.filter(pk=teacher.pk).update(language="fr")
    url = reverse("agenda:event", kwargs={"code": "CRS1", "event_id": event.pk})
    page = client_for(teacher).get(url).content.decode()
    assert f"Apprenants choisis\u00a0: {other}" in page
    assert "choisis:" not in page
