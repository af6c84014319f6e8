"""core.jobs: heartbeat, a job whose worker died, retry, input files removed at every end."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job
from courses.models import Enrollment

pytestmark = pytest.mark.django_db

CSV = "username,email\nnew1,new1@example.org\nnew2,new2@example.org\n"


@pytest.fixture
def quick(settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    settings.JOB_STALE_SECONDS = 0.3
    return settings


def running(job, *, silent_for: float, progress=25):
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING,
        progress=progress,
        started_at=timezone.now() - timedelta(seconds=silent_for + 1),
        heartbeat_at=timezone.now() - timedelta(seconds=silent_for),
        attempts=1,
    )
    job.refresh_from_db()
    return job


def stored_file(name="incoming/x.zip"):
    return default_storage.save(name, ContentFile(b"PK..."))


def test_a_queued_job_is_taken_once(course_roles):
    job = jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"])
    assert jobs.job_start(job) is True
    assert (job.state, job.attempts) == (Job.State.RUNNING, 1)
    assert job.heartbeat_at is not None
    jobs.job_finish(job, message="ok")
    assert jobs.job_start(job) is False  # a late duplicate does nothing


def test_a_redelivered_task_takes_back_a_job_whose_worker_went_silent(course_roles, quick):
    job = running(jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"]), silent_for=5)
    assert jobs.job_start(job) is True
    assert (job.state, job.attempts, job.progress) == (Job.State.RUNNING, 2, 0)


def test_a_duplicate_delivery_waits_for_a_live_worker_then_takes_over_if_it_dies(
    course_roles, quick
):
    job = running(jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"]), silent_for=0)
    started = timezone.now()
    assert jobs.job_start(job) is True  # the heartbeat aged past 0.3 s while it waited
    assert timezone.now() - started >= timedelta(seconds=0.25)
    assert job.attempts == 2


def test_a_duplicate_delivery_leaves_when_the_live_worker_finishes(course_roles, quick):
    job = running(jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"]), silent_for=0)
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    assert jobs.job_start(job) is False


def test_a_silent_running_job_is_shown_failed_with_its_reason_and_a_retry_button(
    course_roles, client_for, quick, django_capture_on_commit_callbacks
):
    course, teacher = course_roles["course"], course_roles["teacher"]
    job = jobs.job_create(kind="bulk_enroll", user=teacher, course=course, payload={"csv": CSV})
    running(job, silent_for=1)
    client = client_for(teacher)
    page = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.lost_worker
    assert "The worker running this job stopped" in page
    assert 'hx-trigger="every 1s"' not in page  # the page stops polling
    assert reverse("core:job_retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2
    assert set(
        Enrollment.objects.filter(course=course).values_list("user__username", flat=True)
    ) >= {"new1", "new2"}


def test_a_job_with_a_live_heartbeat_stays_running(course_roles, client_for, quick):
    quick.JOB_STALE_SECONDS = 60
    job = jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"])
    running(job, silent_for=1)
    client_for(course_roles["teacher"]).get(reverse("core:job_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_someone_else_cannot_retry(course_roles, client_for, quick):
    job = jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"], payload={"csv": CSV})
    jobs.job_start(job)
    jobs.job_fail(job, message="x")
    response = client_for(course_roles["learner"]).post(reverse("core:job_retry", args=[job.pk]))
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


@pytest.mark.parametrize("end", ["finish", "fail", "stale"])
def test_input_files_are_removed_when_the_job_ends_whatever_the_outcome(course_roles, end, quick):
    name = stored_file()
    job = jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"], files=[name])
    jobs.job_start(job)
    assert default_storage.exists(name)
    if end == "finish":
        jobs.job_finish(job)
    elif end == "fail":
        jobs.job_fail(job, message="no")
    else:
        running(job, silent_for=1)
        assert jobs.jobs_expire_stale() == 1
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert job.is_finished
    # A job whose input is gone cannot be re-queued as it is.
    assert not jobs.job_can_retry(job)


def test_an_absolute_path_is_removed_too(course_roles, tmp_path):
    path = tmp_path / "upload.zip"
    path.write_bytes(b"PK")
    job = jobs.job_create(kind="scorm_import", user=course_roles["teacher"], files=[str(path)])
    jobs.job_start(job)
    jobs.job_fail(job, message="no")
    assert not path.exists()


def test_an_ended_job_is_not_ended_again(course_roles):
    job = jobs.job_create(kind="bulk_enroll", user=course_roles["teacher"])
    jobs.job_start(job)
    jobs.job_fail(job, message="worker lost")
    jobs.job_finish(job, message="late")  # a worker thought dead comes back
    job.refresh_from_db()
    assert (job.state, job.message) == (Job.State.FAILED, "worker lost")
