"""The learning path engine: table of contents, control modes, prerequisites, progress, time.

Every item goes through here, plain items and package content alike; views only translate the
answers into pages. The rules, in one place:

* An item is ticked when its kind says so: "open" kinds when the learner opens an item they
  may open (a hidden document, an unpublished test, a teachers' page is never ticked: the
  player shows a notice instead of a 403 in its frame); "report" kinds only when their tool
  calls ``report_outcome`` (a test when an attempt is graded); SCOs and AUs when they report.
* Sequencing: every path runs the SCORM 2004 sequencing engine (``sequencing.Engine``). A
  package with a sequencing definition through its sequencer (``path_sequencer``); any other
  path (built in the course, SCORM 1.2, AICC) as the activity tree ``learnpaths.sequencing``
  makes of it, fed from the progress rows: prerequisites ("the item X is done", "X scored at
  least N %", a package's expression) and forced order (each item waits for the one before
  it) are ``disabled`` pre-condition rules, the path's and sections' control modes its
  control modes. A locked (disabled) item does not open, by the table of contents, Next or a
  typed address; without free choice only what Continue or Previous deliver opens;
  forward-only refuses going back; without flow, Previous/Next are refused.
* Time: a plain item's time runs from its opening until the learner opens another item or
  leaves (the page's beacon), capped at MAX_ITEM_SECONDS; SCOs report their own.
* Path settings: availability dates and the path a path requires shut the player for learners;
  ``max_attempts`` bounds "start a new attempt".

Costs: the table of contents is two queries (items, progress rows) whatever the path's length;
a learner's Next the same two and the engine (a teacher's one indexed lookup); opening an item
a bounded number more. No query per item: the engine runs on what those queries read.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import number_shown
from learnpaths import compiled
from learnpaths.kinds import get_item_kind, get_sequencer, launchable_kind_keys
from learnpaths.models import (
    SUCCESS_STATUSES,
    ItemProgress,
    LearningPath,
    PathAttempt,
    PathItem,
    Status,
)
from learnpaths.sequencing import PathSequencing, path_tree, prerequisite_met
from learnpaths.urls_check import course_page_openable, tool_openable

# Time on a plain item counts until the learner opens the next one, up to this cap.
MAX_ITEM_SECONDS = 3600


class PlayerRefused(Exception):
    """The player will not open what was asked; ``to`` says where to send the learner:
    "index" (the list of paths), "start" (the path's resume point) or an item id."""

    def __init__(self, message: str, *, to="index"):
        super().__init__(message)
        self.message = message
        self.to = to


# --- Table of contents ---------------------------------------------------------------------


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
    # A sequenced package's table of contents: left out (isvisible="false", hidden from
    # choice), and why a choice of it is refused now (shown disabled with this reason).
    hidden: bool = False
    reason: str = ""
    url: str = ""  # the item's player address (set by the page that shows the entry)

    @property
    def done(self) -> bool:
        return self.status in SUCCESS_STATUSES

    @property
    def percent(self) -> Decimal | None:
        """The item's score as a percentage of its maximum (100 when it has none)."""
        row = self.progress
        if row is None or row.score is None:
            return None
        maximum = row.score_max if row.score_max else Decimal(100)
        return (row.score * 100 / maximum).quantize(Decimal("0.1"))


@dataclass
class Toc:
    entries: list[TocEntry]  # reading order
    by_id: dict[int, TocEntry]
    progress: dict[int, ItemProgress]
    path: LearningPath
    # The path as the sequencing engine plays it for this viewer (learnpaths.sequencing).
    sequencing: PathSequencing | None = None
    # Every item of the path in reading order (hidden ones too), as read for the tree.
    all_items: list = field(default_factory=list)

    def refresh_locks(self) -> None:
        """Work out the locks from the progress rows (again, after the player recorded one):
        what the engine would not deliver (a ``disabled`` rule on the item or a section
        holding it)."""
        self.sequencing.progress = self.progress
        locked = self.sequencing.locked_map()
        for entry in self.entries:
            row = self.progress.get(entry.item.pk)
            entry.progress = row
            entry.status = row.status if row else Status.NOT_ATTEMPTED
            entry.score = row.score if row else None
            entry.locked = locked.get(entry.item.pk, False)
            entry.reason = self.prerequisite_reason(entry.item) if entry.locked else ""

    def prerequisite_reason(self, item: PathItem) -> str:
        """The rule a locked item of a built path waits on, in the builder's words ("Quiz at
        least 75 %", "after Welcome"), for the learner's table of contents; "" when it has
        none (or the required item is not shown to this viewer)."""
        required = self.by_id.get(item.prerequisite_id) if item.prerequisite_id else None
        if required is None:
            return ""
        title = required.item.title
        if item.prerequisite_min_score is not None:
            return _("%(title)s at least %(score)s %%") % {
                "title": title,
                "score": number_shown(item.prerequisite_min_score),
            }
        return _("after %(title)s") % {"title": title}

    def blocked_reason(self, entry: TocEntry, *, backwards: bool = False) -> str:
        """Why Next (Previous, ``backwards``) may not open ``entry`` yet, the item it reaches,
        locked (SN SB.2.2-2): the item it requires and is not done ("The next item is locked
        until you complete “Welcome”."), else forced order, else a generic sentence."""
        if backwards:
            return control_refusal("previous", "SB.2.2-2")
        item = entry.item
        required = self.by_id.get(item.prerequisite_id) if item.prerequisite_id else None
        if required is not None and not prerequisite_met(item, required.progress):
            title = required.item.title
            if item.prerequisite_min_score is not None:
                return _(
                    "The next item is locked until you score at least %(score)s %% in “%(title)s”."
                ) % {"score": number_shown(item.prerequisite_min_score), "title": title}
            return _("The next item is locked until you complete “%(title)s”.") % {"title": title}
        if self.path.forced_order:
            return _("This path must be followed in order: finish the current item first.")
        return control_refusal("continue", "SB.2.2-2")

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
        """(choice, flow, forward_only) that govern this item: its parent's in the tree the
        engine plays, else (the builder's table, no tree) its parent's or the path's."""
        if self.sequencing is not None and self.sequencing.contains(item.pk):
            control = self.sequencing.parent_control(item.pk)
            return control["choice"], control["flow"], control["forward_only"]
        parent = self.by_id.get(item.parent_id)
        source = parent.item if parent else self.path
        choice = source.seq_choice and not (parent is None and self.path.forced_order)
        return choice, source.seq_flow, source.seq_forward_only

    def tree(self) -> list[TocEntry]:
        """The entries nested under their sections, for templates."""
        roots, by_id = [], {}
        for entry in self.entries:
            by_id[entry.item.pk] = entry
            entry.children = []
            parent = by_id.get(entry.item.parent_id)
            (parent.children if parent else roots).append(entry)
        return roots


def build_toc(
    *, path: LearningPath, attempt: PathAttempt | None, access, locks: bool = True
) -> Toc:
    """The player's table of contents: two queries, whatever the path's length. ``locks``
    False: the entries are not marked locked (nor given their reasons) until the caller asks
    ``Toc.refresh_locks`` (Next only needs them to word a refusal)."""
    all_items = compiled.PATH_ITEMS.all(path_id=path.pk)
    items = all_items if access.can_tutor else [item for item in all_items if item.visible]
    progress = {}
    if attempt is not None:
        progress = {p.item_id: p for p in compiled.ATTEMPT_PROGRESS.all(attempt_id=attempt.pk)}
    launchable_kinds = set(launchable_kind_keys())
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
            launchable=item.kind in launchable_kinds,
            icon=kind.icon if kind else "question-circle",
        )
        entries.append(entry)
        by_id[item.pk] = entry
    tree = path_tree(
        path, all_items, launchable_kinds=launchable_kinds, visible_only=not access.can_tutor
    )
    toc = Toc(
        entries=entries,
        by_id=by_id,
        progress=progress,
        path=path,
        sequencing=PathSequencing(tree, progress),
        all_items=all_items,
    )
    if locks:
        toc.refresh_locks()
    return toc


