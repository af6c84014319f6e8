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

The gradebook reads a learner's progress and score with ``learner_result``. The packages app
(scorm) creates paths from imported trees (``path_import_tree``), reads their rows
(``item_rows``) and records what SCOs report (``record_progress``), through here only.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.compiled import row_id
from learnpaths.kinds import (  # noqa: F401  (_KINDS: the registry itself, for tests)
    _KINDS,
    ItemKind,
    Pickable,
    get_item_kind,
    item_kinds,
    register_builtin_kinds,
    register_item_kind,
    register_sequencer,
    trackable_kind_keys,
)

__all__ = [
    "ImportedItem",
    "ItemKind",
    "ItemRow",
    "PathResult",
    "Pickable",
    "course_paths",
    "get_item_kind",
    "item_kinds",
    "item_rows",
    "latest_attempt",
    "learner_result",
    "learner_results",
    "paths_results",
    "path_for_viewer",
    "path_import_tree",
    "item_for_viewer",
    "path_item_for_viewer",
    "progress_row",
    "record_progress",
    "register_builtin_kinds",
    "register_item_kind",
    "register_sequencer",
    "report_outcome",
    "trackable_kind_keys",
]


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
    return {
        user_id: result
        for (_path_id, user_id), result in paths_results(
            path_ids=[path_id], user_ids=user_ids
        ).items()
    }


def paths_results(*, path_ids, user_ids=None) -> dict[tuple[int, int], PathResult]:
    """The latest attempt's result of each learner in each path, in one query whatever the
    number of paths (the gradebook's columns at once): {(path id, user id): result}."""
    from learnpaths.models import PathAttempt
    from learnpaths.selectors import path_result

    attempts = PathAttempt.objects.filter(path_id__in=list(path_ids)).select_related("path")
    if user_ids is not None:
        attempts = attempts.filter(user_id__in=list(user_ids))
    results: dict[tuple[int, int], PathResult] = {}
    for attempt in attempts.order_by("path_id", "user_id", "-number"):
        key = (attempt.path_id, attempt.user_id)
        if key not in results:
            results[key] = path_result(attempt)
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
    from learnpaths.player import player_report_outcome

    updated = player_report_outcome(
        kind=kind,
        target_id=target_id,
        user=user,
        course_id=course_id,
        status=status,
        score=score,
        score_max=score_max,
    )
    if updated:
        _paths_changed(course_id=course_id, user_id=user.pk)
    return updated


def _paths_changed(*, course_id: int, user_id: int) -> None:
    """A learner's path progress or score changed: the gradebook's "learnpath" grade source
    reads them, so it is told (gradebook.api.grades_changed; no query, certificates issued in
    bulk once the transaction commits)."""
    from gradebook.api import grades_changed

    grades_changed(course_id=course_id, user_ids=[user_id], source="learnpath")


def course_paths(course) -> list[tuple[int, str]]:
    """(id, title) of the course's paths, for tools that refer to them (the gradebook)."""
    from learnpaths.models import LearningPath

    return list(LearningPath.objects.filter(course=course).values_list("pk", "title"))


def record_progress(**kwargs):
    """Store what a SCO or AU reported; see services.progress_record. An item that ends done
    (completed, passed, failed) tells the gradebook (``_paths_changed``); the commits of an
    unfinished SCO do not, so the hot path stays free of it."""
    from learnpaths.models import DONE_STATUSES
    from learnpaths.services import progress_record

    progress = progress_record(**kwargs)
    if progress.status in DONE_STATUSES:
        _paths_changed(course_id=kwargs["item"].path.course_id, user_id=kwargs["attempt"].user_id)
    return progress


# --- For the packages app (scorm): the engine's rows, never its models -----------------------


def path_for_viewer(*, course, path_id: int, access):
    """The course's path, 404 when missing, of another course or hidden from this viewer."""
    from learnpaths.selectors import get_path

    return get_path(course=course, path_id=path_id, access=access)


