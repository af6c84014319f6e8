"""What other apps may use from learning paths.

Item kinds: a tool makes its objects addable to learning paths by registering a kind in its
AppConfig.ready(), without any edit here::

    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(ItemKind(
        key="document", label=_("Document"), icon="file-earmark",
        launch_url=lambda item: reverse("documents:show", args=[item.path.course.code,
                                                                  item.target_id]),
        choices=lambda course: [(d.pk, d.title) for d in documents_for(course)],
    ))

The gradebook reads a learner's progress and score with ``learner_result``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ItemKind:
    key: str
    label: str
    icon: str  # a Bootstrap Icons name, without "bi-"
    # The address the player opens in its main pane; None for sections.
    launch_url: Callable | None = None
    # Sections only group items; they are never "done" themselves except by rollup.
    trackable: bool = True
    # SCOs and AUs report their own status; other items are completed once opened.
    self_tracking: bool = False
    # Teachers may add it by hand from the path builder.
    addable: bool = True
    # Which field the builder asks for: "", "url", "text" or "target" (an object of the tool).
    field: str = ""
    # For field == "target": (id, label) pairs of the course's objects of this kind.
    choices: Callable | None = None
    # How an item of this kind becomes done: "open" (when the learner opens it: documents,
    # pages, links) or "report" (only when its tool calls ``report_outcome``: a submitted test,
    # a handed-in assignment, a forum post, an answered survey). SCOs and AUs use self_tracking.
    completion: str = "open"
    # For field == "target": learner_can_open(course, target_id) -> bool, False for what a
    # learner of the course could not open (hidden document, unpublished test, teacher-only
    # page); the builder refuses or marks such items and the player never ticks them.
    learner_can_open: Callable | None = None
    # Called by the player as player_setup(request=, item=, attempt=, launch_url=, navigation=)
    # where navigation = {"continue": bool, "previous": bool, "choice": {identifier: bool}};
    # returns
    # {"launch_url": ..., "scripts": [static paths], "config": {JSON for those scripts}}.
    player_setup: Callable | None = None


_KINDS: dict[str, ItemKind] = {}


def register_item_kind(kind: ItemKind) -> None:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(
            f"A different learning path item kind is already registered as {kind.key!r}."
        )
    _KINDS[kind.key] = kind


def get_item_kind(key: str) -> ItemKind | None:
    return _KINDS.get(key)


def item_kinds() -> list[ItemKind]:
    return list(_KINDS.values())


def trackable_kind_keys() -> list[str]:
    return [kind.key for kind in _KINDS.values() if kind.trackable]


def _text_url(item) -> str:
    return reverse("learnpaths:item_text", args=[item.path.course.code, item.path_id, item.pk])


def _link_url(item) -> str:
    return item.url


def register_builtin_kinds() -> None:
    register_item_kind(ItemKind(key="section", label=_("Section"), icon="folder", trackable=False))
    register_item_kind(
        ItemKind(
            key="link",
            label=_("Page of the course"),
            icon="link-45deg",
            launch_url=_link_url,
            field="url",
        )
    )
    register_item_kind(
        ItemKind(
            key="text",
            label=_("Text"),
            icon="file-text",
            launch_url=_text_url,
            field="text",
        )
    )


@dataclass(frozen=True)
class PathResult:
    """A learner's standing in a path, from their latest attempt."""

    attempt: int
    status: str
    progress: int  # percent of trackable items done
    score: Decimal | None  # percent, None when nothing was scored
    seconds: int


def learner_result(*, path_id: int, user) -> PathResult | None:
    from learnpaths.selectors import latest_attempt, path_result

    attempt = latest_attempt(path_id=path_id, user=user)
    return path_result(attempt) if attempt else None


def learner_results(*, path_id: int, user_ids=None) -> dict[int, PathResult]:
    """Every learner's result in one query (the gradebook's whole column): {user id: result}."""
    from learnpaths.models import PathAttempt
    from learnpaths.selectors import path_result

    attempts = PathAttempt.objects.filter(path_id=path_id).select_related("path")
    if user_ids is not None:
        attempts = attempts.filter(user_id__in=list(user_ids))
    results: dict[int, PathResult] = {}
    for attempt in attempts.order_by("user_id", "-number"):
        if attempt.user_id not in results:
            results[attempt.user_id] = path_result(attempt)
    return results


def report_outcome(
    *,
    kind: str,
    target_id: int,
    user,
    course_id: int,
    status: str = "completed",
    score: Decimal | None = None,
    score_max: Decimal | None = None,
) -> int:
    """A tool tells learning paths that ``user`` finished its object ``target_id``.

    Called by the tool that owns a kind with ``completion="report"`` when the event happens
    (a test attempt graded, an assignment handed in, a post written, a survey answered).
    ``status`` is one of "completed", "passed", "failed"; ``score``/``score_max`` are raw
    points (the item's percentage is score / score_max). Every item of that kind and target in
    the course's paths is updated in the learner's current attempt of each path (an attempt is
    started when the learner has none). Returns the number of items updated. Never raises for
    a target that no path uses.
    """
    from learnpaths.models import PathItem
    from learnpaths.services import attempt_current, progress_record

    items = PathItem.objects.filter(
        path__course_id=course_id, kind=kind, target_id=target_id
    ).select_related("path")
    count = 0
    for item in items:
        attempt = attempt_current(path=item.path, user=user)
        progress_record(attempt=attempt, item=item, status=status, score=score, score_max=score_max)
        count += 1
    return count


def course_paths(course) -> list[tuple[int, str]]:
    """(id, title) of the course's paths, for tools that refer to them (the gradebook)."""
    from learnpaths.models import LearningPath

    return list(LearningPath.objects.filter(course=course).values_list("pk", "title"))


def record_progress(**kwargs):
    """Store what a SCO or AU reported; see services.progress_record."""
    from learnpaths.services import progress_record

    return progress_record(**kwargs)