def path_sequencing(
    *, path: LearningPath, attempt: PathAttempt | None, include: int | None = None
) -> PathSequencing:
    """A learner's path in the sequencing engine (``include``: an item pk to keep in the tree
    even if hidden): two queries, the items and the attempt's progress rows."""
    items = compiled.PATH_ITEMS.all(path_id=path.pk)
    progress = {}
    if attempt is not None:
        progress = {p.item_id: p for p in compiled.ATTEMPT_PROGRESS.all(attempt_id=attempt.pk)}
    tree = path_tree(
        path,
        items,
        launchable_kinds=set(launchable_kind_keys()),
        visible_only=True,
        include=include,
    )
    return PathSequencing(tree, progress)


def next_item(*, path: LearningPath, item: PathItem, access, backwards: bool = False):
    """The launchable item after (or before) this one, for teachers and tutors, who browse
    freely: one indexed query."""
    items = PathItem.objects.filter(path=path, kind__in=launchable_kind_keys())
    if not access.can_tutor:
        items = items.filter(visible=True)
    if backwards:
        return items.filter(rank__lt=item.rank).order_by("-rank").first()
    return items.filter(rank__gt=item.rank).order_by("rank").first()


def item_locked(*, item: PathItem, attempt: PathAttempt | None, path=None) -> bool:
    """Whether a learner may not open the item yet: the engine would not deliver it (its
    rules, or a section's holding it). Two queries, whatever the path's length."""
    path = path or item.path
    sequencing = path_sequencing(path=path, attempt=attempt, include=item.pk)
    return sequencing.locked(item.pk)


