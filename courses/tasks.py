from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _

from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from courses.services import (
    BulkEnrollFileError,
    bulk_enroll_apply,
    bulk_enroll_plan,
    bulk_enroll_read,
    bulk_enroll_summary,
)


@shared_task(bind=True, max_retries=3, default_retry_delay=5)
def bulk_enroll_task(self, job_id: int) -> None:
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return  # already run: a retry or a duplicate delivery does nothing
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            records = bulk_enroll_read(job.payload.get("csv", ""))
            job_progress(job, 30)
            plan = bulk_enroll_plan(records)
            job_progress(job, 60)
            if not plan.rows:
                job_fail(
                    job,
                    message=_("No row could be enrolled; nothing was changed."),
                    result={"rejected": plan.rejected},
                )
                return
            summary = bulk_enroll_apply(course=job.course, plan=plan)
        except BulkEnrollFileError as error:
            job_fail(job, message=str(error))
            return
        except Exception:
            job_fail(job, message=_("The enrolment failed unexpectedly; nothing was changed."))
            raise
        message = bulk_enroll_summary(
            enrolled=summary["enrolled"],
            created=summary["created_users"],
            already=summary["already_members"],
            rejected=len(plan.rejected),
        )
        result = {**summary, "rejected": plan.rejected, "lines": len(records)}
        job_finish(job, message=message, result=result)
