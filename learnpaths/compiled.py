"""The player's and the SCORM runtime's per-request reads, compiled once per process.

Each learner's request in a path (resume, Next, the player page, a SCO's commit) reads the
path, the item, the attempt and the table of contents' rows by primary key. Building those
queries' SQL cost the ORM more CPU than PostgreSQL spends answering them (~0.2-0.5 ms each, the
commit's path-and-item join ~1 ms on a loaded machine); ``core.compiled.CompiledQuery`` builds
it once and only substitutes the ids. Same SQL, same rows, same model instances as the
querysets written out below; same query counts.
"""

from core.compiled import CompiledQuery
from learnpaths.models import ItemProgress, LearningPath, PathAttempt, PathItem

# Placeholders: distinct negative ids per name, never real rows (see core.compiled).


def _all_and_visible(build, **placeholders) -> tuple[CompiledQuery, CompiledQuery]:
    """``build``'s query for staff (every row) and for learners (``visible_only``)."""
    return (
        CompiledQuery(lambda **ids: build(**ids, visible_only=False), **placeholders),
        CompiledQuery(lambda **ids: build(**ids, visible_only=True), **placeholders),
    )


def _path(*, path_id, course_id, visible_only):
    paths = LearningPath.objects.filter(pk=path_id, course_id=course_id).order_by()
    return paths.filter(visible=True) if visible_only else paths


PATH, VISIBLE_PATH = _all_and_visible(_path, path_id=-1, course_id=-2)


def _item(*, path_id, item_id, visible_only):
    items = PathItem.objects.filter(pk=item_id, path_id=path_id).order_by()
    return items.filter(visible=True) if visible_only else items


ITEM, VISIBLE_ITEM = _all_and_visible(_item, path_id=-1, item_id=-3)


def _path_item(*, course_id, path_id, item_id, visible_only):
    items = (
        PathItem.objects.select_related("path")
        .filter(path__course_id=course_id, path_id=path_id, pk=item_id)
        .order_by()
    )
    return items.filter(visible=True, path__visible=True) if visible_only else items


PATH_ITEM, VISIBLE_PATH_ITEM = _all_and_visible(_path_item, course_id=-2, path_id=-1, item_id=-3)

# The learner's latest attempt (with its path, for the runtime; without, for the player).
LATEST_ATTEMPT_WITH_PATH = CompiledQuery(
    lambda path_id, user_id: (
        PathAttempt.objects.filter(path_id=path_id, user_id=user_id)
        .select_related("path")
        .order_by("-number")
    ),
    path_id=-1,
    user_id=-4,
)
LATEST_ATTEMPT = CompiledQuery(
    lambda path_id, user_id: PathAttempt.objects.filter(path_id=path_id, user_id=user_id).order_by(
        "-number"
    ),
    path_id=-1,
    user_id=-4,
)

# The table of contents: the path's items in reading order, the attempt's progress rows.
PATH_ITEMS = CompiledQuery(
    lambda path_id: PathItem.objects.filter(path_id=path_id).order_by("rank"),
    many=True,
    path_id=-1,
)
ATTEMPT_PROGRESS = CompiledQuery(
    lambda attempt_id: ItemProgress.objects.filter(attempt_id=attempt_id),
    many=True,
    attempt_id=-5,
)
