"""Course interchange pages: export a Common Cartridge, import one or a Moodle backup (as a
job), and the import's report."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from backups import interop_tasks
from backups.cartridge import export_cartridge
from backups.interop import report_rows
from backups.interop_forms import CartridgeImportForm, MoodleImportForm
from core.models import Job
from courses.permissions import Access, course_view

TOOL = "backups"


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def interop_index(request, code):
    forms = {"cc": CartridgeImportForm(prefix="cc"), "moodle": MoodleImportForm(prefix="moodle")}
    chosen = request.POST.get("format")
    if request.method == "POST" and chosen in forms:
        form_class = CartridgeImportForm if chosen == "cc" else MoodleImportForm
        form = forms[chosen] = form_class(request.POST, request.FILES, prefix=chosen)
        if form.is_valid():
            try:
                job = interop_tasks.interop_import_queue(
                    course=request.course,
                    user=request.user,
                    upload=form.cleaned_data["archive"],
                    format=chosen,
                )
            except interop_tasks.ImportRefused as error:
                form.add_error("archive", str(error))
            else:
                return redirect("backups:interop_job", code=code, job_id=job.pk)
    jobs = Job.objects.filter(course=request.course, kind__in=interop_tasks.KINDS).order_by(
        "-created_at"
    )[:10]
    return render(
        request,
        "backups/interop/index.html",
        {"cc_form": forms["cc"], "moodle_form": forms["moodle"], "jobs": jobs},
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_GET
def interop_job(request, code, job_id):
    job = get_object_or_404(Job, pk=job_id, course=request.course, kind__in=interop_tasks.KINDS)
    imported, skipped = report_rows(job.result or {})
    template = (
        "backups/interop/_report.html"
        if request.headers.get("HX-Request")
        else "backups/interop/job.html"
    )
    return render(request, template, {"job": job, "imported": imported, "skipped": skipped})


@course_view(Access.MANAGE, tool=TOOL)
@require_GET
def cartridge_export(request, code):
    content, _report = export_cartridge(request.course)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, f"{code}.imscc")
    return response
