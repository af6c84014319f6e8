"""The one CSV reader of the platform: glossary, bulk enrolment, question files, the gradebook.

People send CSV files saved by spreadsheets, so the reader guesses what they did not say:

- the text encoding: a byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else the legacy
  code page Excel writes "CSV" in (Windows-1252 first, then 1250, 1251 and Mac Roman), chosen
  with charset-normalizer;
- the separator, from *all* the records rather than the first line: the candidate (comma,
  semicolon, tab) that splits every record into the same number of columns wins. When both
  comma and semicolon do, the one that only ever appears followed by a space (", ") is taken
  for punctuation inside the text, which is how French Excel files (``Café;Boisson chaude,
  souvent noire``) read right;
- broken rows: a quoted field left open runs over the following lines; such a record, and
  any record with the wrong number of columns, is reported with the line it *starts* on, and
  reading starts again on the next line, so one stray quote costs one row, not the rest of
  the file.

Every non-blank record ends up in exactly one of ``CsvTable.rows`` or ``CsvTable.errors``, so
an import's report (done + refused) adds up to ``CsvTable.data_lines``.
"""

import codecs
import csv
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DELIMITERS = (",", ";", "\t")
# When two separators split every record alike, the one least likely inside text wins: a comma
# is punctuation and the French decimal mark, a semicolon or a tab hardly ever.
_TIE_ORDER = (";", "\t", ",")
# Excel's "CSV" is written in the machine's ANSI code page: Western first, as most users here.
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251", "mac_roman")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class CsvFileError(Exception):
    """The file as a whole cannot be read (not text, too large, empty); message translated."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the physical line (1-based) the record starts on
    cells: list[str]


@dataclass(frozen=True)
class CsvError:
    line: int
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason}


@dataclass
class CsvTable:
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[CsvError] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    columns: int = 0

    @property
    def data_lines(self) -> int:
        """Non-blank records read: every one is either a row or an error."""
        return len(self.rows) + len(self.errors)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; CsvFileError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise CsvFileError(_("This is not a text file."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        raise CsvFileError(_("The file's text encoding cannot be recognised; save it as UTF-8."))
    least = min(match.chaos for match in matches)
    likely = set()
    for match in matches:
        if match.chaos <= least:
            likely.update(match.could_be_from_charset)
    encoding = next((name for name in LEGACY_ENCODINGS if name in likely), matches[0].encoding)
    return data.decode(encoding), encoding


def _records(text: str, multiline: bool) -> list[tuple[int, str, bool]]:
    """(start line, raw text, quotes balanced) of each record, split on quote parity.

    A record with an odd count of quotes continues on the next line (a quoted field holding a
    line break) when multiline is allowed; otherwise it is a record of its own, left unbalanced.
    """
    lines = _LINE.findall(text)
    records = []
    index = 0
    while index < len(lines):
        start, chunk = index, lines[index]
        index += 1
        if multiline:
            while chunk.count('"') % 2 and index < len(lines):
                chunk += lines[index]
                index += 1
        balanced = chunk.count('"') % 2 == 0
        if not balanced and multiline:
            # The quote never closes: the record is the first line alone; start again after it.
            chunk, index = lines[start], start + 1
        records.append((start + 1, chunk, balanced))
    return records


def _split(chunk: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([chunk], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def _columns_with(records, delimiter: str) -> list[int]:
    counts = []
    for _line, chunk, balanced in records:
        cells = _split(chunk, delimiter) if balanced else None
        counts.append(len(cells) if cells is not None else -1)
    return counts


def _inside_text(records, delimiter: str) -> bool:
    """True when every occurrence of the delimiter outside quotes is followed by a space."""
    seen = False
    for _line, chunk, _balanced in records:
        unquoted = re.sub(r'"[^"]*"', "", chunk)
        for match in re.finditer(re.escape(delimiter), unquoted):
            seen = True
            if not unquoted[match.end() : match.end() + 1].isspace():
                return False
    return seen


def choose_delimiter(records, expected_columns: int | None = None) -> tuple[str, int]:
    """The separator and column count that fit the most records (see the module's notes)."""
    best = None
    for delimiter in DELIMITERS:
        counts = [n for n in _columns_with(records, delimiter) if n > 0]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n == expected_columns, n))
        steady = counts.count(mode)
        score = (
            mode > 1,  # a separator that splits nothing is no separator
            expected_columns is None or mode == expected_columns,
            steady,  # records with the usual column count
            not (mode > 1 and _inside_text(records, delimiter)),
            -_TIE_ORDER.index(delimiter),
        )
        if best is None or score > best[0]:
            best = (score, delimiter, mode)
    if best is None:
        return ",", 1
    return best[1], best[2]


def read_csv(
    data: bytes | str,
    *,
    columns: int | None = None,
    multiline: bool = True,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> CsvTable:
    """Read a CSV file into rows of stripped cells, with a line-numbered error per bad record.

    data: the file's bytes (decoded as the module explains) or text already decoded.
    columns: the number of columns every record must have; None takes the file's usual count
    (a header, when there is one, is just the first row: the caller checks it).
    multiline: whether a quoted field may hold a line break (a glossary definition may; a
    bulk-enrolment name may not).
    max_bytes / max_rows: refuse larger files (CsvFileError) / report the rows past the limit.
    Raises CsvFileError when the file is too large, not text, or has no data at all.
    """
    if isinstance(data, bytes):
        if max_bytes is not None and len(data) > max_bytes:
            raise CsvFileError(
                _("The file is larger than %(size)s.") % {"size": _size_label(max_bytes)}
            )
        text, encoding = decode_text(data)
    else:
        text, encoding = data, "utf-8"
    if text.startswith("\ufeff"):
        text = text[1:]
    records = [record for record in _records(text, multiline) if record[1].strip(" \t\r\n\ufeff")]
    if not records:
        raise CsvFileError(_("The file is empty."))
    delimiter, usual = choose_delimiter(records, columns)
    expected = columns or usual
    table = CsvTable(delimiter=delimiter, encoding=encoding, columns=expected)
    lines = _LINE.findall(text)
    index = 0
    while index < len(lines):
        start, chunk = index, lines[index]
        index += 1
        if not chunk.strip(" \t\r\n\ufeff"):
            continue
        if multiline:
            while chunk.count('"') % 2 and index < len(lines):
                chunk += lines[index]
                index += 1
        line = start + 1
        if max_rows is not None and len(table.rows) >= max_rows:
            message = ngettext("More than %(max)d row.", "More than %(max)d rows.", max_rows)
            table.errors.append(CsvError(line, message % {"max": max_rows}))
            continue
        cells = _split(chunk, delimiter) if chunk.count('"') % 2 == 0 else None
        if cells is not None and len(cells) == expected:
            table.rows.append(CsvRow(line, [cell.strip() for cell in cells]))
            continue
        # A bad record that swallowed the following lines gives them back: only its first line
        # is reported, and reading starts again on the next one.
        index = start + 1
        if chunk.count('"') % 2:
            reason = _("A quoted field opened on this line is never closed.")
        elif cells is None:
            reason = _("This line is not valid CSV.")
        else:
            reason = ngettext(
                "%(found)d columns where %(expected)d is expected.",
                "%(found)d columns where %(expected)d are expected.",
                expected,
            ) % {"found": len(cells), "expected": expected}
            if chunk != lines[start]:
                reason = _("A quoted field runs over a line break, and then: %(reason)s") % {
                    "reason": reason
                }
        table.errors.append(CsvError(line, reason))
    return table


def _size_label(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return str(filesizeformat(size))