# --- Who may open what ---------------------------------------------------------------------


def item_openable(*, item: PathItem, course, tool_states) -> bool:
    """Whether a learner of the course may open the item's content now.

    Asks the item's kind (``learner_can_open`` for an object of its tool; the page's own
    promise for a typed address of the course) and whether the kind's tool is on and visible.
    """
    kind = get_item_kind(item.kind)
    if kind is None or kind.launch_url is None:
        return False
    if item.url.startswith("/"):
        return course_page_openable(course=course, url=item.url, tool_states=tool_states)
    if item.url:
        return True  # an external address
    if not tool_openable(kind.tool, tool_states):
        return False
    if item.target_id is not None and kind.learner_can_open is not None:
        return bool(kind.learner_can_open(course, item.target_id))
    return True


def openable_map(*, course, items: list[PathItem], tool_states) -> dict[int, bool]:
    """item id -> openable for a whole path, with one picker list per kind (bounded queries),
    for the builder's "learners cannot open this" marks."""
    from learnpaths.kinds import kind_pickables

    by_kind: dict[str, dict[int, bool]] = {}
    result = {}
    for item in items:
        kind = get_item_kind(item.kind)
        if kind is None or kind.launch_url is None:
            result[item.pk] = True  # sections
            continue
        if item.url.startswith("/"):
            result[item.pk] = course_page_openable(
                course=course, url=item.url, tool_states=tool_states
            )
        elif item.url:
            result[item.pk] = True
        elif not tool_openable(kind.tool, tool_states):
            result[item.pk] = False
        elif item.target_id is not None and (kind.pickables or kind.learner_can_open):
            if kind.key not in by_kind:
                by_kind[kind.key] = {p.id: p.learner_can_open for p in kind_pickables(kind, course)}
            result[item.pk] = by_kind[kind.key].get(item.target_id, False)
        else:
            result[item.pk] = True
    return result


# --- Sequenced paths ------------------------------------------------------------------------


def path_sequencer(path: LearningPath, access=None):
    """The sequencer that navigates this path (SCORM 2004 packages: scorm.sequencer), or None
    for the simple walk. Teachers and tutors browse freely: they are not sequenced."""
    if access is not None and access.can_tutor:
        return None
    sequencer = get_sequencer(path.source)
    return sequencer if sequencer is not None and sequencer.applies(path) else None


# --- The player's actions ------------------------------------------------------------------


def path_availability_check(*, path: LearningPath, user, access, now=None) -> None:
    """Raise PlayerRefused when a learner may not play the path now (dates, required path)."""
    if access.can_tutor:
        return
    now = now or timezone.now()
    if path.available_from and now < path.available_from:
        raise PlayerRefused(
            _("This learning path opens on %(date)s.")
            % {"date": timezone.localtime(path.available_from).strftime("%Y-%m-%d %H:%M")}
        )
    if path.available_until and now > path.available_until:
        raise PlayerRefused(_("This learning path is closed."))
    if path.requires_id and user.is_authenticated:
        met = PathAttempt.objects.filter(
            path_id=path.requires_id, user=user, status=Status.COMPLETED
        ).exists()
        if not met:
            raise PlayerRefused(
                _("Complete the path %(title)s first.") % {"title": path.requires.title}
            )


def _latest_attempt(path: LearningPath, user) -> PathAttempt | None:
    """The learner's latest attempt (a signed-in ``user``), or None: one query, its SQL built
    once per process (``learnpaths.compiled``)."""
    return compiled.LATEST_ATTEMPT.first(path_id=path.pk, user_id=user.pk)


def current_attempt(*, path: LearningPath, user) -> PathAttempt | None:
    if not user.is_authenticated:
        return None
    attempt = compiled.LATEST_ATTEMPT.first(path_id=path.pk, user_id=user.pk)
    if attempt is None:
        attempt, _created = PathAttempt.objects.get_or_create(path=path, user=user, number=1)
    return attempt


