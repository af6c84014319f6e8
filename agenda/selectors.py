"""Reads of the agenda: which events a person sees, expanded into dated items."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from agenda.api import event_sources
from agenda.models import Event, FeedToken
from agenda.recurrence import occurrences, zone
from courses.models import Course, Enrollment
from courses.permissions import user_group_ids

STAFF_ROLES = (Enrollment.Role.TEACHER, Enrollment.Role.TUTOR)


@dataclass(frozen=True)
class Item:
    """One dated line of an agenda page or feed: an occurrence of an event or a tool's entry."""

    key: str  # unique and stable: the iCalendar UID
    title: str
    start: datetime  # aware
    end: datetime | None
    all_day: bool
    url: str = ""
    description: str = ""
    location: str = ""
    course_id: int | None = None
    course_title: str = ""
    kind: str = ""  # Event.Kind, or the source's key
    kind_label: str = ""
    icon: str = "calendar-event"
    event: Event | None = field(default=None, compare=False)
    tz: str = "UTC"  # for all-day items: the zone their date belongs to

    @property
    def day(self) -> date:
        """The day the item belongs to for the viewer (its own date if all-day)."""
        if self.all_day:
            return self.start.astimezone(zone(self.tz)).date()
        return timezone.localtime(self.start).date()

    @property
    def end_day(self) -> date:
        if not self.end:
            return self.day
        if self.all_day:
            return (self.end.astimezone(zone(self.tz)) - timedelta(seconds=1)).date()
        return timezone.localtime(self.end - timedelta(seconds=1)).date()


def _course_event_filter(user, *, staff_course_ids, learner_course_ids) -> Q:
    """Course events the user sees: all of the courses they teach, targeted ones elsewhere."""
    seen = Q(kind=Event.Kind.COURSE, course_id__in=list(staff_course_ids))
    seen |= Q(kind=Event.Kind.COURSE, course_id__in=list(learner_course_ids)) & _for_them(user)
    return seen


def _for_them(user) -> Q:
    """Course events addressed to ``user``: to everybody, to them, or to one of their groups."""
    for_them = Q(audience=Event.Audience.ALL)
    if user.is_authenticated:  # guests of an open course see what is for everybody
        for_them |= Q(recipients=user)
        groups = user_group_ids(user)
        if groups:
            for_them |= Q(audience=Event.Audience.GROUPS, group_links__group_id__in=groups)
    return for_them


def _in_range(events: QuerySet, start: datetime, end: datetime) -> QuerySet:
    """Events whose first occurrence starts before ``end`` and that may still occur after
    ``start`` (single events ending after it, rules without end or ending after it)."""
    single = Q(rrule="") & (Q(end__gt=start) | Q(end__isnull=True, start__gte=start))
    recurring = ~Q(rrule="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=start))
    return events.filter(Q(start__lt=end) & (single | recurring))


def _events(query: Q, start, end) -> list[Event]:
    events = Event.objects.filter(query).select_related("course").distinct()
    return list(_in_range(events, start, end).order_by("start", "pk"))


def _expand(events, start, end) -> list[Item]:
    items = []
    for event in events:
        for occurrence in occurrences(event, start, end):
            items.append(
                Item(
                    key=occurrence.key if event.rrule else event.uid,
                    title=event.title,
                    start=occurrence.start,
                    end=occurrence.end,
                    all_day=event.all_day,
                    url=event_url(event),
                    description=event.description,
                    location=event.location,
                    course_id=event.course_id,
                    course_title=event.course.title if event.course_id else "",
                    kind=event.kind,
                    kind_label=str(event.get_kind_display()),
                    icon={"course": "calendar-event", "personal": "person", "platform": "globe"}[
                        event.kind
                    ],
                    event=event,
                    tz=event.timezone,
                )
            )
    return items


def _source_items(*, courses: dict[int, Course], user, start, end) -> list[Item]:
    if not courses:
        return []
    items = []
    for source in event_sources():
        for entry in source.entries(course_ids=list(courses), user=user, start=start, end=end):
            course = courses.get(entry.course_id)
            items.append(
                Item(
                    key=f"{source.key}-{entry.key}@chamilo",
                    title=entry.title,
                    start=entry.start,
                    end=entry.end,
                    all_day=entry.all_day,
                    url=entry.url,
                    description=entry.description,
                    course_id=entry.course_id,
                    course_title=course.title if course else "",
                    kind=source.key,
                    kind_label=str(source.label),
                    icon=source.icon,
                    tz=timezone.get_current_timezone_name(),
                )
            )
    return items


def event_url(event: Event) -> str:
    if event.kind == Event.Kind.COURSE:
        return reverse("agenda:event", kwargs={"code": event.course.code, "event_id": event.pk})
    return reverse("agenda_personal:event", kwargs={"event_id": event.pk})


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.start, not item.all_day, item.title))


