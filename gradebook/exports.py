"""The grid as CSV, XLSX (written by core.exports) and PDF: the columns of the teacher's page."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gradebook.grid import Grid

TWO = Decimal("0.01")


def _fmt(value) -> Decimal | str:
    """A score to two decimals (a number in the spreadsheet), "" when there is none."""
    return "" if value is None else value.quantize(TWO)


def table(grid: Grid) -> tuple[list[str], list[list]]:
    header = [_("Username"), _("Learner")]
    header += [f"{e.name} (/{e.max_score if e.is_offline else 100})" for e in grid.evaluations]
    header += [_("Total (%)"), _("Result")]
    if grid.settings.use_scale:
        header.append(_("Label"))
    rows = []
    for user, cells, total, label, passed in grid.rows():
        row = [user.username, user.display_name]
        for evaluation, cell in zip(grid.evaluations, cells, strict=True):
            if cell is None:
                row.append("")
            elif evaluation.is_offline:
                row.append(_fmt(cell.score))
            else:
                row.append(_fmt(cell.percent))
        row += [_fmt(total), _("Passed") if passed else _("Not passed")]
        if grid.settings.use_scale:
            row.append(label)
        rows.append(row)
    return header, rows


# The PDF splits the grid into tables of this many evaluations (an A4 page holds ten).
PDF_EVALUATIONS_PER_TABLE = 10


def pdf_blocks(grid: Grid, header: list[str], rows: list[list]) -> list[dict]:
    """The grid cut into tables that fit an A4 landscape page: each repeats the learner's
    columns and holds at most PDF_EVALUATIONS_PER_TABLE evaluations; the last one ends with
    the total and result. [{"first": 1, "last": 12, "header": [(text, numeric)],
    "rows": [[(text, numeric)]]}]: numeric cells align right."""
    fixed, count = 2, len(grid.evaluations)
    tail = list(range(fixed + count, len(header)))
    starts = list(range(0, count, PDF_EVALUATIONS_PER_TABLE)) or [0]
    blocks = []
    for number, start in enumerate(starts):
        stop = min(start + PDF_EVALUATIONS_PER_TABLE, count)
        columns = [0, 1, *range(fixed + start, fixed + stop)]
        if number == len(starts) - 1:
            columns += tail
        # Scores and the total align right; names, the result and the label left.
        numeric = [fixed <= i <= fixed + count for i in columns]
        blocks.append(
            {
                "first": start + 1,
                "last": stop,
                "header": list(zip([header[i] for i in columns], numeric, strict=True)),
                "rows": [
                    list(zip([row[i] for i in columns], numeric, strict=True)) for row in rows
                ],
            }
        )
    return blocks


def to_pdf(grid: Grid, course) -> bytes:
    """The grid as an A4 landscape PDF (WeasyPrint), cut into tables of at most
    PDF_EVALUATIONS_PER_TABLE evaluations so that no column falls off the page."""
    from weasyprint import HTML

    header, rows = table(grid)
    html = render_to_string(
        "gradebook/export_pdf.html",
        {
            "course": course,
            "blocks": pdf_blocks(grid, header, rows),
            "evaluations": len(grid.evaluations),
            "pass_mark": grid.settings.pass_mark,
        },
    )
    return HTML(string=html).write_pdf()