def player_start(*, path: LearningPath, user, access) -> tuple[int, bool]:
    """(the item to open, whether to wait for a choice): where the learner stopped, else the
    first one not locked. A sequenced package whose start (or resume all) delivers nothing
    (SN SB.2.5: no flow at the root) waits for the learner to choose in the table of
    contents: (its first item, True); opening an item there would be a choice the learner
    did not make. With a single item there is nothing to choose: it opens (a choice of it)."""
    path_availability_check(path=path, user=user, access=access)
    attempt = current_attempt(path=path, user=user)
    sequencer = path_sequencer(path, access)
    waiting = False
    if sequencer is not None and attempt is not None:
        delivered = sequencer.start(path=path, attempt=attempt)
        if delivered is not None:
            return delivered, False
        waiting = True
    toc = build_toc(path=path, attempt=attempt, access=access)
    launchable = toc.launchable()
    if not launchable:
        raise PlayerRefused(_("This learning path has no item yet."))
    if waiting and len(launchable) > 1:
        return launchable[0].item.pk, True
    target = None
    if attempt and attempt.last_item_id in toc.by_id:
        target = toc.by_id[attempt.last_item_id]
    if target is None or not target.launchable:
        target = next((e for e in launchable if not e.locked), launchable[0])
    return target.item.pk, False


@dataclass
class PlayerView:
    """What the player page shows for one item."""

    path: LearningPath
    toc: Toc
    entry: TocEntry
    attempt: PathAttempt | None
    launch_url: str
    previous: TocEntry | None
    next: TocEntry | None
    choice: bool
    openable: bool
    new_tab: bool
    setup: dict
    # A sequenced path's answers (see path_sequencer): the controls hidden by the package
    # (hideLMSUI) and those shown disabled; None for the simple walk.
    navigation: dict | None = None
    # A sequenced package that delivered nothing (no flow to start it): the page shows the
    # table of contents for the learner to choose from, no content.
    waiting: bool = False
    # Why Previous (Next) is shown disabled: the item it reaches is locked, or (Next) the
    # path ends here; "" when it is usable or not shown.
    previous_reason: str = ""
    next_reason: str = ""

    @property
    def item(self) -> PathItem:
        return self.entry.item


def apply_answers(toc: Toc, navigation: dict) -> None:
    """A sequenced path's table of contents (SCORM 2004 SN 3.4.2, CAM 3.4.1.12): activities
    hidden from choice or not visible are left out; those a choice cannot reach now are
    disabled, with the reason the sequencing gives."""
    reasons = navigation.get("reasons", {})
    for entry in toc.entries:
        identifier = entry.item.identifier
        if identifier in navigation["choice"]:
            entry.locked = not navigation["choice"][identifier]
            entry.reason = reasons.get(identifier, "") if entry.locked else ""
        entry.hidden = bool(
            navigation.get("hidden", {}).get(identifier)
            or navigation.get("invisible", {}).get(identifier)
            or entry.item.extra.get("isvisible") is False
        )


def _navigation_allowed(toc: Toc, attempt, item, access) -> bool:
    """SCORM 2004 control modes, asked of the engine: opening the item is a choice the
    control modes allow, or what Continue or Previous from the last item deliver."""
    if access.can_tutor or attempt is None:
        return True
    return toc.sequencing.reachable(item.pk, current=attempt.last_item_id)


def _step_entry(toc: Toc, item: PathItem, request: str) -> tuple[TocEntry | None, str]:
    """Where Previous ("previous") or Next ("continue") lead from the item, as the engine
    says, and why the control is disabled ("" when it is not): the entry they deliver; the
    next (previous) entry when it is locked (the control is shown disabled with what it waits
    on, and comes alive when the side panel, refreshed, shows the entry unlocked); None when
    they lead nowhere: at the end of the path Next is shown disabled ("You have reached the
    last item"); without flow or going back on a forward-only path there is no control."""
    delivered, end, exception = toc.sequencing.request(request, current=item.pk)
    if delivered is not None:
        return toc.by_id.get(delivered), ""
    if exception in DISABLED_TARGET:
        previous, following = toc.neighbours(item)
        reached = following if request == "continue" else previous
        if reached is not None:
            return reached, toc.blocked_reason(reached, backwards=request == "previous")
    if end and request == "continue":
        return None, control_refusal(request, exception, end=True)
    return None, ""


def _close_open_item(attempt: PathAttempt, *, only_item: int | None = None, now=None) -> None:
    """End the time of the plain item open in this attempt (all of it, up to the cap)."""
    if attempt.open_item_id is None or attempt.opened_at is None:
        return
    if only_item is not None and attempt.open_item_id != only_item:
        return
    from learnpaths.services import progress_record

    now = now or timezone.now()
    seconds = min(MAX_ITEM_SECONDS, max(0, int((now - attempt.opened_at).total_seconds())))
    item = PathItem.objects.filter(pk=attempt.open_item_id, path_id=attempt.path_id).first()
    PathAttempt.objects.filter(pk=attempt.pk).update(open_item=None, opened_at=None)
    attempt.open_item, attempt.opened_at = None, None
    if item is not None and seconds:
        progress_record(attempt=attempt, item=item, add_seconds=seconds)


