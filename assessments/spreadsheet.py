"""Questions from a spreadsheet (XLSX): one question a row, the template gives the columns.

Columns: type, question, score, answers A to F, correct letters (``A`` or ``A,C``). Each
refused row is reported with its reason; nothing is imported when any row is refused.
"""

import io
import string
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.html import escape
from django.utils.translation import gettext as _

from assessments.qti import ParsedQuestion
from core.csv_reader import CsvFileError, read_csv

LETTERS = "ABCDEF"
TYPES = ("unique", "multiple", "multiple_exact", "true_false", "free")
MAX_ROWS = 1000


def header() -> list[str]:
    return ["type", "question", "score", *LETTERS, "correct"]


def template_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    sheet.append(header())
    sheet.append(["unique", "Capital of France?", 1, "Paris", "Lyon", "Nice", "", "", "", "A"])
    sheet.append(["multiple", "Rivers of France?", 2, "Loire", "Seine", "Nile", "", "", "", "A,B"])
    sheet.append(["free", "Describe your town.", 5, "", "", "", "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class RejectedRow:
    row: int
    text: str
    reason: str


@dataclass
class SheetError(ValueError):
    message: str
    rows: list = field(default_factory=list)

    def __str__(self):
        return self.message


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def parse_sheet(upload) -> tuple[list[ParsedQuestion], list[RejectedRow]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    head = upload.read(4)
    upload.seek(0)
    parsed, rejected, workbook = [], [], None
    if not head.startswith(b"PK"):
        rows = _csv_rows(upload, rejected)  # a CSV file saved from the template
    else:
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except (InvalidFileException, KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile):
            raise SheetError(_("This spreadsheet cannot be read.")) from None
        rows = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    first = [_cell(v).lower() for v in next(rows, (1, ()))[1]]
    if first[: len(header())] != [h.lower() for h in header()]:
        raise SheetError(
            _("The first row must be the template's header: %(cols)s.")
            % {"cols": ", ".join(header())}
        )
    for number, values in rows:
        if number > MAX_ROWS + 1:
            raise SheetError(_("More than %(n)d rows.") % {"n": MAX_ROWS})
        cells = [_cell(v) for v in values] + [""] * 10
        if not any(cells[:10]):
            continue
        kind, text, score_text = cells[0].lower(), cells[1], cells[2] or "1"
        options = list(cells[3:9])
        correct = {c.strip().upper() for c in cells[9].replace(";", ",").split(",") if c.strip()}
        try:
            parsed.append(_question(kind, text, score_text, options, correct))
        except ValueError as error:
            rejected.append(RejectedRow(number, text[:120], str(error)))
    if workbook is not None:
        workbook.close()
    return parsed, rejected


def _csv_rows(upload, rejected: list):
    """(line, cells) of a CSV file, read by the platform's one reader (core.csv_reader); its
    broken lines go to ``rejected`` with their line numbers."""
    try:
        table = read_csv(upload.read(), max_bytes=1024 * 1024)
    except CsvFileError as error:
        raise SheetError(str(error)) from None
    rejected.extend(RejectedRow(error.line, "", error.reason) for error in table.errors)
    return iter([(row.line, row.cells) for row in table.rows])


def _question(kind, text, score_text, options, correct) -> ParsedQuestion:
    if kind not in TYPES:
        raise ValueError(
            _("Unknown type “%(type)s” (use %(types)s).")
            % {"type": kind, "types": ", ".join(TYPES)}
        )
    if not text:
        raise ValueError(_("The question has no text."))
    try:
        score = Decimal(score_text)
    except InvalidOperation:
        raise ValueError(_("The score is not a number.")) from None
    if not score.is_finite() or score <= 0 or score > 1000:
        raise ValueError(_("The score must be above 0 and at most 1000."))
    statement = f"<p>{escape(text)}</p>"
    title = text if len(text) <= 250 else text[:247] + "…"
    if kind == "free":
        return ParsedQuestion("free", title, statement, score=score)
    # Answers are the filled cells A..F, with no gap.
    last = max((i for i, o in enumerate(options) if o), default=-1)
    if any(not o for o in options[: last + 1]):
        raise ValueError(_("An answer column is empty between two answers."))
    answers = options[: last + 1]
    letters = set(LETTERS[: len(answers)])
    minimum = 1 if kind == "true_false" else 2
    if len(answers) < minimum:
        raise ValueError(_("A question needs at least two options."))
    if not correct <= letters or (not correct and kind != "true_false"):
        raise ValueError(
            _("The correct letters must be among %(letters)s.")
            % {"letters": ", ".join(sorted(letters)) or "—"}
        )
    if kind == "unique" and len(correct) != 1:
        raise ValueError(_("Mark exactly one answer as correct."))
    rows = []
    for index, answer in enumerate(answers):
        letter = string.ascii_uppercase[index]
        right = letter in correct
        if kind == "unique":
            points = score if right else Decimal("0")
        elif kind == "multiple":
            points = (score / len(correct)).quantize(Decimal("0.01")) if right else Decimal("0")
        else:
            points = Decimal("0")
        rows.append({"text": escape(answer), "correct": right, "score": points})
    config = {"no_negative": True} if kind == "multiple" else {}
    if kind == "true_false":
        # "I don't know" only when a teacher ticks it in the editor.
        config = {"right_score": str(score), "wrong_score": "0", "allow_idk": False}
    return ParsedQuestion(kind, title, statement, score=score, config=config, answers=rows)
