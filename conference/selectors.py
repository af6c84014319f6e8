from django.db.models import Count, QuerySet

from conference.models import Attendance, Meeting, Room


def meetings_of(room: Room, limit: int = 20) -> QuerySet:
    return (
        Meeting.objects.filter(room=room)
        .select_related("started_by")
        .annotate(joins=Count("attendances"))
        .prefetch_related("attendances__user")
        .order_by("-started_at", "-pk")[:limit]
    )


def course_attendance(course_id: int) -> list[dict]:
    """For the course's statistics: per person, how many meetings they joined and when last."""
    from django.db.models import Max

    return list(
        Attendance.objects.filter(meeting__room__course_id=course_id)
        .values("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(meetings=Count("meeting", distinct=True), last=Max("joined_at"))
        .order_by("user__last_name", "user__username")
    )
