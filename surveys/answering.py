"""Answering a survey: its pages, which questions show, and reading a learner's answers.

Raw answers are kept as {question id (str): value} where value is a list of strings: option
ids, "other", a number or a text, so they can wait in the session between pages.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from surveys.models import Question

OTHER = "other"


@dataclass
class Cleaned:
    """What a respondent answered to one question, ready to store."""

    question: Question
    option_ids: list[int] = field(default_factory=list)
    other_text: str = ""
    text: str = ""
    number: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.option_ids or self.other_text or self.text or self.number is not None)


def pages(questions: list[Question], *, one_per_page: bool) -> list[list[Question]]:
    """The questions grouped in pages: cut at page breaks, or one answerable question (with
    the comments just before it) per page."""
    result, current = [], []
    for question in questions:
        if question.kind == Question.Kind.PAGE_BREAK:
            if current:
                result.append(current)
            current = []
            continue
        current.append(question)
        if one_per_page and question.answerable:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result or [[]]


def raw_from_post(post, questions) -> dict[str, list[str]]:
    raw = {}
    for question in questions:
        if not question.answerable:
            continue
        key = f"q{question.pk}"
        values = [v for v in post.getlist(key) if v.strip()]
        other = post.get(f"{key}_other", "").strip()
        if other:
            values.append(f"{OTHER}:{other}")
        raw[str(question.pk)] = values
    return raw


def chosen_options(raw: dict, question_id: int) -> set[int]:
    return {int(v) for v in raw.get(str(question_id), []) if v.isdigit()}


def is_shown(question: Question, raw: dict) -> bool:
    option = question.condition_option
    if option is None:
        return True
    return option.pk in chosen_options(raw, option.question_id)


def clean(question: Question, values: list[str]) -> tuple[Cleaned, str | None]:
    """(answer, error message or None) for one question's raw values."""
    cleaned = Cleaned(question=question)
    valid_ids = {option.pk for option in question.options.all()}
    kind = question.kind
    for value in values:
        if value.startswith(f"{OTHER}:"):
            if question.allow_other and question.has_options:
                cleaned.other_text = value.split(":", 1)[1].strip()[:1000]
            continue
        if value == OTHER:
            continue
        if question.has_options:
            if not value.isdigit() or int(value) not in valid_ids:
                return cleaned, _("Choose one of the answers offered.")
            cleaned.option_ids.append(int(value))
        elif kind == Question.Kind.OPEN:
            cleaned.text = value.strip()[:10000]
        elif kind in (Question.Kind.SCORE, Question.Kind.PERCENTAGE):
            top, bottom = (question.score_max, 1) if kind == Question.Kind.SCORE else (100, 0)
            try:
                number = int(value)
            except ValueError:
                return cleaned, _("Give a whole number.")
            if not bottom <= number <= top:
                return cleaned, _("Give a number between %(low)d and %(high)d.") % {
                    "low": bottom,
                    "high": top,
                }
            cleaned.number = number
    single = kind in (Question.Kind.SINGLE, Question.Kind.DROPDOWN, Question.Kind.YES_NO)
    if single and len(cleaned.option_ids) + (1 if cleaned.other_text else 0) > 1:
        return cleaned, _("Choose only one answer.")
    if question.required and cleaned.empty:
        return cleaned, _("This question is mandatory.")
    return cleaned, None


def validate(questions, raw: dict) -> tuple[list[Cleaned], dict[int, str]]:
    """Clean the shown, answerable questions; errors keyed by question id."""
    answers, errors = [], {}
    for question in questions:
        if not question.answerable or not is_shown(question, raw):
            continue
        cleaned, error = clean(question, raw.get(str(question.pk), []))
        if error:
            errors[question.pk] = error
        elif not cleaned.empty:
            answers.append(cleaned)
    return answers, errors
