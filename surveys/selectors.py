"""Reads of the surveys tool: lists, results, cross-tabs, exports."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from surveys.models import Answer, Participation, Question, Response, Survey


def survey_list(course, access, user) -> QuerySet:
    surveys = Survey.objects.filter(course=course)
    if not access.can_tutor:
        now = timezone.now()
        surveys = surveys.filter(published=True).filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now)
        )
    surveys = surveys.annotate(
        question_count=Count(
            "questions", filter=~Q(questions__kind__in=["comment", "pagebreak"]), distinct=True
        ),
    )
    if user.is_authenticated:
        surveys = surveys.annotate(
            answered=Exists(Participation.objects.filter(survey=OuterRef("pk"), user=user))
        )
    return surveys.order_by("-created_at", "pk")


def visible_survey(course, access, pk) -> Survey | None:
    surveys = Survey.objects.filter(course=course, pk=pk)
    if not access.can_tutor:
        surveys = surveys.filter(published=True)
    return surveys.first()


def questions_of(survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("condition_option__question")
        .prefetch_related("options")
        .order_by("position", "pk")
    )


@dataclass
class Row:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # open answers, "other" answers
    average: float | None = None

    @property
    def chart(self) -> dict:
        return {"labels": [r.label for r in self.rows], "values": [r.count for r in self.rows]}


def results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """(number of responses, per answerable question: counts per answer, texts, average)."""
    questions = [q for q in questions_of(survey) if q.answerable]
    total = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey).values_list(
        "question_id", "response_id", "option_id", "text", "number"
    )
    by_question: dict[int, list] = defaultdict(list)
    for row in answers:
        by_question[row[0]].append(row)
    output = []
    for question in questions:
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question=question, answered=len({r[1] for r in rows}))
        denominator = result.answered or 1
        if question.has_options:
            counts = Counter(r[2] for r in rows if r[2])
            for option in question.options.all():
                count = counts.get(option.pk, 0)
                result.rows.append(Row(option.text, count, round(100 * count / denominator, 1)))
            others = [r[3] for r in rows if r[3]]
            if question.allow_other:
                from django.utils.translation import gettext as _

                result.rows.append(
                    Row(_("Other"), len(others), round(100 * len(others) / denominator, 1))
                )
            result.texts = others
        elif question.kind in (Question.Kind.SCORE, Question.Kind.PERCENTAGE):
            numbers = [r[4] for r in rows if r[4] is not None]
            if question.kind == Question.Kind.SCORE:
                scale = range(1, question.score_max + 1)
                counts = Counter(numbers)
                result.rows = [
                    Row(str(v), counts.get(v, 0), round(100 * counts.get(v, 0) / denominator, 1))
                    for v in scale
                ]
            else:
                buckets = Counter(min(n // 10, 9) for n in numbers)
                result.rows = [
                    Row(
                        f"{b * 10}–{b * 10 + 9 if b < 9 else 100} %",
                        buckets.get(b, 0),
                        round(100 * buckets.get(b, 0) / denominator, 1),
                    )
                    for b in range(10)
                ]
            if numbers:
                result.average = round(sum(numbers) / len(numbers), 2)
        else:
            result.texts = [r[3] for r in rows if r[3]]
        output.append(result)
    return total, output


def cross_tab(first: Question, second: Question) -> dict:
    """Responses counted by (answer to ``first``, answer to ``second``): a row per option of
    the first question, a column per option of the second."""
    chosen: dict = defaultdict(lambda: (set(), set()))
    for response_id, question_id, option_id in Answer.objects.filter(
        question__in=[first, second], option__isnull=False
    ).values_list("response_id", "question_id", "option_id"):
        pair = chosen[response_id]
        (pair[0] if question_id == first.pk else pair[1]).add(option_id)
        if first.pk == second.pk:
            pair[1].add(option_id)
    rows_options, columns = list(first.options.all()), list(second.options.all())
    counts = Counter()
    for a_set, b_set in chosen.values():
        for a in a_set:
            for b in b_set:
                counts[(a, b)] += 1
    rows = [
        {
            "label": option.text,
            "cells": [counts.get((option.pk, column.pk), 0) for column in columns],
            "total": sum(counts.get((option.pk, column.pk), 0) for column in columns),
        }
        for option in rows_options
    ]
    return {"columns": [c.text for c in columns], "rows": rows}


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """A header and one row per response (a column per answerable question). Named surveys
    start with the respondent; anonymous ones never do."""
    from django.utils.translation import gettext as _

    questions = [q for q in questions_of(survey) if q.answerable]
    header = [f"{q.position}. {strip_tags(q.text)}" for q in questions]
    if not survey.anonymous:
        header = [_("Respondent"), _("E-mail")] + header
    header = [_("Answered on")] + header
    responses = (
        Response.objects.filter(survey=survey)
        .select_related("respondent__user")
        .order_by("submitted_on", "id")
    )
    options = {o.pk: o.text for q in questions for o in q.options.all()}
    cells: dict = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, option_id, text, number in (
        Answer.objects.filter(response__survey=survey)
        .order_by("option__position", "pk")
        .values_list("response_id", "question_id", "option_id", "text", "number")
    ):
        value = (
            options.get(option_id) if option_id else (str(number) if number is not None else text)
        )
        cells[response_id][question_id].append(value)
    rows = []
    for response in responses:
        row = [response.submitted_on.isoformat()]
        if not survey.anonymous:
            respondent = getattr(response, "respondent", None)
            person = respondent.user if respondent else None
            row += [
                person.display_name if person else "",
                respondent.email if respondent else "",
            ]
        row += ["; ".join(cells[response.pk].get(q.pk, [])) for q in questions]
        rows.append(row)
    return header, rows


def respondents(survey: Survey) -> QuerySet:
    """Who has answered (for the teacher's follow-up: the marker, never the answers)."""
    return Participation.objects.filter(survey=survey).select_related("user", "invitation")
