"""What other apps may use from the agenda: a registry of dated entries that tools publish.

A tool whose objects have dates learners should see in their agenda (an assignment's deadline,
a test's closing date) registers one ``EventSource`` in its ``AppConfig.ready()``; the agenda
shows its entries next to its own events and never imports the tool's models::

    from agenda.api import AgendaEntry, EventSource, register_event_source

    register_event_source(EventSource(
        key="assignment_deadline", label=_("Assignment deadlines"), icon="journal-arrow-up",
        entries=lambda *, course_ids, user, start, end: [AgendaEntry(...), ...],
    ))

``entries`` is called once per source for a whole page or feed (every course shown), so a
source answers in a query or two, never one per course. It returns only what ``user`` may see.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AgendaEntry:
    key: str  # unique and stable within its source (used as the iCalendar UID)
    course_id: int
    title: str
    start: datetime  # timezone-aware
    end: datetime | None = None
    all_day: bool = False
    url: str = ""  # where the entry leads in the platform
    description: str = ""  # plain text


@dataclass(frozen=True)
class EventSource:
    key: str
    label: str
    icon: str  # a Bootstrap Icons name, without "bi-"
    # entries(*, course_ids, user, start, end) -> [AgendaEntry] between start and end.
    entries: Callable


_SOURCES: dict[str, EventSource] = {}


def register_event_source(source: EventSource) -> None:
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"A different agenda source is already registered as {source.key!r}.")
    _SOURCES[source.key] = source


def event_sources() -> list[EventSource]:
    return list(_SOURCES.values())
