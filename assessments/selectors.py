"""Reads for the tests tool, joined once so list pages stay at a fixed number of queries."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from assessments import compiled
from assessments.models import Answer, Attempt, AttemptAnswer, Question, Quiz, QuizQuestion
from assessments.question_types import ZERO, get_type
from core.html import html_to_text


def course_quizzes(course, *, include_unpublished: bool):
    quizzes = Quiz.objects.filter(course=course).annotate(
        question_count=Count("quiz_questions", distinct=True)
    )
    if not include_unpublished:
        quizzes = quizzes.filter(published=True)
    return quizzes.order_by("title", "pk")


def learner_attempt_summary(course, user) -> dict[int, dict]:
    """Per test id: the learner's submitted attempt count (``done``), open attempt id
    (``open``), and their ``last`` and ``best`` graded attempts (Attempt objects, for the score
    and the link to the result; best compared exactly, the later one on a tie)."""
    now = timezone.now()
    summary: dict[int, dict] = defaultdict(
        lambda: {"done": 0, "open": None, "best": None, "last": None}
    )
    attempts = (
        Attempt.objects.filter(quiz__course=course, user=user)
        .select_related("quiz")
        .only(
            "pk",
            "quiz_id",
            "state",
            "score",
            "max_score",
            "submitted_at",
            "quiz__pass_mark",
            "quiz__gradebook_score",
            "quiz__results_display",
            "quiz__results_date",
        )
        .order_by("submitted_at", "pk")
    )
    for attempt in attempts:
        entry = summary[attempt.quiz_id]
        if attempt.state == Attempt.State.IN_PROGRESS:
            entry["open"] = attempt.pk
            continue
        entry["done"] += 1
        entry["last"] = attempt
        if attempt.state == Attempt.State.GRADED and attempt.max_score:
            best = entry["best"]
            ratio = attempt.score / attempt.max_score
            if best is None or ratio >= best.score / best.max_score:
                entry["best"] = attempt
    for entry in summary.values():
        last = entry["last"]
        # The score the test keeps (its gradebook setting): the best or the last.
        keeps_last = last is not None and last.quiz.gradebook_score == "last"
        entry["kept"] = last if keeps_last else entry["best"] or last
        # A test that shows results from a date keeps the score hidden until then.
        quiz = last.quiz if last is not None else None
        entry["score_visible"] = quiz is None or score_visible(quiz, now)
    return dict(summary)


def learner_past_attempts(quiz, user):
    """The learner's finished attempts at this test (submitted, waiting for grading or graded),
    newest first, each with its ``score``, ``max_score`` and ``percent``: one query, whatever
    their number."""
    return (
        quiz.attempts.filter(user=user)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .only("pk", "quiz_id", "state", "started_at", "submitted_at", "score", "max_score")
    )


def score_visible(quiz, now=None) -> bool:
    """Whether learners may see their score on this test now (its results setting)."""
    if quiz.results_display != Quiz.ResultsDisplay.AFTER_DATE:
        return True
    return bool(quiz.results_date and (now or timezone.now()) >= quiz.results_date)


def quiz_questions(quiz):
    return (
        QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question", "question__category")
        .order_by("position", "pk")
    )


def questions_with_answers(question_ids) -> dict[int, Question]:
    """Question id -> question, each with its answers in order (SQL compiled once: every
    test page reads them)."""
    return compiled.questions_with_answers(question_ids)


def attempt_items(attempt) -> list[dict]:
    """The attempt's questions in order, each with its given answer row and its answers."""
    rows = {}
    for row in compiled.ATTEMPT_ROWS.all(attempt_id=attempt.pk):  # SQL compiled once
        row.attempt = attempt  # as ``attempt.answers`` sets it
        rows[row.question_id] = row
    return _items(attempt.question_ids, rows=rows, orders=attempt.answer_orders)


def preview_items(quiz) -> list[dict]:
    """The test's questions as a learner would see them (no attempt, nothing answered), each
    with its grade of an empty answer and its expected answer as plain text."""
    ids = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("position", "pk")
        .values_list("question_id", flat=True)
    )
    import random

    from assessments.question_types import shuffled_not_identity

    rng = random.Random()
    orders, contexts = {}, {}
    for question in questions_with_answers(ids).values():
        kind = get_type(question.type)
        if kind.always_shuffle:  # as in an attempt: never shown in the right order
            answer_ids = [a.pk for a in question.answers.all()]
            orders[str(question.pk)] = shuffled_not_identity(answer_ids, rng)
        contexts[question.pk] = kind.start_context(question, rng)
    items = _items(ids, rows={}, orders=orders, contexts=contexts)
    for item in items:
        if item["kind"].scored:
            item["max_score"] = item["kind"].max_score(item["question"])
            item["max_score_n"] = plural_count(item["max_score"])
            item["max_score_shown"] = points_shown(item["max_score"])
            item["correct_text"] = item["kind"].correct_answer_text(item["question"], {})
    return items


