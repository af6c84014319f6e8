import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import (
    accommodations,
    aiken,
    compiled,
    gift,
    qti,
    selectors,
    services,
    spreadsheet,
)
from assessments.forms import (
    AccommodationForm,
    AikenImportForm,
    CategoryForm,
    GiftImportForm,
    ManualGradeForm,
    QtiImportForm,
    QuestionForm,
    QuizForm,
    ResultsFilterForm,
    SpreadsheetImportForm,
    StartForm,
    answer_formset,
)
from assessments.models import Attempt, AttemptAnswer, Question, QuestionCategory, Quiz
from assessments.question_types import all_types, get_type
from core.compiled import row_id
from core.exports import FORMATS, table_response
from courses.permissions import Access, course_view

TOOL = "assessments"


def _quiz(request, pk, *, manage=False) -> Quiz:
    """The test ``pk`` of this course (SQL compiled once); Http404 for another course's, an id
    no key column holds, or, for learners, an unpublished one; PermissionDenied when ``manage``
    and the user may not change the course."""
    quiz = compiled.QUIZ.first(quiz_id=row_id(pk), course_id=request.course.pk)
    if quiz is None:
        raise Http404
    if not quiz.published and not request.course_access.can_tutor:
        raise Http404
    if manage and not request.course_access.can_manage:
        raise PermissionDenied
    return quiz


def _own_attempt(request, pk) -> Attempt:
    """The signed-in user's attempt ``pk`` at a test of this course, with its test; Http404 for
    anyone else's, another course's, or an id no key column holds (SQL compiled once)."""
    attempt = compiled.OWN_ATTEMPT.first(
        attempt_id=row_id(pk), course_id=request.course.pk, user_id=request.user.pk
    )
    if attempt is None:
        raise Http404
    return attempt


# --- Lists ------------------------------------------------------------------------------------


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def index(request, code):
    can_tutor = request.course_access.can_tutor
    quizzes = selectors.course_quizzes(request.course, include_unpublished=can_tutor)
    summary = {}
    if request.user.is_authenticated and request.course_access.can_participate:
        summary = selectors.learner_attempt_summary(request.course, request.user)
    rows = [(quiz, summary.get(quiz.pk)) for quiz in quizzes]
    return render(request, "assessments/index.html", {"rows": rows})


