"""Month, week, day and list layouts of agenda items, in the viewer's time zone."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VIEWS = {
    "month": _("Month"),
    "week": _("Week"),
    "day": _("Day"),
    "list": _("List"),
}
LIST_DAYS = 60


@dataclass
class Day:
    date: date
    items: list
    in_month: bool = True
    today: bool = False


def parse_day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def bounds(view: str, day: date) -> tuple[date, date, date, date]:
    """(first day shown, day after the last, previous page's day, next page's day)."""
    if view == "month":
        first_of_month = day.replace(day=1)
        first = first_of_month - timedelta(days=first_of_month.weekday())
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        last_of_month = first_of_month + timedelta(days=days_in_month - 1)
        after = last_of_month + timedelta(days=7 - last_of_month.weekday())
        previous = (first_of_month - timedelta(days=1)).replace(day=1)
        following = last_of_month + timedelta(days=1)
        return first, after, previous, following
    if view == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=7), first - timedelta(days=7), first + timedelta(7)
    if view == "day":
        return day, day + timedelta(days=1), day - timedelta(days=1), day + timedelta(days=1)
    after = day + timedelta(days=LIST_DAYS)
    return day, after, day - timedelta(days=LIST_DAYS), after


def moments(first: date, after: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time(0), tzinfo=tz), datetime.combine(after, time(0), tzinfo=tz)


def layout(view: str, day: date, items: list) -> list[Day]:
    """The days of the page, each with the items that fall on it (multi-day items repeat)."""
    first, after, _previous, _following = bounds(view, day)
    today = timezone.localdate()
    by_day: dict[date, list] = {}
    for item in items:
        current, last = max(item.day, first), min(item.end_day, after - timedelta(days=1))
        while current <= last:
            by_day.setdefault(current, []).append(item)
            current += timedelta(days=1)
    days = []
    current = first
    while current < after:
        if view != "list" or current in by_day:
            days.append(
                Day(
                    date=current,
                    items=by_day.get(current, []),
                    in_month=current.month == day.month,
                    today=current == today,
                )
            )
        current += timedelta(days=1)
    return days


def weeks(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def page_context(view: str, day: date, items: list) -> dict:
    first, after, previous, following = bounds(view, day)
    days = layout(view, day, items)
    return {
        "view": view,
        "views": VIEWS,
        "day": day,
        "first": first,
        "last": after - timedelta(days=1),
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "days": days,
        "weeks": weeks(days) if view == "month" else [],
        "weekday_names": [d.date for d in days[:7]] if view == "month" else [],
        "items_count": len(items),
    }
