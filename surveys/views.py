from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import FORMATS, table_response
from courses.permissions import Access, course_view
from surveys import answering, selectors, services
from surveys.forms import CrossTabForm, InvitationForm, QuestionForm, SurveyForm
from surveys.models import Invitation, Question, Survey


def _survey(request, pk) -> Survey:
    survey = selectors.visible_survey(request.course, request.course_access, pk)
    if survey is None:
        raise Http404
    return survey


@require_GET
@course_view(Access.VIEW, tool="surveys")
def index(request, code):
    surveys = selectors.survey_list(request.course, request.course_access, request.user)
    return render(request, "surveys/index.html", {"surveys": surveys})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="surveys")
def survey_edit(request, code, pk=None):
    survey = get_object_or_404(Survey, pk=pk, course=request.course) if pk else None
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_save(
            survey=survey, course=request.course, author=request.user, **form.cleaned_data
        )
        messages.success(request, _("The survey has been saved."))
        return redirect("surveys:manage", code=code, pk=survey.pk)
    title = _("Edit the survey") if survey else _("New survey")
    return render(
        request,
        "surveys/form.html",
        {
            "form": form,
            "survey": survey,
            "title": title,
            "cancel_url": reverse("surveys:index", args=[code]),
        },
    )


@require_POST
@course_view(Access.MANAGE, tool="surveys")
def survey_delete(request, code, pk):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    services.survey_delete(survey=survey)
    messages.success(request, _("The survey has been deleted."))
    return redirect("surveys:index", code=code)


@require_GET
@course_view(Access.MANAGE, tool="surveys")
def manage(request, code, pk):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    return render(
        request,
        "surveys/manage.html",
        {
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "kinds": Question.Kind.choices,
            "response_count": survey.responses.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="surveys")
def question_edit(request, code, pk, question_id=None):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    question = None
    initial = {"kind": request.GET.get("kind", Question.Kind.SINGLE)}
    if question_id is not None:
        question = get_object_or_404(Question, pk=question_id, survey=survey)
        initial = {
            "kind": question.kind,
            "text": question.text,
            "options": "\n".join(o.text for o in question.options.all()),
            "allow_other": question.allow_other,
            "score_max": question.score_max,
            "required": question.required,
            "condition_option": question.condition_option,
        }
    form = QuestionForm(request.POST or None, survey=survey, question=question, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.question_save(
            question=question,
            survey=survey,
            kind=data["kind"],
            text=data["text"],
            required=data["required"],
            allow_other=data["allow_other"],
            score_max=data.get("score_max") or 5,
            options=data["option_lines"],
            condition_option=data["condition_option"],
        )
        messages.success(request, _("The question has been saved."))
        return redirect("surveys:manage", code=code, pk=survey.pk)
    title = _("Edit the question") if question else _("New question")
    return render(
        request,
        "surveys/form.html",
        {
            "form": form,
            "survey": survey,
            "title": title,
            "cancel_url": reverse("surveys:manage", args=[code, survey.pk]),
            "script": "surveys/question_form.js",
        },
    )


@require_POST
@course_view(Access.MANAGE, tool="surveys")
def question_delete(request, code, pk, question_id):
    question = get_object_or_404(
        Question, pk=question_id, survey__pk=pk, survey__course=request.course
    )
    services.question_delete(question=question)
    messages.success(request, _("The question has been deleted."))
    return redirect("surveys:manage", code=code, pk=pk)


@require_POST
@course_view(Access.MANAGE, tool="surveys")
def question_move(request, code, pk, question_id):
    question = get_object_or_404(
        Question, pk=question_id, survey__pk=pk, survey__course=request.course
    )
    services.question_move(question=question, up=request.POST.get("direction") == "up")
    return redirect("surveys:manage", code=code, pk=pk)


def _answer_flow(request, survey: Survey, *, invitation=None, action_url: str, context: dict):
    """The pages of the questionnaire; answers wait in the session until the last page."""
    user = request.user if request.user.is_authenticated else None
    template = "surveys/answer.html"
    if services.has_answered(survey, user=user, invitation=invitation):
        context.update({"survey": survey, "refused": _("You have already answered this survey.")})
        return render(request, template, context, status=409 if request.method == "POST" else 200)
    if not survey.is_open():
        context.update({"survey": survey, "refused": _("This survey is not open for answers.")})
        return render(request, template, context)
    questions = selectors.questions_of(survey)
    pages = answering.pages(questions, one_per_page=survey.one_question_per_page)
    key = f"survey-{survey.pk}-{invitation.token if invitation else 'user'}"
    raw = request.session.get(key, {})
    try:
        number = min(
            max(int(request.POST.get("page") or request.GET.get("page") or 1), 1), len(pages)
        )
    except ValueError:
        number = 1
    errors = {}
    if request.method == "POST":
        page_questions = pages[number - 1]
        raw.update(answering.raw_from_post(request.POST, page_questions))
        request.session[key] = raw
        _cleaned, errors = answering.validate(page_questions, raw)
        if not errors and number < len(pages):
            return redirect(f"{action_url}?page={number + 1}")
        if not errors:
            answers, errors = answering.validate(questions, raw)
            if not errors:
                try:
                    services.response_submit(
                        survey=survey, answers=answers, user=user, invitation=invitation
                    )
                except services.AnsweringRefused as refusal:
                    context.update({"survey": survey, "refused": str(refusal)})
                    return render(request, template, context, status=409)
                request.session.pop(key, None)
                context.update({"survey": survey, "done": True})
                return render(request, template, context)
    shown = [
        {
            "question": q,
            "values": raw.get(str(q.pk), []),
            "error": errors.get(q.pk),
            "hidden": not answering.is_shown(q, raw)
            and q.condition_option_id is not None
            and q.condition_option.question_id not in {p.pk for p in pages[number - 1]},
        }
        for q in pages[number - 1]
    ]
    context.update(
        {
            "survey": survey,
            "items": shown,
            "page": number,
            "page_count": len(pages),
            "action_url": action_url,
            "errors": errors,
        }
    )
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool="surveys")
def answer(request, code, pk):
    survey = _survey(request, pk)
    return _answer_flow(
        request,
        survey,
        action_url=reverse("surveys:answer", args=[code, survey.pk]),
        context={"in_course": True},
    )


@require_http_methods(["GET", "POST"])
def public_answer(request, token):
    """The personal link of an invitation: members and outside addresses answer here."""
    invitation = Invitation.objects.filter(token=token).select_related("survey__course").first()
    if invitation is None:
        raise Http404
    return _answer_flow(
        request,
        invitation.survey,
        invitation=invitation,
        action_url=reverse("surveys_public:answer", args=[token]),
        context={"in_course": False},
    )


def _may_see_results(request, survey: Survey) -> bool:
    return request.course_access.can_tutor or survey.results_visible


@require_GET
@course_view(Access.VIEW, tool="surveys")
def results(request, code, pk):
    survey = _survey(request, pk)
    if not _may_see_results(request, survey):
        raise PermissionDenied
    total, per_question = selectors.results(survey)
    crosstab_form = CrossTabForm(request.GET or None, survey=survey)
    crosstab = None
    if "first" in request.GET and crosstab_form.is_valid():
        crosstab = selectors.cross_tab(
            crosstab_form.cleaned_data["first"], crosstab_form.cleaned_data["second"]
        )
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "total": total,
            "results": per_question,
            "crosstab_form": crosstab_form,
            "crosstab": crosstab,
            "charts": [
                {"id": f"chart-{r.question.pk}", "data": r.chart} for r in per_question if r.rows
            ],
        },
    )