def _record_revisit(*, attempt: PathAttempt, progress: ItemProgress, item: PathItem, now=None):
    """Open an item whose status does not change: move the resume point to it, without the
    locks and counters of ``progress_record`` (nothing they count changes).

    Writes nothing when the learner reopens the item they were on (a reload, the SCO's own
    page again) within LAST_ACCESS_SECONDS; otherwise two single-row UPDATEs (the row's view
    count, the attempt's resume point and last access). ``views`` counts the visits that came
    from elsewhere, not reloads.
    """
    from learnpaths.services import LAST_ACCESS_SECONDS

    now = now or timezone.now()
    recent = attempt.updated_at and (now - attempt.updated_at).total_seconds() < LAST_ACCESS_SECONDS
    if attempt.last_item_id == item.pk and recent:
        return
    if attempt.last_item_id != item.pk:
        progress.views += 1
        ItemProgress.objects.filter(pk=progress.pk).update(views=F("views") + 1, updated_at=now)
    attempt.last_item_id, attempt.updated_at = item.pk, now
    PathAttempt.objects.filter(pk=attempt.pk).update(last_item=item, updated_at=now)


def _choosable_cluster(entry: TocEntry, sequencer) -> bool:
    """Whether ``entry`` is a cluster of a sequenced package: choosing it is a choice request
    on it, which flows into it to a leaf (SN SB.2.9, choice of a cluster), so the table of
    contents lists it as a link where a choice may reach it."""
    return sequencer is not None and entry.item.kind == "section" and bool(entry.item.identifier)


def player_open(
    *, request, path: LearningPath, item_id: int, now=None, waiting: bool = False
) -> PlayerView:
    """``_open``, and where to go when a sequenced package delivered another item than the
    one asked for (a cluster chosen flows into it, SN SB.2.9): PlayerRefused to it, raised
    once the delivery is saved."""
    view = _open(request=request, path=path, item_id=item_id, now=now, waiting=waiting)
    if not isinstance(view, PlayerView):
        raise PlayerRefused("", to=view)
    return view


