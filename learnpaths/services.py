from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.html import sanitize_html
from learnpaths import compiled
from learnpaths.kinds import (
    get_item_kind,
    get_sequencer,
    kind_pickables,
    launchable_kind_keys,
    trackable_kind_keys,
)
from learnpaths.models import (
    DONE_STATUSES,
    ItemProgress,
    LearningPath,
    PathAttempt,
    PathItem,
    Status,
)
from learnpaths.urls_check import course_page_check

# --- Paths -----------------------------------------------------------------------------------


@transaction.atomic
def path_create(
    *, course, user, title: str, description: str = "", visible: bool = True, **fields
) -> LearningPath:
    last = LearningPath.objects.filter(course=course).aggregate(m=Max("position"))["m"]
    return LearningPath.objects.create(
        course=course,
        created_by=user,
        title=title,
        description=description,
        visible=visible,
        position=(last or 0) + 1,
        **fields,
    )


@transaction.atomic
def path_update(*, path: LearningPath, **fields) -> LearningPath:
    requires = fields.get("requires")
    if requires is not None and (requires.pk == path.pk or requires.course_id != path.course_id):
        raise ValidationError(_("A path cannot require itself or a path of another course."))
    for name, value in fields.items():
        setattr(path, name, value)
    path.save()
    return path


@transaction.atomic
def path_delete(*, path: LearningPath) -> None:
    path.delete()


# --- The tree --------------------------------------------------------------------------------