def _items(question_ids, *, rows: dict, orders: dict, contexts=None) -> list[dict]:
    questions = questions_with_answers(question_ids)
    items = []
    number = 0
    for pk in question_ids:
        question = questions.get(pk)
        if question is None:
            continue
        kind = get_type(question.type)
        answers = list(question.answers.all())
        order = orders.get(str(pk))
        if order:
            position = {answer_id: index for index, answer_id in enumerate(order)}
            answers.sort(key=lambda a: position.get(a.pk, len(position)))
        if kind.scored:
            number += 1
        row = rows.get(pk)
        response = (row.response if row else {}) or {}
        context = (row.context if row else (contexts or {}).get(pk)) or {}
        items.append(
            {
                "question": question,
                "kind": kind,
                "answers": answers,
                "row": row,
                "response": response,
                "context": context,
                "number": number if kind.scored else None,
                "statement": kind.statement(question, context),
                "extra": kind.widget_context(question, answers, response, context),
            }
        )
    return items


def points_shown(value: Decimal) -> Decimal:
    """An amount of points without trailing zeros (2.5, 3), for display."""
    value = Decimal(value or 0)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def plural_count(value: Decimal) -> int:
    """The integer that picks a plural form for an amount of points ("1 point", "1.5 points",
    "2 points"): the amount when whole, else 2."""
    return int(value) if value == value.to_integral_value() else 2


def quiz_outline(quiz) -> tuple[list, Decimal]:
    """The test's questions (links, in order), each with ``points`` (its maximum score; None
    for a page break), and the total of the points. Three queries whatever the size."""
    links = list(
        quiz_questions(quiz).prefetch_related(
            Prefetch("question__answers", queryset=Answer.objects.order_by("position", "pk"))
        )
    )
    total = ZERO
    for link in links:
        kind = get_type(link.question.type)
        link.points = kind.max_score(link.question) if kind.scored else None
        link.points_n = plural_count(link.points or ZERO)
        link.points_shown = points_shown(link.points or ZERO)
        total += link.points or ZERO
    return links, total


def page_step(page_items, items) -> tuple[int, int, int]:
    """(first, last, total) numbers of the scored questions on a page of an attempt, for its
    title ("Question 3 of 10"); (0, 0, total) on a page with none (a media page)."""
    numbers = [item["number"] for item in page_items if item.get("number")]
    total = sum(1 for item in items if item.get("number"))
    if not numbers:
        return 0, 0, total
    return min(numbers), max(numbers), total


def attempt_pages(attempt, items) -> list[list[dict]]:
    """One page, or one question a page (a media item stays with the question after it)."""
    if attempt.quiz.layout == Quiz.Layout.ONE_PAGE:
        return [items]
    pages, pending = [], []
    for item in items:
        pending.append(item)
        if item["kind"].scored:
            pages.append(pending)
            pending = []
    if pending:
        if pages:
            pages[-1].extend(pending)
        else:
            pages.append(pending)
    return pages


def quiz_results(quiz, *, query: str = "", state: str = ""):
    attempts = Attempt.objects.filter(quiz=quiz).select_related("user")
    if query:
        attempts = attempts.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
        )
    if state:
        attempts = attempts.filter(state=state)
    return attempts.annotate(
        to_grade=Count("answers", filter=Q(answers__needs_grading=True))
    ).order_by("user__last_name", "user__username", "-started_at", "-pk")


def quiz_statistics(quiz) -> list[dict]:
    """Per question: answers, success rate, average score, the wrong answer chosen most."""
    links = list(quiz_questions(quiz))
    questions = questions_with_answers([link.question_id for link in links])
    rows = AttemptAnswer.objects.filter(
        attempt__quiz=quiz, question_id__in=questions.keys()
    ).exclude(attempt__state=Attempt.State.IN_PROGRESS)
    by_question: dict[int, list] = defaultdict(list)
    for row in rows.only("question_id", "score", "max_score", "response"):
        by_question[row.question_id].append(row)
    stats = []
    for link in links:
        question = questions[link.question_id]
        kind = get_type(question.type)
        if not kind.scored:
            continue
        given = by_question.get(question.pk, [])
        graded = [r for r in given if r.score is not None]
        full = sum(1 for r in graded if r.max_score and r.score >= r.max_score)
        wrong_choices: Counter = Counter()
        answers = {a.pk: a for a in question.answers.all()}
        for row in given:
            response = row.response or {}
            chosen = response.get("choices") or [response.get("choice")]
            for pk in chosen:
                if pk in answers and not answers[pk].correct:
                    wrong_choices[pk] += 1
        most_wrong = None
        if wrong_choices:
            pk, count = wrong_choices.most_common(1)[0]
            most_wrong = {"text": html_to_text(answers[pk].text), "count": count}
        stats.append(
            {
                "question": question,
                "kind": kind,
                "count": len(given),
                "success": round(100 * full / len(graded)) if graded else None,
                "average": (
                    (sum((r.score for r in graded), ZERO) / len(graded)).quantize(Decimal("0.01"))
                    if graded
                    else None
                ),
                "max_score": max((r.max_score for r in given), default=ZERO),
                "most_wrong": most_wrong,
            }
        )
    return stats


def last_attempt_dates(quiz):
    return Attempt.objects.filter(quiz=quiz).aggregate(last=Max("submitted_at"))["last"]
