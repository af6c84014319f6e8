"""Recurring events: RFC 5545 rules (section 3.3.10) expanded in the event's own time zone.

A rule is expanded on the event's *local* wall-clock time (naive, in ``Event.timezone``) and
each occurrence is then placed in that zone, so 09:00 Europe/Paris stays 09:00 Paris time in
winter (08:00 UTC) and in summer (07:00 UTC). Expanding on UTC instead would drift by an hour
at each change of summer time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
MAX_OCCURRENCES = 1000  # per event and range: a safety net against a runaway rule


@dataclass(frozen=True)
class Occurrence:
    event: object  # agenda.models.Event
    start: datetime  # aware
    end: datetime | None

    @property
    def key(self) -> str:
        return f"{self.event.uid}-{self.start.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def build_rule(frequency: str, until: date | None, tz: ZoneInfo) -> tuple[str, datetime | None]:
    """The rule text (no "RRULE:") for a frequency repeated until a date (inclusive).

    Returns (rule, last moment an occurrence may start, aware) or ("", None) for no repeat.
    UNTIL is written in UTC, as RFC 5545 requires when DTSTART has a time zone.
    """
    if frequency not in FREQUENCIES:
        return "", None
    if until is None:
        return f"FREQ={frequency}", None
    last = datetime.combine(until, time(23, 59, 59), tzinfo=tz)
    utc = last.astimezone(ZoneInfo("UTC"))
    return f"FREQ={frequency};UNTIL={utc:%Y%m%dT%H%M%SZ}", last


def rule_until(rule: str) -> datetime | None:
    """The UNTIL of a rule as an aware datetime, or None (COUNT or no end)."""
    for part in rule.split(";"):
        if part.upper().startswith("UNTIL="):
            value = part[6:]
            if len(value) == 8:
                return datetime.strptime(value, "%Y%m%d").replace(
                    hour=23, minute=59, second=59, tzinfo=ZoneInfo("UTC")
                )
            parsed = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
            return parsed.replace(tzinfo=ZoneInfo("UTC"))
    return None


def _naive_rule(rule: str, tz: ZoneInfo) -> str:
    """dateutil wants UNTIL in the same kind (naive) as DTSTART: rewrite it in local time."""
    parts = []
    for part in rule.split(";"):
        if part.upper().startswith("UNTIL="):
            until = rule_until(rule)
            part = f"UNTIL={until.astimezone(tz):%Y%m%dT%H%M%S}"
        parts.append(part)
    return ";".join(parts)


def occurrences(event, start: datetime, end: datetime) -> list[Occurrence]:
    """The event's occurrences that overlap [start, end) (aware datetimes), in order."""
    tz = zone(event.timezone)
    duration = (event.end - event.start) if event.end else None
    if not event.rrule:
        last = event.end or event.start
        if event.start < end and (last > start or event.start >= start):
            return [Occurrence(event, event.start, event.end)]
        return []
    local_start = event.start.astimezone(tz).replace(tzinfo=None)
    rule = rrulestr(_naive_rule(event.rrule, tz), dtstart=local_start)
    span = duration or timedelta(0)
    window_start = (start - span).astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    window_end = end.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    found = []
    for local in rule.between(window_start, window_end, inc=True):
        begin = local.replace(tzinfo=tz)
        # A wall-clock time that does not exist (skipped at the change to summer time) is
        # normalised by the round trip through UTC, as calendar programs do.
        begin = begin.astimezone(ZoneInfo("UTC")).astimezone(tz)
        finish = begin + duration if duration is not None else None
        if begin < end and ((finish or begin) > start or begin >= start):
            found.append(Occurrence(event, begin, finish))
        if len(found) >= MAX_OCCURRENCES:
            break
    return found