@transaction.atomic
def _open(
    *, request, path: LearningPath, item_id: int, now=None, waiting: bool = False
) -> PlayerView | int:
    """Open one item for the viewer: check locks and control modes, record the visit (and
    the tick its kind allows), start its time, and say what the page shows.

    ``waiting`` (a sequenced package that delivered nothing, ``player_start``): open nothing,
    record nothing; the page shows the table of contents to choose from.

    Raises PlayerRefused (with where to go) when the item may not be opened.
    """
    from learnpaths.services import progress_record

    access, user = request.course_access, request.user
    path_availability_check(path=path, user=user, access=access, now=now)
    attempt = current_attempt(path=path, user=user)
    toc = build_toc(path=path, attempt=attempt, access=access)
    entry = toc.by_id.get(item_id)
    sequencer = path_sequencer(path, access) if attempt is not None else None
    if entry is None or not (entry.launchable or _choosable_cluster(entry, sequencer)):
        raise PlayerRefused("", to="start")
    item = entry.item
    kind = get_item_kind(item.kind)
    if waiting and sequencer is not None:
        navigation = sequencer.answers(path=path, attempt=attempt, item=item)
        apply_answers(toc, navigation)
        return PlayerView(
            path=path,
            toc=toc,
            entry=entry,
            attempt=attempt,
            launch_url="",
            previous=None,
            next=None,
            choice=True,
            openable=False,
            new_tab=False,
            setup={},
            navigation=navigation,
            waiting=True,
        )
    if sequencer is not None:
        # The package's sequencing decides: opening an item is a choice (SN 4.4).
        verdict, target, message = sequencer.open(path=path, attempt=attempt, item=item)
        if verdict == "redirect":
            return target  # delivered: kept, then the player goes there
        if verdict == "refused":
            raise PlayerRefused(message, to=target if target else "index")
    elif entry.locked and not access.can_tutor:
        required = toc.by_id.get(item.prerequisite_id)
        title = required.item.title if required else _("the previous item")
        raise PlayerRefused(_("Complete %(title)s first.") % {"title": title}, to="index")
    elif not _navigation_allowed(toc, attempt, item, access):
        raise PlayerRefused(_("This path is followed in order: use Next and Previous."), to="start")
    openable = access.can_tutor or item_openable(
        item=item, course=path.course, tool_states=request.course_tool_states
    )
    new_tab = bool(kind.opens_in_new_tab and kind.opens_in_new_tab(item))
    if attempt is not None:
        closed = attempt.open_item_id is not None
        _close_open_item(attempt, now=now)
        status = None
        current = toc.progress.get(item.pk)
        current_status = current.status if current else Status.NOT_ATTEMPTED
        if not openable:
            status = None  # never ticked: the learner could not see it
        elif kind.self_tracking or kind.completion == "report" or new_tab:
            if current_status == Status.NOT_ATTEMPTED:
                status = Status.INCOMPLETE
        else:
            status = Status.COMPLETED
        if openable:
            if status is not None and status == current_status:
                status = None
            if status is not None or current is None:
                progress = progress_record(
                    attempt=attempt,
                    item=item,
                    status=status,
                    viewed=True,
                    path_items=toc.all_items,
                    path_progress=toc.progress,  # the sections' rows the rollup wrote
                )
                toc.progress[item.pk] = progress
                toc.refresh_locks()  # what this visit completed may unlock the next items
                attempt.refresh_from_db()
            else:
                if closed:
                    attempt.refresh_from_db()  # the closed item's time moved the counters
                _record_revisit(attempt=attempt, progress=current, item=item, now=now)
            # What the item's setup reads (learnpaths.api.progress_row): no second lookup.
            attempt.progress_rows = toc.progress
            if not kind.self_tracking:
                attempt.open_item, attempt.opened_at = item, now or timezone.now()
                attempt.save(update_fields=["open_item", "opened_at"])
        attempt.path = path
    choice, flow, forward_only = toc.control(item)
    previous_reason = next_reason = ""
    if not access.can_tutor and toc.sequencing.contains(item.pk):
        previous, previous_reason = _step_entry(toc, item, "previous")
        following, next_reason = _step_entry(toc, item, "continue")
    else:  # teachers and tutors browse freely, in reading order
        previous, following = toc.neighbours(item)
        if not flow:
            previous = following = None
        elif forward_only:
            previous = None
    navigation = {
        "continue": following is not None,
        "previous": previous is not None,
        "choice": {
            e.item.identifier: not e.locked
            for e in toc.entries
            if e.launchable and e.item.identifier and (choice or e is following)
        },
    }
    if sequencer is not None:
        navigation = sequencer.answers(path=path, attempt=attempt, item=item)
        apply_answers(toc, navigation)
        choice = True  # the table of contents marks what a choice may reach
        hidden = set(navigation["hide_ui"])
        previous = entry if navigation["previous"] and "previous" not in hidden else None
        following = entry if navigation["continue"] and "continue" not in hidden else None
        previous_reason = next_reason = ""  # the package's controls carry their own
    launch_url = kind.launch_url(item)
    setup = {}
    if kind.player_setup and openable:
        setup = (
            kind.player_setup(
                request=request,
                item=item,
                attempt=attempt,
                launch_url=launch_url,
                navigation=navigation,
            )
            or {}
        )
        launch_url = setup.get("launch_url", launch_url)
    return PlayerView(
        path=path,
        toc=toc,
        entry=entry,
        attempt=attempt,
        launch_url=launch_url,
        previous=previous,
        next=following,
        choice=choice or access.can_tutor,
        openable=openable,
        new_tab=new_tab,
        setup=setup,
        navigation=navigation if sequencer is not None else None,
        previous_reason=previous_reason,
        next_reason=next_reason,
    )


def player_step(*, path: LearningPath, item: PathItem, user, access, backwards: bool) -> int:
    """The item Next (or Previous) leads to; raises PlayerRefused (to an item id or "index"
    at the end of the path) when the control modes or a lock refuse it."""
    sequencer = path_sequencer(path, access)
    if sequencer is not None and user.is_authenticated:
        attempt = _latest_attempt(path, user)
        if attempt is not None:
            return player_navigate(
                path=path,
                attempt=attempt,
                item=item,
                request="previous" if backwards else "continue",
                sequencer=sequencer,
            )
    if access.can_tutor:
        target = next_item(path=path, item=item, access=access, backwards=backwards)
        if target is None:
            if backwards:
                return item.pk
            raise PlayerRefused(_("You reached the end of the learning path."), to="index")
        return target.pk
    attempt = None
    if user.is_authenticated:
        attempt = _latest_attempt(path, user)
    # The table of contents holds the same tree the engine plays (the learner's visible
    # items), and says what the item Next (Previous) reaches waits on, if it is locked: its
    # locks are worked out only for such a refusal (a step that delivers does not need them).
    toc = build_toc(path=path, attempt=attempt, access=access, locks=False)

    def waits_on() -> str:
        toc.refresh_locks()
        previous, following = toc.neighbours(item)
        reached = previous if backwards else following
        return reached.reason if reached is not None and reached.locked else ""

    return sequenced_step(toc.sequencing, item.pk, backwards=backwards, waits_on=waits_on)


