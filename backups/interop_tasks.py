"""Common Cartridge and Moodle imports as jobs: the upload is checked and stored at once, the
import runs in a Celery task (eager without a broker) and leaves its report on the Job."""

import uuid

from celery import shared_task
from django.core.files import File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.archives import UnsafeArchive, inspect_zip, is_gzip, open_zip
from core.jobs import (
    job_create,
    job_enqueue,
    job_fail,
    job_finish,
    job_progress,
    job_running,
    job_start,
    register_job_kind,
)
from core.models import Job
from core.uploads import extension_of, max_upload_size

CC_KIND = "cc_import"
MOODLE_KIND = "moodle_import"
# format -> (job kind, accepted extensions)
FORMATS = {"cc": (CC_KIND, {"imscc", "zip"}), "moodle": (MOODLE_KIND, {"mbz", "zip"})}
KINDS = (CC_KIND, MOODLE_KIND)


def register() -> None:
    """Name the two job kinds (called from backups' AppConfig.ready)."""
    register_job_kind(
        CC_KIND,
        gettext_lazy("Common Cartridge import"),
        return_url_name="backups:interop",
        task="backups.interop_tasks.interop_import_task",
    )
    register_job_kind(
        MOODLE_KIND,
        gettext_lazy("Moodle backup import"),
        return_url_name="backups:interop",
        task="backups.interop_tasks.interop_import_task",
    )


class ImportRefused(ValueError):
    """The file is refused before any work; the message is for the teacher."""


def interop_import_queue(*, course, user, upload, format: str) -> Job:
    """Check an uploaded cartridge (``format="cc"``) or Moodle backup (``"moodle"``) and queue
    its import; returns the Job to watch. Refused at once (ImportRefused): a wrong extension,
    a file over the platform's upload limit, or an archive the archive check refuses
    (not a zip, traversal, links, bombs, too many files)."""
    kind, extensions = FORMATS[format]
    name = getattr(upload, "name", "") or ""
    if extension_of(name) not in extensions:
        raise ImportRefused(
            _("Choose a file ending in %(extensions)s.")
            % {"extensions": ", ".join(f".{ext}" for ext in sorted(extensions))}
        )
    if upload.size > max_upload_size():
        raise ImportRefused(
            _("The file is too large (%(size)s); the maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_upload_size())}
        )
    # A zip's directory is checked now; a gzipped tar (Moodle's default .mbz) can only be
    # checked by reading it all, which the task does under the same limits.
    if not (format == "moodle" and is_gzip(upload)):
        try:
            with open_zip(upload) as archive:
                inspect_zip(archive)
        except UnsafeArchive as error:
            raise ImportRefused(str(error)) from error
    upload.seek(0)
    stored = default_storage.save(f"backups/incoming/{uuid.uuid4().hex}.archive", File(upload))
    job = job_create(
        kind=kind,
        user=user,
        course=course,
        payload={"archive": stored, "format": format, "name": name[:200]},
        files=[stored],
    )
    job_enqueue(job, interop_import_task)
    return job


def _summary(report) -> str:
    imported = sum(len(titles) for titles in report.imported.values())
    return _("%(imported)d items imported, %(skipped)d skipped.") % {
        "imported": imported,
        "skipped": len(report.skipped),
    }


@shared_task(bind=True, acks_late=True)
def interop_import_task(self, job_id: int) -> None:
    """Run a queued import (all or nothing); the report goes to ``job.result``."""
    from backups.cartridge import import_cartridge
    from backups.interop import InteropError
    from backups.moodle import import_moodle

    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return
    importer = import_cartridge if job.payload.get("format") == "cc" else import_moodle
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            job_progress(job, 5)
            with default_storage.open(job.payload["archive"], "rb") as handle:
                report = importer(course=job.course, upload=handle, user=job.user)
        except InteropError as error:
            job_fail(job, message=_("Nothing was imported: %(reason)s") % {"reason": error})
            return
        except Exception:
            job_fail(job, message=_("The import failed; nothing was imported."))
            raise
        job_finish(job, message=_summary(report), result=report.as_dict())
