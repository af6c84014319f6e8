"""What other apps may use from the gradebook: the grade-source registry."""

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
    "grade_sources",
    "register_grade_source",
]