def sequenced_step(
    sequencing: PathSequencing,
    item_id: int,
    *,
    backwards: bool,
    waits_on: str | Callable[[], str] = "",
) -> int:
    """A learner's Next (Previous) on a path the engine plays as ``learnpaths.sequencing``
    makes it: a continue (previous) request from the item (SN SB.2.7, SB.2.8). Returns the
    item to open; raises PlayerRefused (to "index" at the end of the path, to "start" for an
    item not in the learner's tree, else to the item) with the reason in words (``waits_on``:
    the rule the item reached waits on, as ``Toc.prerequisite_reason`` words it, for a
    refusal by a disabled item; or a function that answers it, asked only then)."""
    if not sequencing.contains(item_id):
        raise PlayerRefused("", to="start")
    delivered, end, exception = sequencing.request(
        "previous" if backwards else "continue", current=item_id
    )
    if delivered is not None:
        return delivered
    if end:
        raise PlayerRefused(_("You reached the end of the learning path."), to="index")
    if exception == "SB.2.1-3":  # Previous from the first item: stay
        return item_id
    if exception in DISABLED_TARGET:
        if callable(waits_on):
            waits_on = waits_on()
        if waits_on:
            raise PlayerRefused(
                _("Not available now: %(reason)s") % {"reason": waits_on}, to=item_id
            )
        raise PlayerRefused(_("Complete the required item before going on."), to=item_id)
    if exception in FORWARD_ONLY and sequencing.parent_control(item_id)["flow"]:
        raise PlayerRefused(_("This path only goes forward."), to=item_id)
    raise PlayerRefused(_("Choose the next item in the table of contents."), to=item_id)


# SN exception codes of a refused Continue/Previous, as the simple walk words them: the
# activity flow reached is disabled (SB.2.2-2), or going back is not allowed (NB.2.1-5, SB.2.1-4).
DISABLED_TARGET = {"SB.2.2-2"}
FORWARD_ONLY = {"NB.2.1-5", "SB.2.1-4", "SB.2.4-2"}
# No flow where the learner is: Continue/Previous are not allowed (NB.2.1-4, SB.2.7-2, SB.2.8-2,
# SB.2.2-1); Previous at the start of the tree (SB.2.1-3); leaving a part that must be
# finished first (NB.2.1-8, SB.2.9-7: choiceExit, the exits' checks).
NO_FLOW = {"NB.2.1-4", "SB.2.7-2", "SB.2.8-2", "SB.2.2-1"}
AT_THE_START = {"SB.2.1-3"}
MUST_FINISH = {"NB.2.1-8", "SB.2.9-7"}


def control_refusal(request: str, code: str | None, *, end: bool = False) -> str:
    """A short sentence for the learner beside a navigation control the engine refuses now:
    ``request`` ("continue", "previous", "exitAll", "suspendAll", "abandonAll"), ``code``
    the SN exception code ``Engine.request_refusal`` gives ("" or None: nothing to deliver),
    ``end``: Next ends the path here. A code without a sentence of its own: "Not available
    now" (the table of contents' word for a locked entry)."""
    if end or (request == "continue" and code == ""):
        return _("You have reached the last item.")
    if code in DISABLED_TARGET:
        if request == "continue":
            return _("The next item is not available yet.")
        return _("The previous item is not available now.")
    if code in FORWARD_ONLY and request == "previous":
        return _("This path only goes forward.")
    if code in AT_THE_START and request == "previous":
        return _("You are at the first item.")
    if code in NO_FLOW:
        if request == "continue":
            return _("Choose the next item in the table of contents.")
        return _("Choose an earlier item in the table of contents.")
    if code in MUST_FINISH:
        return _("You must finish this part before leaving it.")
    return _("Not available now")


# What the learner is told when a request ends the sequencing session (SN 4.2.1: Exit All
# ends the attempt on the whole tree, Abandon All throws it away, Suspend All keeps it).
END_MESSAGES = {
    "exitAll": gettext_lazy("You left the learning path: this attempt is over and recorded."),
    "abandonAll": gettext_lazy(
        "You abandoned this attempt. Next time, you will start again from the beginning."
    ),
    "suspendAll": gettext_lazy("Your place is kept: you will go on from there next time."),
}


