"""The e-mail copy: one message per recipient, in their language, failures kept, never twice."""

from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from announcements import services
from announcements.models import Announcement, Delivery
from announcements.tasks import announcement_email_task
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit_now():
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        yield


def publish(course_roles, **kwargs):
    defaults = {
        "course": course_roles["course"],
        "author": course_roles["teacher"],
        "title": "Exam date",
        "content": "<p>The exam is on <strong>Monday</strong>.</p>",
        "send_email": True,
    }
    return services.announcement_create(**{**defaults, **kwargs})


def test_one_message_per_recipient(course_roles, on_commit_now):
    announcement = publish(course_roles)
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Every member but the author: tutor and learner.
    assert recipients == sorted([course_roles["tutor"].email, course_roles["learner"].email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "[CRS1] Exam date"
    assert "Monday" in message.body and "<strong>" not in message.body
    assert "<strong>Monday</strong>" in message.alternatives[0][0]
    assert (
        reverse("announcements:detail", kwargs={"code": "CRS1", "announcement_id": announcement.pk})
        in message.body
    )
    assert Delivery.objects.filter(announcement=announcement, status="sent").count() == 2


def test_message_is_in_the_recipients_language(course_roles, on_commit_now):
    learner = course_roles["learner"]
    learner.language = "fr"
    learner.save()
    publish(course_roles)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Bonjour" in by_address[learner.email].body
    assert "Hello" in by_address[course_roles["tutor"].email].body


def test_only_chosen_learners_receive_it(course_roles, on_commit_now):
    publish(
        course_roles,
        audience=Announcement.Audience.USERS,
        recipients=[course_roles["learner"]],
    )
    assert [m.to for m in mail.outbox] == [[course_roles["learner"].email]]


def test_no_email_without_the_option(course_roles, on_commit_now):
    publish(course_roles, send_email=False)
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_failures_are_recorded_per_recipient_and_retried_alone(course_roles, on_commit_now):
    bad = course_roles["learner"]
    original_send = EmailMultiAlternatives.send

    def flaky_send(self, *args, **kwargs):
        if self.to == [bad.email]:
            raise OSError("Connection refused by the mail server")
        return original_send(self, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", flaky_send):
        announcement = publish(course_roles)
    failed = Delivery.objects.get(announcement=announcement, user=bad)
    assert failed.status == Delivery.Status.FAILED
    assert "Connection refused" in failed.error
    assert Delivery.objects.get(announcement=announcement, user=course_roles["tutor"]).status == (
        Delivery.Status.SENT
    )
    assert len(mail.outbox) == 1

    # The teacher asks for the failed copies again: only the failed one is sent.
    mail.outbox.clear()
    services.announcement_retry_failed(announcement=announcement)
    assert [m.to for m in mail.outbox] == [[bad.email]]
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT and failed.attempts == 2


def test_member_without_address_is_recorded_as_failed(course_roles, on_commit_now):
    learner = course_roles["learner"]
    learner.email = ""
    learner.save()
    announcement = publish(course_roles)
    delivery = Delivery.objects.get(announcement=announcement, user=learner)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error


def test_a_retried_task_never_sends_twice(course_roles, on_commit_now):
    announcement = publish(course_roles)
    assert len(mail.outbox) == 2
    result = announcement_email_task.delay(announcement.pk).get()
    assert result == {"sent": 0, "failed": 0, "skipped": 2}
    assert len(mail.outbox) == 2


def test_a_delivery_held_by_another_run_is_skipped(course_roles):
    announcement = publish(course_roles, send_email=False)
    Delivery.objects.create(
        announcement=announcement, user=course_roles["learner"], status=Delivery.Status.SENDING
    )
    announcement_email_task.delay(announcement.pk)
    assert [m.to for m in mail.outbox] == [[course_roles["tutor"].email]]


def test_editing_with_email_sends_only_to_new_recipients(course_roles, on_commit_now):
    announcement = publish(course_roles)
    newcomer = EnrollmentFactory(course=course_roles["course"], role=Enrollment.Role.LEARNER).user
    mail.outbox.clear()
    services.announcement_update(
        announcement=announcement,
        title="Exam date (moved)",
        content="<p>Tuesday</p>",
        audience=Announcement.Audience.ALL,
        send_email=True,
    )
    assert [m.to for m in mail.outbox] == [[newcomer.email]]


def test_the_view_queues_the_email_after_commit(course_roles, client_for, on_commit_now):
    course = course_roles["course"]
    client_for(course_roles["teacher"]).post(
        reverse("announcements:create", kwargs={"code": course.code}),
        {"title": "By mail", "content": "<p>x</p>", "audience": "all", "send_email": "on"},
    )
    assert len(mail.outbox) == 2
