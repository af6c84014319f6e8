"""The agenda in course backups (backups.api): the course's own events (with their
recurrence rules and attachments), not personal or platform events.
An event addressed to chosen groups stays addressed to the restored copies of those groups
(groups are restored first); a group not part of the restore is dropped from its audience.
An event addressed to chosen learners stays addressed to them: they are kept by username and
restored to the accounts of the same username (backups.api.restore_user_links).

An event is in conflict with the course's event of the same title starting at the same time.
"""

from django.utils.translation import gettext_lazy as _

from agenda.models import Event, EventAttachment, EventGroup
from backups.api import (
    Provider,
    delete_files_on_commit,
    dump,
    dump_user_links,
    numbered,
    plan_conflicts,
    restore_rows,
    restore_user_links,
    select,
)


def _course_events(course):
    return Event.objects.filter(course=course, kind=Event.Kind.COURSE)


def items(course) -> list[tuple[int, str]]:
    return [
        (pk, f"{title} ({start:%Y-%m-%d})")
        for pk, title, start in _course_events(course).values_list("pk", "title", "start")
    ]


def export(course, selection, writer) -> dict:
    events = select(_course_events(course), selection)
    return {
        "events": dump(events, exclude=["owner"]),
        "attachments": dump(
            EventAttachment.objects.filter(event__in=events), writer=writer, tool="agenda"
        ),
        "groups": dump(EventGroup.objects.filter(event__in=events)),
        "recipients": dump_user_links(
            Event.recipients.through.objects.filter(event__in=events), owner="event"
        ),
    }


def _key(title: str, start) -> str:
    return f"{title.lower()}|{Event._meta.get_field('start').to_python(start).isoformat()}"


def _delete(queryset) -> None:
    names = list(EventAttachment.objects.filter(event__in=queryset).values_list("file", flat=True))
    queryset.delete()
    delete_files_on_commit(names)


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        _key(title, start): pk
        for pk, title, start in _course_events(course).values_list("pk", "title", "start")
    }
    plan = plan_conflicts(
        data.get("events", []),
        existing,
        key=lambda row: _key(row["title"], row["start"]),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=250)),
        policy=conflict_policy,
    )
    _delete(_course_events(course).filter(pk__in=plan.replaced))
    context.remember("agenda.event", plan.kept)
    events = restore_rows(
        Event,
        plan.rows,
        context=context,
        html=["description"],
        course_id=course.pk,
        kind=Event.Kind.COURSE,
        owner_id=context.user_id,
        uid="",
    )
    attachments = restore_rows(
        EventAttachment,
        data.get("attachments", []),
        context=context,
        files=files,
        file_fields=["file"],
        display_name="name",
        parent="event",
        parents=events,
    )
    group_rows = []
    for row in data.get("groups", []):
        group_id = context.new_id("groups.group", row.get("group_id"))
        if group_id is not None:
            group_rows.append({**row, "group_id": group_id})
    groups = restore_rows(EventGroup, group_rows, context=context, parent="event", parents=events)
    recipients, left_out = restore_user_links(
        Event.recipients.through, data.get("recipients", []), owner="event", owners=events
    )
    return {
        "events": len(events),
        "attachments": len(attachments),
        "groups": len(groups),
        "recipients": recipients,
        "left_out": left_out,
    }


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Agenda events")), _course_events(course).count())]


def empty(course) -> None:
    _delete(_course_events(course))


PROVIDER = Provider(
    key="agenda",
    label=_("Agenda"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
