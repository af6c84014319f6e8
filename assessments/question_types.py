"""The registry of question types.

A type is one class here (label, what its editor shows, how a learner's response is read from
the form, how it is graded) plus one widget template ``assessments/types/<key>.html``. Register
it with ``@register``; nothing else in the app lists types.

Responses are JSON dicts stored on AttemptAnswer.response. Grading is a pure function of the
question (with its answers prefetched), the response and the attempt's per-question context.
"""

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.formula import FormulaError, evaluate
from core.html import html_to_text

ZERO = Decimal("0")
TWO_PLACES = Decimal("0.01")


def q2(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def to_decimal(value, default=ZERO) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return default
    return result if result.is_finite() else default


@dataclass
class Grade:
    score: Decimal
    max_score: Decimal
    needs_grading: bool = False
    # Per answer row (by id) or per blank (by index): True right, False wrong, None neutral.
    marks: dict = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return not self.needs_grading and self.max_score > 0 and self.score >= self.max_score


class QuestionType:
    key: str = ""
    label = ""
    # Which answer-row fields the editor shows; empty: the type has no answer rows.
    answer_fields: tuple[str, ...] = ()
    # Type-specific settings (stored in Question.config): name -> (label, kind, default)
    config_fields: dict = {}
    uses_question_score = True
    shuffle = False
    manual = False
    single_correct = False
    scored = True
    needs_image = False
    min_answers = 0

    @property
    def widget_template(self) -> str:
        return f"assessments/types/{self.key}.html"

    # -- editing
    def clean_config(self, config: dict) -> dict:
        """Validate the type's settings; raise ValueError with a readable message."""
        return config

    def clean_answers(self, question, answers: list[dict]) -> None:
        """Check the answer rows as a whole (e.g. one correct choice); raise ValueError."""
        if len(answers) < self.min_answers:
            raise ValueError(
                ngettext(
                    "Give at least %(n)d answer.", "Give at least %(n)d answers.", self.min_answers
                )
                % {"n": self.min_answers}
            )

    # -- taking
    def start_context(self, question, rng: random.Random) -> dict:
        return {}

    def parse(self, data, prefix: str) -> dict:
        """Read the learner's response from POST data (fields named ``<prefix>...``)."""
        return {}

    def widget_context(self, question, answers, response: dict, context: dict) -> dict:
        """Extra values the widget template needs (``extra`` in the template)."""
        return {}

    def statement(self, question, context: dict) -> str:
        """The statement as this attempt shows it (already sanitised HTML)."""
        return question.statement

    def is_answered(self, response: dict) -> bool:
        return any(value not in (None, "", [], {}) for value in response.values())

    # -- grading
    def max_score(self, question) -> Decimal:
        return q2(question.score) if self.scored else ZERO

    def grade(self, question, response: dict, context: dict) -> Grade:
        raise NotImplementedError

    def correct_answer_text(self, question, context: dict) -> str:
        """The expected answer as plain text (templates escape it once)."""
        return ""

    # Types whose items the learner arranges (ordering, matching) are always shuffled, and
    # never shown in their right order, whatever the test's "shuffle answers" says.
    always_shuffle = False


_TYPES: dict[str, QuestionType] = {}


def register(cls):
    instance = cls()
    _TYPES[instance.key] = instance
    return cls


def get_type(key: str) -> QuestionType:
    return _TYPES.get(key) or _TYPES["free"]


def all_types() -> list[QuestionType]:
    return list(_TYPES.values())


def type_choices():
    return [(t.key, t.label) for t in _TYPES.values()]


def _answers(question):
    return list(question.answers.all())


def _int_list(values) -> list[int]:
    result = []
    for value in values or []:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


# --- Choice types -------------------------------------------------------------------------------


@register
class UniqueAnswer(QuestionType):
    key = "unique"
    label = _("Unique answer")
    answer_fields = ("text", "correct", "score", "feedback")
    single_correct = True  # the editor marks the right answer with radio buttons
    uses_question_score = False
    shuffle = True
    min_answers = 2
    allow_idk = False

    def clean_answers(self, question, answers):
        super().clean_answers(question, answers)
        if sum(1 for a in answers if a.get("correct")) != 1:
            raise ValueError(_("Mark exactly one answer as correct."))

    def parse(self, data, prefix):
        value = data.get(f"{prefix}choice", "")
        if value == "idk" and self.allow_idk:
            return {"choice": "idk"}
        ids = _int_list([value])
        return {"choice": ids[0]} if ids else {}

    def max_score(self, question):
        return q2(max([a.score for a in _answers(question)] + [ZERO]))

    def grade(self, question, response, context):
        choice = response.get("choice")
        answers = _answers(question)
        chosen = next((a for a in answers if a.pk == choice), None)
        score = chosen.score if chosen else ZERO
        marks = {chosen.pk: chosen.correct} if chosen else {}
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        return ", ".join(html_to_text(a.text) for a in _answers(question) if a.correct)


@register
class UniqueAnswerIdk(UniqueAnswer):
    key = "unique_idk"
    label = _("Unique answer with “I don't know”")
    allow_idk = True

    @property
    def widget_template(self):
        return "assessments/types/unique.html"


@register
class MultipleAnswer(QuestionType):
    """Partial credit: the sum of the chosen answers' scores (wrong ones may be negative)."""

    key = "multiple"
    label = _("Multiple answer (partial credit)")
    answer_fields = ("text", "correct", "score", "feedback")
    config_fields = {"no_negative": (_("A question's total is never below zero"), "bool", True)}
    uses_question_score = False
    shuffle = True
    min_answers = 2

    def clean_answers(self, question, answers):
        super().clean_answers(question, answers)
        if not any(a.get("correct") for a in answers):
            raise ValueError(_("Mark at least one answer as correct."))

    def parse(self, data, prefix):
        return {"choices": sorted(set(_int_list(data.getlist(f"{prefix}choices"))))}

    def max_score(self, question):
        return q2(sum((a.score for a in _answers(question) if a.score > 0), ZERO))

    def grade(self, question, response, context):
        chosen = set(response.get("choices") or [])
        answers = _answers(question)
        score = sum((a.score for a in answers if a.pk in chosen), ZERO)
        if question.config.get("no_negative", True):
            score = max(score, ZERO)
        marks = {a.pk: a.correct for a in answers if a.pk in chosen}
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        return ", ".join(html_to_text(a.text) for a in _answers(question) if a.correct)


@register
class ExactMultipleAnswer(MultipleAnswer):
    """All or nothing: the question's score only when exactly the correct answers are chosen."""

    key = "multiple_exact"
    label = _("Exact multiple answer (all or nothing)")
    answer_fields = ("text", "correct", "feedback")
    config_fields = {}
    uses_question_score = True

    @property
    def widget_template(self):
        return "assessments/types/multiple.html"

    def max_score(self, question):
        return q2(question.score)

    def grade(self, question, response, context):
        chosen = set(response.get("choices") or [])
        answers = _answers(question)
        right = {a.pk for a in answers if a.correct}
        score = question.score if chosen == right else ZERO
        marks = {a.pk: a.correct for a in answers if a.pk in chosen}
        return Grade(q2(score), self.max_score(question), marks=marks)


@register
class GlobalMultipleAnswer(ExactMultipleAnswer):
    """One global score: full marks if all right, a (negative) penalty if any wrong is chosen."""

    key = "multiple_global"
    label = _("Global multiple answer")
    config_fields = {"wrong_score": (_("Score when a wrong answer is chosen"), "decimal", "0")}

    def grade(self, question, response, context):
        chosen = set(response.get("choices") or [])
        answers = _answers(question)
        right = {a.pk for a in answers if a.correct}
        marks = {a.pk: a.correct for a in answers if a.pk in chosen}
        if chosen - right:
            score = to_decimal(question.config.get("wrong_score"), ZERO)
        elif chosen == right:
            score = question.score
        else:
            score = ZERO
        return Grade(q2(score), self.max_score(question), marks=marks)


@register
class TrueFalse(QuestionType):
    """Each answer row is a statement the learner marks true, false (or “I don't know”)."""

    key = "true_false"
    label = _("Multiple true/false")
    answer_fields = ("text", "correct", "feedback")
    config_fields = {
        "right_score": (_("Score per right mark"), "decimal", "1"),
        "wrong_score": (_("Score per wrong mark (may be negative)"), "decimal", "0"),
        "allow_idk": (_("Offer “I don't know”"), "bool", False),
    }
    uses_question_score = False
    shuffle = True
    min_answers = 1

    def parse(self, data, prefix):
        marks = {}
        for key in data:
            if key.startswith(f"{prefix}tf-"):
                answer_id = key[len(prefix) + 3 :]
                value = data.get(key)
                if answer_id.isdigit() and value in ("true", "false", "idk"):
                    marks[answer_id] = value
        return {"marks": marks}

    def widget_context(self, question, answers, response, context):
        given = response.get("marks") or {}
        return {
            "rows": [(answer, given.get(str(answer.pk), "")) for answer in answers],
            "allow_idk": bool(question.config.get("allow_idk", False)),
        }

    def max_score(self, question):
        right = to_decimal(question.config.get("right_score", "1"), Decimal(1))
        return q2(right * len(_answers(question)))

    def grade(self, question, response, context):
        given = response.get("marks") or {}
        right = to_decimal(question.config.get("right_score", "1"), Decimal(1))
        wrong = to_decimal(question.config.get("wrong_score", "0"), ZERO)
        score, marks = ZERO, {}
        for answer in _answers(question):
            value = given.get(str(answer.pk))
            if value in ("true", "false"):
                ok = (value == "true") == answer.correct
                score += right if ok else wrong
                marks[answer.pk] = ok
        return Grade(q2(score), self.max_score(question), marks=marks)


# --- Text types ---------------------------------------------------------------------------------

BLANK = re.compile(r"\[([^\[\]]*)\]")


# Phones and word processors type curly quotes and apostrophes: they compare as plain ones.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2019": "'",  # ’ right single quotation mark (the usual typed apostrophe)
        "\u2018": "'",  # ‘ left single quotation mark
        "\u02bc": "'",  # ʼ modifier letter apostrophe
        "\u201b": "'",  # ‛ single high-reversed-9 quotation mark
        "\u2032": "'",  # ′ prime
        "\u201c": '"',  # “ left double quotation mark
        "\u201d": '"',  # ” right double quotation mark
        "\u201f": '"',  # ‟ double high-reversed-9 quotation mark
        "\u2033": '"',  # ″ double prime
    }
)


