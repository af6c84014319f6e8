from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.compiled import row_id
from core.csrf import page_token
from core.reversing import reverse_ids
from learnpaths import compiled
from learnpaths.api import PathResult
from learnpaths.kinds import get_item_kind, item_kinds, kind_pickables
from learnpaths.models import LearningPath, PathAttempt, PathItem, Status

# The table of contents and the locks live in the player; read from there.
from learnpaths.player import (  # noqa: F401  (re-exported for the views and tests)
    Toc,
    TocEntry,
    apply_answers,
    build_toc,
    control_refusal,
    item_locked,
    next_item,
    openable_map,
    path_sequencer,
)


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
    query = compiled.PATH if access.can_tutor else compiled.VISIBLE_PATH
    path = query.first(path_id=row_id(path_id), course_id=course.pk)
    if path is None:
        raise Http404
    # The course is the caller's (no join); the required path is read only on a refusal.
    path.course = course
    return path


def get_item(*, path: LearningPath, item_id: int, access) -> PathItem:
    query = compiled.ITEM if access.can_tutor else compiled.VISIBLE_ITEM
    item = query.first(path_id=path.pk, item_id=row_id(item_id))
    if item is None:
        raise Http404
    item.path = path
    return item


def latest_attempt(*, path_id: int, user) -> PathAttempt | None:
    if not user.is_authenticated:
        return None
    return compiled.LATEST_ATTEMPT_WITH_PATH.first(path_id=path_id, user_id=user.pk)


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


def path_items(*, path: LearningPath) -> list[PathItem]:
    """Every item of the path in reading order (one query), each knowing its path."""
    items = list(PathItem.objects.filter(path=path).order_by("rank"))
    for item in items:
        item.path = path
    return items


def path_learners(*, path: LearningPath):
    """Every learner's latest attempts, for the teacher's progress report."""
    return (
        PathAttempt.objects.filter(path=path)
        .select_related("user", "path", "last_item")
        .order_by("user__last_name", "user__username", "-number")
    )


# --- The builder ---------------------------------------------------------------------------


def builder_url(path: LearningPath, kind: str = "") -> str:
    url = reverse("learnpaths:builder", args=[path.course.code, path.pk])
    return f"{url}?kind={kind}" if kind else url


# The picker's tabs: what teachers add most first; kinds registered later come after.
PICKER_ORDER = ["document", "test", "link", "text", "section"]


def _picker(*, course, kind_key: str, query: str, group: str | None) -> dict:
    """The picker's state for one kind: its objects (one list call), filtered by a search
    and, for documents, a folder; the groups (folders) to choose from."""
    order = {key: index for index, key in enumerate(PICKER_ORDER)}
    addable = sorted(
        (kind for kind in item_kinds() if kind.addable),
        key=lambda kind: order.get(kind.key, len(order)),
    )
    kind = get_item_kind(kind_key)
    if kind is None or not kind.addable:
        kind = next((k for k in addable if k.field == "target"), addable[0])
    objects = kind_pickables(kind, course) if kind.field == "target" else []
    groups = sorted({p.group for p in objects if p.group})
    needle = query.strip().casefold()
    shown = [
        p
        for p in objects
        if (not needle or needle in p.title.casefold())
        and (group is None or group == "" or p.group == group)
    ]
    return {
        "kinds": addable,
        "kind": kind,
        "objects": shown,
        "total": len(objects),
        "groups": groups,
        "group": group or "",
        "query": query,
        "creatable": kind.create is not None,
    }


def builder_context(*, path: LearningPath, tool_states, kind: str, query: str, group) -> dict:
    """The builder page: the tree with its "learners cannot open this" marks and the picker.
    A bounded number of queries whatever the path's length (one list per kind present)."""
    entries = build_toc(path=path, attempt=None, access=_TUTOR).entries
    openable = openable_map(
        course=path.course, items=[entry.item for entry in entries], tool_states=tool_states
    )
    by_id = {entry.item.pk: entry for entry in entries}
    kinds = {kind.key: kind for kind in item_kinds()}
    for entry in entries:
        entry.openable = openable.get(entry.item.pk, True)
        item_kind = kinds.get(entry.item.kind)
        entry.edit_url = (
            item_kind.edit_url(path.course.code, entry.item.target_id)
            if item_kind and item_kind.edit_url and entry.item.target_id
            else ""
        )
        required = by_id.get(entry.item.prerequisite_id)
        entry.required_title = required.item.title if required else ""
    toc = Toc(entries=entries, by_id=by_id, progress={}, path=path)
    return {
        "path": path,
        "tree": toc.tree(),
        "closed_count": sum(1 for entry in entries if not entry.openable),
        "picker": _picker(course=path.course, kind_key=kind, query=query, group=group),
        "kinds": kinds,
    }


class _TutorAccess:
    can_tutor = True


_TUTOR = _TutorAccess()


# --- The player ----------------------------------------------------------------------------


def attempt_history(*, path: LearningPath, user) -> list[PathAttempt]:
    if not user.is_authenticated:
        return []
    attempts = list(PathAttempt.objects.filter(path=path, user=user).order_by("-number"))
    for attempt in attempts:
        attempt.path = path
        attempt.percent = progress_percent(attempt)
        attempt.score = score_percent(attempt)
    return attempts


