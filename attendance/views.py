from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance import exports, selectors, services
from attendance.forms import SessionsForm, SheetForm
from attendance.models import Record, Session, Sheet
from core.exports import table_response
from courses.permissions import Access, course_view
from courses.sessions import session_context

TOOL = "attendance"


def _narrowed(request):
    """The session the sheet is about (courses.sessions: a coach's own, or the one a teacher
    chose) and the learners to show: None for the session's (or the whole course's), [] for a
    coach who coaches no session of this course."""
    context = session_context(request)
    return context, ([] if context.session is None and not context.whole_course else None)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def index(request, code):
    if request.course_access.can_tutor:
        return render(
            request, "attendance/index.html", {"sheets": selectors.sheets(request.course)}
        )
    record = []
    if request.user.is_authenticated:
        record = selectors.learner_record(request.course, request.user)
    return render(request, "attendance/learner.html", {"record": record})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def sheet_edit(request, code, sheet_id=None):
    sheet = None
    if sheet_id is not None:
        sheet = get_object_or_404(Sheet, pk=sheet_id, course=request.course)
    form = SheetForm(request.POST or None, instance=sheet)
    if request.method == "POST" and form.is_valid():
        if sheet is None:
            sheet = services.sheet_create(course=request.course, **form.cleaned_data)
        else:
            services.sheet_update(sheet=sheet, **form.cleaned_data)
        messages.success(request, _("The attendance sheet has been saved."))
        return redirect("attendance:sheet", code=code, sheet_id=sheet.pk)
    heading = _("Edit the sheet") if sheet else _("New attendance sheet")
    return render(request, "attendance/form.html", {"form": form, "heading": heading})


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def sheet_delete(request, code, sheet_id):
    sheet = get_object_or_404(Sheet, pk=sheet_id, course=request.course)
    services.sheet_delete(sheet=sheet)
    messages.success(request, _("The attendance sheet has been deleted."))
    return redirect("attendance:index", code=code)


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def sheet(request, code, sheet_id):
    found = get_object_or_404(Sheet, pk=sheet_id, course=request.course)
    context, users = _narrowed(request)
    grid = selectors.sheet_grid(found, users=users, session=context.session)
    return render(
        request,
        "attendance/sheet.html",
        {"grid": grid, "rows": list(grid.rows()), "session_context": context},
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def sessions_add(request, code, sheet_id):
    found = get_object_or_404(Sheet, pk=sheet_id, course=request.course)
    form = SessionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.sessions_add(sheet=found, **form.cleaned_data)
        except services.AttendanceError as error:
            form.add_error("until", str(error))
        else:
            count = len(added)
            messages.success(
                request,
                ngettext(
                    "%(count)d date has been added.", "%(count)d dates have been added.", count
                )
                % {"count": count},
            )
            return redirect("attendance:sheet", code=code, sheet_id=found.pk)
    return render(request, "attendance/form.html", {"form": form, "heading": _("Add dates")})


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def session_delete(request, code, sheet_id, session_id):
    session = get_object_or_404(
        Session, pk=session_id, sheet_id=sheet_id, sheet__course=request.course
    )
    services.session_delete(session=session)
    messages.success(request, _("The date has been removed."))
    return redirect("attendance:sheet", code=code, sheet_id=sheet_id)


@course_view(Access.TUTOR, tool=TOOL)
@require_http_methods(["GET", "POST"])
def take(request, code, sheet_id, session_id):
    session = get_object_or_404(
        Session.objects.select_related("sheet"),
        pk=session_id,
        sheet_id=sheet_id,
        sheet__course=request.course,
    )
    context, users = _narrowed(request)
    if users is None:
        users = selectors.learners(request.course, session=context.session)
    error = None
    if request.method == "POST":
        marks = {
            u.pk: (request.POST.get(f"status-{u.pk}", ""), request.POST.get(f"comment-{u.pk}", ""))
            for u in users
        }
        try:
            services.records_save(session=session, marks=marks)
        except services.AttendanceError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect("attendance:sheet", code=code, sheet_id=sheet_id)
    records = {r.user_id: r for r in Record.objects.filter(session=session)}
    rows = [(u, records.get(u.pk)) for u in users]
    # A date not taken yet starts with everyone present (Chamilo's default): mark the absent.
    default_status = "" if records else Record.Status.PRESENT
    return render(
        request,
        "attendance/take.html",
        {
            "session": session,
            "rows": rows,
            "statuses": Record.Status.choices,
            "default_status": default_status,
            "error": error,
        },
        status=400 if error else 200,
    )


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def export(request, code, sheet_id, fmt):
    found = get_object_or_404(Sheet, pk=sheet_id, course=request.course)
    context, users = _narrowed(request)
    grid = selectors.sheet_grid(found, users=users, session=context.session)
    name = f"attendance-{code}-{found.pk}"
    if context.session:
        name += f"-session-{context.session.pk}"
    if fmt == "xlsx":
        header, rows = exports.table(grid)
        return table_response(filename=name, headers=header, rows=rows, fmt=fmt)
    if fmt != "pdf":
        raise Http404
    response = HttpResponse(exports.to_pdf(grid), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