def course_items(course: Course, access, user, start: datetime, end: datetime) -> list[Item]:
    """Everything dated in one course between start and end that ``user`` may see."""
    if access.can_tutor:
        query = Q(kind=Event.Kind.COURSE, course=course)
    else:
        query = _course_event_filter(user, staff_course_ids=[], learner_course_ids=[course.pk])
    items = _expand(_events(query, start, end), start, end)
    items += _source_items(courses={course.pk: course}, user=user, start=start, end=end)
    return _sorted(items)


def user_courses(user) -> tuple[dict[int, Course], set[int]]:
    """({course id: course} the user belongs to, ids of those they teach or tutor)."""
    enrollments = Enrollment.objects.filter(user=user).select_related("course").order_by()
    courses, staff = {}, set()
    for enrollment in enrollments:
        courses[enrollment.course_id] = enrollment.course
        if enrollment.role in STAFF_ROLES:
            staff.add(enrollment.course_id)
    return courses, staff


def personal_items(user, start: datetime, end: datetime) -> list[Item]:
    """The user's whole agenda: their courses, their own events, the platform's, the tools'."""
    courses, staff = user_courses(user)
    query = _course_event_filter(
        user, staff_course_ids=staff, learner_course_ids=set(courses) - staff
    )
    query |= Q(kind=Event.Kind.PERSONAL, owner=user) | Q(kind=Event.Kind.PLATFORM)
    items = _expand(_events(query, start, end), start, end)
    items += _source_items(courses=courses, user=user, start=start, end=end)
    return _sorted(items)


def visible_course_events(course: Course, access, user) -> QuerySet:
    """The course's events this user may open (for detail pages and exports)."""
    events = Event.objects.filter(kind=Event.Kind.COURSE, course=course)
    if not access.can_tutor:
        events = events.filter(_for_them(user)).distinct()
    return events.select_related("course", "owner").prefetch_related("attachments")


def group_events(course: Course, group_id: int) -> QuerySet:
    """The course's events addressed to one group (its agenda space), soonest first."""
    return (
        Event.objects.filter(
            kind=Event.Kind.COURSE,
            course=course,
            audience=Event.Audience.GROUPS,
            group_links__group_id=group_id,
        )
        .select_related("course")
        .order_by("start", "pk")
    )


def group_items(course: Course, group_id: int, start: datetime, end: datetime) -> list[Item]:
    """The occurrences of a group's events between start and end."""
    events = list(_in_range(group_events(course, group_id), start, end))
    return _sorted(_expand(events, start, end))


def visible_personal_events(user) -> QuerySet:
    """Personal and platform events a user may open outside a course."""
    return (
        Event.objects.filter(Q(kind=Event.Kind.PERSONAL, owner=user) | Q(kind=Event.Kind.PLATFORM))
        .select_related("owner")
        .prefetch_related("attachments")
    )


def feed_token_for(user) -> FeedToken:
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token


def feed_window() -> tuple[datetime, datetime]:
    """What a subscription feed holds: the last 90 days and the next 365."""
    now = timezone.now()
    return now - timedelta(days=90), now + timedelta(days=365)