def play_item_urls(code: str, path_id: int, item_ids) -> dict[int, str]:
    """{item id: its player address}: one address made (``core.reversing``), the others
    differ only by the item's id at the end."""
    sentinel = 2_147_483_647
    prefix = reverse_ids("learnpaths:play_item", (code,), (path_id, sentinel))
    head, _sep, tail = prefix.rpartition(str(sentinel))
    return {pk: f"{head}{pk}{tail}" for pk in item_ids}


def _side(request, *, path: LearningPath, toc, item, attempt) -> dict:
    if attempt is not None:
        attempt.path = path
    if attempt is not None and attempt.number == 1:
        # The latest attempt is the first: there is no earlier one to list (no query).
        history, used = [], 1
    else:
        history = attempt_history(path=path, user=request.user)
        used = history[0].number if history else 0
        history = history[1:]
    urls = play_item_urls(request.course.code, path.pk, toc.by_id)
    for entry in toc.entries:
        entry.url = urls[entry.item.pk]
    return {
        "path": path,
        # Addresses reversed once per process and course (core.reversing).
        "index_url": reverse_ids("learnpaths:index", (request.course.code,)),
        "course_url": reverse_ids("courses:home", (request.course.code,)),
        "restart_url": reverse_ids("learnpaths:restart", (request.course.code,), (path.pk,)),
        "toc": toc,
        "tree": toc.tree(),
        "item": item,
        "current": item,  # marked in the table of contents
        "attempt": attempt,
        "progress": progress_percent(attempt),
        "score": score_percent(attempt) if attempt else None,
        "history": history,
        "can_restart": bool(
            attempt
            # a fresh attempt (nothing done, no time) has nothing to keep apart from a new one
            and (attempt.done_count or attempt.seconds)
            and request.course_access.can_participate
            and (
                not path.max_attempts or used < path.max_attempts or request.course_access.can_tutor
            )
        ),
    }


@dataclass
class NavControl:
    """One of a sequenced package's player controls: a navigation request (SN 4.2.1) sent by
    a form; shown unless hideLMSUI hides it, disabled when the sequencing refuses it now."""

    request: str
    id: str
    label: str
    title: str
    icon: str
    style: str
    enabled: bool
    confirm: bool = False
    # Why it is disabled, for the learner (``player.control_refusal``); "" when enabled.
    reason: str = ""
    # Whether the reason shows under the bar (Previous, Next) or is only read out.
    hint: bool = False


def nav_controls(navigation: dict | None) -> list[NavControl]:
    """The controls of a sequenced path's player from ``Sequencer.answers`` (none for the
    simple walk, which keeps its Previous/Next links), each disabled one with the reason
    the engine's exception code (``refusals``) gives."""
    if navigation is None:
        return []
    hidden = set(navigation.get("hide_ui", []))
    controls = [
        NavControl(
            "previous",
            "lp-previous",
            _("Previous"),
            _("Previous"),
            "chevron-left",
            "btn-outline-secondary",
            navigation["previous"],
        ),
        NavControl(
            "continue",
            "lp-next",
            _("Next"),
            _("Next"),
            "chevron-right",
            "btn-primary",
            navigation["continue"],
        ),
        NavControl(
            "suspendAll",
            "lp-suspend",
            _("Suspend"),
            _("Leave and come back later where you stopped"),
            "pause-circle",
            "btn-outline-secondary",
            navigation.get("suspendAll", True),
        ),
        NavControl(
            "exitAll",
            "lp-exit-all",
            _("Exit"),
            _("End this attempt and leave: what you did is recorded"),
            "stop-circle",
            "btn-outline-secondary",
            navigation.get("exitAll", False),
        ),
        NavControl(
            "abandonAll",
            "lp-abandon-all",
            _("Abandon"),
            _("Throw this attempt away and leave"),
            "x-octagon",
            "btn-outline-danger",
            navigation.get("abandonAll", False),
            confirm=True,
        ),
    ]
    refusals = navigation.get("refusals", {})
    for control in controls:
        if not control.enabled:
            control.reason = control_refusal(control.request, refusals.get(control.request))
            control.hint = control.request in ("previous", "continue")
    return [control for control in controls if control.request not in hidden]