def plain_quotes(text: str) -> str:
    """Typographic quotes and apostrophes (’ ‘ ʼ “ ”) as their plain forms (' ")."""
    return (text or "").translate(_TYPOGRAPHIC)


def _normalise(text: str, *, case_sensitive: bool, ignore_spaces: bool) -> str:
    text = plain_quotes(unicodedata.normalize("NFC", text or ""))
    text = re.sub(r"\s+", "" if ignore_spaces else " ", text).strip()
    return text if case_sensitive else text.casefold()


@register
class FillBlanks(QuestionType):
    """Text with [blanks]; each blank lists its accepted spellings separated by ``|``."""

    key = "blanks"
    label = _("Fill in the blanks")
    config_fields = {
        "text": (_("Text with [blanks], accepted spellings separated by |"), "text", ""),
        "case_sensitive": (_("Case sensitive"), "bool", False),
        "ignore_spaces": (_("Ignore all spaces"), "bool", False),
    }

    def blanks(self, question) -> list[list[str]]:
        return [
            [s.strip() for s in group.split("|") if s.strip()]
            for group in BLANK.findall(question.config.get("text", ""))
        ]

    def segments(self, question) -> list[str]:
        return BLANK.split(question.config.get("text", ""))[::2]

    def clean_config(self, config):
        blanks = BLANK.findall(config.get("text", ""))
        if not blanks or any(not b.strip(" |") for b in blanks):
            raise ValueError(_("Write the text with at least one [blank] holding its answer."))
        return config

    def parse(self, data, prefix):
        return {"blanks": [str(v)[:500] for v in data.getlist(f"{prefix}blank")]}

    def widget_context(self, question, answers, response, context):
        given = list(response.get("blanks") or [])
        segments = self.segments(question)
        blanks = self.blanks(question)
        parts = []
        for index, segment in enumerate(segments):
            blank = None
            if index < len(blanks):
                blank = {
                    "index": index,
                    "value": given[index] if index < len(given) else "",
                    "answer": blanks[index][0] if blanks[index] else "",
                }
            parts.append((segment, blank))
        return {"parts": parts}

    def grade(self, question, response, context):
        blanks = self.blanks(question)
        if not blanks:
            return Grade(ZERO, self.max_score(question))
        given = list(response.get("blanks") or [])
        options = {
            "case_sensitive": bool(question.config.get("case_sensitive")),
            "ignore_spaces": bool(question.config.get("ignore_spaces")),
        }
        marks, right = {}, 0
        for index, accepted in enumerate(blanks):
            value = _normalise(given[index] if index < len(given) else "", **options)
            ok = bool(value) and value in {_normalise(a, **options) for a in accepted}
            marks[index] = ok
            right += ok
        score = question.score * right / len(blanks)
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        return " / ".join(group[0] for group in self.blanks(question) if group)


