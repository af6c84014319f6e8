from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from announcements.models import Announcement, Delivery
from courses.models import Course
from courses.permissions import CourseAccess, group_scope_filter


def audience_filter(access: CourseAccess, user) -> Q:
    """Which announcements this person is meant to read.

    Teachers and tutors read everything. Others read what is meant for all, whatever the date
    they joined, plus what names them. (Groups: add `| Q(audience=GROUPS, groups__members=user)`
    written as an Exists like the one below.)
    """
    if access.can_tutor:
        return Q()
    audience = Q(audience=Announcement.Audience.ALL)
    if user.is_authenticated:
        named = Announcement.recipients.through.objects.filter(
            announcement_id=OuterRef("pk"), user_id=user.pk
        )
        audience |= Q(audience=Announcement.Audience.USERS) & Exists(named)
    return audience


def visible_announcements(
    course: Course, access: CourseAccess, user, *, group_id: int | None = None
) -> QuerySet[Announcement]:
    """What this person may read; with ``group_id``, only that group's announcements."""
    scope = Q(group_id=group_id) if group_id else group_scope_filter(access, "announcements")
    return (
        Announcement.objects.filter(course=course)
        .filter(scope)
        .filter(audience_filter(access, user))
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )


def announcement_list(
    course: Course, access: CourseAccess, user, *, group_id: int | None = None
) -> QuerySet[Announcement]:
    announcements = visible_announcements(course, access, user, group_id=group_id)
    if access.can_tutor:
        announcements = announcements.prefetch_related("recipients")
    return announcements


def delivery_summary(announcement: Announcement) -> dict[str, int]:
    rows = Delivery.objects.filter(announcement=announcement).values("status")
    counts = {row["status"]: row["n"] for row in rows.annotate(n=Count("pk"))}
    return {status: counts.get(status, 0) for status in Delivery.Status.values}


def failed_deliveries(announcement: Announcement) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(announcement=announcement, status=Delivery.Status.FAILED)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