# --- Building tests ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def quiz_create(request, code):
    form = QuizForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.course = request.course
        quiz = form.save()
        messages.success(request, _("The test is created: add its questions."))
        return redirect("assessments:quiz", code=code, pk=quiz.pk)
    return render(request, "assessments/quiz_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def quiz_edit(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    form = QuizForm(request.POST or None, instance=quiz)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The test's settings are saved."))
        return redirect("assessments:quiz", code=code, pk=quiz.pk)
    return render(request, "assessments/quiz_form.html", {"form": form, "quiz": quiz})


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def quiz_delete(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    quiz.delete()
    messages.success(request, _("The test is deleted."))
    return redirect("assessments:index", code=code)


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def quiz_detail(request, code, pk):
    quiz = _quiz(request, pk)
    links, total = selectors.quiz_outline(quiz)
    in_quiz = {link.question_id for link in links}
    bank = list(
        Question.objects.filter(course=request.course)
        .exclude(pk__in=in_quiz)
        .only("pk", "title", "type")
        .order_by("title")
    )
    return render(
        request,
        "assessments/quiz_detail.html",
        {
            "quiz": quiz,
            "links": links,
            "total": total,
            "total_n": selectors.plural_count(total),
            "total_shown": selectors.points_shown(total),
            "types": all_types(),
            "bank": bank,
            "bank_empty": not bank and not in_quiz,
        },
    )


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def quiz_preview(request, code, pk):
    """The test as learners see it, answers shown on request; nothing is recorded."""
    quiz = _quiz(request, pk)
    items = selectors.preview_items(quiz)
    return render(request, "assessments/preview.html", {"quiz": quiz, "items": items})


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def quiz_reorder(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    ids = []
    for value in request.POST.getlist("order"):
        if value.isdigit():
            ids.append(int(value))
    services.quiz_reorder(quiz=quiz, question_ids=ids)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect("assessments:quiz", code=code, pk=quiz.pk)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def quiz_add_existing(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    question_id = request.POST.get("question", "")
    question = get_object_or_404(
        Question, pk=int(question_id) if question_id.isdigit() else 0, course=request.course
    )
    services.quiz_add_question(quiz=quiz, question=question)
    return redirect("assessments:quiz", code=code, pk=quiz.pk)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def quiz_remove_question(request, code, pk, question_pk):
    quiz = _quiz(request, pk, manage=True)
    services.quiz_remove_question(quiz=quiz, question_id=question_pk)
    messages.success(request, _("The question is removed from the test (it stays in the bank)."))
    return redirect("assessments:quiz", code=code, pk=quiz.pk)


def _question_editor(request, code, *, quiz, question, kind):
    form = QuestionForm(
        request.POST or None,
        request.FILES or None,
        instance=question,
        kind=kind,
        course=request.course,
    )
    formset = answer_formset(kind=kind, question=question, data=request.POST or None)
    answer_error = ""
    formset_ok = formset.is_valid() if kind.answer_fields else True
    if request.method == "POST" and form.is_valid() and formset_ok:
        rows = []
        if kind.answer_fields:
            rows = [f.to_row() for f in formset.forms if f.cleaned_data and not f.is_blank()]
        try:
            if kind.answer_fields:
                kind.clean_answers(form.instance, rows)
        except ValueError as error:
            answer_error = str(error)
        else:
            with transaction.atomic():
                question = form.save(commit=False)
                question.course = request.course
                question.type = kind.key
                services.question_save(
                    question=question, answers=rows if kind.answer_fields else None
                )
                if quiz is not None:
                    services.quiz_add_question(quiz=quiz, question=question)
            messages.success(request, _("The question is saved."))
            if quiz is not None:
                return redirect("assessments:quiz", code=code, pk=quiz.pk)
            return redirect("assessments:bank", code=code)
    return render(
        request,
        "assessments/question_form.html",
        {
            "form": form,
            "formset": formset,
            "kind": kind,
            "quiz": quiz,
            "question": question if question.pk else None,
            "answer_error": answer_error,
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def question_create(request, code, pk, type):
    quiz = _quiz(request, pk, manage=True)
    kinds = {k.key: k for k in all_types()}
    if type not in kinds:
        raise Http404
    question = Question(course=request.course, type=type)
    return _question_editor(request, code, quiz=quiz, question=question, kind=kinds[type])


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def question_edit(request, code, question_pk):
    question = get_object_or_404(Question, pk=question_pk, course=request.course)
    quiz = None
    quiz_id = request.GET.get("quiz", "")
    if quiz_id.isdigit():
        quiz = Quiz.objects.filter(pk=int(quiz_id), course=request.course).first()
    return _question_editor(
        request, code, quiz=quiz, question=question, kind=get_type(question.type)
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def bank(request, code):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        QuestionCategory.objects.get_or_create(course=request.course, name=name)
        messages.success(request, _("The category is added."))
        return redirect("assessments:bank", code=code)
    questions = (
        Question.objects.filter(course=request.course)
        .select_related("category")
        .order_by("category__name", "title")
    )
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    categories = QuestionCategory.objects.filter(course=request.course)
    return render(
        request,
        "assessments/bank.html",
        {"page": page, "categories": categories, "form": form},
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def aiken_import(request, code, pk):
    return _questions_import(
        request,
        code,
        pk,
        form_class=AikenImportForm,
        parse=aiken.parse_aiken,
        save=aiken.import_questions,
        errors=(),
        template="assessments/aiken_import.html",
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def gift_import(request, code, pk):
    return _questions_import(
        request,
        code,
        pk,
        form_class=GiftImportForm,
        parse=gift.parse_gift,
        save=qti.import_questions,
        errors=(),
        template="assessments/gift_import.html",
    )


def _questions_import(request, code, pk, *, form_class, parse, save, errors, template):
    """The import pages' one flow: parse the whole file, list every refused question, and
    import all the others or nothing. ``errors`` are the exceptions that mean a bad file."""
    quiz = _quiz(request, pk, manage=True)
    form = form_class(request.POST or None, request.FILES or None, course=request.course)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            parsed, rejected = parse(form.cleaned_data["file"])
            if rejected:
                report = rejected  # nothing is imported when any question is refused
            elif not parsed:
                form.add_error("file", _("The file holds no question."))
            else:
                created = save(
                    course=request.course,
                    quiz=quiz,
                    questions=parsed,
                    category=form.cleaned_data["category"],
                    user=request.user,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d question imported.",
                        "%(count)d questions imported.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("assessments:quiz", code=code, pk=quiz.pk)
        except errors as error:
            form.add_error("file", str(error))
    return render(request, template, {"quiz": quiz, "form": form, "report": report})


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def qti_export(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    content, skipped = qti.export_quiz(quiz)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="test-{quiz.pk}-qti21.zip"'
    if skipped:
        response["X-Skipped-Questions"] = str(len(skipped))
    return response


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def qti_import(request, code, pk):
    return _questions_import(
        request,
        code,
        pk,
        form_class=QtiImportForm,
        parse=qti.parse_package,
        save=qti.import_questions,
        errors=(qti.QtiError, ValueError),
        template="assessments/qti_import.html",
    )


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def spreadsheet_template(request, code):
    response = HttpResponse(
        spreadsheet.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="questions-template.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def spreadsheet_import(request, code, pk):
    return _questions_import(
        request,
        code,
        pk,
        form_class=SpreadsheetImportForm,
        parse=spreadsheet.parse_sheet,
        save=qti.import_questions,
        errors=(spreadsheet.SheetError,),
        template="assessments/spreadsheet_import.html",
    )


# --- Taking a test ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool=TOOL)
def quiz_start(request, code, pk):
    quiz = _quiz(request, pk)
    form = StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # attempt_start closes the learner's expired attempts and resumes the open one itself.
        try:
            attempt = services.attempt_start(
                quiz=quiz, user=request.user, password=form.cleaned_data["password"]
            )
        except services.AttemptRefused as error:
            messages.error(request, str(error))
        else:
            return redirect("assessments:take", code=code, pk=attempt.pk)
    # The page: what is left of the learner's attempts (a refusal rolled its closing back).
    services.close_expired_attempts(quiz=quiz, user=request.user)
    current = services.open_attempt(quiz, request.user)
    done = services.submitted_attempts_count(quiz, request.user)
    past = selectors.learner_past_attempts(quiz, request.user)
    return render(
        request,
        "assessments/quiz_start.html",
        {
            "quiz": quiz,
            "form": form,
            "current": current,
            # A resumed attempt shows the time it has left, not the test's full duration.
            "current_left": divmod(current.seconds_left(), 60)
            if current and current.deadline
            else None,
            "done": done,
            "past": past,
            # Each attempt's score, unless the test shows results only from a later date.
            "show_scores": selectors.score_visible(quiz),
            "left": quiz.max_attempts - done if quiz.max_attempts else None,
            # The learner's accommodation, said before they start.
            "extra_minutes": accommodations.extra_minutes_shown(quiz=quiz, user=request.user),
        },
    )


def _page_number(value, pages) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return min(max(number, 0), max(len(pages) - 1, 0))


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool=TOOL)
def take(request, code, pk):
    attempt = _own_attempt(request, pk)
    if services.attempt_close_if_expired(attempt=attempt):
        messages.warning(request, _("The time ran out: your test was submitted."))
    if attempt.state != Attempt.State.IN_PROGRESS:
        return redirect("assessments:result", code=code, pk=attempt.pk)
    quiz = attempt.quiz
    items = selectors.attempt_items(attempt)
    pages = selectors.attempt_pages(attempt, items)
    number = (
        attempt.page if request.method == "GET" else _page_number(request.POST.get("page"), pages)
    )
    number = _page_number(number, pages)
    if request.method == "POST":
        ids = [item["question"].pk for item in pages[number]]
        try:
            errors = services.attempt_save(
                attempt=attempt, data=request.POST, files=request.FILES, question_ids=ids
            )
        except services.AttemptClosed:
            messages.warning(request, _("The time ran out: your test was submitted."))
            return redirect("assessments:result", code=code, pk=attempt.pk)
        for error in errors.values():
            messages.error(request, error)
        action = request.POST.get("action", "")
        if action == "finish" and not errors:
            services.attempt_submit(attempt=attempt)
            return redirect("assessments:result", code=code, pk=attempt.pk)
        target = number
        if action == "next":
            target = number + 1
        elif action == "previous" and quiz.allow_back:
            target = number - 1
        elif action.startswith("page-") and quiz.allow_back:
            target = _page_number(action[5:], pages)
        target = _page_number(target, pages)
        if errors:
            target = number
        if not quiz.allow_back and target < attempt.page:
            target = attempt.page
        if quiz.feedback == Quiz.Feedback.IMMEDIATE and target > number and not errors:
            # The page is answered and left: its keys are shown now, its answers frozen.
            ids = [item["question"].pk for item in pages[number]]
            services.attempt_leave_page(attempt=attempt, question_ids=ids, target_page=target)
            return redirect("assessments:take", code=code, pk=attempt.pk)
        services.attempt_clear_feedback(attempt=attempt)
        services.attempt_save(attempt=attempt, data={}, question_ids=[], page=target)
        return redirect("assessments:take", code=code, pk=attempt.pk)
    feedback_items = []
    revealed = set()
    if quiz.feedback == Quiz.Feedback.IMMEDIATE:
        # What the learner may see of keys comes from the attempt's state alone.
        revealed = set(attempt.revealed_ids or [])
        shown = set(attempt.feedback_ids or []) & revealed
        feedback_items = [i for i in items if i["question"].pk in shown and i["kind"].scored]
        frozen = [i for i in pages[number] if i["question"].pk in revealed]
        _add_grades(feedback_items + [i for i in frozen if i not in feedback_items])
        for item in frozen:
            item["frozen"] = True
    return render(
        request,
        "assessments/take.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "page_items": pages[number],
            "page_number": number,
            "page_count": len(pages),
            "page_range": range(len(pages)),
            "is_last": number == len(pages) - 1,
            "seconds_left": attempt.seconds_left(),
            "feedback_items": feedback_items,
            "step": selectors.page_step(pages[number], items),
        },
    )


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL)
def autosave(request, code, pk):
    """Answers saved as the learner goes (fetch, debounced); JSON with the time left."""
    attempt = _own_attempt(request, pk)
    ids = []
    for value in request.POST.getlist("question_ids"):
        if value.isdigit():
            ids.append(int(value))
    if not attempt.quiz.allow_back:
        # Without going back, only the current page's answers may still change.
        pages = selectors.attempt_pages(attempt, selectors.attempt_items(attempt))
        current = pages[_page_number(attempt.page, pages)]
        allowed = {item["question"].pk for item in current}
        ids = [pk for pk in ids if pk in allowed]
    try:
        errors = services.attempt_save(
            attempt=attempt, data=request.POST, files=request.FILES, question_ids=ids
        )
    except services.AttemptClosed:
        return JsonResponse(
            {
                "closed": True,
                "redirect": reverse("assessments:result", kwargs={"code": code, "pk": pk}),
            },
            status=409,
        )
    # seconds_left reads the deadline, which saving answers does not move: no reload.
    return JsonResponse(
        {
            "saved": True,
            "errors": {str(k): v for k, v in errors.items()},
            "seconds_left": attempt.seconds_left(),
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
        }
    )


@require_GET
@course_view(Access.PARTICIPATE, tool=TOOL)
def time_left(request, code, pk):
    attempt = _own_attempt(request, pk)
    services.attempt_close_if_expired(attempt=attempt)
    return JsonResponse(
        {"seconds_left": attempt.seconds_left(), "closed": attempt.state != "in_progress"}
    )


def _may_see_answers(attempt) -> tuple[bool, bool]:
    """(show the score, show the correct answers) for the learner."""
    quiz = attempt.quiz
    if quiz.results_display == Quiz.ResultsDisplay.SCORE:
        return True, False
    if quiz.results_display == Quiz.ResultsDisplay.AFTER_DATE:
        shown = selectors.score_visible(quiz)
        return shown, shown
    return True, quiz.feedback != Quiz.Feedback.NONE


@require_GET
@course_view(Access.PARTICIPATE, tool=TOOL)
def result(request, code, pk):
    attempt = _own_attempt(request, pk)
    services.attempt_close_if_expired(attempt=attempt)
    if attempt.state == Attempt.State.IN_PROGRESS:
        return redirect("assessments:take", code=code, pk=attempt.pk)
    show_score, show_answers = _may_see_answers(attempt)
    items = selectors.attempt_items(attempt) if show_answers else []
    _add_grades(items)
    return render(
        request,
        "assessments/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": items,
            "show_score": show_score,
            "show_answers": show_answers,
        },
    )


def _add_grades(items):
    for item in items:
        if item["kind"].scored:
            item["grade"] = item["kind"].grade(item["question"], item["response"], item["context"])
            item["correct_text"] = item["kind"].correct_answer_text(
                item["question"], item["context"]
            )


# --- Results (tutors and teachers) -------------------------------------------------------------


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def results(request, code, pk):
    quiz = _quiz(request, pk)
    form = ResultsFilterForm(request.GET or None)
    query, state = "", ""
    if form.is_valid():
        query, state = form.cleaned_data["q"], form.cleaned_data["state"]
    attempts = selectors.quiz_results(quiz, query=query, state=state)
    if request.GET.get("export") in FORMATS:
        return table_response(
            filename=f"test-{quiz.pk}-results",
            headers=_export_headers(),
            rows=_export_rows(quiz, attempts),
            fmt=request.GET["export"],
        )
    page = Paginator(attempts, 50).get_page(request.GET.get("page"))
    return render(request, "assessments/results.html", {"quiz": quiz, "form": form, "page": page})


def _export_headers():
    return [
        _("Username"),
        _("Last name"),
        _("First name"),
        _("State"),
        _("Started"),
        _("Submitted"),
        _("Score"),
        _("Maximum"),
        _("Percent"),
    ]


def _export_rows(quiz, attempts):
    """One row per attempt (core.exports writes them: encoding, formula guard)."""
    for attempt in attempts.iterator(chunk_size=500):
        attempt.quiz = quiz
        submitted = attempt.submitted_at
        yield [
            attempt.user.username,
            attempt.user.last_name,
            attempt.user.first_name,
            attempt.get_state_display(),
            timezone.localtime(attempt.started_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
            attempt.score,
            attempt.max_score,
            attempt.percent,
        ]


@require_http_methods(["GET", "POST"])
@course_view(Access.TUTOR, tool=TOOL)
def attempt_detail(request, code, pk):
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "user"), pk=pk, quiz__course=request.course
    )
    items = selectors.attempt_items(attempt)
    _add_grades(items)
    if request.method == "POST":
        row_id = request.POST.get("row", "")
        row = get_object_or_404(
            AttemptAnswer, pk=int(row_id) if row_id.isdigit() else 0, attempt=attempt
        )
        form = ManualGradeForm(request.POST, max_score=row.max_score)
        if form.is_valid():
            try:
                services.answer_grade_manually(
                    row=row,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    grader=request.user,
                )
            except services.AttemptClosed:
                messages.error(request, _("This attempt is still in progress."))
            else:
                messages.success(request, _("The grade is saved."))
            return redirect("assessments:attempt", code=code, pk=attempt.pk)
        messages.error(request, _("The grade was not saved: check the score."))
    for item in items:
        row = item["row"]
        if row is not None and item["kind"].manual:
            item["grade_form"] = ManualGradeForm(
                initial={"score": row.score, "comment": row.comment}, max_score=row.max_score
            )
    return render(request, "assessments/attempt_detail.html", {"attempt": attempt, "items": items})


@require_GET
@course_view(Access.PARTICIPATE, tool=TOOL)
def answer_file(request, code, pk):
    """A file a learner uploaded: to the learner and to tutors."""
    row = get_object_or_404(
        AttemptAnswer.objects.select_related("attempt"), pk=pk, attempt__quiz__course=request.course
    )
    if row.attempt.user_id != request.user.pk and not request.course_access.can_tutor:
        raise Http404
    if not row.file:
        raise Http404
    from django.http import FileResponse

    return FileResponse(row.file.open("rb"), as_attachment=True)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def question_image(request, code, pk):
    """A question's image (hotspots): to whoever may see the course's tests."""
    questions = Question.objects.filter(course=request.course)
    if not request.course_access.can_tutor:
        # Learners only see the images of questions in published tests.
        questions = questions.filter(quizzes__published=True).distinct()
    question = get_object_or_404(questions, pk=pk)
    if not question.image:
        raise Http404
    from django.http import FileResponse

    return FileResponse(question.image.open("rb"))


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def quiz_regrade(request, code, pk):
    quiz = _quiz(request, pk, manage=True)
    count = services.quiz_regrade(quiz=quiz)
    messages.success(
        request,
        ngettext("%(count)d attempt graded again.", "%(count)d attempts graded again.", count)
        % {"count": count},
    )
    return redirect("assessments:results", code=code, pk=quiz.pk)


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def statistics(request, code, pk):
    quiz = _quiz(request, pk)
    return render(
        request,
        "assessments/statistics.html",
        {"quiz": quiz, "stats": selectors.quiz_statistics(quiz)},
    )


# --- Accommodations: extra time for learners and groups -----------------------------------------


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def accommodation_list(request, code):
    """The extra time granted in this course (every timed test, every closing date)."""
    form = AccommodationForm(
        request.POST or None,
        learners=accommodations.learner_choices(request.course),
        groups=accommodations.group_choices(request.course),
    )
    if request.method == "POST" and form.is_valid():
        accommodations.accommodation_save(
            course=request.course,
            user_id=form.cleaned_data.get("learner"),
            group_id=form.cleaned_data.get("group"),
            extra_percent=form.cleaned_data["extra_percent"],
            extra_minutes=form.cleaned_data["extra_minutes"],
        )
        messages.success(
            request, _("The extra time is saved. It applies to attempts started from now on.")
        )
        return redirect("assessments:accommodations", code=code)
    return render(
        request,
        "assessments/accommodations.html",
        {"form": form, "rows": accommodations.course_accommodations(request.course)},
    )


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def accommodation_delete(request, code, pk):
    if not accommodations.accommodation_delete(course=request.course, pk=pk):
        raise Http404
    messages.success(request, _("The extra time is removed."))
    return redirect("assessments:accommodations", code=code)


def bad_request(message):
    return HttpResponseBadRequest(json.dumps({"error": message}), content_type="application/json")
