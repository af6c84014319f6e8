"""Writes of the agenda: events, their attachments, imports, feed secrets and reminders."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from agenda.ical import ParseReport
from agenda.models import (
    Event,
    EventAttachment,
    EventGroup,
    FeedToken,
    ReminderSent,
    new_feed_token,
)
from agenda.recurrence import build_rule, occurrences, rule_until, zone
from core.html import sanitize_html
from courses.models import Course, Enrollment
from courses.permissions import course_groups, get_course_access, group_member_ids

User = get_user_model()


def _moments(*, tz_name, all_day, start_date, start_time, end_date, end_time):
    """Aware start and end from what the form gives, read in ``tz_name``."""
    tz = zone(tz_name)
    if all_day:
        start = datetime.combine(start_date, time(0), tzinfo=tz)
        last = end_date or start_date
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
        return start, end
    start = datetime.combine(start_date, start_time or time(0), tzinfo=tz)
    end = None
    if end_time or end_date:
        end = datetime.combine(end_date or start_date, end_time or start_time or time(0), tzinfo=tz)
    return start, end


def _attach(event: Event, files: Iterable) -> None:
    for upload in files:
        EventAttachment.objects.create(
            event=event,
            file=upload,
            name=(upload.name or "file").rsplit("/", 1)[-1][:255],
            size=upload.size or 0,
        )


def _learners(course: Course, users: Iterable) -> list:
    ids = [user.pk for user in users]
    return list(
        User.objects.filter(
            pk__in=ids, enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER
        )
    )


@transaction.atomic
def event_save(
    *,
    event: Event | None = None,
    kind: str,
    owner,
    course: Course | None = None,
    title: str,
    description: str = "",
    location: str = "",
    all_day: bool = False,
    start_date: date,
    start_time: time | None = None,
    end_date: date | None = None,
    end_time: time | None = None,
    tz_name: str = "UTC",
    repeat: str = "",
    repeat_until: date | None = None,
    audience: str = Event.Audience.ALL,
    recipients: Iterable = (),
    groups: Iterable[int] = (),
    reminder_minutes: int | None = None,
    attachments: Iterable = (),
    remove_attachments: Iterable[int] = (),
) -> Event:
    """Create (``event`` None) or update an event from wall-clock dates in ``tz_name``.

    ``repeat`` is "", "DAILY", "WEEKLY" or "MONTHLY"; ``repeat_until`` the last day
    (inclusive, None: no end). The rule is stored as RFC 5545 text with UNTIL in UTC.
    ``groups``: ids of the course's groups, for the audience "Chosen groups" (ids of other
    courses' groups are dropped).
    """
    tz = zone(tz_name)
    start, end = _moments(
        tz_name=tz.key,
        all_day=all_day,
        start_date=start_date,
        start_time=start_time,
        end_date=end_date,
        end_time=end_time,
    )
    rule, until = build_rule(repeat, repeat_until, tz)
    if event is None:
        event = Event(kind=kind, owner=owner, course=course)
    event.title, event.description = title, sanitize_html(description)
    event.location, event.all_day = location, all_day
    event.start, event.end, event.timezone = start, end, tz.key
    event.rrule, event.repeat_until = rule, until
    event.audience = audience if kind == Event.Kind.COURSE else Event.Audience.ALL
    event.reminder_minutes = reminder_minutes
    event.save()
    if kind == Event.Kind.COURSE and audience == Event.Audience.USERS:
        event.recipients.set(_learners(course, recipients))
    else:
        event.recipients.clear()
    _set_groups(event, groups if kind == Event.Kind.COURSE else ())
    for attachment in event.attachments.filter(pk__in=list(remove_attachments)):
        attachment.file.delete(save=False)
        attachment.delete()
    _attach(event, attachments)
    return event


def _set_groups(event: Event, groups: Iterable[int]) -> None:
    wanted = set()
    if event.audience == Event.Audience.GROUPS:
        # Every group of the course, whoever asks (an anonymous look sees them all).
        anyone = get_course_access(AnonymousUser(), event.course)
        wanted = {int(pk) for pk in groups} & {scope.group_id for scope in course_groups(anyone)}
    event.group_links.exclude(group_id__in=wanted).delete()
    have = set(event.group_links.values_list("group_id", flat=True))
    EventGroup.objects.bulk_create(
        [EventGroup(event=event, group_id=pk) for pk in sorted(wanted - have)]
    )


@transaction.atomic
def event_delete(*, event: Event) -> None:
    files = [attachment.file for attachment in event.attachments.all()]
    event.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def events_import(
    *, report: ParseReport, kind: str, owner, course: Course | None = None
) -> tuple[int, list[str]]:
    """Create the parsed events; an event whose UID is already here is skipped (no double
    import). Returns (number created, sentences about what was skipped)."""
    from django.utils.translation import gettext as _

    existing = Event.objects.filter(kind=kind)
    existing = existing.filter(course=course) if course else existing.filter(owner=owner)
    known = set(existing.exclude(uid="").values_list("uid", flat=True))
    skipped = list(report.skipped)
    created = 0
    for parsed in report.events:
        if parsed.uid and parsed.uid in known:
            skipped.append(
                _("%(event)s: already in this agenda (same UID).") % {"event": parsed.title}
            )
            continue
        event = Event(
            uid=parsed.uid,
            kind=kind,
            owner=owner,
            course=course,
            title=parsed.title,
            description=sanitize_html(parsed.description.replace("\n", "<br>")),
            location=parsed.location,
            all_day=parsed.all_day,
            start=parsed.start,
            end=parsed.end,
            timezone=parsed.timezone,
            rrule=parsed.rrule,
            repeat_until=rule_until(parsed.rrule) if parsed.rrule else None,
        )
        event.save()
        known.add(event.uid)
        created += 1
    return created, skipped


@transaction.atomic
def feed_token_renew(*, user) -> FeedToken:
    """Replace the user's feed secret: the old subscription address stops working."""
    token, created = FeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.save(update_fields=["token", "created_at"])
    return token


