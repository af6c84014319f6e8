from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import table_response
from core.jobs import job_create, job_enqueue
from core.models import Job
from core.numbers import number_parsed
from courses.permissions import Access, course_view
from courses.sessions import session_context
from gradebook import exports, services
from gradebook.forms import CategoryForm, EvaluationForm, MarksImportForm, SettingsForm
from gradebook.grid import course_settings, gradebook_grid, grid_body_html, outline
from gradebook.models import OFFLINE, Category, Certificate, Evaluation, ScaleLevel
from gradebook.tasks import (
    certificates_zip_path,
    certificates_zip_task,
    grid_pdf_path,
    grid_pdf_task,
)

TOOL = "gradebook"


def _level_id(request, name: str) -> int | None:
    """The level a "new" link preselects (?category=<id> / ?parent=<id>); None: top level."""
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


def _narrowed(request):
    """The session the page is about (courses.sessions: a coach's own, or the one a teacher
    chose) and the learners to give the grid: None for the session's (or the whole course's),
    [] for a coach who coaches no session of this course."""
    context = session_context(request)
    return context, ([] if context.session is None and not context.whole_course else None)


def _warn_if_unbalanced(request, level) -> None:
    warning = services.level_warning(request.course, level)
    if warning:
        messages.warning(request, warning)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def index(request, code):
    course = request.course
    if request.course_access.can_tutor:
        context, users = _narrowed(request)
        grid = gradebook_grid(course, users=users, session=context.session)
        return render(
            request,
            "gradebook/grid.html",
            {
                "session_context": context,
                "grid": grid,
                "structure": outline(grid),
                "unbalanced": grid.unbalanced(),
                "body": grid_body_html(grid),
            },
        )
    user = request.user
    # The learner's standing counts every evaluation (the official total); hidden ones are
    # only left out of what the page lists.
    grid = gradebook_grid(course, users=[user] if user.is_authenticated else [])
    certificate = None
    if request.course_access.is_member:
        if grid.passed.get(user.pk):
            services.certificates_issue(course=course, grid=grid)
        certificate = Certificate.objects.filter(course=course, user=user).first()
    total = grid.totals.get(user.pk)
    return render(
        request,
        "gradebook/learner.html",
        {
            "grid": grid,
            "rows": outline(grid, user.pk, visible_only=True) if user.is_authenticated else [],
            "total": total,
            "label": grid.label(total),
            "passed": grid.passed.get(user.pk, False),
            "below": grid.below_minimum.get(user.pk, []),
            "certificate": certificate,
        },
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def settings_edit(request, code):
    current = course_settings(request.course)
    scale = "\n".join(
        f"{level.min_percent.normalize():f} {level.label}"
        for level in ScaleLevel.objects.filter(course=request.course)
    )
    form = SettingsForm(request.POST or None, instance=current, initial={"scale": scale})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.settings_save(
            course=request.course,
            pass_mark=data["pass_mark"],
            use_scale=data["use_scale"],
            certificates_enabled=data["certificates_enabled"],
            certificate_template=data["certificate_template"],
        )
        services.scale_set(course=request.course, levels=data["scale"])
        messages.success(request, _("The gradebook settings have been saved."))
        return redirect("gradebook:index", code=code)
    return render(
        request, "gradebook/form.html", {"form": form, "heading": _("Gradebook settings")}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def category_edit(request, code, category_id=None):
    category = None
    if category_id is not None:
        category = get_object_or_404(Category, pk=category_id, course=request.course)
    form = CategoryForm(
        request.POST or None,
        instance=category,
        course=request.course,
        level_id=_level_id(request, "parent"),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "weight", "parent")}
        try:
            if category is None:
                saved = services.category_create(course=request.course, **data)
            else:
                saved = services.category_update(category=category, **data)
        except services.GradebookError as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, _("The category has been saved."))
            _warn_if_unbalanced(request, saved.parent)
            return redirect("gradebook:index", code=code)
    heading = _("Edit the category") if category else _("New category")
    return render(
        request, "gradebook/form.html", {"form": form, "heading": heading, "object": category}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def category_delete(request, code, category_id):
    category = get_object_or_404(Category, pk=category_id, course=request.course)
    services.category_delete(category=category)
    messages.success(request, _("The category and what it held have been deleted."))
    return redirect("gradebook:index", code=code)


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def evaluation_edit(request, code, evaluation_id=None):
    evaluation = None
    if evaluation_id is not None:
        evaluation = get_object_or_404(Evaluation, pk=evaluation_id, course=request.course)
    form = EvaluationForm(
        request.POST or None,
        instance=evaluation,
        course=request.course,
        level_id=_level_id(request, "category"),
    )
    if request.method == "POST" and form.is_valid():
        fields = ("name", "category", "weight", "link", "max_score", "min_score", "visible")
        data = {k: form.cleaned_data[k] for k in fields}
        try:
            if evaluation is None:
                saved = services.evaluation_create(course=request.course, **data)
            else:
                saved = services.evaluation_update(evaluation=evaluation, **data)
        except services.GradebookError as error:
            form.add_error("link", str(error))
        else:
            messages.success(request, _("The evaluation has been saved."))
            _warn_if_unbalanced(request, saved.category)
            return redirect("gradebook:index", code=code)
    heading = _("Edit the evaluation") if evaluation else _("New evaluation")
    return render(
        request, "gradebook/form.html", {"form": form, "heading": heading, "object": evaluation}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def evaluation_delete(request, code, evaluation_id):
    evaluation = get_object_or_404(Evaluation, pk=evaluation_id, course=request.course)
    services.evaluation_delete(evaluation=evaluation)
    messages.success(request, _("The evaluation has been deleted."))
    return redirect("gradebook:index", code=code)


def _offline(request, evaluation_id) -> Evaluation:
    return get_object_or_404(Evaluation, pk=evaluation_id, course=request.course, source=OFFLINE)


@course_view(Access.TUTOR, tool=TOOL)
@require_http_methods(["GET", "POST"])
def marks(request, code, evaluation_id):
    evaluation = _offline(request, evaluation_id)
    context, users = _narrowed(request)
    grid = gradebook_grid(request.course, users=users, session=context.session)
    error, report = None, None
    import_form = MarksImportForm()
    if request.method == "POST" and "file" in request.FILES:
        import_form = MarksImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            report = services.marks_import_csv(
                evaluation=evaluation,
                data=import_form.cleaned_data["file"].read(),
                learners=grid.learners,
            )
            grid = gradebook_grid(request.course, users=users, session=context.session)
    elif request.method == "POST":
        typed = {}
        for user in grid.learners:
            raw = request.POST.get(f"mark-{user.pk}", "").strip()
            try:
                typed[user.pk] = number_parsed(raw) if raw else None
            except ValueError:
                error = _("“%(value)s” is not a number.") % {"value": raw}
        if error is None:
            try:
                services.marks_save(evaluation=evaluation, marks=typed)
            except services.GradebookError as refused:
                error = str(refused)
            else:
                messages.success(request, _("The marks have been saved."))
                return redirect("gradebook:marks", code=code, evaluation_id=evaluation.pk)
    rows = [(user, grid.cell(evaluation.pk, user.pk)) for user in grid.learners]
    return render(
        request,
        "gradebook/marks.html",
        {
            "session_context": context,
            "evaluation": evaluation,
            "rows": rows,
            "error": error,
            "import_form": import_form,
            "report": report,
        },
        status=400 if error else 200,
    )


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def export(request, code, fmt):
    """CSV and XLSX at once; the PDF is a job (``export_pdf_start``)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    context, users = _narrowed(request)
    header, rows = exports.table(
        gradebook_grid(request.course, users=users, session=context.session)
    )
    name = f"gradebook-{code}"
    if context.session:
        name += f"-session-{context.session.pk}"
    return table_response(filename=name, headers=header, rows=rows, fmt=fmt)


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def export_pdf_start(request, code):
    """The grid as a PDF, built by a job (a large class takes WeasyPrint longer than a request
    may); its page shows the progress and then the download."""
    context, users = _narrowed(request)
    payload = {"session": context.session.pk if context.session else None, "nobody": users == []}
    job = job_create(
        kind="gradebook_pdf", user=request.user, course=request.course, payload=payload
    )
    job_enqueue(job, grid_pdf_task)
    return redirect("core:job_detail", job_id=job.pk)


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def export_pdf(request, code, job_id):
    job = get_object_or_404(
        Job, pk=job_id, course=request.course, kind="gradebook_pdf", state=Job.State.DONE
    )
    path = grid_pdf_path(job)
    if not default_storage.exists(path):
        raise Http404
    return FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=f"gradebook-{code}.pdf"
    )


# --- Certificates -----------------------------------------------------------------------------


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def certificates(request, code):
    found = Certificate.objects.filter(course=request.course).select_related("user")
    return render(
        request,
        "gradebook/certificates.html",
        {"certificates": found, "settings": course_settings(request.course)},
    )


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def certificates_issue(request, code):
    result = services.certificates_issue(course=request.course)
    context = {"result": result, "settings": course_settings(request.course)}
    if request.headers.get("HX-Request"):
        context["certificates"] = Certificate.objects.filter(course=request.course).select_related(
            "user"
        )
        return render(request, "gradebook/_certificates.html", context)
    count = len(result.issued)
    messages.success(
        request,
        ngettext("%(count)d new certificate issued.", "%(count)d new certificates issued.", count)
        % {"count": count},
    )
    return redirect("gradebook:certificates", code=code)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def certificate_pdf(request, code, certificate_id):
    certificate = get_object_or_404(
        Certificate.objects.select_related("user", "course"),
        pk=certificate_id,
        course=request.course,
    )
    if not request.course_access.can_tutor and certificate.user_id != request.user.pk:
        raise Http404
    pdf = services.certificate_pdf(
        certificate=certificate, settings=course_settings(request.course)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def certificate_regenerate(request, code, certificate_id):
    certificate = get_object_or_404(
        Certificate.objects.select_related("user", "course"),
        pk=certificate_id,
        course=request.course,
    )
    services.certificate_generate(certificate=certificate, settings=course_settings(request.course))
    messages.success(request, _("The certificate has been generated again; its code is kept."))
    return redirect("gradebook:certificates", code=code)


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def certificates_zip_start(request, code):
    job = job_create(kind="certificates_zip", user=request.user, course=request.course)
    job_enqueue(job, certificates_zip_task)
    return redirect("core:job_detail", job_id=job.pk)


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def certificates_zip(request, code, job_id):
    job = get_object_or_404(
        Job, pk=job_id, course=request.course, kind="certificates_zip", state=Job.State.DONE
    )
    path = certificates_zip_path(job)
    if not default_storage.exists(path):
        raise Http404
    return FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=f"certificates-{code}.zip"
    )


# --- Public verification (no course, no sign-in) ----------------------------------------------


@require_GET
def verify(request, code=None):
    code = (code or request.GET.get("code", "")).strip().upper()
    certificate = None
    if code:
        certificate = Certificate.objects.select_related("user", "course").filter(code=code).first()
    return render(
        request,
        "gradebook/verify.html",
        {"code": code, "certificate": certificate},
        status=404 if code and certificate is None else 200,
    )
