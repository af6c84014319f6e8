"""Job kinds and the small state machine every background task reports through.

A task loads its Job by id and runs ``with job_running(job):`` after ``job_start`` said yes;
it reports progress and ends with job_finish or job_fail. Each call writes at once with an
UPDATE, outside the task's own transaction, so the page that polls the job sees progress while
the work is still running.

A worker can die in the middle of a job (killed, out of memory, machine lost). Then:

- while it lives, a thread of the worker writes ``heartbeat_at`` every JOB_HEARTBEAT_SECONDS;
- the broker gives the task again (``acks_late`` + ``task_reject_on_worker_lost``, or Redis'
  visibility timeout when the whole worker is gone: see chamilo/settings.py) and job_start
  takes the job back when its heartbeat is older than JOB_STALE_SECONDS: the work starts again
  from the beginning, which is why every task's work is all-or-nothing (one transaction) or
  otherwise idempotent;
- when no worker takes it back, whoever looks at the job (its page, the admin's sweep) sees it
  failed with the reason, and a Retry button (job_retry);
- the uploaded files a job reads (``Job.files``) are removed when the job ends, done or failed,
  by its task or by the staleness check.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy, ngettext

from core.models import Job

logger = logging.getLogger(__name__)

_KIND_LABELS: dict[str, str] = {}
_KIND_RETURN_URLS: dict[str, str] = {}
_KIND_TASKS: dict[str, str] = {}


class JobNotRetryable(Exception):
    """The job cannot run again as it is (still running, or its uploaded files are gone)."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOB_HEARTBEAT_SECONDS", 10))


def stale_seconds() -> float:
    return float(getattr(settings, "JOB_STALE_SECONDS", 60))


def register_job_kind(
    kind: str, label, *, return_url_name: str | None = None, task: str | None = None
) -> None:
    """Name a kind of job; return_url_name (reversed with the course code) is where its page
    sends the person back to; task (a dotted path to the Celery task taking the job id) lets a
    failed job be retried from its page."""
    _KIND_LABELS[kind] = label
    if return_url_name:
        _KIND_RETURN_URLS[kind] = return_url_name
    if task:
        _KIND_TASKS[kind] = task


def job_kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


def job_return_url(job: Job) -> str:
    if job.course_id is None:
        return reverse("home")
    name = _KIND_RETURN_URLS.get(job.kind, "courses:home")
    return reverse(name, kwargs={"code": job.course.code})


def job_create(
    *, kind: str, user, course=None, payload: dict | None = None, files: list[str] | None = None
) -> Job:
    """A queued job. files: the uploaded files it reads (default_storage names, or absolute
    paths), removed when the job ends whatever the outcome."""
    return Job.objects.create(
        kind=kind, user=user, course=course, payload=payload or {}, files=list(files or [])
    )


def job_enqueue(job: Job, task) -> None:
    """Queue a Celery task for the job once the surrounding transaction has committed."""
    transaction.on_commit(lambda: task.delay(job.pk))


def _takeable(now) -> Q:
    stale_before = now - timedelta(seconds=stale_seconds())
    return Q(state=Job.State.QUEUED) | Q(
        Q(heartbeat_at__lt=stale_before)
        | Q(heartbeat_at__isnull=True, started_at__lt=stale_before),
        state=Job.State.RUNNING,
    )


def job_start(job: Job) -> bool:
    """Claim the job for this worker: True to run the work from its beginning, False to leave.

    Queued: taken. Running with a heartbeat older than JOB_STALE_SECONDS: its worker died and
    this is the task given again; taken back (attempts + 1, progress 0). Running with a fresh
    heartbeat: the same task is being delivered twice, or again right after its worker was
    killed; wait until that job ends (False) or goes stale (taken). Done or failed: False.
    """
    deadline = time.monotonic() + stale_seconds() + 2 * heartbeat_seconds()
    while True:
        now = timezone.now()
        claimed = (
            Job.objects.filter(pk=job.pk)
            .filter(_takeable(now))
            .update(
                state=Job.State.RUNNING,
                started_at=now,
                heartbeat_at=now,
                progress=0,
                message="",
                attempts=F("attempts") + 1,
            )
        )
        job.refresh_from_db()
        if claimed:
            if job.attempts > 1:
                logger.warning("Job %s taken back after its worker stopped", job.pk)
            return True
        if job.state != Job.State.RUNNING or time.monotonic() > deadline:
            return False
        time.sleep(min(heartbeat_seconds(), 1.0))


