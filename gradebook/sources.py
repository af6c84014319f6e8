"""The gradebook's registry of grade sources: graded tools publish, the gradebook pulls.

A tool whose results can count in the gradebook registers one ``GradeSource`` in its
``AppConfig.ready()``; the gradebook never imports a tool's models::

    from gradebook.api import GradeSource, GradeScore, register_grade_source

    register_grade_source(GradeSource(
        key="test", label=_("Test"), icon="ui-checks",
        items=lambda course: [(quiz.pk, quiz.title) for quiz in ...],
        scores=lambda *, item_ids, user_ids: {(item_id, user_id): GradeScore(...), ...},
    ))

``scores`` is called once per source for a whole grid (every linked item of that source,
every learner shown), so a source answers in a few queries, never one per learner or item.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class GradeScore:
    """One learner's result on one item, in the item's own points (not a percentage)."""

    score: Decimal
    max_score: Decimal
    # The tool's own verdict when it has one (a test's pass mark); None otherwise.
    passed: bool | None = None


@dataclass(frozen=True)
class GradeSource:
    key: str  # "test", "learnpath", "assignment", "forum_thread", "survey", "attendance", ...
    label: str
    icon: str  # a Bootstrap Icons name, without "bi-"
    # items(course) -> [(item id, title)]: what a teacher may link from this course.
    items: Callable
    # scores(*, item_ids, user_ids) -> {(item id, user id): GradeScore}; missing = no result.
    scores: Callable


_SOURCES: dict[str, GradeSource] = {}


def register_grade_source(source: GradeSource) -> None:
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"A different grade source is already registered as {source.key!r}.")
    _SOURCES[source.key] = source


def get_grade_source(key: str) -> GradeSource | None:
    return _SOURCES.get(key)


def grade_sources() -> list[GradeSource]:
    return list(_SOURCES.values())