def player_navigate(
    *, path: LearningPath, attempt, item, request: str, target="", sequencer
) -> int:
    """A sequenced path's navigation request (SCORM 2004 SN 4.4: continue, previous,
    choice/jump with ``target``, exit, exitAll, suspendAll, abandon, abandonAll): the item
    to open; PlayerRefused to "index" when the session ended, to the current item when
    refused."""
    verdict, target_item, message = sequencer.navigate(
        path=path, attempt=attempt, request=request, target=target
    )
    if verdict == "deliver":
        return target_item
    if verdict == "end":
        raise PlayerRefused(str(END_MESSAGES.get(request, "")), to="index")
    if verdict == "none":
        raise PlayerRefused(
            _("Choose the next item in the table of contents."), to=target_item or item.pk
        )
    raise PlayerRefused(message, to=target_item or item.pk)


def player_request(
    *, path: LearningPath, item: PathItem, user, access, request: str, target: str = ""
) -> int:
    """A navigation request from the content or the controls: through the path's sequencer
    when it has one, else the simple walk (continue/previous step, choice/jump open the
    target, the exits leave). Returns the item to open; PlayerRefused says where else."""
    sequencer = path_sequencer(path, access)
    attempt = None
    if sequencer is not None and user.is_authenticated:
        attempt = _latest_attempt(path, user)
    if attempt is not None:
        return player_navigate(
            path=path,
            attempt=attempt,
            item=item,
            request=request,
            target=target,
            sequencer=sequencer,
        )
    if request in ("continue", "previous"):
        return player_step(
            path=path, item=item, user=user, access=access, backwards=request == "previous"
        )
    if request in ("choice", "jump"):
        chosen = PathItem.objects.filter(path=path, identifier=target).exclude(identifier="")
        found = chosen.values_list("pk", flat=True).first()
        if found is None:
            raise PlayerRefused(_("This activity does not exist."), to=item.pk)
        return found
    raise PlayerRefused("", to="index")


def player_leave(*, path: LearningPath, item_id: int, user, now=None) -> None:
    """The page went away: the time on the plain item open ends now."""
    if not user.is_authenticated:
        return
    attempt = _latest_attempt(path, user)
    if attempt is not None:
        _close_open_item(attempt, only_item=item_id, now=now)


@transaction.atomic
def player_open_elsewhere(*, request, path: LearningPath, item_id: int) -> str:
    """A link that opens in a new tab: the learner opened it, so it is complete. Returns the
    address to send them to; PlayerRefused when the item may not be opened."""
    from learnpaths.services import progress_record

    view_item = PathItem.objects.filter(path=path, pk=item_id)
    if not request.course_access.can_tutor:
        view_item = view_item.filter(visible=True)
    item = view_item.first()
    kind = get_item_kind(item.kind) if item else None
    if item is None or kind is None or kind.launch_url is None:
        raise PlayerRefused("", to="start")
    item.path = path
    path_availability_check(path=path, user=request.user, access=request.course_access)
    attempt = current_attempt(path=path, user=request.user)
    if not request.course_access.can_tutor and item_locked(item=item, attempt=attempt):
        raise PlayerRefused(_("Complete the required item before going on."), to="index")
    openable = request.course_access.can_tutor or item_openable(
        item=item, course=path.course, tool_states=request.course_tool_states
    )
    if not openable:
        raise PlayerRefused(_("Learners cannot open this item."), to=item.pk)
    if attempt is not None and kind.completion == "open":
        progress_record(attempt=attempt, item=item, status=Status.COMPLETED)
    return kind.launch_url(item)


def player_restart(*, path: LearningPath, user, access) -> PathAttempt:
    """A new attempt (the earlier ones stay in the history); PlayerRefused once the path's
    maximum number of attempts is reached."""
    from learnpaths.services import attempt_restart

    path_availability_check(path=path, user=user, access=access)
    if path.max_attempts and not access.can_tutor:
        used = PathAttempt.objects.filter(path=path, user=user).aggregate(m=Max("number"))["m"]
        if (used or 0) >= path.max_attempts:
            raise PlayerRefused(
                _("You have used every attempt this path allows (%(count)d).")
                % {"count": path.max_attempts},
                to="start",
            )
    return attempt_restart(path=path, user=user)


def player_report_outcome(
    *,
    kind: str,
    target_id: int,
    user,
    course_id: int,
    status: str = "completed",
    score=None,
    score_max=None,
) -> int:
    """See learnpaths.api.report_outcome."""
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
