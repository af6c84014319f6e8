"""What other apps may use from reporting: columns of the course report that tools publish.

A tool with something to say per learner (assignments handed in, forum posts, the gradebook
total) registers a column in its ``AppConfig.ready()``; the report never imports its models::

    from tracking.api import ReportColumn, register_report_column

    register_report_column(ReportColumn(
        key="forum_posts", label=_("Forum posts"), tool="forums",
        values=lambda *, course, user_ids: {user_id: count, ...},
    ))

``values`` is called once for the whole report (every learner shown): a query or two, never
one per learner. Missing users have no value ("–" in the page, empty in exports).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str
    tool: str  # the tool's key: the column shows only when the tool is on in the course
    values: Callable  # values(*, course, user_ids) -> {user id: number or text}
    # How the page shows a number: "number", "percent" or "seconds".
    display: str = "number"


_COLUMNS: dict[str, ReportColumn] = {}


def register_report_column(column: ReportColumn) -> None:
    if column.key in _COLUMNS and _COLUMNS[column.key] != column:
        raise ValueError(f"A different report column is already registered as {column.key!r}.")
    _COLUMNS[column.key] = column


def report_columns() -> list[ReportColumn]:
    return list(_COLUMNS.values())
