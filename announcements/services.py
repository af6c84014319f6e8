from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from announcements.models import Announcement, Attachment, Delivery
from core.html import sanitize_html
from courses.models import Course, Enrollment
from courses.permissions import group_member_ids

User = get_user_model()


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """Who receives the e-mail copy: members now enrolled that the audience names."""
    members = User.objects.filter(enrollments__course_id=announcement.course_id, is_active=True)
    if announcement.audience == Announcement.Audience.USERS:
        members = members.filter(targeted_announcements=announcement)
    if announcement.group_id is not None:
        members = members.filter(
            pk__in=group_member_ids(announcement.course, announcement.group_id)
        )
    if announcement.author_id:
        members = members.exclude(pk=announcement.author_id)
    return members.distinct().order_by("pk")


def _course_learners(course: Course, users: Iterable) -> list:
    ids = [user.pk for user in users]
    return list(
        User.objects.filter(
            pk__in=ids, enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER
        )
    )


def _attach(announcement: Announcement, files: Iterable) -> None:
    for upload in files:
        Attachment.objects.create(
            announcement=announcement,
            file=upload,
            name=(upload.name or "file").rsplit("/", 1)[-1][:255],
            size=upload.size or 0,
        )


def _queue_email(announcement: Announcement) -> None:
    from announcements.tasks import announcement_email_task

    transaction.on_commit(lambda: announcement_email_task.delay(announcement.pk))


@transaction.atomic
def announcement_create(
    *,
    course: Course,
    author,
    title: str,
    content: str,
    audience: str = Announcement.Audience.ALL,
    recipients: Iterable = (),
    send_email: bool = False,
    attachments: Iterable = (),
    group_id: int | None = None,
) -> Announcement:
    """``group_id``: a group's announcement (the caller checked the group is the course's)."""
    announcement = Announcement.objects.create(
        course=course,
        author=author,
        title=title,
        content=sanitize_html(content),
        audience=audience,
        send_email=send_email,
        group_id=group_id,
    )
    if audience == Announcement.Audience.USERS:
        announcement.recipients.set(_course_learners(course, recipients))
    _attach(announcement, attachments)
    if send_email:
        _queue_email(announcement)
    return announcement


@transaction.atomic
def announcement_update(
    *,
    announcement: Announcement,
    title: str,
    content: str,
    audience: str,
    recipients: Iterable = (),
    send_email: bool = False,
    attachments: Iterable = (),
    remove_attachments: Iterable[int] = (),
    group_id: int | None = None,
) -> Announcement:
    """Save the changes; with send_email, e-mail whoever has not received a copy yet."""
    announcement.title, announcement.content = title, sanitize_html(content)
    announcement.group_id = group_id
    announcement.audience = audience
    announcement.send_email = announcement.send_email or send_email
    announcement.save()
    if audience == Announcement.Audience.USERS:
        announcement.recipients.set(_course_learners(announcement.course, recipients))
    else:
        announcement.recipients.clear()
    for attachment in announcement.attachments.filter(pk__in=list(remove_attachments)):
        attachment.file.delete(save=False)
        attachment.delete()
    _attach(announcement, attachments)
    if send_email:
        _queue_email(announcement)
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement) -> None:
    files = [attachment.file for attachment in announcement.attachments.all()]
    announcement.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def announcement_retry_failed(*, announcement: Announcement) -> int:
    """Queue the e-mail task again for the recipients whose copy failed."""
    failed = Delivery.objects.filter(
        announcement=announcement, status=Delivery.Status.FAILED
    ).count()
    if failed:
        _queue_email(announcement)
    return failed


# --- A deleted group's announcements (groups.api.GroupContent) ---------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    return Announcement.objects.filter(course=course, group_id=group_id).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's announcements become course announcements for the learners who were in
    the group (audience "Chosen learners"), so nobody new reads them. Else they go."""
    announcements = list(Announcement.objects.filter(course=course, group_id=group_id))
    if not keep:
        for announcement in announcements:
            announcement_delete(announcement=announcement)
        return
    learners = _course_learners(
        course, User.objects.filter(pk__in=group_member_ids(course, group_id))
    )
    for announcement in announcements:
        if announcement.audience == Announcement.Audience.ALL:
            announcement.audience = Announcement.Audience.USERS
            announcement.recipients.set(learners)
        announcement.group_id = None
        announcement.save(update_fields=["audience", "group_id"])
