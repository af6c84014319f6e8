"""iCalendar (RFC 5545) export and import with the ``icalendar`` library.

Exports of a course or of a person's agenda list every occurrence in a window as its own
VEVENT (UID "<event uid>-<UTC start>"), so any program shows exactly what the pages show;
the export of one event keeps its RRULE. Times carry their TZID and a VTIMEZONE, so a 09:00
Europe/Paris event reads 09:00 in Paris whatever the season.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from agenda.recurrence import FREQUENCIES, zone

PRODID = "-//Chamilo LMS//Agenda//EN"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _plain(html: str) -> str:
    return strip_tags(html or "").strip()


def _vevent(*, uid, title, start, end, all_day, tz_name, description="", location="", url=""):
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", title)
    tz = zone(tz_name)
    if all_day:
        first = start.astimezone(tz).date()
        last = end.astimezone(tz).date() if end else first + timedelta(days=1)
        vevent.add("dtstart", first)
        vevent.add("dtend", max(last, first + timedelta(days=1)))
    else:
        vevent.add("dtstart", start.astimezone(tz))
        if end:
            vevent.add("dtend", end.astimezone(tz))
    if description:
        vevent.add("description", _plain(description))
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    return vevent


def items_calendar(items, *, name: str, base_url: str = "") -> bytes:
    """A VCALENDAR of agenda items (selectors.Item), each occurrence its own VEVENT."""
    calendar = _calendar(name)
    for item in items:
        tz_name = item.tz if item.all_day else (item.event.timezone if item.event else "UTC")
        calendar.add_component(
            _vevent(
                uid=item.key,
                title=item.title,
                start=item.start,
                end=item.end,
                all_day=item.all_day,
                tz_name=tz_name,
                description=item.description,
                location=item.location,
                url=base_url + item.url if item.url else "",
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_calendar(event, *, base_url: str = "") -> bytes:
    """One event as a VCALENDAR, its recurrence kept as an RRULE."""
    from agenda.selectors import event_url

    calendar = _calendar(event.title)
    vevent = _vevent(
        uid=event.uid,
        title=event.title,
        start=event.start,
        end=event.end,
        all_day=event.all_day,
        tz_name=event.timezone,
        description=event.description,
        location=event.location,
        url=base_url + event_url(event),
    )
    if event.rrule:
        vevent.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


class ICalendarError(ValueError):
    """The file is not an iCalendar file we can read; the message says why, for people."""


@dataclass
class ParsedEvent:
    uid: str
    title: str
    start: datetime
    end: datetime | None
    all_day: bool
    timezone: str
    rrule: str = ""
    description: str = ""
    location: str = ""


@dataclass
class ParseReport:
    events: list[ParsedEvent] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one sentence per skipped entry


MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _moment(value, default_tz: ZoneInfo) -> tuple[datetime, bool, str]:
    """(aware start, all day?, zone name) from a DTSTART/DTEND value."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating time: the importer's own zone
            value = value.replace(tzinfo=default_tz)
        key = getattr(value.tzinfo, "key", None) or (
            "UTC" if value.utcoffset() == timedelta(0) else default_tz.key
        )
        return value, False, key
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=default_tz), True, default_tz.key
    raise TypeError


def parse_calendar(data: bytes, *, default_timezone: str) -> ParseReport:
    """Read the VEVENTs of an .ics file; what cannot be kept is listed in ``skipped``.

    Raises ICalendarError for a file that is not iCalendar at all. Kept recurrences are
    FREQ=DAILY/WEEKLY/MONTHLY (any UNTIL, COUNT, INTERVAL, BYDAY); others are skipped.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ICalendarError(_("The file is too large (2 MB at most)."))
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # the library raises ValueError, KeyError, IndexError...
        raise ICalendarError(
            _("This file is not a valid iCalendar (.ics) file: %(error)s") % {"error": error}
        ) from error
    if calendar.name != "VCALENDAR":
        raise ICalendarError(_("This file is not a valid iCalendar (.ics) file."))
    default_tz = zone(default_timezone)
    report = ParseReport()
    for number, component in enumerate(calendar.walk("VEVENT"), start=1):
        title = str(component.get("summary") or "").strip()
        label = title or _("event %(number)d") % {"number": number}
        if not title:
            report.skipped.append(_("%(event)s: no title (SUMMARY).") % {"event": label})
            continue
        if component.get("recurrence-id") is not None:
            report.skipped.append(
                _("%(event)s: a changed occurrence of a recurring event is not imported.")
                % {"event": label}
            )
            continue
        try:
            raw_start = component.decoded("dtstart")
        except (KeyError, ValueError):
            report.skipped.append(_("%(event)s: no valid start date.") % {"event": label})
            continue
        try:
            start, all_day, tz_name = _moment(raw_start, default_tz)
            end = None
            if component.get("dtend") is not None:
                end = _moment(component.decoded("dtend"), default_tz)[0]
            elif component.get("duration") is not None:
                end = start + component.decoded("duration")
        except (TypeError, ValueError, KeyError):
            report.skipped.append(_("%(event)s: unreadable dates.") % {"event": label})
            continue
        if end is not None and end < start:
            report.skipped.append(_("%(event)s: it ends before it starts.") % {"event": label})
            continue
        rule = ""
        if component.get("rrule") is not None:
            recur = component.get("rrule")
            if isinstance(recur, list):
                recur = recur[0]
            frequency = (recur.get("FREQ") or [""])[0]
            if frequency not in FREQUENCIES:
                report.skipped.append(
                    _("%(event)s: its recurrence (%(frequency)s) is not supported.")
                    % {"event": label, "frequency": frequency or "?"}
                )
                continue
            rule = recur.to_ical().decode()
            if "UNTIL=" in rule:
                until = recur["UNTIL"][0]
                if isinstance(until, datetime):
                    if until.tzinfo is None:
                        until = until.replace(tzinfo=zone(tz_name))
                    until = until.astimezone(ZoneInfo("UTC"))
                else:
                    until = datetime.combine(until, time(23, 59, 59), tzinfo=zone(tz_name))
                    until = until.astimezone(ZoneInfo("UTC"))
                recur["UNTIL"] = [until]
                rule = recur.to_ical().decode()
        report.events.append(
            ParsedEvent(
                uid=str(component.get("uid") or "")[:255],
                title=title[:250],
                start=start,
                end=end,
                all_day=all_day,
                timezone=tz_name if tz_name in _zones() else default_tz.key,
                rrule=rule[:500],
                description=str(component.get("description") or ""),
                location=str(component.get("location") or "")[:250],
            )
        )
    if not report.events and not report.skipped:
        report.skipped.append(_("The file holds no event."))
    return report


def _zones() -> set[str]:
    import zoneinfo

    return zoneinfo.available_timezones()


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/") if request else settings.PLATFORM_URL
