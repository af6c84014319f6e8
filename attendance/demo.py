"""Demo content for `manage.py demo_data`."""

from datetime import timedelta

from django.utils import timezone

from attendance.services import sessions_add, sheet_create


def load(*, course, teacher) -> None:
    sheet = sheet_create(course=course, title="Lectures")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=14)
    sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=90,
        repeat="weekly",
        until=start + timedelta(weeks=5),
    )