def player_context(request, view) -> dict:
    """The player page's context from player.player_open's answer."""
    path, item = view.path, view.item
    context = _side(request, path=path, toc=view.toc, item=item, attempt=view.attempt)
    item_url = view.entry.url  # the item's own actions live under its address
    if view.waiting:
        context["current"] = None
    launchable = view.toc.launchable()
    position = next((n for n, e in enumerate(launchable, 1) if e.item.pk == item.pk), None)
    context.update(
        {
            # One masked token for the page's forms and its scripts (the template's own
            # would mask the secret once more).
            "csrf_token": page_token(request),
            "entry": view.entry,
            # "Item 3 of 12:" before the page's title (the item's place among the launchable).
            "title_position": (
                _("Item %(n)s of %(total)s:") % {"n": position, "total": len(launchable)}
                if position
                else ""
            ),
            # The item's actions, under its own address: no reverse() per link.
            "previous_url": f"{item_url}previous/",
            "next_url": f"{item_url}next/",
            "open_url": f"{item_url}open/",
            "toc_url": f"{item_url}toc/",
            "navigate_url": f"{item_url}navigate/",
            "launch_url": view.launch_url,
            "previous": view.previous,
            "next": view.next,
            "previous_reason": view.previous_reason,
            "next_reason": view.next_reason,
            "sequenced": view.navigation is not None,
            "hide_ui": (view.navigation or {}).get("hide_ui", []),
            "nav_controls": nav_controls(view.navigation) if view.attempt else [],
            "toc_root": (view.navigation or {}).get("root", ""),
            "choice": view.choice,
            "openable": view.openable,
            # Nothing delivered: the learner chooses where to begin (SN: no flow to start).
            "waiting": view.waiting,
            "new_tab": view.new_tab,
            "fullscreen": path.display == LearningPath.Display.FULLSCREEN,
            "embedded": path.display == LearningPath.Display.FULLSCREEN,
            "player_scripts": view.setup.get("scripts", []) + ["learnpaths/player.js"],
            # Content that needs a runtime is loaded by the script once it is installed.
            "entry_needs_runtime": bool(view.setup.get("scripts")),
            "player_config": {
                **view.setup.get("config", {}),
                "nextUrl": f"{item_url}next/",
                "previousUrl": f"{item_url}previous/",
                "exitUrl": context["index_url"],
                "navigateUrl": f"{item_url}navigate/",
                # Only plain items count their time until the page goes away; SCOs and AUs
                # report their own, so their pages send no beacon.
                "leaveUrl": (
                    ""
                    if view.waiting or ((kind := get_item_kind(item.kind)) and kind.self_tracking)
                    else f"{item_url}leave/"
                ),
                "tocUrl": f"{item_url}toc/",
                "csrfToken": page_token(request),
                "itemUrls": {
                    e.item.identifier: e.url
                    for e in view.toc.entries
                    if e.launchable and e.item.identifier
                },
            },
        }
    )
    return context


def player_side_context(request, *, path: LearningPath, item_id: int) -> dict:
    """The side panel alone (read only: nothing is recorded)."""
    attempt = latest_attempt(path_id=path.pk, user=request.user)
    toc = build_toc(path=path, attempt=attempt, access=request.course_access)
    entry = toc.by_id.get(item_id)
    if entry is None:
        raise Http404
    choice = toc.control(entry.item)[0] or request.course_access.can_tutor
    sequencer = path_sequencer(path, request.course_access) if attempt else None
    if sequencer is not None:
        # A sequenced package: what a choice may reach now (read only).
        answers = sequencer.answers(path=path, attempt=attempt, item=entry.item)
        apply_answers(toc, answers)
        choice = True
    return {
        **_side(request, path=path, toc=toc, item=entry.item, attempt=attempt),
        "choice": choice,
        "sequenced": sequencer is not None,
        "toc_root": answers["root"] if sequencer is not None else "",
    }


# --- The report ----------------------------------------------------------------------------


@dataclass
class ReportRow:
    """One learner of the course in a path's report (their latest attempt, if any)."""

    user: object
    attempt: PathAttempt | None
    attempts: int
    progress: int
    score: Decimal | None
    seconds: int
    last_access: object

    @property
    def status(self) -> str:
        return self.attempt.get_status_display() if self.attempt else ""


def report_rows(*, path: LearningPath) -> list[ReportRow]:
    """Every learner of the course, with their latest attempt: two queries whatever the
    number of learners and items (the enrolments, the attempts)."""
    from courses.selectors import course_members

    learners = [e.user for e in course_members(path.course, role="learner")]
    latest: dict[int, PathAttempt] = {}
    counts: dict[int, int] = {}
    attempts = (
        PathAttempt.objects.filter(path=path)
        .select_related("last_item")
        .order_by("user_id", "-number")
    )
    for attempt in attempts:
        attempt.path = path
        counts[attempt.user_id] = counts.get(attempt.user_id, 0) + 1
        latest.setdefault(attempt.user_id, attempt)
    rows = []
    for user in learners:
        attempt = latest.get(user.pk)
        rows.append(
            ReportRow(
                user=user,
                attempt=attempt,
                attempts=counts.get(user.pk, 0),
                progress=progress_percent(attempt),
                score=score_percent(attempt) if attempt else None,
                seconds=attempt.seconds if attempt else 0,
                last_access=attempt.updated_at if attempt else None,
            )
        )
    return rows


def attempt_report(*, path: LearningPath, attempt: PathAttempt, access) -> dict:
    """One learner's attempt, item by item (the report's drill-down): two queries."""
    attempt.path = path
    toc = build_toc(path=path, attempt=attempt, access=access)
    return {
        "path": path,
        "attempt": attempt,
        "entries": toc.entries,
        "percent": progress_percent(attempt),
        "score": score_percent(attempt),
    }
