import logging
from pathlib import Path

from celery import shared_task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from scorm.importer import import_error_message, package_import
from scorm.manifest import PackageError

logger = logging.getLogger(__name__)


@shared_task
def package_import_task(job_id: int) -> None:
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return  # already run: a retry or a duplicate delivery does nothing
    upload = Path(job.payload["upload"])
    language = job.user.language if job.user else None
    warnings: list[str] = []
    with translation.override(language), job_running(job):
        try:
            path = package_import(
                course=job.course,
                user=job.user,
                archive_path=upload,
                title=job.payload.get("title", ""),
                original_name=job.payload.get("name", ""),
                report=lambda percent: job_progress(job, percent),
                warnings=warnings,
            )
        except (PackageError, ValueError) as error:
            job_fail(job, message=import_error_message(error))
            return
        except Exception:
            logger.exception("Package import %s failed", job_id)
            job_fail(job, message=import_error_message(RuntimeError()))
            return
        finally:
            upload.unlink(missing_ok=True)
        job_finish(
            job,
            message=_("The learning path %(title)s is ready.") % {"title": path.title},
            result={
                "path_id": path.pk,
                "url": reverse("learnpaths:play", args=[job.course.code, path.pk]),
                "builder_url": reverse("learnpaths:builder", args=[job.course.code, path.pk]),
                "warnings": warnings[:50],
            },
        )
