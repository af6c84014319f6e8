"""The item-kind registry: what a learning path may hold, published by each tool.

A tool makes its objects addable to paths by registering an ``ItemKind`` from its
``AppConfig.ready()`` through ``learnpaths.api`` (see docs/learnpaths.md). Learning paths never
import a tool's models: the kind says how its objects are picked (``pickables``/``choices``),
shown (``launch_url``, opened in the player's frame, where the page renders bare) and when an
item is complete (``completion``: "open" or "report").
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Pickable:
    """One object a teacher may put into a path, as the builder's picker lists it."""

    id: int
    title: str
    # Where it sits in its tool: a document's folder ("/Week 1"), a link's category.
    group: str = ""
    icon: str = ""
    # False for what a learner could not open (hidden document, unpublished test...).
    learner_can_open: bool = True
    # A short word shown beside the title ("PDF", "Web page", "Not published").
    detail: str = ""


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
    # --- Optional, added with the picker (every field above keeps its meaning) -------------
    # pickables(course) -> list[Pickable]: the builder's picker, in a bounded number of
    # queries (one or two) whatever the number of objects. Without it, ``choices`` is used.
    pickables: Callable | None = None
    # The course tool this kind belongs to (its key in courses.tools): when the tool is off
    # or hidden from learners, its items are marked "learners cannot open this".
    tool: str = ""
    # field == "target" and allows_url: the teacher may type an address instead of picking
    # (links: an external address, or a page of this course).
    allows_url: bool = False
    # field == "target" and target_optional: no object means "the whole tool" (the glossary).
    target_optional: bool = False
    # opens_in_new_tab(item) -> bool: content that refuses to be framed (an external site
    # sending X-Frame-Options) is offered as a button that opens it in a new tab.
    opens_in_new_tab: Callable | None = None
    # export(item) -> (file name, bytes) | None: the file a SCORM 1.2 export ships for the
    # item (a document's file, a page's HTML); None: the export links back to the platform.
    export: Callable | None = None
    # The score of this kind can be a prerequisite ("scored at least N %").
    scored: bool = False
    # create(course=, user=, title=, text=) -> target id: the builder makes a new object of
    # the tool on the spot (a web page, an empty test) and adds it; create_label names it.
    create: Callable | None = None
    create_label: str = ""
    # create_asks_text: the on-the-spot form has a rich-text field (a page's content).
    create_asks_text: bool = False
    # edit_url(course_code, target_id) -> str: the object's editor in its own tool (a test's
    # questions, a page's content), linked from the builder; None when the tool has none.
    edit_url: Callable | None = None


_KINDS: dict[str, ItemKind] = {}


def register_item_kind(kind: ItemKind) -> None:
    """Add a kind; registering the same key twice with a different kind is an error."""
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(
            f"A different learning path item kind is already registered as {kind.key!r}."
        )
    _KINDS[kind.key] = kind


# Sequencers: a path imported from a source with its own sequencing (SCORM 2004) is
# navigated by the sequencer that source registers (scorm.sequencer.Sequencer: start, open,
# navigate, answers), plain paths by the player's simple walk.
_SEQUENCERS: dict[str, object] = {}


def register_sequencer(source: str, sequencer) -> None:
    """Let ``sequencer`` decide what paths of this ``source`` deliver (see player.py)."""
    _SEQUENCERS[source] = sequencer


def get_sequencer(source: str):
    return _SEQUENCERS.get(source)


def get_item_kind(key: str) -> ItemKind | None:
    return _KINDS.get(key)


def item_kinds() -> list[ItemKind]:
    return list(_KINDS.values())


def trackable_kind_keys() -> list[str]:
    return [kind.key for kind in _KINDS.values() if kind.trackable]


def launchable_kind_keys() -> list[str]:
    """The kinds the player opens: trackable, with a launch address (not sections)."""
    return [kind.key for kind in _KINDS.values() if kind.trackable and kind.launch_url]


def kind_pickables(kind: ItemKind, course) -> list[Pickable]:
    """The picker's list for a kind: ``pickables`` when given, else ``choices`` (all openable
    unless ``learner_can_open`` says otherwise, which costs a query each: prefer pickables)."""
    if kind.pickables is not None:
        return list(kind.pickables(course))
    if kind.choices is None:
        return []
    result = []
    for pk, label in kind.choices(course):
        openable = kind.learner_can_open(course, pk) if kind.learner_can_open else True
        result.append(Pickable(id=pk, title=str(label), learner_can_open=openable))
    return result


# --- Kinds learning paths owns -----------------------------------------------------------


def _text_url(item) -> str:
    return reverse("learnpaths:item_text", args=[item.path.course.code, item.path_id, item.pk])


def _description_url(item) -> str:
    return reverse("courses:description", args=[item.path.course.code])


def register_builtin_kinds() -> None:
    """Sections, texts written in the builder, and the course description (the courses app
    sits below the tools and cannot register into learning paths itself)."""
    register_item_kind(ItemKind(key="section", label=_("Section"), icon="folder", trackable=False))
    register_item_kind(
        ItemKind(
            key="text",
            label=_("Text"),
            icon="file-text",
            launch_url=_text_url,
            field="text",
        )
    )
    register_item_kind(
        ItemKind(
            key="course_description",
            label=_("Course description"),
            icon="info-circle",
            launch_url=_description_url,
            tool="description",
        )
    )