@register
class FreeAnswer(QuestionType):
    key = "free"
    label = _("Free answer (manual grading)")
    manual = True

    def parse(self, data, prefix):
        return {"text": str(data.get(f"{prefix}text", ""))[:20000]}

    def grade(self, question, response, context):
        answered = bool((response.get("text") or "").strip())
        return Grade(ZERO, self.max_score(question), needs_grading=answered)


UPLOAD_EXTENSIONS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
    "odt": "application/zip",
    "docx": "application/zip",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "webm": "audio/webm",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
}
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def sniff(head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain" if b"\x00" not in head else "application/octet-stream"


def validate_upload(upload, *, allowed: set[str] | None = None) -> None:
    """Size, extension allow-list and the type sniffed from the bytes; ValueError if refused."""
    allowed = allowed or set(UPLOAD_EXTENSIONS)
    if upload.size > UPLOAD_MAX_BYTES:
        raise ValueError(_("The file is larger than 10 MB."))
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed or extension not in UPLOAD_EXTENSIONS:
        raise ValueError(
            _("Files of this type are not accepted (allowed: %(ext)s).")
            % {"ext": ", ".join(sorted(allowed & set(UPLOAD_EXTENSIONS)))}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if sniff(head) != UPLOAD_EXTENSIONS[extension]:
        raise ValueError(_("The file's content does not match its extension."))


@register
class UploadAnswer(FreeAnswer):
    key = "upload"
    label = _("Upload answer (manual grading)")
    allowed = {"pdf", "png", "jpg", "jpeg", "txt", "odt", "docx"}

    def parse(self, data, prefix):
        return {}  # the file is handled by the service

    def grade(self, question, response, context):
        return Grade(ZERO, self.max_score(question), needs_grading=bool(response.get("file")))


@register
class OralExpression(UploadAnswer):
    key = "oral"
    label = _("Oral expression (manual grading)")
    allowed = {"mp3", "ogg", "webm", "m4a", "wav"}


# --- Structured types ---------------------------------------------------------------------------


@register
class Matching(QuestionType):
    """Each answer row pairs an item (text) with its match (data.match)."""

    key = "matching"
    label = _("Matching")
    answer_fields = ("text", "match", "score", "feedback")
    uses_question_score = False
    shuffle = True
    always_shuffle = True
    min_answers = 2

    def start_context(self, question, rng):
        """The order the matches are offered in: shuffled, and not lined up with the items."""
        ids = [a.pk for a in _answers(question)]
        return {"option_order": shuffled_not_identity(ids, rng)}

    def parse(self, data, prefix):
        pairs = {}
        for key in data:
            if key.startswith(f"{prefix}match-"):
                left = key[len(prefix) + 6 :]
                right = _int_list([data.get(key)])
                if left.isdigit() and right:
                    pairs[left] = right[0]
        return {"pairs": pairs}

    def widget_context(self, question, answers, response, context):
        pairs = response.get("pairs") or {}
        # The right-hand column in the attempt's shuffled order (else alphabetical); a match
        # shared by several items (two characters of the same play) is offered once.
        order = {pk: i for i, pk in enumerate(context.get("option_order") or [])}
        options, seen = [], set()
        for answer in sorted(
            answers,
            key=lambda a: (order.get(a.pk, len(order)), a.data.get("match", "").casefold(), a.pk),
        ):
            label = answer.data.get("match", "")
            if label.casefold() not in seen:
                seen.add(label.casefold())
                options.append((answer.pk, label))
        return {
            "options": options,
            "rows": [(a, pairs.get(str(a.pk))) for a in answers],
        }

    def max_score(self, question):
        return q2(sum((a.score for a in _answers(question) if a.score > 0), ZERO))

    def grade(self, question, response, context):
        pairs = response.get("pairs") or {}
        answers = _answers(question)
        # The learner picks a match by the id of a row carrying it; rows sharing a match
        # text are the same choice.
        match_of = {a.pk: a.data.get("match", "").casefold() for a in answers}
        score, marks = ZERO, {}
        for answer in answers:
            given = pairs.get(str(answer.pk))
            if given is None or given not in match_of:
                continue
            ok = match_of[given] == answer.data.get("match", "").casefold()
            marks[answer.pk] = ok
            if ok:
                score += answer.score
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        return "; ".join(
            f"{html_to_text(a.text)} → {a.data.get('match', '')}" for a in _answers(question)
        )


@register
class Ordering(QuestionType):
    """The answer rows in their right order; the learner arranges them (drag and drop)."""

    key = "ordering"
    label = _("Ordering")
    answer_fields = ("text",)
    config_fields = {"all_or_nothing": (_("All or nothing"), "bool", False)}
    shuffle = True
    always_shuffle = True
    min_answers = 2

    def parse(self, data, prefix):
        return {"order": _int_list(data.getlist(f"{prefix}order"))}

    def widget_context(self, question, answers, response, context):
        order = response.get("order") or []
        position = {pk: index for index, pk in enumerate(order)}
        return {"items": sorted(answers, key=lambda a: position.get(a.pk, len(position)))}

    def grade(self, question, response, context):
        expected = [a.pk for a in _answers(question)]
        given = response.get("order") or []
        if not expected or not given:
            return Grade(ZERO, self.max_score(question))
        marks = {pk: index < len(given) and given[index] == pk for index, pk in enumerate(expected)}
        right = sum(marks.values())
        if question.config.get("all_or_nothing"):
            score = question.score if right == len(expected) else ZERO
        else:
            score = question.score * right / len(expected)
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        return " → ".join(html_to_text(a.text) for a in _answers(question))


def shuffled_not_identity(ids: list, rng: random.Random) -> list:
    """``ids`` shuffled so that, with two or more distinct items, the result is never the
    given (right) order: a learner who does nothing must not get the answer for free."""
    result = list(ids)
    if len(set(result)) < 2:
        return result
    while result == list(ids):
        rng.shuffle(result)
    return result


def point_in_zone(x: float, y: float, zone: dict) -> bool:
    shape = zone.get("shape")
    coords = [float(c) for c in zone.get("coords", [])]
    if shape == "rect" and len(coords) == 4:
        left, top, width, height = coords
        return left <= x <= left + width and top <= y <= top + height
    if shape == "circle" and len(coords) == 3:
        cx, cy, radius = coords
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2
    if shape == "poly" and len(coords) >= 6 and len(coords) % 2 == 0:
        points = list(zip(coords[::2], coords[1::2], strict=True))
        inside = False
        j = len(points) - 1
        for i, (xi, yi) in enumerate(points):
            xj, yj = points[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside
    return False


def parse_zone(shape: str, coords: str) -> dict:
    """'rect' + 'x,y,w,h' | 'circle' + 'cx,cy,r' | 'poly' + 'x1,y1,x2,y2,...' -> a zone."""
    try:
        numbers = [float(c) for c in re.split(r"[\s,;]+", coords.strip()) if c]
    except ValueError:
        raise ValueError(_("Coordinates must be numbers separated by commas.")) from None
    if any(not math.isfinite(n) or n < 0 for n in numbers):
        raise ValueError(_("Coordinates must be positive numbers."))
    expected = {"rect": lambda n: n == 4, "circle": lambda n: n == 3}
    ok = expected.get(shape, lambda n: n >= 6 and n % 2 == 0)(len(numbers))
    if shape not in ("rect", "circle", "poly") or not ok:
        raise ValueError(
            _("Rectangle: x,y,width,height; circle: x,y,radius; polygon: x1,y1,x2,y2,x3,y3...")
        )
    return {"shape": shape, "coords": numbers}


@register
class Hotspot(QuestionType):
    """Zones on an image (image pixel coordinates); the learner places one point per zone."""

    key = "hotspot"
    label = _("Image hotspot")
    answer_fields = ("text", "shape", "coords", "score", "feedback")
    uses_question_score = False
    needs_image = True
    min_answers = 1

    def parse(self, data, prefix):
        points = []
        for value in data.getlist(f"{prefix}point")[:50]:
            try:
                x, y = (float(v) for v in str(value).split(",", 1))
            except ValueError:
                continue
            if math.isfinite(x) and math.isfinite(y):
                points.append([round(x, 1), round(y, 1)])
        return {"points": points}

    def widget_context(self, question, answers, response, context):
        return {
            "points": response.get("points") or [],
            "zones": len(answers),
            "points_json": [f"{x:g},{y:g}" for x, y in response.get("points") or []],
        }

    def max_score(self, question):
        return q2(sum((a.score for a in _answers(question) if a.score > 0), ZERO))

    def grade(self, question, response, context):
        answers = _answers(question)
        points = (response.get("points") or [])[: len(answers)]
        score, marks = ZERO, {}
        for answer in answers:
            hit = any(point_in_zone(x, y, answer.data) for x, y in points)
            marks[answer.pk] = hit
            if hit:
                score += answer.score
        return Grade(q2(score), self.max_score(question), marks=marks)


VARIABLE = re.compile(
    r"^\s*([A-Za-z_]\w*)\s*=\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)(?:\s*:\s*(\d))?\s*$"
)


def parse_variables(text: str) -> dict:
    """Lines ``a = 1..10`` (integers) or ``r = 0.5..2.5 : 2`` (2 decimals)."""
    variables = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = VARIABLE.match(line)
        if not match:
            raise ValueError(
                _("Write each variable as “name = min..max” or “name = min..max : decimals”.")
            )
        name, low, high, decimals = match.groups()
        low, high = float(low), float(high)
        if low > high:
            raise ValueError(_("A variable's minimum is above its maximum."))
        variables[name] = {"min": low, "max": high, "decimals": int(decimals or 0)}
    return variables


@register
class Calculated(QuestionType):
    """Variables drawn per attempt from ranges; the formula gives the expected value."""

    key = "calculated"
    label = _("Calculated answer")
    config_fields = {
        "formula": (_("Formula (e.g. a * b + c)"), "char", ""),
        "variables": (_("Variables, one a line: a = 1..10 or r = 0.5..2.5 : 2"), "text", ""),
        "tolerance": (_("Tolerance"), "decimal", "0"),
        "relative": (_("Tolerance is a percentage"), "bool", False),
    }

    def clean_config(self, config):
        from assessments.formula import formula_names

        variables = parse_variables(config.get("variables", ""))
        try:
            names = formula_names(config.get("formula", ""))
        except FormulaError as error:
            raise ValueError(str(error)) from None
        missing = names - set(variables)
        if missing:
            raise ValueError(
                _("Define the variables used by the formula: %(names)s.")
                % {"names": ", ".join(sorted(missing))}
            )
        try:
            evaluate(config["formula"], {k: v["max"] for k, v in variables.items()})
        except FormulaError as error:
            raise ValueError(str(error)) from None
        return config

    def start_context(self, question, rng):
        try:
            variables = parse_variables(question.config.get("variables", ""))
        except ValueError:
            variables = {}
        values = {}
        for name, spec in variables.items():
            value = rng.uniform(spec["min"], spec["max"])
            values[name] = round(value, spec["decimals"]) if spec["decimals"] else round(value)
        return {"values": values}

    def expected(self, question, context) -> float | None:
        try:
            return evaluate(question.config.get("formula", ""), context.get("values") or {})
        except FormulaError:
            return None

    def parse(self, data, prefix):
        return {"value": str(data.get(f"{prefix}value", "")).strip()[:50]}

    def widget_context(self, question, answers, response, context):
        values = context.get("values") or {}
        return {"values": sorted(values.items())}

    def statement(self, question, context):
        """``{a}`` in the statement shows this attempt's value of ``a``."""
        values = context.get("values") or {}
        text = question.statement
        for name, value in values.items():
            text = text.replace("{" + name + "}", f"{value:g}")
        return text

    def grade(self, question, response, context):
        expected = self.expected(question, context)
        raw = response.get("value") or ""
        given = parse_number(raw)
        ok = False
        if expected is not None and math.isfinite(expected) and given is not None:
            # Compared in decimals (the formula's value to 12 significant digits, which
            # drops binary noise such as 0.1 + 0.2 = 0.30000000000000004), no epsilon:
            # the limit itself is right, one step beyond is wrong.
            tolerance = to_decimal(question.config.get("tolerance", "0"))
            mode = "relative" if question.config.get("relative") else "absolute"
            ok = within_tolerance(given, Decimal(f"{expected:.12g}"), tolerance, mode)
        score = question.score if ok else ZERO
        marks = {0: ok} if raw else {}
        return Grade(q2(score), self.max_score(question), marks=marks)

    def correct_answer_text(self, question, context):
        expected = self.expected(question, context)
        return "" if expected is None else f"{expected:g}"


def parse_number(text) -> Decimal | None:
    """A number as typed (``1 500,5`` or ``1500.5``), or None."""
    raw = "".join(str(text or "").split()).replace(",", ".")
    if not raw:
        return None
    value = to_decimal(raw, None)
    return value


def within_tolerance(given: Decimal, expected: Decimal, tolerance: Decimal, mode: str) -> bool:
    """IMS QTI's ``equal`` with ``toleranceMode``: "exact" (equal), "absolute" (``|given -
    expected| <= tolerance``) or "relative" (tolerance in percent of the expected value, as
    QTI 2.1 §3.4.2 ``equal`` and Moodle's relative tolerance say). Bounds are included."""
    if mode == "relative":
        return abs(given - expected) * 100 <= abs(expected) * tolerance
    if mode == "absolute":
        return abs(given - expected) <= tolerance
    return given == expected


@register
class Numerical(QuestionType):
    """A number, each accepted value with its tolerance and score (the best match counts)."""

    key = "numerical"
    label = _("Numerical answer")
    answer_fields = ("text", "tolerance", "score", "feedback")
    config_fields = {"relative": (_("Tolerances are percentages of the value"), "bool", False)}
    uses_question_score = False
    min_answers = 1

    def clean_answers(self, question, answers):
        super().clean_answers(question, answers)
        for answer in answers:
            if parse_number(answer.get("text")) is None:
                raise ValueError(_("Each accepted answer must be a number."))
            if to_decimal(answer.get("data", {}).get("tolerance", "0"), Decimal(-1)) < 0:
                raise ValueError(_("A tolerance cannot be negative."))
        if not any(to_decimal(a.get("score")) > 0 for a in answers):
            raise ValueError(_("Give at least one answer a positive score."))

    def parse(self, data, prefix):
        return {"value": str(data.get(f"{prefix}value", "")).strip()[:50]}

    def mode(self, question, answer) -> str:
        mode = answer.data.get("mode")
        if mode in ("exact", "absolute", "relative"):
            return mode
        return "relative" if question.config.get("relative") else "absolute"

    def matching_answer(self, question, value):
        """The best-scored answer row the value matches, or None."""
        best = None
        for answer in _answers(question):
            expected = parse_number(answer.text)
            if expected is None:
                continue
            tolerance = to_decimal(answer.data.get("tolerance", "0"))
            if within_tolerance(value, expected, tolerance, self.mode(question, answer)) and (
                best is None or answer.score > best.score
            ):
                best = answer
        return best

    def max_score(self, question):
        return q2(max([a.score for a in _answers(question)] + [ZERO]))

    def grade(self, question, response, context):
        raw = response.get("value") or ""
        value = parse_number(raw)
        chosen = self.matching_answer(question, value) if value is not None else None
        score = chosen.score if chosen else ZERO
        maximum = self.max_score(question)
        marks = {0: chosen is not None and score >= maximum} if raw else {}
        return Grade(q2(score), maximum, marks=marks)

    def correct_answer_text(self, question, context):
        best = max(_answers(question), key=lambda a: a.score, default=None)
        if best is None:
            return ""
        tolerance = to_decimal(best.data.get("tolerance", "0"))
        if not tolerance:
            return html_to_text(best.text)
        unit = " %" if self.mode(question, best) == "relative" else ""
        return f"{html_to_text(best.text)} ± {tolerance.normalize():f}{unit}"


@register
class Media(QuestionType):
    """A page break with a shared text, image or video above the next questions; not scored."""

    key = "media"
    label = _("Page break / media")
    scored = False

    def grade(self, question, response, context):
        return Grade(ZERO, ZERO)