def path_renumber(path: LearningPath) -> None:
    """Rewrite rank/depth in reading order and the path's count of trackable items."""
    items = list(PathItem.objects.filter(path=path).order_by("position", "pk"))
    children: dict[int | None, list[PathItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[PathItem] = []

    def walk(parent_id, depth):
        for position, child in enumerate(children.get(parent_id, [])):
            child.position, child.depth = position, depth
            ordered.append(child)
            walk(child.pk, depth + 1)

    walk(None, 0)
    for rank, item in enumerate(ordered):
        item.rank = rank
    PathItem.objects.bulk_update(ordered, ["rank", "depth", "position"], batch_size=500)
    trackable = set(trackable_kind_keys())
    path.item_count = sum(1 for item in ordered if item.kind in trackable and item.visible)
    LearningPath.objects.filter(pk=path.pk).update(item_count=path.item_count)


def _clean_item_fields(
    *, path: LearningPath, kind: str, url: str, text: str, target_id: int | None = None
) -> dict:
    """What an item of ``kind`` stores, checked: a page of this course learners may open, an
    external http(s) address (kinds that allow one), a cleaned text, or one of the course's
    objects of that kind. Raises ValidationError with a readable message."""
    item_kind = get_item_kind(kind)
    if item_kind is None:
        raise ValidationError(_("Unknown kind of item."))
    fields = {"url": "", "target_id": None} if item_kind.field in {"url", "target"} else {}
    url = (url or "").strip()
    if item_kind.field == "url" or (item_kind.allows_url and url and target_id is None):
        if url.startswith(("http://", "https://")) and item_kind.allows_url:
            if len(url) > 1000 or any(c.isspace() for c in url):
                raise ValidationError(_("This address is not valid."))
            fields["url"] = url
        else:
            course_page_check(course=path.course, url=url)
            fields["url"] = url
        return fields
    if item_kind.field == "text":
        fields["text"] = sanitize_html(text)
    if item_kind.field == "target":
        if target_id is None and item_kind.target_optional:
            return fields
        allowed = {pickable.id for pickable in kind_pickables(item_kind, path.course)}
        if target_id not in allowed:
            raise ValidationError(_("Choose an object of this course."))
        fields["target_id"] = target_id
    return fields


@transaction.atomic
def item_add(
    *,
    path: LearningPath,
    kind: str,
    title: str,
    parent: PathItem | None = None,
    url: str = "",
    text: str = "",
    target_id: int | None = None,
    visible: bool = True,
    extra: dict | None = None,
) -> PathItem:
    """Add an item at the end of ``parent`` (or of the path); see _clean_item_fields for what
    is checked. ``extra`` keeps kind-specific details (a link's framing answer)."""
    if parent is not None and parent.path_id != path.pk:
        raise ValidationError(_("The section belongs to another path."))
    fields = _clean_item_fields(path=path, kind=kind, url=url, text=text, target_id=target_id)
    last = PathItem.objects.filter(path=path, parent=parent).aggregate(m=Max("position"))["m"]
    item = PathItem.objects.create(
        path=path,
        parent=parent,
        kind=kind,
        title=title,
        visible=visible,
        position=0 if last is None else last + 1,
        extra=extra or {},
        **fields,
    )
    path_renumber(path)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_create(*, path: LearningPath, user, kind: str, title: str, text: str = "") -> PathItem:
    """Make a new object of a tool on the spot (the kind's ``create``: a web page, an empty
    test) and add it at the end of the path. ValidationError when the kind cannot create."""
    item_kind = get_item_kind(kind)
    if item_kind is None or item_kind.create is None:
        raise ValidationError(_("This kind of item cannot be created here."))
    target_id = item_kind.create(course=path.course, user=user, title=title, text=text)
    return item_add(path=path, kind=kind, title=title, target_id=target_id)


@transaction.atomic
def item_update(
    *,
    item: PathItem,
    title: str,
    visible: bool,
    prerequisite: PathItem | None = None,
    prerequisite_min_score: Decimal | None = None,
    url: str | None = None,
    text: str | None = None,
) -> PathItem:
    if prerequisite is not None and (
        prerequisite.path_id != item.path_id or prerequisite.pk == item.pk
    ):
        raise ValidationError(_("An item can only require another item of the same path."))
    if prerequisite_min_score is not None and not (
        Decimal(0) <= prerequisite_min_score <= Decimal(100)
    ):
        raise ValidationError(_("The required score is a percentage, from 0 to 100."))
    # Only what the edit form changes is checked again: a package's item or an object of a
    # tool (which may since have been hidden or deleted) keeps its target as it is.
    fields = {}
    if url is not None or text is not None:
        fields = _clean_item_fields(
            path=item.path,
            kind=item.kind,
            url=item.url if url is None else url,
            text=item.text if text is None else text,
            target_id=item.target_id,
        )
    for name, value in fields.items():
        setattr(item, name, value)
    visibility_changed = item.visible != visible
    item.title, item.visible = title, visible
    item.prerequisite = prerequisite
    item.prerequisite_min_score = prerequisite_min_score if prerequisite else None
    item.save()
    if visibility_changed:
        path_renumber(item.path)
        path_recount_attempts(item.path)
    return item


@transaction.atomic
def item_remove(*, item: PathItem) -> None:
    path = item.path
    item.delete()
    path_renumber(path)
    path_recount_attempts(path)


def path_recount_attempts(path: LearningPath) -> None:
    """Rebuild every attempt's counters from its item rows, after the tree itself changed
    (an item removed or hidden). Navigation never calls this: it moves counters by deltas."""
    trackable = set(trackable_kind_keys())
    totals: dict[int, list] = {}
    rows = ItemProgress.objects.filter(attempt__path=path).values(
        "attempt_id", "status", "score", "score_max", "seconds", "item__kind", "item__visible"
    )
    for row in rows:
        total = totals.setdefault(row["attempt_id"], [0, 0, Decimal(0), Decimal(0)])
        total[1] += row["seconds"]
        if row["item__kind"] not in trackable or not row["item__visible"]:
            continue
        progress = ItemProgress(
            status=row["status"], score=row["score"], score_max=row["score_max"]
        )
        done, score, maximum = _contribution(progress)
        total[0] += done
        total[2] += score
        total[3] += maximum
    attempts = list(PathAttempt.objects.filter(path=path))
    for attempt in attempts:
        done, seconds, score, maximum = totals.get(attempt.pk, [0, 0, Decimal(0), Decimal(0)])
        attempt.done_count, attempt.seconds = done, seconds
        attempt.score_sum, attempt.max_score_sum = score, maximum
        if path.item_count and done >= path.item_count:
            attempt.status = Status.COMPLETED
        elif attempt.status == Status.COMPLETED:
            attempt.status = Status.INCOMPLETE
    PathAttempt.objects.bulk_update(
        attempts, ["done_count", "seconds", "score_sum", "max_score_sum", "status"], batch_size=500
    )


@transaction.atomic
def tree_reorder(*, path: LearningPath, tree: list) -> None:
    """Apply a tree sent by the builder: [{"id": 3, "children": [{"id": 5, ...}]}, ...].

    Every item of the path must appear exactly once; anything else is refused whole.
    """
    items = {item.pk: item for item in PathItem.objects.filter(path=path)}
    seen: set[int] = set()

    def visit(nodes, parent_id, depth):
        if not isinstance(nodes, list) or depth > 20:
            raise ValidationError(_("The new order could not be read."))
        for position, node in enumerate(nodes):
            try:
                pk = int(node["id"])
            except (KeyError, TypeError, ValueError) as error:
                raise ValidationError(_("The new order could not be read.")) from error
            if pk not in items or pk in seen:
                raise ValidationError(_("The new order does not match the path's items."))
            seen.add(pk)
            item = items[pk]
            item.parent_id, item.position = parent_id, position
            visit(node.get("children") or [], pk, depth + 1)

    visit(tree, None, 0)
    if seen != set(items):
        raise ValidationError(_("The new order does not match the path's items."))
    PathItem.objects.bulk_update(items.values(), ["parent", "position"], batch_size=500)
    path_renumber(path)


# --- Progress --------------------------------------------------------------------------------


def progress_get_or_create(*, attempt: PathAttempt, item: PathItem) -> ItemProgress:
    progress, _created = ItemProgress.objects.get_or_create(attempt=attempt, item=item)
    return progress


def attempt_current(*, path: LearningPath, user) -> PathAttempt:
    attempt = PathAttempt.objects.filter(path=path, user=user).order_by("-number").first()
    if attempt is None:
        attempt, _created = PathAttempt.objects.get_or_create(path=path, user=user, number=1)
    return attempt


@transaction.atomic
def attempt_restart(*, path: LearningPath, user) -> PathAttempt:
    last = PathAttempt.objects.filter(path=path, user=user).aggregate(m=Max("number"))["m"]
    return PathAttempt.objects.create(path=path, user=user, number=(last or 0) + 1)


def _contribution(progress: ItemProgress | None) -> tuple[int, Decimal, Decimal]:
    """What one item adds to its attempt's counters: (done, score, max score)."""
    if progress is None:
        return 0, Decimal(0), Decimal(0)
    done = 1 if progress.status in DONE_STATUSES else 0
    if progress.score is None:
        return done, Decimal(0), Decimal(0)
    maximum = progress.score_max if progress.score_max else Decimal(100)
    return done, Decimal(progress.score), Decimal(maximum)


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


@transaction.atomic(savepoint=False)  # its callers' transaction; nothing here is caught
def progress_record(
    *,
    attempt: PathAttempt,
    item: PathItem,
    status: str | None = None,
    score=None,
    score_min=None,
    score_max=None,
    add_seconds: int = 0,
    location: str | None = None,
    suspend_data: str | None = None,
    viewed: bool = False,
    progress: ItemProgress | None = None,
    path_items: list[PathItem] | None = None,
    path_progress: dict[int, ItemProgress] | None = None,
) -> ItemProgress:
    """Change one item's progress and move the attempt's counters by the difference.

    A bounded number of queries whatever the path's length or depth: the item's row, the
    attempt's row, and when the status of an item inside a section changed, the sections'
    rollup (``_sections_rollup``: the path's items, the attempt's rows, one write).
    ``progress``: the item's row in this attempt, already read with ``select_for_update`` by
    the caller (the SCORM commit reads it with the SCO's data): not read again.
    ``path_items``: every item of the path in reading order, if the caller read them (the
    player): not read again. ``path_progress``: the caller's ``{item pk: ItemProgress}`` of
    the attempt, brought up to date with the rows the rollup read and wrote.

    When the change leaves the attempt's counters as they are (a SCO's commit that moves its
    location, suspend data or time, not its status or score), the attempt is not locked: its
    time grows in the UPDATE itself (``seconds + n``), and an attempt already in progress is
    not written when no time was added and its last access is recent (LAST_ACCESS_SECONDS).
    """
    if progress is None:
        progress, _created = ItemProgress.objects.select_for_update().get_or_create(
            attempt=attempt, item=item
        )
    before = _contribution(progress)
    old_status = progress.status
    if status is not None:
        progress.status = Status(status)
    if score is not None:
        progress.score = _to_decimal(score)
    if score_min is not None:
        progress.score_min = _to_decimal(score_min)
    if score_max is not None:
        progress.score_max = _to_decimal(score_max)
    if location is not None:
        progress.location = location
    if suspend_data is not None:
        progress.suspend_data = suspend_data
    add_seconds = max(0, int(add_seconds or 0))
    progress.seconds += add_seconds
    if viewed:
        progress.views += 1
    progress.save()
    after = _contribution(progress)
    if after == before and progress.status == old_status:
        _attempt_touch(
            attempt, progress=progress, item=item, add_seconds=add_seconds, viewed=viewed
        )
        return progress
    attempt = PathAttempt.objects.select_for_update().get(pk=attempt.pk)
    trackable = item.kind in set(trackable_kind_keys()) and item.visible
    if trackable:
        attempt.done_count = max(0, attempt.done_count + after[0] - before[0])
        attempt.score_sum += after[1] - before[1]
        attempt.max_score_sum += after[2] - before[2]
    attempt.seconds += add_seconds
    if viewed:
        attempt.last_item = item
    if "path" in item._state.fields_cache and item.path.pk == attempt.path_id:
        total = item.path.item_count  # read with the path in this request
    else:
        total = LearningPath.objects.filter(pk=attempt.path_id).values_list(
            "item_count", flat=True
        )[0]
    if total and attempt.done_count >= total:
        attempt.status = Status.COMPLETED
    elif attempt.done_count or attempt.seconds or progress.status != Status.NOT_ATTEMPTED:
        attempt.status = Status.INCOMPLETE
    attempt.save(
        update_fields=[
            "done_count",
            "score_sum",
            "max_score_sum",
            "seconds",
            "last_item",
            "status",
            "updated_at",
        ]
    )
    if progress.status != old_status and item.parent_id:
        path = item.path if "path" in item._state.fields_cache else None
        if path is None or path.pk != attempt.path_id:
            path = LearningPath.objects.get(pk=attempt.path_id)
        sequencer = get_sequencer(path.source)
        if sequencer is not None and sequencer.applies(path):
            # A package's own sequencing tracks its clusters (scorm.sequencer); its sections'
            # rows keep the simple rules.
            if progress.status in DONE_STATUSES:
                _rollup(attempt=attempt, parent_id=item.parent_id)
        else:
            _sections_rollup(
                attempt=attempt, item=item, path=path, items=path_items, rows=path_progress
            )
    return progress


# An attempt's "last access" (the report's column) is moved on by a change that writes no
# counter only when it is older than this.
LAST_ACCESS_SECONDS = 300


def _attempt_touch(attempt: PathAttempt, *, progress, item, add_seconds: int, viewed: bool):
    """The attempt's side of a change that moves none of its counters: time added in the
    UPDATE (no lock needed), the resume point on a view, "in progress" once something
    happened; nothing written when none of that changes and the last access is recent."""
    now = timezone.now()
    changes = {}
    if add_seconds:
        changes["seconds"] = F("seconds") + add_seconds
        attempt.seconds += add_seconds
    if viewed and attempt.last_item_id != item.pk:
        changes["last_item"] = item
        attempt.last_item_id = item.pk
    active = attempt.done_count or attempt.seconds or progress.status != Status.NOT_ATTEMPTED
    if attempt.status == Status.NOT_ATTEMPTED and active:
        # Only from "not attempted": a concurrent change may have completed the attempt.
        changes["status"] = Case(
            When(status=Status.NOT_ATTEMPTED, then=Value(Status.INCOMPLETE)),
            default=F("status"),
        )
        attempt.status = Status.INCOMPLETE
    recent = attempt.updated_at and (now - attempt.updated_at).total_seconds() < LAST_ACCESS_SECONDS
    if not changes and recent:
        return
    attempt.updated_at = now
    PathAttempt.objects.filter(pk=attempt.pk).update(updated_at=now, **changes)


def _sections_rollup(
    *, attempt: PathAttempt, item: PathItem, path: LearningPath, items=None, rows=None
) -> None:
    """Write the status of the sections holding ``item`` (whose progress row just changed) as
    the sequencing engine rolls it up (``learnpaths.sequencing.section_rollup``: SN RB.1.5
    with the default rollup rules over the learner's tree).

    Queries: the path's items (none when the caller hands them in, ``items``), the attempt's
    rows (always read here, after the attempt's row was locked, so that two requests of the
    learner completing two items of one section both see the other's row), and one upsert of
    the sections whose status changed, whatever the depth. A section's row is created when it
    becomes done (completed, passed, failed), as it always was; a row it already has follows
    the engine, back to "incomplete" (or "not attempted": progress unknown) when a child is no
    longer done. ``rows``: the caller's ``{item pk: ItemProgress}``, updated in place.
    """
    from learnpaths.sequencing import path_tree, section_rollup

    if items is None:
        items = compiled.PATH_ITEMS.all(path_id=path.pk)
    fresh = {row.item_id: row for row in compiled.ATTEMPT_PROGRESS.all(attempt_id=attempt.pk)}
    tree = path_tree(path, items, launchable_kinds=set(launchable_kind_keys()), visible_only=True)
    trackable = set(trackable_kind_keys())
    kinds = {each.pk: each.kind for each in items}
    created, updated, now = [], [], timezone.now()
    for pk, status in section_rollup(tree, fresh, item.pk).items():
        if kinds.get(pk) in trackable:
            continue  # not a section: an item of a package's kind reports its own status
        row = fresh.get(pk)
        if row is None:
            if status in DONE_STATUSES:
                created.append(ItemProgress(attempt=attempt, item_id=pk, status=status))
                fresh[pk] = created[-1]
        elif row.status != status:
            row.status, row.updated_at = status, now
            updated.append(row)
    if updated:
        ItemProgress.objects.bulk_update(updated, ["status", "updated_at"])
    if created:
        # Another request may have just created the row: its status is this one's.
        ItemProgress.objects.bulk_create(
            created,
            update_conflicts=True,
            unique_fields=["attempt", "item"],
            update_fields=["status", "updated_at"],
        )
    if rows is not None:
        rows.update(fresh)


def _rollup(*, attempt: PathAttempt, parent_id: int) -> None:
    """The sections of a package its own sequencing plays (``scorm.sequencer``): simple
    completion and objective rollup, one level at a time: a section whose children are all
    done is done; passed when they all passed, failed when one failed."""
    trackable = set(trackable_kind_keys())
    depth = 0
    while parent_id and depth < 20:
        depth += 1
        parent = PathItem.objects.only("pk", "parent_id", "kind").get(pk=parent_id)
        if parent.kind in trackable:
            return  # an AU or SCO with children reports its own status
        children = list(
            PathItem.objects.filter(parent_id=parent_id, visible=True).values_list("pk", flat=True)
        )
        statuses = list(
            ItemProgress.objects.filter(
                attempt=attempt, item_id__in=children, status__in=list(DONE_STATUSES)
            ).values_list("status", flat=True)
        )
        if len(statuses) < len(children):
            return
        if Status.FAILED in statuses:
            status = Status.FAILED
        elif all(value == Status.PASSED for value in statuses):
            status = Status.PASSED
        else:
            status = Status.COMPLETED
        ItemProgress.objects.update_or_create(
            attempt=attempt, item=parent, defaults={"status": status}
        )
        parent_id = parent.parent_id


# --- Creating a path from an imported tree, copying one ----------------------------------


@transaction.atomic
def path_create_from_tree(
    *,
    course,
    user,
    title: str,
    source: str,
    items: list,
    description: str = "",
    control: tuple[bool, bool, bool] = (True, True, False),
) -> LearningPath:
    """A package's tree as a new path (learnpaths.api.path_import_tree documents it)."""
    path = path_create(course=course, user=user, title=title[:255], description=description)
    path.source = LearningPath.Source(source)
    path.seq_choice, path.seq_flow, path.seq_forward_only = control
    path.save()
    by_identifier: dict[str, PathItem] = {}
    pending: list[tuple[PathItem, str]] = []

    def create(nodes, parent):
        for position, node in enumerate(nodes):
            if get_item_kind(node.kind) is None:
                raise ValidationError(_("Unknown kind of item."))
            item = PathItem(
                path=path,
                parent=parent,
                position=position,
                kind=node.kind,
                title=node.title[:255],
                visible=node.visible,
                identifier=node.identifier[:255],
                launch=node.launch[:1000],
                parameters=node.parameters[:1000],
                launch_data=node.launch_data,
                mastery_score=node.mastery_score,
                prerequisites_expression=node.prerequisites_expression[:1000],
                extra=node.extra,
            )
            item.seq_choice, item.seq_flow, item.seq_forward_only = node.control
            item.save()
            by_identifier.setdefault(node.identifier.lower(), item)
            by_identifier[node.identifier] = item
            if node.prerequisite:
                pending.append((item, node.prerequisite))
            create(node.children, item)

    create(items, None)
    for item, identifier in pending:
        required = by_identifier.get(identifier.strip()) or by_identifier.get(
            identifier.strip().lstrip("*").lower()
        )
        if required is not None and required.pk != item.pk:
            item.prerequisite = required
            item.save(update_fields=["prerequisite"])
    path_renumber(path)
    return path


COPIED_PATH_FIELDS = (
    "description",
    "source",
    "seq_choice",
    "seq_flow",
    "seq_forward_only",
    "forced_order",
    "display",
    "available_from",
    "available_until",
    "max_attempts",
    "requires",
)
COPIED_ITEM_FIELDS = (
    "position",
    "rank",
    "depth",
    "kind",
    "title",
    "visible",
    "url",
    "text",
    "target_id",
    "identifier",
    "launch",
    "parameters",
    "launch_data",
    "mastery_score",
    "prerequisites_expression",
    "seq_choice",
    "seq_flow",
    "seq_forward_only",
    "prerequisite_min_score",
    "extra",
)


@transaction.atomic
def path_copy(*, path: LearningPath, user, title: str = "") -> LearningPath:
    """A copy of a hand-built path in the same course: its settings, tree and prerequisites,
    hidden from learners until the teacher shows it; no learner progress. Packages (whose
    files belong to one path) cannot be copied: ValidationError."""
    if path.source != LearningPath.Source.MANUAL:
        raise ValidationError(
            _("A path imported from a package cannot be copied; import it again.")
        )
    copy = path_create(
        course=path.course,
        user=user,
        title=(title or _("%(title)s (copy)") % {"title": path.title})[:255],
        visible=False,
        **{name: getattr(path, name) for name in COPIED_PATH_FIELDS},
    )
    items = list(PathItem.objects.filter(path=path).order_by("rank"))
    new_by_old: dict[int, PathItem] = {}
    for item in items:  # reading order: a parent is always copied before its children
        new = PathItem(path=copy, **{name: getattr(item, name) for name in COPIED_ITEM_FIELDS})
        new.parent = new_by_old.get(item.parent_id)
        new.save()
        new_by_old[item.pk] = new
    updated = []
    for item in items:
        if item.prerequisite_id in new_by_old:
            new = new_by_old[item.pk]
            new.prerequisite = new_by_old[item.prerequisite_id]
            updated.append(new)
    PathItem.objects.bulk_update(updated, ["prerequisite"], batch_size=500)
    path_renumber(copy)
    return copy