def event_recipients(event: Event) -> QuerySet:
    """Who is reminded of an event: the audience of a course event, the owner of a personal
    one. Platform events send no reminder (that would be an e-mail to everybody)."""
    if event.kind == Event.Kind.PERSONAL:
        return User.objects.filter(pk=event.owner_id, is_active=True)
    if event.kind != Event.Kind.COURSE:
        return User.objects.none()
    members = User.objects.filter(enrollments__course_id=event.course_id, is_active=True)
    if event.audience in {Event.Audience.USERS, Event.Audience.GROUPS}:
        if event.audience == Event.Audience.USERS:
            learners = members.filter(targeted_agenda_events=event)
        else:
            in_groups = set()
            for group_id in event.group_links.values_list("group_id", flat=True):
                in_groups |= group_member_ids(event.course, group_id)
            # Learners kept from a deleted group are chosen learners beside the groups.
            learners = members.filter(pk__in=in_groups) | members.filter(
                targeted_agenda_events=event
            )
        staff = members.filter(
            enrollments__course_id=event.course_id,
            enrollments__role__in=[Enrollment.Role.TEACHER, Enrollment.Role.TUTOR],
        )
        members = learners | staff
    return members.exclude(email="").distinct().order_by("pk")


REMINDER_HORIZON = timedelta(days=8)  # the longest reminder offered is a week


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail the reminders that are due: occurrences starting within their event's reminder
    delay from ``now``. Each (event, occurrence, person) is sent at most once. Returns the
    number of e-mails sent."""
    from agenda.tasks import send_reminder_mail

    now = now or timezone.now()
    events = Event.objects.filter(reminder_minutes__isnull=False).select_related("course")
    events = events.filter(start__lte=now + REMINDER_HORIZON)
    sent = 0
    for event in events:
        delay = timedelta(minutes=event.reminder_minutes)
        for occurrence in occurrences(event, now, now + delay):
            if occurrence.start < now:
                continue
            for user in event_recipients(event):
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(
                            event=event, user=user, occurrence=occurrence.start
                        )
                except IntegrityError:
                    continue  # already reminded
                send_reminder_mail(event=event, user=user, start=occurrence.start)
                sent += 1
    return sent


# --- A deleted group's events (groups.api.GroupContent) ----------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    """Course events addressed to the group."""
    return EventGroup.objects.filter(event__course=course, group_id=group_id).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's learners become chosen learners of each event addressed to it, so they
    still see it (an event left with no group is for "Chosen learners"). Else the group is taken
    off each event, and an event addressed to no group any more is deleted."""
    links = EventGroup.objects.filter(event__course=course, group_id=group_id)
    events = list(Event.objects.filter(pk__in=links.values("event_id")))
    learners = (
        _learners(course, User.objects.filter(pk__in=group_member_ids(course, group_id)))
        if keep
        else []
    )
    links.delete()
    remaining = set(EventGroup.objects.filter(event__in=events).values_list("event_id", flat=True))
    for event in events:
        if keep:
            event.recipients.add(*learners)
            if event.pk not in remaining:
                event.audience = Event.Audience.USERS
                event.save(update_fields=["audience", "updated_at"])
        elif event.pk not in remaining:
            event_delete(event=event)
