import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from learnpaths.api import PathResult, get_item_kind, trackable_kind_keys
from learnpaths.models import (
    SUCCESS_STATUSES,
    ItemProgress,
    LearningPath,
    PathAttempt,
    PathItem,
    Status,
)
from learnpaths.prerequisites import evaluate


def paths_for_course(*, course, access, user) -> list[LearningPath]:
    """The course's paths, each with the user's latest attempt as ``my_attempt``."""
    paths = LearningPath.objects.filter(course=course).select_related("requires")
    if not access.can_tutor:
        paths = paths.filter(visible=True)
    if user.is_authenticated:
        paths = paths.prefetch_related(
            Prefetch(
                "attempts",
                queryset=PathAttempt.objects.filter(user=user).order_by("-number"),
                to_attr="my_attempts",
            )
        )
    result = list(paths)
    completed = set()
    for path in result:
        attempts = getattr(path, "my_attempts", [])
        path.my_attempt = attempts[0] if attempts else None
        if any(attempt.status == Status.COMPLETED for attempt in attempts):
            completed.add(path.pk)
    listed = {path.pk for path in result}
    for path in result:
        if not path.requires_id or access.can_tutor:
            path.locked = False
        elif path.requires_id in listed:
            path.locked = path.requires_id not in completed
        else:  # a required path hidden from learners is not listed: ask apart
            path.locked = not (
                user.is_authenticated and path_prerequisite_met(path=path, user=user)
            )
    return result


def get_path(*, course, path_id: int, access) -> LearningPath:
    """The path, 404 when it is not in this course or hidden from this user."""
    paths = LearningPath.objects.select_related("course", "requires")
    if not access.can_tutor:
        paths = paths.filter(visible=True)
    return get_object_or_404(paths, pk=path_id, course=course)


def get_item(*, path: LearningPath, item_id: int, access) -> PathItem:
    items = PathItem.objects.filter(path=path)
    if not access.can_tutor:
        items = items.filter(visible=True)
    item = get_object_or_404(items, pk=item_id)
    item.path = path
    return item


def latest_attempt(*, path_id: int, user) -> PathAttempt | None:
    if not user.is_authenticated:
        return None
    return (
        PathAttempt.objects.filter(path_id=path_id, user=user)
        .select_related("path")
        .order_by("-number")
        .first()
    )


def path_result(attempt: PathAttempt) -> PathResult:
    return PathResult(
        attempt=attempt.number,
        status=attempt.status,
        progress=progress_percent(attempt),
        score=score_percent(attempt),
        seconds=attempt.seconds,
    )


def progress_percent(attempt: PathAttempt | None) -> int:
    if attempt is None or not attempt.path.item_count:
        return 0
    return min(100, round(100 * attempt.done_count / attempt.path.item_count))


def score_percent(attempt: PathAttempt) -> Decimal | None:
    if not attempt.max_score_sum:
        return None
    return (100 * attempt.score_sum / attempt.max_score_sum).quantize(Decimal("0.01"))


def path_prerequisite_met(*, path: LearningPath, user) -> bool:
    if path.requires_id is None:
        return True
    return PathAttempt.objects.filter(
        path_id=path.requires_id, user=user, status=Status.COMPLETED
    ).exists()


@dataclass
class TocEntry:
    item: PathItem
    status: str = Status.NOT_ATTEMPTED
    score: Decimal | None = None
    progress: ItemProgress | None = None
    locked: bool = False
    launchable: bool = False
    icon: str = "dot"
    children: list = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.status in SUCCESS_STATUSES


@dataclass
class Toc:
    entries: list[TocEntry]  # reading order
    by_id: dict[int, TocEntry]
    progress: dict[int, ItemProgress]
    path: LearningPath

    def refresh_locks(self) -> None:
        """Work out the locks from the progress rows (again, after the player recorded one)."""
        identifiers = {e.item.pk: e.item.identifier for e in self.entries if e.item.identifier}
        done = {
            identifiers[pk]
            for pk, row in self.progress.items()
            if pk in identifiers and row.status in SUCCESS_STATUSES
        }
        # Identifiers the path does not know count as met (see learnpaths.prerequisites).
        done |= _unknown_identifiers([e.item for e in self.entries], set(identifiers.values()))
        for entry in self.entries:
            row = self.progress.get(entry.item.pk)
            entry.progress = row
            entry.status = row.status if row else Status.NOT_ATTEMPTED
            entry.score = row.score if row else None
            entry.locked = is_locked(entry.item, self.progress, done)

    def launchable(self) -> list[TocEntry]:
        return [entry for entry in self.entries if entry.launchable]

    def neighbours(self, item: PathItem) -> tuple[TocEntry | None, TocEntry | None]:
        launchable = self.launchable()
        ids = [entry.item.pk for entry in launchable]
        if item.pk not in ids:
            return None, None
        index = ids.index(item.pk)
        previous = launchable[index - 1] if index > 0 else None
        following = launchable[index + 1] if index + 1 < len(launchable) else None
        return previous, following

    def control(self, item: PathItem) -> tuple[bool, bool, bool]:
        """(choice, flow, forward_only) that govern this item: its parent's, or the path's."""
        parent = self.by_id.get(item.parent_id)
        source = parent.item if parent else self.path
        return source.seq_choice, source.seq_flow, source.seq_forward_only


