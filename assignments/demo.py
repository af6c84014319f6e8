"""Demo content for `manage.py demo_data`."""

from datetime import timedelta

from django.utils import timezone

from assignments.services import assignment_create


def load(*, course, teacher) -> None:
    now = timezone.now()
    assignment_create(
        course=course,
        title="Essay: why algebra?",
        instructions="<p>Write one page on what algebra is for. PDF or Word.</p>",
        max_score=20,
        deadline=now + timedelta(days=7),
        end_date=now + timedelta(days=10),
        kind="either",
        allowed_extensions="pdf docx odt",
    )
