"""The path report as CSV or XLSX: one row per learner, the columns of the page, written by the
platform's one table writer (core.exports: encoding, formula-injection guard)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.exports import table_response


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


def report_table(*, path, rows, fmt: str) -> HttpResponse:
    """The report of ``rows`` (selectors.report_rows) as a ``fmt`` ("csv"/"xlsx") download."""
    return table_response(
        filename=f"{path.course.code}-path-{path.pk}-report",
        headers=_header(),
        rows=(_values(row) for row in rows),
        fmt=fmt,
    )
