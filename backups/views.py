from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backups import selectors
from backups.forms import BackupForm, CopyForm, RecycleForm, RestoreForm, RestoreTargetForm
from backups.services import backup_delete, course_recycle, recycle_preview, upload_keep
from backups.tasks import backup_task, copy_task, restore_task
from core.jobs import job_create, job_enqueue
from core.models import Job
from courses.permissions import Access, course_view
from courses.views import may_create_courses

TOOL = "backups"
JOB_KINDS = ["course_backup", "course_restore", "course_copy"]


def _restore_form(request, data=None, files=None, *, form_class=RestoreForm):
    return form_class(
        data,
        files,
        courses=selectors.managed_courses(request.user),
        may_create=may_create_courses(request.user),
    )


def _target_payload(data) -> dict:
    course = data.get("target_course")
    return {
        "target_id": course.pk if course else None,
        "new_code": data.get("new_code", ""),
        "new_title": data.get("new_title", "").strip(),
        "conflict": data["conflict"],
    }


def _index(request, *, backup_form=None, restore_form=None, status=200):
    course = request.course
    context = {
        "backup_form": backup_form or BackupForm(course=course),
        "restore_form": restore_form or _restore_form(request),
        "backups": selectors.course_backups(course),
        "jobs": Job.objects.filter(course=course, kind__in=JOB_KINDS).select_related("user")[:10],
    }
    return render(request, "backups/index.html", context, status=status)


@course_view(Access.MANAGE, tool=TOOL)
@require_GET
def index(request, code):
    return _index(request)


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def backup_start(request, code):
    form = BackupForm(request.POST, course=request.course)
    if not form.is_valid():
        messages.error(request, _("The backup was not started: see the form below."))
        return _index(request, backup_form=form, status=400)
    job = job_create(
        kind="course_backup",
        user=request.user,
        course=request.course,
        payload={"selection": form.cleaned_data["selection"]},
    )
    job_enqueue(job, backup_task)
    return redirect("core:job_detail", job_id=job.pk)


@course_view(Access.MANAGE, tool=TOOL)
@require_GET
def download(request, code, backup_id):
    backup = selectors.get_backup(request.course, backup_id)
    if backup is None or not backup.path.is_file():
        raise Http404
    # FileResponse closes the file once sent.
    return FileResponse(
        open(backup.path, "rb"),  # noqa: SIM115
        as_attachment=True,
        filename=backup.name,
        content_type="application/zip",
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def delete(request, code, backup_id):
    backup = selectors.get_backup(request.course, backup_id)
    if backup is None:
        raise Http404
    backup_delete(backup=backup)
    messages.success(request, _("The backup %(name)s was deleted.") % {"name": backup.name})
    return redirect("backups:index", code)


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def restore(request, code):
    form = _restore_form(request, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The restore was not started: see the form below."))
        return _index(request, restore_form=form, status=400)
    target = upload_keep(form.cleaned_data["archive"])
    data = form.cleaned_data
    job = job_create(
        kind="course_restore",
        user=request.user,
        course=request.course,
        payload={
            "upload": str(target),
            "name": Path(data["archive"].name).name[:200],
            **_target_payload(data),
        },
        files=[str(target)],
    )
    job_enqueue(job, restore_task)
    return redirect("core:job_detail", job_id=job.pk)


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def restore_listed(request, code, backup_id):
    """Restore one of the course's own backups, without sending the file again."""
    backup = selectors.get_backup(request.course, backup_id)
    if backup is None:
        raise Http404
    form = _restore_form(request, request.POST or None, form_class=RestoreTargetForm)
    if request.method == "POST" and form.is_valid():
        job = job_create(
            kind="course_restore",
            user=request.user,
            course=request.course,
            payload={
                "backup_id": backup.pk,
                "name": backup.name,
                **_target_payload(form.cleaned_data),
            },
        )
        job_enqueue(job, restore_task)
        return redirect("core:job_detail", job_id=job.pk)
    return render(request, "backups/restore_listed.html", {"form": form, "backup": backup})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def copy(request, code):
    courses = selectors.managed_courses(request.user)
    form = CopyForm(request.POST or None, course=request.course, courses=courses)
    if request.method == "POST" and form.is_valid():
        job = job_create(
            kind="course_copy",
            user=request.user,
            course=request.course,
            payload={
                "target_id": form.cleaned_data["target_course"].pk,
                "selection": form.cleaned_data["selection"],
                "conflict": form.cleaned_data["conflict"],
            },
        )
        job_enqueue(job, copy_task)
        return redirect("core:job_detail", job_id=job.pk)
    return render(request, "backups/copy.html", {"form": form})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def recycle(request, code):
    course = request.course
    form = RecycleForm(request.POST or None, course=course)
    preview = None
    if request.method == "POST" and form.is_valid():
        keys = form.cleaned_data["tools"]
        if form.cleaned_data["confirm"] and "confirmed" in request.POST:
            emptied = course_recycle(course=course, keys=keys)
            messages.success(
                request,
                _("Tools emptied: %(count)d. The course itself and its members stay.")
                % {"count": len(emptied)},
            )
            return redirect("backups:index", code)
        if "confirmed" in request.POST:
            form.add_error("confirm", _("Tick the box to confirm; nothing was deleted."))
        preview = recycle_preview(course, keys)
    return render(
        request,
        "backups/recycle.html",
        {"form": form, "preview": preview, "everything": form.preview},
    )
