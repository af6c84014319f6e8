"""Aiken format: a question line, lettered options (``A.`` or ``A)``), then ``ANSWER: X``.

Parsing reports every refused question with its reason; the caller imports nothing when
anything was refused, so a malformed file never leaves half an import behind.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import services
from assessments.models import Question

# "A. Text", "A) Text", and without the space: "A.Text", "A)Text".
OPTION = re.compile(r"^([A-Z])[.)]\s*(\S.*)$")
ANSWER = re.compile(r"^ANSWER\s*:\s*([A-Z])\s*$", re.IGNORECASE)
MAX_QUESTIONS = 500


@dataclass
class AikenQuestion:
    text: str
    options: list[str]
    correct: int


@dataclass
class Rejected:
    number: int
    line: int
    text: str
    reason: str


def parse_aiken(content: str) -> tuple[list[AikenQuestion], list[Rejected]]:
    questions, rejected = [], []
    blocks, current, start = [], [], 1
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current:
                blocks.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
        if ANSWER.match(line):
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    if len(blocks) > MAX_QUESTIONS:
        reason = ngettext(
            "More than %(n)d question.", "More than %(n)d questions.", MAX_QUESTIONS
        ) % {"n": MAX_QUESTIONS}
        return [], [Rejected(0, 0, "", reason)]
    for index, (line_number, lines) in enumerate(blocks, start=1):
        question_lines, options, answer, problem = [], [], None, ""
        for line in lines:
            option = OPTION.match(line)
            answer_match = ANSWER.match(line)
            if answer_match:
                answer = answer_match.group(1).upper()
            elif option and not answer and question_lines:
                letter, text = option.groups()
                if letter != chr(ord("A") + len(options)):
                    problem = _("Option %(letter)s is out of order.") % {"letter": letter}
                options.append(text.strip())
            elif not options:
                question_lines.append(line)
            else:
                problem = problem or _("Unexpected line after the options: “%(line)s”.") % {
                    "line": line[:80]
                }
        text = " ".join(question_lines)
        if not problem and not text:
            problem = _("The question has no text.")
        if not problem and len(options) < 2:
            problem = _("A question needs at least two options.")
        if not problem and answer is None:
            problem = _("The ANSWER line is missing.")
        if not problem and not (0 <= ord(answer) - ord("A") < len(options)):
            problem = _("The answer %(letter)s is not one of the options.") % {"letter": answer}
        if problem:
            rejected.append(Rejected(index, line_number, text[:120], problem))
        else:
            questions.append(AikenQuestion(text, options, ord(answer) - ord("A")))
    return questions, rejected


@transaction.atomic
def import_questions(*, course, quiz, questions: list[AikenQuestion], category=None, user=None):
    created = []
    for item in questions:
        title = item.text if len(item.text) <= 250 else item.text[:247] + "…"
        question = Question(
            course=course,
            type="unique",
            title=title,
            statement=f"<p>{escape(item.text)}</p>",
            category=category,
        )
        services.question_save(
            question=question,
            answers=[
                {
                    "text": escape(option),
                    "correct": index == item.correct,
                    "score": Decimal("1") if index == item.correct else Decimal("0"),
                }
                for index, option in enumerate(item.options)
            ],
        )
        if quiz is not None:
            services.quiz_add_question(quiz=quiz, question=question)
        created.append(question)
    return created
