from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attendance.api import course_dates, date_labels
from courses.permissions import Access, course_view
from journal import selectors, services
from journal.forms import AdvanceForm, ThemeForm
from journal.models import Advance, Theme

TOOL = "journal"


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def index(request, code):
    themes = list(selectors.themes(request.course))
    labels = date_labels({a.attendance_date_id for t in themes for a in t.advances.all()})
    rows = [(theme, selectors.theme_percent(theme)) for theme in themes]
    return render(
        request,
        "journal/index.html",
        {
            "rows": rows,
            "percent": selectors.progress_percent(request.course),
            "date_labels": labels,
        },
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def theme_edit(request, code, theme_id=None):
    theme = None
    if theme_id is not None:
        theme = get_object_or_404(Theme, pk=theme_id, course=request.course)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        if theme is None:
            services.theme_create(course=request.course, **form.cleaned_data)
        else:
            services.theme_update(theme=theme, **form.cleaned_data)
        messages.success(request, _("The theme has been saved."))
        return redirect("journal:index", code=code)
    heading = _("Edit the theme") if theme else _("New theme")
    return render(request, "journal/form.html", {"form": form, "heading": heading})


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def theme_delete(request, code, theme_id):
    theme = get_object_or_404(Theme, pk=theme_id, course=request.course)
    services.theme_delete(theme=theme)
    messages.success(request, _("The theme has been deleted."))
    return redirect("journal:index", code=code)


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def advance_edit(request, code, theme_id, advance_id=None):
    theme = get_object_or_404(Theme, pk=theme_id, course=request.course)
    advance = None
    if advance_id is not None:
        advance = get_object_or_404(Advance, pk=advance_id, theme=theme)
    dates = course_dates(request.course)
    form = AdvanceForm(request.POST or None, instance=advance, attendance_dates=dates)
    if request.method == "POST" and form.is_valid():
        services.advance_save(theme=theme, advance=advance, **form.cleaned_data)
        messages.success(request, _("The advance has been saved."))
        return redirect("journal:index", code=code)
    heading = _("Edit the advance") if advance else _("New advance")
    return render(
        request, "journal/form.html", {"form": form, "heading": f"{theme.title} · {heading}"}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def advance_done(request, code, theme_id, advance_id):
    advance = get_object_or_404(
        Advance, pk=advance_id, theme_id=theme_id, theme__course=request.course
    )
    services.advance_set_done(advance=advance, done=request.POST.get("done") == "1")
    return redirect("journal:index", code=code)


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def advance_delete(request, code, theme_id, advance_id):
    advance = get_object_or_404(
        Advance, pk=advance_id, theme_id=theme_id, theme__course=request.course
    )
    services.advance_delete(advance=advance)
    messages.success(request, _("The advance has been deleted."))
    return redirect("journal:index", code=code)