def item_for_viewer(*, path, item_id: int, access):
    """The path's item, 404 when missing or hidden from this viewer."""
    from learnpaths.selectors import get_item

    return get_item(path=path, item_id=item_id, access=access)


def path_item_for_viewer(*, course, path_id: int, item_id: int, access):
    """(path, item) in one query: the path's item, 404 when either is missing, of another
    course or hidden from this viewer (the checks of path_for_viewer and item_for_viewer)."""
    from django.http import Http404

    from learnpaths import compiled

    query = compiled.PATH_ITEM if access.can_tutor else compiled.VISIBLE_PATH_ITEM
    item = query.first(course_id=course.pk, path_id=row_id(path_id), item_id=row_id(item_id))
    if item is None:
        raise Http404
    item.path.course = course
    return item.path, item


def latest_attempt(*, path_id: int, user):
    """The learner's latest attempt at the path, or None (anonymous visitors: None)."""
    from learnpaths.selectors import latest_attempt as latest

    return latest(path_id=path_id, user=user)


def progress_row(*, attempt, item):
    """The item's progress row in this attempt, created "not attempted" when missing.

    The player sets ``attempt.progress_rows`` ({item id: row}, read for its table of contents)
    before it asks the item's kind for its setup: a row found there costs no query."""
    from learnpaths.services import progress_get_or_create

    known = getattr(attempt, "progress_rows", None)
    if known and item.pk in known:
        return known[item.pk]

    return progress_get_or_create(attempt=attempt, item=item)


@dataclass
class ImportedItem:
    """One node of a package's tree, for ``path_import_tree``.

    ``kind`` is a registered kind ("section", "sco", "asset", "au"); ``prerequisite`` the
    identifier of the item this one requires (resolved inside the tree; unknown: ignored).
    ``control`` is (choice, flow, forward_only) for the item's children.
    """

    kind: str
    title: str
    identifier: str = ""
    visible: bool = True
    launch: str = ""
    parameters: str = ""
    launch_data: str = ""
    mastery_score: Decimal | None = None
    prerequisites_expression: str = ""
    prerequisite: str = ""
    control: tuple[bool, bool, bool] = (True, True, False)
    extra: dict = field(default_factory=dict)
    children: list["ImportedItem"] = field(default_factory=list)


def path_import_tree(
    *,
    course,
    user,
    title: str,
    source: str,
    items: list[ImportedItem],
    description: str = "",
    control: tuple[bool, bool, bool] = (True, True, False),
):
    """Create a path from an imported tree in one transaction; returns the path.

    ``source`` is "scorm12", "scorm2004" or "aicc"; prerequisites name items by identifier
    (matched case-insensitively for AICC). Raises ValidationError for an unknown kind.
    """
    from learnpaths.services import path_create_from_tree

    return path_create_from_tree(
        course=course,
        user=user,
        title=title,
        source=source,
        items=items,
        description=description,
        control=control,
    )


@dataclass(frozen=True)
class ItemRow:
    """An item as an export sees it (reading order; parent_id None at the top)."""

    pk: int
    parent_id: int | None
    kind: str
    title: str
    visible: bool
    identifier: str
    launch: str
    parameters: str
    launch_data: str
    mastery_score: Decimal | None
    prerequisite_id: int | None
    url: str
    text: str
    target_id: int | None
    item: object  # the item itself, for the kind's hooks (launch_url, export)


def item_rows(*, path) -> list[ItemRow]:
    """Every item of the path in reading order, one query."""
    from learnpaths.selectors import path_items

    rows = []
    for item in path_items(path=path):
        rows.append(
            ItemRow(
                pk=item.pk,
                parent_id=item.parent_id,
                kind=item.kind,
                title=item.title,
                visible=item.visible,
                identifier=item.identifier,
                launch=item.launch,
                parameters=item.parameters,
                launch_data=item.launch_data,
                mastery_score=item.mastery_score,
                prerequisite_id=item.prerequisite_id,
                url=item.url,
                text=item.text,
                target_id=item.target_id,
                item=item,
            )
        )
    return rows
