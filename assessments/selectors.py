"""Reads for the tests tool, joined once so list pages stay at a fixed number of queries."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q

from assessments.models import Answer, Attempt, AttemptAnswer, Question, Quiz, QuizQuestion
from assessments.question_types import ZERO, get_type


def course_quizzes(course, *, include_unpublished: bool):
    quizzes = Quiz.objects.filter(course=course).annotate(
        question_count=Count("quiz_questions", distinct=True)
    )
    if not include_unpublished:
        quizzes = quizzes.filter(published=True)
    return quizzes.order_by("title", "pk")


def learner_attempt_summary(course, user) -> dict[int, dict]:
    """Per test id: the learner's submitted attempt count, best percent, open attempt id."""
    summary: dict[int, dict] = defaultdict(lambda: {"done": 0, "open": None, "best": None})
    for attempt in Attempt.objects.filter(quiz__course=course, user=user).only(
        "pk", "quiz_id", "state", "score", "max_score"
    ):
        entry = summary[attempt.quiz_id]
        if attempt.state == Attempt.State.IN_PROGRESS:
            entry["open"] = attempt.pk
        else:
            entry["done"] += 1
            if attempt.state == Attempt.State.GRADED and attempt.percent is not None:
                entry["best"] = max(entry["best"] or Decimal(0), attempt.percent)
    return dict(summary)


def quiz_questions(quiz):
    return (
        QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question", "question__category")
        .order_by("position", "pk")
    )


def questions_with_answers(question_ids) -> dict[int, Question]:
    return {
        q.pk: q
        for q in Question.objects.filter(pk__in=question_ids).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("position", "pk"))
        )
    }


def attempt_items(attempt) -> list[dict]:
    """The attempt's questions in order, each with its given answer row and its answers."""
    questions = questions_with_answers(attempt.question_ids)
    rows = {row.question_id: row for row in attempt.answers.all()}
    items = []
    number = 0
    for pk in attempt.question_ids:
        question = questions.get(pk)
        if question is None:
            continue
        kind = get_type(question.type)
        answers = list(question.answers.all())
        order = attempt.answer_orders.get(str(pk))
        if order:
            position = {answer_id: index for index, answer_id in enumerate(order)}
            answers.sort(key=lambda a: position.get(a.pk, len(position)))
        if kind.scored:
            number += 1
        row = rows.get(pk)
        items.append(
            {
                "question": question,
                "kind": kind,
                "answers": answers,
                "row": row,
                "response": (row.response if row else {}) or {},
                "context": (row.context if row else {}) or {},
                "number": number if kind.scored else None,
                "statement": kind.statement(question, (row.context if row else {}) or {}),
                "extra": kind.widget_context(
                    question,
                    answers,
                    (row.response if row else {}) or {},
                    (row.context if row else {}) or {},
                ),
            }
        )
    return items


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
            most_wrong = {"text": answers[pk].text, "count": count}
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