def is_locked(
    item: PathItem, progress: dict[int, ItemProgress], done_identifiers: set[str] | None = None
) -> bool:
    if item.prerequisite_id is None:
        if item.prerequisites_expression and done_identifiers is not None:
            known = done_identifiers | {""}
            return not evaluate(item.prerequisites_expression, lambda name: name in known)
        return False
    required = progress.get(item.prerequisite_id)
    if required is None:
        return True
    if item.prerequisite_min_score is not None:
        return required.score is None or required.score < item.prerequisite_min_score
    return required.status not in SUCCESS_STATUSES


def build_toc(*, path: LearningPath, attempt: PathAttempt | None, access) -> Toc:
    """The player's table of contents: two queries, whatever the path's length."""
    items = PathItem.objects.filter(path=path).order_by("rank")
    if not access.can_tutor:
        items = items.filter(visible=True)
    progress = {}
    if attempt is not None:
        progress = {p.item_id: p for p in ItemProgress.objects.filter(attempt=attempt)}
    trackable = set(trackable_kind_keys())
    items = list(items)
    entries, by_id = [], {}
    for item in items:
        item.path = path
        kind = get_item_kind(item.kind)
        row = progress.get(item.pk)
        entry = TocEntry(
            item=item,
            status=row.status if row else Status.NOT_ATTEMPTED,
            score=row.score if row else None,
            progress=row,
            launchable=item.kind in trackable and bool(kind and kind.launch_url),
            icon=kind.icon if kind else "question-circle",
        )
        entries.append(entry)
        by_id[item.pk] = entry
    toc = Toc(entries=entries, by_id=by_id, progress=progress, path=path)
    toc.refresh_locks()
    return toc


def next_item(*, path: LearningPath, item: PathItem, access, backwards: bool = False):
    """The launchable item after (or before) this one: one indexed query."""
    kinds = [key for key in trackable_kind_keys() if (k := get_item_kind(key)) and k.launch_url]
    items = PathItem.objects.filter(path=path, kind__in=kinds)
    if not access.can_tutor:
        items = items.filter(visible=True)
    if backwards:
        return items.filter(rank__lt=item.rank).order_by("-rank").first()
    return items.filter(rank__gt=item.rank).order_by("rank").first()


def _unknown_identifiers(items, known: set[str]) -> set[str]:
    names = set()
    for item in items:
        if item.prerequisites_expression:
            names.update(re.findall(r"[^\s()&|~*]+", item.prerequisites_expression))
    return {n for n in names if n not in known and n.upper() not in {"AND", "OR", "NOT"}}


def item_locked(*, item: PathItem, attempt: PathAttempt | None) -> bool:
    if item.prerequisite_id is None and not item.prerequisites_expression:
        return False
    if attempt is None:
        return True
    if item.prerequisite_id is None:
        rows = ItemProgress.objects.filter(attempt=attempt, item__path_id=item.path_id)
        done = set(
            rows.filter(status__in=list(SUCCESS_STATUSES)).values_list(
                "item__identifier", flat=True
            )
        )
        known = set(
            PathItem.objects.filter(path_id=item.path_id)
            .exclude(identifier="")
            .values_list("identifier", flat=True)
        )
        return is_locked(item, {}, done | _unknown_identifiers([item], known))
    progress = {
        p.item_id: p
        for p in ItemProgress.objects.filter(attempt=attempt, item_id=item.prerequisite_id)
    }
    return is_locked(item, progress)


def path_learners(*, path: LearningPath):
    """Every learner's latest attempts, for the teacher's progress report."""
    return (
        PathAttempt.objects.filter(path=path)
        .select_related("user", "path", "last_item")
        .order_by("user__last_name", "user__username", "-number")
    )