@require_GET
@course_view(Access.TUTOR, tool="surveys")
def export(request, code, pk, fmt):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    header, rows = selectors.export_rows(survey)
    if fmt not in FORMATS:
        raise Http404
    # Open answers are what learners typed: core.exports writes them as text, never formulas.
    return table_response(filename=f"survey-{survey.pk}", headers=header, rows=rows, fmt=fmt)


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="surveys")
def invitations(request, code, pk):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    form = InvitationForm(request.POST or None, course=request.course)
    if request.method == "POST" and form.is_valid():
        count = services.invitations_create(
            survey=survey, users=form.cleaned_data["members"], emails=form.cleaned_data["emails"]
        )
        messages.success(
            request,
            _("%(count)d new invitations are being sent.") % {"count": count}
            if count != 1
            else _("One new invitation is being sent."),
        )
        return redirect("surveys:invitations", code=code, pk=pk)
    pending = set(services.pending_invitations(survey).values_list("pk", flat=True))
    rows = [
        {"invitation": inv, "answered": inv.pk not in pending}
        for inv in survey.invitations.select_related("user").order_by("email")
    ]
    return render(
        request,
        "surveys/invitations.html",
        {"survey": survey, "form": form, "rows": rows, "pending": len(pending)},
    )


@require_POST
@course_view(Access.MANAGE, tool="surveys")
def remind(request, code, pk):
    survey = get_object_or_404(Survey, pk=pk, course=request.course)
    count = services.invitations_remind(survey=survey)
    if count:
        messages.success(request, _("Reminders are being sent to those who have not answered."))
    else:
        messages.info(request, _("Everybody invited has answered."))
    return redirect("surveys:invitations", code=code, pk=pk)
