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

__all__ = [
    "GradeScore",
    "GradeSource",
    "get_grade_source",
    "grades_changed",
    "grade_sources",
    "register_grade_source",
]
