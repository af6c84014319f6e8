from celery import shared_task
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from documents import services
from documents.models import Document


@shared_task(bind=True, max_retries=3, default_retry_delay=5)
def zip_import_task(self, job_id: int) -> None:
    """Unpack a checked archive into a course's folder (see services.zip_import_queue)."""
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return  # already run: a retry or a duplicate delivery does nothing
    stored = job.payload.get("archive", "")
    folder_id = job.payload.get("folder")
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            parent = None
            if folder_id is not None:
                parent = Document.objects.filter(
                    pk=folder_id, course=job.course, kind=Document.Kind.FOLDER
                ).first()
                if parent is None:
                    job_fail(job, message=_("The folder was deleted; nothing was imported."))
                    return
            job_progress(job, 10)
            with default_storage.open(stored, "rb") as handle:
                result = services.zip_import(
                    course=job.course,
                    parent=parent,
                    upload=File(handle, name="archive.zip"),
                    user=job.user,
                )
        except services.DocumentError as error:
            job_fail(job, message=error.message)
            return
        except Exception:
            job_fail(job, message=_("The archive could not be unpacked; nothing was imported."))
            raise
        finally:
            default_storage.delete(stored)
        kwargs = {"code": job.course.code}
        if parent is not None:
            kwargs["folder_id"] = parent.pk
        files = ngettext("%(count)d file", "%(count)d files", len(result.files)) % {
            "count": len(result.files)
        }
        folders = ngettext("%(count)d new folder", "%(count)d new folders", len(result.folders)) % {
            "count": len(result.folders)
        }
        job_finish(
            job,
            message=_("The archive was unpacked: %(files)s, %(folders)s.")
            % {"files": files, "folders": folders},
            result={
                "files": len(result.files),
                "folders": len(result.folders),
                "url": reverse("documents:folder" if parent else "documents:index", kwargs=kwargs),
            },
        )
