"""What other apps may use from the gradebook: the grade-source registry, and the change
notification a grade source sends when it records results (gradebook/changes.py)."""

from gradebook.changes import grades_changed
from gradebook.sources import (
    GradeScore,
    GradeSource,
    get_grade_source,
    grade_sources,
    register_grade_source,
)


def report_totals(*, course, user_ids) -> dict:
    """{user id: gradebook total, percent (Decimal, 2 places)}: the course report's column
    (tracking/api.py). The grid's own fixed number of queries (gradebook/grid.py), whatever
    the number of learners."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from gradebook.grid import gradebook_grid

    users = get_user_model().objects.filter(pk__in=list(user_ids)).order_by("pk")
    grid = gradebook_grid(course, users=users)
    return {
        user_id: total.quantize(Decimal("0.01"))
        for user_id, total in grid.totals.items()
        if total is not None
    }


__all__ = [
    "GradeScore",
    "GradeSource",
    "get_grade_source",
    "grades_changed",
    "grade_sources",
    "register_grade_source",
    "report_totals",
]
