from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.jobs import job_fail, job_finish, job_progress, job_running, job_start
from core.models import Job
from links import services
from links.checker import check_url
from links.models import Link


@shared_task(bind=True, acks_late=True)
def link_check_task(self, job_id: int) -> None:
    """Check every link of the job's course and record which ones are broken."""
    job = Job.objects.select_related("course", "user").get(pk=job_id)
    if not job_start(job):
        return  # already run: a duplicate delivery does nothing
    language = job.user.language if job.user else None
    with translation.override(language), job_running(job):
        try:
            links = list(Link.objects.filter(course=job.course).order_by("pk"))
            counts = {"ok": 0, "broken": 0, "refused": 0}
            broken = []
            for index, link in enumerate(links, start=1):
                result = check_url(link.url)
                services.link_record_check(link=link, status=result.status, message=result.message)
                counts[result.status] += 1
                if result.status != "ok":
                    broken.append({"line": link.title, "reason": result.message})
                job_progress(job, index * 100 // len(links))
        except Exception:
            job_fail(job, message=_("The link check failed unexpectedly."))
            raise
        message = _("%(checked)s: %(ok)s, %(broken)s, %(refused)s.") % {
            "checked": ngettext("%(n)d link checked", "%(n)d links checked", len(links))
            % {"n": len(links)},
            "ok": ngettext("%(n)d reachable", "%(n)d reachable", counts["ok"])
            % {"n": counts["ok"]},
            "broken": ngettext("%(n)d broken", "%(n)d broken", counts["broken"])
            % {"n": counts["broken"]},
            "refused": ngettext(
                "%(n)d not checked (private address)",
                "%(n)d not checked (private addresses)",
                counts["refused"],
            )
            % {"n": counts["refused"]},
        }
        job_finish(job, message=message, result={**counts, "problems": broken})
