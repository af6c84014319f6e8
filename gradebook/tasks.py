import io
import zipfile

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import ngettext

from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from gradebook.grid import course_settings
from gradebook.models import Certificate
from gradebook.services import certificate_pdf


def certificates_zip_path(job: Job) -> str:
    return f"gradebook/exports/{job.course_id}/certificates-{job.pk}.zip"


@shared_task(acks_late=True)
def certificates_zip_task(job_id: int) -> None:
    """Build a zip of every certificate's PDF of the job's course, reporting progress; the
    job's result holds the download address. Idempotent: a job that ran is not run again."""
    job = Job.objects.select_related("course").filter(pk=job_id).first()
    if job is None or not job_start(job):
        return
    try:
        settings = course_settings(job.course)
        certificates = list(
            Certificate.objects.filter(course=job.course).select_related("user", "course")
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, certificate in enumerate(certificates, start=1):
                archive.writestr(
                    f"{certificate.user.username}-{certificate.code}.pdf",
                    certificate_pdf(certificate=certificate, settings=settings),
                )
                job_progress(job, number * 100 // max(len(certificates), 1))
        default_storage.save(certificates_zip_path(job), ContentFile(buffer.getvalue()))
        job_finish(
            job,
            message=ngettext(
                "%(count)d certificate in the archive.",
                "%(count)d certificates in the archive.",
                len(certificates),
            )
            % {"count": len(certificates)},
            result={
                "download_url": reverse(
                    "gradebook:certificates_zip", args=[job.course.code, job.pk]
                ),
                "count": len(certificates),
            },
        )
    except Exception as error:  # recorded on the job for the teacher, then re-raised
        job_fail(job, message=str(error) or error.__class__.__name__)
        raise


@shared_task(acks_late=True)
def certificates_check_task(course_id: int, user_ids: list[int] | None) -> int:
    """Issue the certificates due after a change notification (gradebook.changes): the grid
    of ``user_ids`` (None: every learner) of the course, in bulk. Idempotent: a learner who
    has a certificate gets no second one. Returns the number issued."""
    from gradebook.services import certificates_issue_for

    result = certificates_issue_for(course_id=course_id, user_ids=user_ids)
    return len(result.issued) if result else 0


def grid_pdf_path(job: Job) -> str:
    return f"gradebook/exports/{job.course_id}/gradebook-{job.pk}.pdf"


@shared_task(acks_late=True)
def grid_pdf_task(job_id: int) -> None:
    """The course's grid as a PDF (gradebook.exports.to_pdf), stored for the job's download:
    a large class takes WeasyPrint tens of seconds, more than a request may. The job's result
    holds the download address. Idempotent: it renders the grid as it is when it runs."""
    from gradebook import exports
    from gradebook.grid import gradebook_grid

    job = Job.objects.select_related("course").filter(pk=job_id).first()
    if job is None or not job_start(job):
        return
    try:
        with job_running(job):
            # The learners the teacher or coach was looking at (gradebook.views._narrowed).
            grid = gradebook_grid(
                job.course,
                users=[] if job.payload.get("nobody") else None,
                session=job.payload.get("session"),
            )
            job_progress(job, 10)
            pdf = exports.to_pdf(grid, job.course)
            path = grid_pdf_path(job)
            if default_storage.exists(path):
                default_storage.delete(path)
            default_storage.save(path, ContentFile(pdf))
        count = len(grid.learners)
        job_finish(
            job,
            message=ngettext(
                "%(count)d learner in the PDF.", "%(count)d learners in the PDF.", count
            )
            % {"count": count},
            result={
                "download_url": reverse("gradebook:export_pdf", args=[job.course.code, job.pk]),
                "learners": count,
            },
        )
    except Exception as error:  # recorded on the job for the teacher, then re-raised
        job_fail(job, message=str(error) or error.__class__.__name__)
        raise
