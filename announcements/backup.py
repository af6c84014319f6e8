"""Announcements in course backups (backups.api): the course's announcements, their
attachments and, for one addressed to chosen learners, who they are (by username: restored
to the accounts of the same username, backups.api.restore_user_links); not who received them
(deliveries) nor group announcements (a group's own, left with the group)."""

from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement, Attachment
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


def _course_announcements(course):
    return Announcement.objects.filter(course=course, group_id__isnull=True)


def items(course) -> list[tuple[int, str]]:
    return list(_course_announcements(course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    announcements = select(_course_announcements(course), selection)
    return {
        "announcements": dump(announcements),
        "attachments": dump(
            Attachment.objects.filter(announcement__in=announcements),
            writer=writer,
            tool="announcements",
        ),
        "recipients": dump_user_links(
            Announcement.recipients.through.objects.filter(announcement__in=announcements),
            owner="announcement",
        ),
    }


def _delete(queryset) -> None:
    names = list(
        Attachment.objects.filter(announcement__in=queryset).values_list("file", flat=True)
    )
    queryset.delete()
    delete_files_on_commit(names)


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk for pk, title in _course_announcements(course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("announcements", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=250)),
        policy=conflict_policy,
    )
    _delete(Announcement.objects.filter(course=course, pk__in=plan.replaced))
    context.remember("announcements.announcement", plan.kept)
    created = restore_rows(
        Announcement, plan.rows, context=context, html=["content"], course_id=course.pk
    )
    attachments = restore_rows(
        Attachment,
        data.get("attachments", []),
        context=context,
        files=files,
        file_fields=["file"],
        display_name="name",
        parent="announcement",
        parents=created,
    )
    recipients, left_out = restore_user_links(
        Announcement.recipients.through,
        data.get("recipients", []),
        owner="announcement",
        owners=created,
    )
    return {
        "announcements": len(created),
        "attachments": len(attachments),
        "recipients": recipients,
        "left_out": left_out,
    }


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Announcements")), _course_announcements(course).count())]


def empty(course) -> None:
    _delete(_course_announcements(course))


PROVIDER = Provider(
    key="announcements",
    label=_("Announcements"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
