"""The path report as CSV or XLSX: one row per learner, the columns of the page."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _


def _header() -> list[str]:
    return [
        _("Last name"),
        _("First name"),
        _("Username"),
        _("Attempts"),
        _("Status"),
        _("Progress (%)"),
        _("Score (%)"),
        _("Time spent (seconds)"),
        _("Last access"),
    ]


def _values(row) -> list:
    return [
        row.user.last_name,
        row.user.first_name,
        row.user.get_username(),
        row.attempts,
        row.status,
        row.progress,
        row.score,
        row.seconds,
        row.last_access.isoformat(timespec="seconds") if row.last_access else "",
    ]


def _filename(path, extension: str) -> str:
    return f"{path.course.code}-path-{path.pk}-report.{extension}"


def report_csv(*, path, rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in rows:
        writer.writerow(["" if value is None else value for value in _values(row)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(path, "csv")}"'
    return response


def report_xlsx(*, path, rows) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Report")[:31])
    sheet.append(_header())
    for row in rows:
        values = _values(row)
        values[6] = float(row.score) if row.score is not None else None
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(path, "xlsx")}"'
    return response