def job_heartbeat(job: Job) -> None:
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def job_running(job: Job):
    """Keep the job's heartbeat while the block runs (a thread of this worker writes it)."""
    from celery import current_app

    if current_app.conf.task_always_eager:
        yield  # in the web process: the request itself is the sign of life
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(heartbeat_seconds()):
                job_heartbeat(job)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=heartbeat_seconds() + 5)


def job_progress(job: Job, progress: int) -> None:
    progress = max(0, min(100, int(progress)))
    Job.objects.filter(pk=job.pk).update(progress=progress, heartbeat_at=timezone.now())
    job.progress = progress


def _end(job: Job, **fields) -> bool:
    """Write the end of a job that has not ended yet, then remove its files."""
    fields["finished_at"] = timezone.now()
    ended = (
        Job.objects.filter(pk=job.pk)
        .exclude(state__in=[Job.State.DONE, Job.State.FAILED])
        .update(**fields)
    )
    job.refresh_from_db()
    job_remove_files(job)
    return bool(ended)


def job_finish(job: Job, *, message: str = "", result: dict | None = None) -> None:
    _end(job, state=Job.State.DONE, progress=100, message=message, result=result or {})


def job_fail(job: Job, *, message: str, result: dict | None = None) -> None:
    _end(job, state=Job.State.FAILED, message=message, result=result or {})


def job_remove_files(job: Job) -> None:
    """Remove the job's input files (missing ones are fine: this runs at every end)."""
    for name in job.files:
        try:
            if Path(name).is_absolute():
                Path(name).unlink(missing_ok=True)
            else:
                default_storage.delete(name)
        except OSError:
            logger.exception("Job %s: cannot remove %s", job.pk, name)


def _files_present(job: Job) -> bool:
    return all(
        Path(name).exists() if Path(name).is_absolute() else default_storage.exists(name)
        for name in job.files
    )


def job_expire_if_stale(job: Job) -> Job:
    """A running job whose worker went silent past JOB_STALE_SECONDS ends as failed, with
    why, and its files are removed. Returns the job as it now is."""
    if (
        job.state != Job.State.RUNNING
        or not Job.objects.filter(pk=job.pk).filter(_takeable(timezone.now())).exists()
    ):
        return job
    seconds = int(stale_seconds())
    message = ngettext(
        "The worker running this job stopped: no sign of life for %(seconds)d second. "
        "Nothing it started was kept; retry to run it again.",
        "The worker running this job stopped: no sign of life for %(seconds)d seconds. "
        "Nothing it started was kept; retry to run it again.",
        seconds,
    ) % {"seconds": seconds}
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).filter(_takeable(timezone.now())).update(
        state=Job.State.FAILED,
        message=message,
        result={**job.result, "worker_lost": True},
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    if job.state == Job.State.FAILED:
        job_remove_files(job)
    return job


def jobs_expire_stale() -> int:
    """The sweep (Celery beat): every running job without a heartbeat ends as failed."""
    expired = 0
    for job in Job.objects.filter(state=Job.State.RUNNING).filter(_takeable(timezone.now())):
        if job_expire_if_stale(job).state == Job.State.FAILED:
            expired += 1
    return expired


def job_can_retry(job: Job) -> bool:
    """A failed job of a kind with a task, whose input files (if any) are still there."""
    return job.state == Job.State.FAILED and job.kind in _KIND_TASKS and _files_present(job)


def job_retry(job: Job) -> Job:
    """Queue a failed job again, as it was created; JobNotRetryable otherwise."""
    if not job_can_retry(job):
        raise JobNotRetryable(job.pk)
    updated = Job.objects.filter(pk=job.pk, state=Job.State.FAILED).update(
        state=Job.State.QUEUED,
        progress=0,
        message="",
        result={},
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    if not updated:
        raise JobNotRetryable(job.pk)
    job_enqueue(job, import_string(_KIND_TASKS[job.kind]))
    job.refresh_from_db()
    return job


register_job_kind(
    "bulk_enroll",
    gettext_lazy("Bulk enrolment"),
    return_url_name="courses:members",
    task="courses.tasks.bulk_enroll_task",
)
