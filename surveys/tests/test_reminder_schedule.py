"""Scheduled reminders: the Celery beat task, called directly, at chosen moments."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from surveys.models import Answer, Invitation, Participation, Response
from surveys.tasks import send_scheduled_reminders_task
from surveys.tests.test_surveys import answer_all, build

pytestmark = pytest.mark.django_db
T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def invited(course_roles):
    course = course_roles["course"]
    survey, questions = build(course)
    survey.closes_at = T0 + timedelta(days=10)
    survey.save()
    learner = course_roles["learner"]
    learner.email, learner.language = "learner@example.org", "fr"
    learner.save()
    other = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__email="other@example.org"
    ).user
    for user in (learner, other):
        Invitation.objects.create(survey=survey, user=user, email=user.email, sent_at=T0)
    Invitation.objects.create(survey=survey, email="guest@example.org", sent_at=T0)
    Invitation.objects.create(survey=survey, email="unsent@example.org")  # not sent yet
    mail.outbox.clear()
    return {**course_roles, "survey": survey, "questions": questions, "other": other}


def _run(moment) -> list[str]:
    mail.outbox.clear()
    with at(moment):
        sent = send_scheduled_reminders_task()
    assert sent == len(mail.outbox)
    return sorted(m.to[0] for m in mail.outbox)


def test_the_task_is_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "surveys.tasks.send_scheduled_reminders_task" in tasks


def test_one_reminder_on_a_date(invited, client_for):
    survey = invited["survey"]
    survey.reminder_start = T0 + timedelta(days=2)
    survey.save()
    assert _run(T0 + timedelta(days=1)) == []  # not yet
    answer_all(client_for(invited["other"]), "CRS1", survey, invited["questions"])
    assert _run(T0 + timedelta(days=2)) == ["guest@example.org", "learner@example.org"]
    # Never twice for the same round, however often the beat comes.
    assert _run(T0 + timedelta(days=2, minutes=15)) == []
    assert _run(T0 + timedelta(days=5)) == []


def test_every_n_days_until_the_close(invited):
    survey = invited["survey"]
    survey.reminder_start, survey.reminder_every_days = T0 + timedelta(days=1), 3
    survey.save()
    everybody = ["guest@example.org", "learner@example.org", "other@example.org"]
    assert _run(T0 + timedelta(days=1)) == everybody  # day 1
    assert _run(T0 + timedelta(days=3, hours=23)) == []  # still day 1's round
    assert _run(T0 + timedelta(days=4)) == everybody  # day 4
    assert _run(T0 + timedelta(days=4, hours=1)) == []
    assert _run(T0 + timedelta(days=7, minutes=1)) == everybody  # day 7
    assert _run(T0 + timedelta(days=10, hours=1)) == []  # closed: the day-10 round never comes
    assert Invitation.objects.get(email="guest@example.org").reminders == 3


def test_in_the_invitees_language(invited):
    survey = invited["survey"]
    survey.reminder_start = T0
    survey.save()
    with at(T0):
        send_scheduled_reminders_task()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["learner@example.org"].startswith("Rappel")
    assert subjects["other@example.org"].startswith("Reminder")


def test_a_failed_e_mail_is_retried_on_the_next_beat(invited):
    survey = invited["survey"]
    survey.reminder_start = T0
    survey.save()
    with at(T0), mock.patch("surveys.tasks.send_mail", side_effect=OSError("smtp down")):
        assert send_scheduled_reminders_task() == 0
    assert Invitation.objects.filter(reminder_round__isnull=False).count() == 0
    assert _run(T0 + timedelta(minutes=15)) == [
        "guest@example.org",
        "learner@example.org",
        "other@example.org",
    ]


def test_anonymity_holds(invited, client_for):
    """Who was reminded and who answered stay apart from what was answered."""
    survey = invited["survey"]
    survey.reminder_start = T0 + timedelta(days=1)
    survey.save()
    answer_all(client_for(invited["learner"]), "CRS1", survey, invited["questions"])
    _run(T0 + timedelta(days=1))
    response_fields = {f.name for f in Response._meta.get_fields()}
    answer_fields = {f.name for f in Answer._meta.get_fields()}
    assert not {"user", "invitation", "participation"} & (response_fields | answer_fields)
    assert not {"response", "answers"} & {f.name for f in Invitation._meta.get_fields()}
    assert not {"response"} & {f.name for f in Participation._meta.get_fields()}
    assert Response.objects.filter(survey=survey).count() == 1


def test_unpublished_or_unscheduled_surveys_remind_nobody(invited):
    survey = invited["survey"]
    assert _run(T0 + timedelta(days=1)) == []
    survey.reminder_start, survey.published = T0, False
    survey.save()
    assert _run(T0 + timedelta(days=1)) == []


def test_the_settings_form(invited, client_for):
    survey = invited["survey"]
    url = reverse("surveys:edit", args=["CRS1", survey.pk])
    teacher = client_for(invited["teacher"])
    base = {"title": survey.title, "anonymous": "on", "published": "on"}
    response = teacher.post(
        url, {**base, "reminder_start": "2027-03-02T09:00", "reminder_every_days": "2"}
    )
    assert "Repeated reminders need a closing date" in response.content.decode()
    response = teacher.post(
        url,
        {
            **base,
            "reminder_start": "2027-03-02T09:00",
            "reminder_every_days": "2",
            "closes_at": "2027-03-10T09:00",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.reminder_every_days == 2 and survey.reminder_start is not None
    page = teacher.get(reverse("surveys:invitations", args=["CRS1", survey.pk]))
    assert "then every 2 days" in page.content.decode()
