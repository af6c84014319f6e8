"""The e-mail task run for real: queued on Redis, consumed by a Celery worker in a thread.

Runs only when REDIS_URL is set (CI sets it). The worker listens to a queue of its own, so it
never takes work meant for another test run sharing the same Redis.
"""

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.core import mail

from announcements import services
from announcements.models import Delivery
from announcements.tasks import announcement_email_task
from chamilo.celery import app as celery_app

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def real_worker(monkeypatch):
    """A worker on a private queue; the e-mail task is sent there instead of to the default."""
    assert celery_app.conf.broker_url.startswith("redis://")
    queue = f"test-announcements-{uuid.uuid4().hex}"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # the root conftest makes every test eager
    sent = []

    def delay(*args):
        result = announcement_email_task.apply_async(args, queue=queue)
        sent.append(result)
        return result

    monkeypatch.setattr(announcement_email_task, "delay", delay, raising=False)
    try:
        with start_worker(
            celery_app, queues=[queue], perform_ping_check=False, shutdown_timeout=30
        ):
            yield queue, sent
    finally:
        celery_app.conf.task_always_eager = eager
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


def test_email_copies_sent_by_a_real_worker_once(course_roles, real_worker):
    teacher, tutor, learner = (course_roles[k] for k in ("teacher", "tutor", "learner"))
    learner.language = "fr"
    learner.save()
    announcement = services.announcement_create(
        course=course_roles["course"],
        author=teacher,
        title="Real worker",
        content="<p>Sent through Redis.</p>",
        send_email=True,
    )  # committed (transaction=True): on_commit queues the task on Redis
    queue, sent = real_worker
    assert len(sent) == 1 and not isinstance(sent[0], EagerResult)  # really queued
    deliveries = Delivery.objects.filter(announcement=announcement)
    assert wait_for(lambda: deliveries.filter(status=Delivery.Status.SENT).count() == 2)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {tutor.email, learner.email}
    assert "Bonjour" in by_address[learner.email].body
    assert "Hello" in by_address[tutor.email].body

    # The same task delivered again (a retry, a duplicate) sends nothing more.
    announcement_email_task.apply_async((announcement.pk,), queue=queue)
    assert wait_for(lambda: deliveries.filter(attempts__gt=1).exists(), timeout=3) is False
    assert len(mail.outbox) == 2
    assert list(deliveries.values_list("attempts", flat=True)) == [1, 1]
