"""One way to hand a table to a spreadsheet: CSV or XLSX downloads of rows.

CSV is UTF-8 with a byte-order mark (Excel opens it in the right encoding) and ";"-free
commas as separators; cells that a spreadsheet would run as a formula (starting with = + - @,
tab or carriage return) are prefixed with an apostrophe (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {"csv", "xlsx"}


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, bool)):
        return value
    return _safe(str(value))


def table_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str
) -> HttpResponse:
    """A download of ``headers`` then ``rows`` as ``fmt`` ("csv" or "xlsx").

    ``filename`` has no extension. Raises ValueError for another format.
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_safe(str(h)) for h in headers])
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31] or "data")
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([_plain(v) for v in row])
        data = io.BytesIO()
        workbook.save(data)
        response = HttpResponse(
            data.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
