from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import Access, course_view
from glossary import selectors, services
from glossary.forms import GlossarySettingsForm, ImportForm, TermForm
from glossary.models import Term

PAGE_SIZE = 50


@require_GET
@course_view(Access.VIEW, tool="glossary")
def index(request, code):
    letter = request.GET.get("letter", "").upper()[:1]
    letter = letter if letter.isascii() and (letter.isalpha() or letter == "#") else ""
    query = " ".join(request.GET.get("q", "").split())[:100]
    terms = selectors.course_terms(request.course, letter=letter, query=query)
    page = Paginator(terms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "glossary/index.html",
        {
            "page": page,
            "letter": letter,
            "query": query,
            "letters": selectors.letter_counts(request.course),
        },
    )


@require_GET
@course_view(Access.VIEW, tool="glossary")
def term_detail(request, code, term_id):
    """One term and its definition (a learning path may show a single term)."""
    term = get_object_or_404(Term, pk=term_id, course=request.course)
    return render(request, "glossary/term.html", {"term": term})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="glossary")
def term_edit(request, code, term_id=None):
    term = None
    if term_id is not None:
        term = get_object_or_404(Term, pk=term_id, course=request.course)
    form = TermForm(request.POST or None, instance=term, course=request.course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if term is None:
                term = services.term_create(course=request.course, **data)
            else:
                services.term_update(
                    term=term, new_term=data["term"], definition=data["definition"]
                )
        except services.TermExists:
            form.add_error("term", _("This term is already in the glossary."))
        else:
            messages.success(request, _("The term %(term)s has been saved.") % {"term": term})
            return _redirect_to_letter(code, term.letter)
    return render(request, "glossary/term_form.html", {"form": form, "term": term})


def _redirect_to_letter(code: str, letter: str):
    url = reverse("glossary:index", kwargs={"code": code})
    return redirect(f"{url}?{urlencode({'letter': letter})}")


@require_POST
@course_view(Access.MANAGE, tool="glossary")
def term_delete(request, code, term_id):
    term = get_object_or_404(Term, pk=term_id, course=request.course)
    services.term_delete(term=term)
    messages.success(request, _("The term %(term)s has been deleted.") % {"term": term})
    return redirect("glossary:index", code=code)


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="glossary")
def import_csv(request, code):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = services.glossary_import(
                course=request.course,
                data=form.cleaned_data["file"],
                on_duplicate=form.cleaned_data["on_duplicate"],
            )
        except services.ImportRejected as rejected:
            errors = rejected.errors
            messages.error(request, _("The file has errors; nothing was imported."))
        else:
            messages.success(
                request,
                services.glossary_import_summary(report),
            )
            return redirect("glossary:index", code=code)
    return render(request, "glossary/import.html", {"form": form, "errors": errors})


@require_GET
@course_view(Access.VIEW, tool="glossary")
def export_csv(request, code):
    content = services.glossary_export(selectors.course_terms(request.course))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="glossary-{request.course.code}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="glossary")
def settings(request, code):
    current = selectors.glossary_settings(request.course)
    form = GlossarySettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_update(course=request.course, **form.cleaned_data)
        messages.success(request, _("The glossary settings have been saved."))
        return redirect("glossary:index", code=code)
    return render(request, "glossary/settings.html", {"form": form})
