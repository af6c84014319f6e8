"""Job kinds and the small state machine every background task reports through.

A task loads its Job by id, calls job_start, reports progress, and ends with job_finish or
job_fail. Each call writes at once with an UPDATE, outside the task's own transaction, so the
page that polls the job sees progress while the work is still running.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Job

_KIND_LABELS: dict[str, str] = {}
_KIND_RETURN_URLS: dict[str, str] = {}


def register_job_kind(kind: str, label, *, return_url_name: str | None = None) -> None:
    """Name a kind of job; return_url_name (reversed with the course code) is where its page
    sends the person back to."""
    _KIND_LABELS[kind] = label
    if return_url_name:
        _KIND_RETURN_URLS[kind] = return_url_name


def job_kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


def job_return_url(job: Job) -> str:
    if job.course_id is None:
        return reverse("home")
    name = _KIND_RETURN_URLS.get(job.kind, "courses:home")
    return reverse(name, kwargs={"code": job.course.code})


def job_create(*, kind: str, user, course=None, payload: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, user=user, course=course, payload=payload or {})


def job_enqueue(job: Job, task) -> None:
    """Queue a Celery task for the job once the surrounding transaction has committed."""
    transaction.on_commit(lambda: task.delay(job.pk))


def job_start(job: Job) -> bool:
    """Mark the job running; False when it already ran (a retry must not repeat the work)."""
    updated = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now(), progress=0
    )
    job.refresh_from_db()
    return bool(updated)


def job_progress(job: Job, progress: int) -> None:
    progress = max(0, min(100, int(progress)))
    Job.objects.filter(pk=job.pk).update(progress=progress)
    job.progress = progress


def job_finish(job: Job, *, message: str = "", result: dict | None = None) -> None:
    job.state, job.progress, job.message = Job.State.DONE, 100, message
    job.result = result or {}
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "progress", "message", "result", "finished_at"])


def job_fail(job: Job, *, message: str, result: dict | None = None) -> None:
    job.state, job.message = Job.State.FAILED, message
    job.result = result or {}
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "result", "finished_at"])


register_job_kind("bulk_enroll", _("Bulk enrolment"), return_url_name="courses:members")
