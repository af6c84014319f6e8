import logging
from pathlib import Path

from celery import shared_task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from backups.models import Backup
from backups.services import (
    BackupError,
    NewCourse,
    backup_create,
    backup_restore,
    course_copy,
    summary_text,
)
from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from courses.models import Course

logger = logging.getLogger(__name__)


@shared_task
def backup_task(job_id: int) -> None:
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return  # already done, or another delivery is on it
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            backup = backup_create(job=job, report=lambda percent: job_progress(job, percent))
        except Exception:
            logger.exception("Backup %s failed", job_id)
            job_fail(job, message=_("The backup failed; no file was kept. Retry to run it again."))
            return
        job_finish(
            job,
            message=_("The backup %(name)s is ready.") % {"name": backup.name},
            result={
                "backup_id": backup.pk,
                "download_url": reverse("backups:download", args=[job.course.code, backup.pk]),
            },
        )


@shared_task
def restore_task(job_id: int) -> None:
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return
    payload = job.payload
    if payload.get("backup_id"):  # one of the course's own backups: kept after the restore
        backup = Backup.objects.filter(pk=payload["backup_id"], course=job.course).first()
        upload, keep = (backup.path if backup else Path("missing.zip")), True
    else:
        upload, keep = Path(payload["upload"]), False
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            if payload.get("target_id"):
                target = Course.objects.get(pk=payload["target_id"])
            else:
                target = NewCourse(code=payload["new_code"], title=payload["new_title"])
            course, summary = backup_restore(
                archive_path=upload,
                course=target,
                user=job.user,
                conflict_policy=payload.get("conflict", "skip"),
                report=lambda percent: job_progress(job, percent),
            )
        except BackupError as error:
            job_fail(job, message=_("%(reason)s Nothing was changed.") % {"reason": error})
            return
        except Exception:
            logger.exception("Restore %s failed", job_id)
            job_fail(
                job,
                message=_("The restore failed half way; the course was left as it was."),
            )
            return
        finally:
            if not keep:
                upload.unlink(missing_ok=True)
        job_finish(
            job,
            message=_("The backup was restored into %(course)s. %(summary)s")
            % {"course": course.title, "summary": summary_text(summary)},
            result={"course_id": course.pk, "summary": summary, "url": course_url(course)},
        )


def course_url(course) -> str:
    return reverse("courses:home", args=[course.code])


@shared_task
def copy_task(job_id: int) -> None:
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return
    payload = job.payload
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            target = Course.objects.get(pk=payload["target_id"])
            job_progress(job, 10)
            summary = course_copy(
                source=job.course,
                target=target,
                user=job.user,
                selection=payload["selection"],
                conflict_policy=payload.get("conflict", "rename"),
            )
        except Exception:
            logger.exception("Copy %s failed", job_id)
            job_fail(job, message=_("The copy failed; the other course was left as it was."))
            return
        job_finish(
            job,
            message=_("The content was copied into %(course)s. %(summary)s")
            % {"course": target.title, "summary": summary_text(summary)},
            result={"course_id": target.pk, "summary": summary, "url": course_url(target)},
        )
