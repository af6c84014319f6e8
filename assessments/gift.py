"""GIFT, the text format Moodle users keep their question banks in.

Follows Moodle's documentation of the format ("GIFT format", docs.moodle.org) and its
importer (question/format/gift): questions are separated by blank lines; ``//`` starts a
comment line; ``::name::`` gives a question's name; ``[html]``, ``[moodle]``, ``[plain]`` or
``[markdown]`` its text format; ``$CATEGORY: path`` the category of the questions after it;
``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` are escapes. The answer block ``{...}`` gives the type:

- ``{}``: essay (free answer, graded by the teacher);
- ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` (``#feedback``): true/false;
- ``=right ~wrong`` (``~%-50%wrong`` weights): multiple choice with one answer (a unique
  answer whose wrong choices may cost points); only ``~%w%`` weights, no ``=``: several
  answers with partial credit;
- only ``=a =b``: short answer (a blank accepting each spelling, case-insensitive);
- ``=item -> match``: matching (one point a pair);
- ``#value:tolerance``, ``#min..max`` or ``# =value:tol =%50%value:tol``: numerical.

Text after the answer block makes a "missing word" question: the block's place shows a blank.
A block without answers at all (no ``{}``) is a description (a page of text, not scored).

What cannot be imported exactly (a short answer worth half marks, brackets in an answer...) is
refused with its line number and the reason; the caller imports nothing when anything is.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.qti import ParsedQuestion
from core.html import html_to_text, sanitize_html

MAX_QUESTIONS = 1000
# Escaped characters stand in the private use area while a question is read.
_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003"}
_ESCAPES.update({"\\{": "\ue004", "\\}": "\ue005", "\\:": "\ue006", "\\n": "\n"})
_RESTORE = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#"}
_RESTORE.update({"\ue004": "{", "\ue005": "}", "\ue006": ":"})
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
BLANK_LINE = "_____"


@dataclass
class Rejected:
    line: int
    text: str
    reason: str


class Refused(ValueError):
    """This question cannot be imported exactly; the message says why."""


def _protect(text: str) -> str:
    for escaped, stand_in in _ESCAPES.items():
        text = text.replace(escaped, stand_in)
    return text


def _restore(text: str) -> str:
    for stand_in, char in _RESTORE.items():
        text = text.replace(stand_in, char)
    return text


def _blocks(content: str):
    """(first line number, lines) of each question, comments left out; category lines too."""
    block, start = [], 0
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if block:
                yield start, block
                block = []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def parse_gift(content: str) -> tuple[list[ParsedQuestion], list[Rejected]]:
    """Every question of a GIFT file, and the refused ones with their line and reason."""
    parsed, rejected = [], []
    category = ""
    for line, lines in _blocks(content):
        text = "\n".join(lines).strip()
        if text.startswith("$CATEGORY:"):
            first, _sep, rest = text.partition("\n")
            category = _category(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            text = rest.strip()
            line += 1
        if len(parsed) + len(rejected) >= MAX_QUESTIONS:
            rejected.append(
                Rejected(
                    line,
                    "",
                    ngettext(
                        "More than %(n)d question.", "More than %(n)d questions.", MAX_QUESTIONS
                    )
                    % {"n": MAX_QUESTIONS},
                )
            )
            break
        try:
            question = _question(_protect(text))
        except Refused as error:
            rejected.append(Rejected(line, _restore(text)[:120], str(error)))
            continue
        question.category = category
        parsed.append(question)
    return parsed, rejected


def _category(path: str) -> str:
    """``$course$/top/Geography/Capitals`` -> ``Geography/Capitals``."""
    parts = [p.strip() for p in path.strip().split("/") if p.strip()]
    while parts and (parts[0].startswith("$") or parts[0] == "top"):
        parts.pop(0)
    return "/".join(parts)[:200]


def _split_block(text: str) -> tuple[str, str | None, str]:
    """(text before the answer block, the block's content or None, text after it)."""
    start = text.find("{")
    if start < 0:
        if "}" in text:
            raise Refused(_("A “}” closes no answer block (write \\} for the character)."))
        return text, None, ""
    end = text.find("}", start)
    if end < 0:
        raise Refused(_("The answer block is not closed by “}”."))
    after = text[end + 1 :]
    if "{" in after or "}" in after:
        raise Refused(_("A question has one answer block."))
    return text[:start], text[start + 1 : end], after


def _question(text: str) -> ParsedQuestion:
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise Refused(_("The question's name is not closed by “::”."))
        name = _restore(text[2:end]).strip()
        text = text[end + 2 :].lstrip()
    text_format = "moodle"
    match = _FORMAT.match(text)
    if match:
        text_format = match.group(1).lower()
        text = text[match.end() :]
    before, block, after = _split_block(text)
    before, after = before.strip(), after.strip()
    general = ""
    if block is not None and "####" in block:
        block, general = block.split("####", 1)
    missing_word = bool(after)
    plain_statement = _join(before, BLANK_LINE, after) if missing_word else before
    statement = _html(plain_statement, text_format)
    if general.strip():
        statement += _html(general.strip(), text_format)
    title = (name or html_to_text(statement) or _("GIFT question"))[:250]
    if not html_to_text(statement) and block is None:
        raise Refused(_("The question has no text."))
    if block is None:
        return ParsedQuestion("media", title, statement, score=Decimal("0"))
    block = block.strip()
    if not html_to_text(statement):
        raise Refused(_("The question has no text."))
    if block == "":
        return ParsedQuestion("free", title, statement, score=Decimal("1"))
    if block.startswith("#"):
        return _numerical(title, statement, block[1:])
    head = block.split("#", 1)[0].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        return _true_false(title, statement, block, head.startswith("T"), text_format)
    answers = _answers(block)
    rights = [a for a in answers if a["mark"] == "="]
    if rights and all("->" in a["text"] for a in rights):
        if any(a["mark"] == "~" for a in answers):
            raise Refused(_("A matching question lists its pairs with “=” only."))
        return _matching(title, statement, answers, text_format)
    if any("->" in a["text"] for a in answers):
        raise Refused(_("Only some answers are pairs (“->”): is it a matching question?"))
    if any(a["mark"] == "~" for a in answers):
        return _choice(title, statement, answers, text_format)
    return _short_answer(title, before, after, answers, missing_word, text_format)


def _join(before: str, blank: str, after: str) -> str:
    """The text around a missing word: no space before closing punctuation."""
    after = after.strip()
    glue = "" if after[:1] in ".,;:!?)" else " "
    return f"{before.strip()} {blank}{glue}{after}".strip()


def _html(text: str, text_format: str) -> str:
    text = _restore(text)
    if not text.strip():
        return ""
    if text_format == "html":
        return sanitize_html(text)
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


def _answers(block: str) -> list[dict]:
    """The ``=`` and ``~`` answers of a block: mark, weight (percent or None), text, feedback."""
    answers = []
    for match in re.finditer(r"([=~])([^=~]*)", block):
        mark, body = match.groups()
        text, _sep, feedback = body.partition("#")
        text = text.strip()
        weight = None
        found = _WEIGHT.match(text)
        if found:
            weight = Decimal(found.group(1))
            text = text[found.end() :].strip()
        answers.append({"mark": mark, "weight": weight, "text": text, "feedback": feedback})
    if not answers or block.strip()[0] not in "=~":
        raise Refused(_("Answers start with “=” (right) or “~” (wrong)."))
    return answers


def _choice(title, statement, answers, text_format) -> ParsedQuestion:
    if len(answers) < 2:
        raise Refused(_("A multiple choice question needs at least two answers."))
    for answer in answers:
        if not answer["text"]:
            raise Refused(_("An answer is empty."))
        if answer["weight"] is not None and not -100 <= answer["weight"] <= 100:
            raise Refused(_("A weight must be between -100 % and 100 %."))
    rows = []
    single = any(a["mark"] == "=" for a in answers)
    if single:
        if sum(1 for a in answers if a["mark"] == "=") != 1:
            raise Refused(_("A multiple choice question has one right answer (“=”)."))
        for answer in answers:
            right = answer["mark"] == "="
            if right and answer["weight"] not in (None, Decimal(100)):
                raise Refused(_("The right answer (“=”) is worth 100 %."))
            weight = answer["weight"] if answer["weight"] is not None else (100 if right else 0)
            if not right and weight > 0:
                raise Refused(
                    _("Wrong answers worth points need several right answers (use “~%50%”).")
                )
            rows.append(_row(answer, right, Decimal(weight) / 100, text_format))
        return ParsedQuestion("unique", title, statement, answers=rows)
    if not any((a["weight"] or 0) > 0 for a in answers):
        raise Refused(_("No answer is right (“=”, or “~” with a positive weight)."))
    for answer in answers:
        weight = answer["weight"] or Decimal(0)
        rows.append(_row(answer, weight > 0, weight / 100, text_format))
    return ParsedQuestion("multiple", title, statement, answers=rows, config={"no_negative": True})


def _row(answer, correct, score, text_format) -> dict:
    return {
        "text": _html(answer["text"], text_format).removeprefix("<p>").removesuffix("</p>"),
        "correct": correct,
        "score": score.quantize(Decimal("0.01")),
        "feedback": _html(answer["feedback"].strip(), text_format)
        .removeprefix("<p>")
        .removesuffix("</p>"),
    }


def _true_false(title, statement, block, truth, text_format) -> ParsedQuestion:
    # {T#feedback when answered wrong#feedback when answered right}
    feedback = [_restore(part).strip() for part in block.split("#")[1:]]
    wrong = feedback[0] if feedback else ""
    return ParsedQuestion(
        "true_false",
        title,
        "",
        answers=[
            {
                "text": statement.removeprefix("<p>").removesuffix("</p>"),
                "correct": truth,
                "feedback": escape(wrong) if text_format != "html" else sanitize_html(wrong),
            }
        ],
        config={"right_score": "1", "wrong_score": "0", "allow_idk": False},
    )


def _matching(title, statement, answers, text_format) -> ParsedQuestion:
    if len(answers) < 2:
        raise Refused(_("A matching question needs at least two pairs."))
    rows = []
    for answer in answers:
        if answer["weight"] is not None:
            raise Refused(_("The pairs of a matching question carry no weights."))
        item, _sep, match = answer["text"].partition("->")
        item, match = item.strip(), _restore(match).strip()
        if not match:
            raise Refused(_("A pair has no match after “->”."))
        if not item:
            # Moodle's extra wrong matches ("=  -> Tokyo") have no question side: none here.
            raise Refused(_("Extra matches without an item are not supported."))
        rows.append(
            {
                "text": _html(item, text_format).removeprefix("<p>").removesuffix("</p>"),
                "data": {"match": match[:500]},
                "score": Decimal("1"),
            }
        )
    return ParsedQuestion("matching", title, statement, answers=rows)


def _short_answer(title, before, after, answers, missing_word, text_format) -> ParsedQuestion:
    spellings = []
    for answer in answers:
        if answer["weight"] not in (None, Decimal(100)):
            raise Refused(_("Short answers worth part of the marks cannot be imported."))
        spelling = _restore(answer["text"]).strip()
        if not spelling:
            raise Refused(_("An answer is empty."))
        if any(c in spelling for c in "[]|"):
            raise Refused(_("A short answer cannot hold “[”, “]” or “|”."))
        spellings.append(spelling)
    if text_format == "html":
        before, after = html_to_text(_restore(before)), html_to_text(_restore(after))
    else:
        before, after = _restore(before), _restore(after)
    if any(c in before + after for c in "[]"):
        raise Refused(_("The text of a short-answer question cannot hold “[” or “]”."))
    blank = "[" + "|".join(spellings) + "]"
    text = _join(before, blank, after) if missing_word else f"{before}\n{blank}"
    return ParsedQuestion(
        "blanks",
        title,
        "",
        config={"text": text, "case_sensitive": False, "ignore_spaces": False},
    )


def _number(text: str) -> Decimal:
    try:
        value = Decimal(_restore(text).strip())
    except InvalidOperation:
        raise Refused(_("“%(text)s” is not a number.") % {"text": _restore(text)}) from None
    if not value.is_finite():
        raise Refused(_("“%(text)s” is not a number.") % {"text": _restore(text)})
    return value


def _numeric_answer(text: str) -> tuple[Decimal, Decimal]:
    """``value:tolerance`` or ``min..max`` -> (value, absolute tolerance)."""
    text = text.strip()
    if ".." in text:
        low, high = (_number(part) for part in text.split("..", 1))
        if low > high:
            raise Refused(_("The range's minimum is above its maximum."))
        return (low + high) / 2, (high - low) / 2
    value, _sep, tolerance = text.replace("\ue006", ":").partition(":")
    tolerance_value = _number(tolerance) if tolerance.strip() else Decimal(0)
    if tolerance_value < 0:
        raise Refused(_("A tolerance cannot be negative."))
    return _number(value), tolerance_value


def _numerical(title, statement, block) -> ParsedQuestion:
    block = block.strip()
    rows = []
    if block.startswith("="):
        for answer in _answers(block):
            if answer["mark"] == "~":
                continue  # Moodle's feedback for any other answer: no score
            weight = answer["weight"] if answer["weight"] is not None else Decimal(100)
            value, tolerance = _numeric_answer(answer["text"])
            rows.append(_numeric_row(value, tolerance, weight, answer["feedback"]))
    else:
        text, _sep, feedback = block.partition("#")
        value, tolerance = _numeric_answer(text)
        rows.append(_numeric_row(value, tolerance, Decimal(100), feedback))
    if not rows or not any(row["score"] > 0 for row in rows):
        raise Refused(_("A numerical question needs a right answer."))
    return ParsedQuestion("numerical", title, statement, answers=rows)


def _numeric_row(value, tolerance, weight, feedback) -> dict:
    if not 0 <= weight <= 100:
        raise Refused(_("A numerical answer's weight must be between 0 % and 100 %."))
    return {
        "text": format(value.normalize(), "f"),
        "score": (weight / 100).quantize(Decimal("0.01")),
        "data": {"tolerance": format(tolerance.normalize(), "f")},
        "feedback": escape(_restore(feedback).strip()),
    }
