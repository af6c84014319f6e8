from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.jobs import JobNotRetryable, job_can_retry, job_expire_if_stale, job_retry, job_return_url
from core.selectors import get_job_for_user


def _job_context(job) -> dict:
    return {"job": job, "return_url": job_return_url(job), "can_retry": job_can_retry(job)}


@login_required
@require_GET
def job_detail(request, job_id: int):
    job = job_expire_if_stale(get_job_for_user(request.user, job_id))
    return render(request, "core/job_detail.html", _job_context(job))


@login_required
@require_GET
def job_status(request, job_id: int):
    """The fragment htmx polls; it stops polling by leaving out its trigger once finished."""
    job = job_expire_if_stale(get_job_for_user(request.user, job_id))
    return render(request, "core/_job_status.html", _job_context(job))


@login_required
@require_POST
def job_retry_view(request, job_id: int):
    job = get_job_for_user(request.user, job_id)
    try:
        job_retry(job)
    except JobNotRetryable:
        messages.error(request, _("This job cannot be run again; start it again from its page."))
    return redirect("core:job_detail", job_id=job.pk)


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bench_bare(request):
    """A bare view, the baseline `make bench` compares the course home against."""
    return HttpResponse("ok", content_type="text/plain")
