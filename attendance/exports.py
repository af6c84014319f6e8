"""A sheet as XLSX (written by core.exports) and PDF: learners x dates, with each learner's
percentage."""

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from attendance.selectors import SheetGrid


def table(grid: SheetGrid) -> tuple[list[str], list[list[str]]]:
    header = [_("Learner")] + [
        formats.date_format(timezone.localtime(s.starts_at), "SHORT_DATETIME_FORMAT")
        for s in grid.sessions
    ]
    header.append(_("Attendance (%)"))
    rows = []
    for user, records, stats in grid.rows():
        row = [user.display_name]
        for record in records:
            cell = record.get_status_display() if record else ""
            if record and record.comment:
                cell += f" ({record.comment})"
            row.append(cell)
        row.append("" if stats.percent is None else f"{stats.percent:.1f}")
        rows.append(row)
    return header, rows


PDF_DATES_PER_TABLE = 12


def pdf_blocks(header: list[str], rows: list[list[str]]) -> list[dict]:
    """The sheet cut into tables that fit an A4 landscape page: each starts with the learner
    and their percentage, then at most PDF_DATES_PER_TABLE dates.
    [{"first": 1, "last": 12, "header": [...], "rows": [[...]]}]."""
    count = len(header) - 2  # the learner first, the percentage last
    starts = list(range(0, count, PDF_DATES_PER_TABLE)) or [0]
    blocks = []
    for start in starts:
        stop = min(start + PDF_DATES_PER_TABLE, count)
        columns = [0, len(header) - 1, *range(1 + start, 1 + stop)]
        blocks.append(
            {
                "first": start + 1,
                "last": stop,
                "header": [header[i] for i in columns],
                "rows": [[row[i] for i in columns] for row in rows],
            }
        )
    return blocks


def to_pdf(grid: SheetGrid) -> bytes:
    """The sheet as an A4 landscape PDF (WeasyPrint), cut into tables of at most
    PDF_DATES_PER_TABLE dates so that no column falls off the page."""
    from weasyprint import HTML

    header, rows = table(grid)
    html = render_to_string(
        "attendance/export_pdf.html",
        {"sheet": grid.sheet, "blocks": pdf_blocks(header, rows), "dates": len(header) - 2},
    )
    return HTML(string=html).write_pdf()
