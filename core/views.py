from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.jobs import job_return_url
from core.selectors import get_job_for_user


@login_required
@require_GET
def job_detail(request, job_id: int):
    job = get_job_for_user(request.user, job_id)
    return render(request, "core/job_detail.html", {"job": job, "return_url": job_return_url(job)})


@login_required
@require_GET
def job_status(request, job_id: int):
    """The fragment htmx polls; it stops polling by leaving out its trigger once finished."""
    job = get_job_for_user(request.user, job_id)
    return render(request, "core/_job_status.html", {"job": job})


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bench_bare(request):
    """A bare view, the baseline `make bench` compares the course home against."""
    return HttpResponse("ok", content_type="text/plain")
