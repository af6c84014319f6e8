import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv_reader import CsvFileError, read_csv
from core.html import html_for_editing, sanitize_html
from courses.models import Course
from glossary.models import GlossarySettings, Term, normalize_term

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
TERM_MAX_LENGTH = 200
_HEADERS = {("term", "definition"), ("terme", "définition"), ("terme", "definition")}


class TermExists(Exception):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)  # {"line": n, "reason": "..."}


class ImportRejected(Exception):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


@transaction.atomic
def term_create(*, course: Course, term: str, definition: str) -> Term:
    if Term.objects.filter(course=course, normalized=normalize_term(term)).exists():
        raise TermExists(term)
    return Term.objects.create(course=course, term=term, definition=sanitize_html(definition))


@transaction.atomic
def term_update(*, term: Term, new_term: str, definition: str) -> Term:
    clash = Term.objects.filter(course_id=term.course_id, normalized=normalize_term(new_term))
    if clash.exclude(pk=term.pk).exists():
        raise TermExists(new_term)
    term.term, term.definition = new_term, sanitize_html(definition)
    term.save()
    return term


@transaction.atomic
def term_delete(*, term: Term) -> None:
    term.delete()


@transaction.atomic
def settings_update(*, course: Course, highlight_in_documents: bool) -> GlossarySettings:
    settings, _created = GlossarySettings.objects.update_or_create(
        course=course, defaults={"highlight_in_documents": highlight_in_documents}
    )
    return settings


def parse_csv(data: bytes) -> tuple[list[tuple[int, str, str]], list[dict]]:
    """Rows (line, term, definition) and errors (line, reason) of a CSV file of two columns.

    Read by core.csv_reader (encoding, separator, broken quotes); an optional first line
    "term,definition" is skipped. Every data line is in exactly one of the two lists.
    """
    try:
        table = read_csv(data, max_bytes=IMPORT_MAX_BYTES, max_rows=IMPORT_MAX_ROWS)
    except CsvFileError as error:
        return [], [{"line": 0, "reason": str(error)}]
    rows, errors = [], [error.as_dict() for error in table.errors]
    for row in table.rows:
        line, cells = row.line, row.cells
        if line == 1 and tuple(c.casefold() for c in cells[:2]) in _HEADERS:
            continue
        if len(cells) < 2:
            errors.append({"line": line, "reason": _("Two columns expected: term, definition.")})
            continue
        if len(cells) > 2 and any(cells[2:]):
            errors.append({"line": line, "reason": _("Too many columns.")})
            continue
        term = " ".join(_from_csv_cell(cells[0]).split())
        definition = _from_csv_cell(cells[1])
        if not term:
            errors.append({"line": line, "reason": _("The term is empty.")})
        elif len(term) > TERM_MAX_LENGTH:
            errors.append(
                {
                    "line": line,
                    "reason": ngettext(
                        "The term is longer than %(max)d character.",
                        "The term is longer than %(max)d characters.",
                        TERM_MAX_LENGTH,
                    )
                    % {"max": TERM_MAX_LENGTH},
                }
            )
        elif not sanitize_html(definition).strip():
            errors.append({"line": line, "reason": _("The definition is empty.")})
        else:
            rows.append((line, term, definition))
    return rows, sorted(errors, key=lambda error: error["line"])


def glossary_import_summary(report: ImportReport) -> str:
    """ "2 terms added, 1 updated, 0 kept as they were", each count in its plural form."""
    parts = [
        ngettext("%(n)d term added", "%(n)d terms added", report.created) % {"n": report.created},
        ngettext("%(n)d updated", "%(n)d updated", report.updated) % {"n": report.updated},
        ngettext("%(n)d kept as it was", "%(n)d kept as they were", report.skipped)
        % {"n": report.skipped},
    ]
    return ", ".join(parts) + "."


@transaction.atomic
def glossary_import(*, course: Course, data: bytes, on_duplicate: str = "skip") -> ImportReport:
    """Import every row or none: a single bad row rejects the whole file (ImportRejected).

    on_duplicate: "skip" keeps the existing term, "replace" updates its definition, "error"
    reports it as a bad row. A term twice in the same file is always a bad row.
    """
    rows, errors = parse_csv(data)
    existing = {
        term.normalized: term for term in Term.objects.select_for_update().filter(course=course)
    }
    seen: dict[str, int] = {}
    for line, term, _definition in rows:
        key = normalize_term(term)
        if key in seen:
            errors.append(
                {
                    "line": line,
                    "reason": _("%(term)s already appears on line %(first)d.")
                    % {"term": term, "first": seen[key]},
                }
            )
            continue
        seen[key] = line
        if key in existing and on_duplicate == "error":
            errors.append(
                {"line": line, "reason": _("%(term)s is already in the glossary.") % {"term": term}}
            )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e["line"]))
    if not rows:
        raise ImportRejected([{"line": 0, "reason": _("The file has no term.")}])
    report = ImportReport()
    for _line, term, definition in rows:
        current = existing.get(normalize_term(term))
        if current is None:
            Term.objects.create(course=course, term=term, definition=sanitize_html(definition))
            report.created += 1
        elif on_duplicate == "replace":
            current.term, current.definition = term, sanitize_html(definition)
            current.save()
            report.updated += 1
        else:
            report.skipped += 1
    return report


# A spreadsheet runs a cell starting with one of these as a formula: exported cells get a
# leading apostrophe (shown by no spreadsheet), which the import takes off again.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _from_csv_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS) else value


def glossary_export(terms) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["term", "definition"])
    for term in terms:
        # A definition without markup is written as its text ("AT&T", not "AT&amp;T"); the
        # import cleans it back to the same HTML.
        writer.writerow([_csv_cell(term.term), _csv_cell(html_for_editing(term.definition))])
    return out.getvalue()
