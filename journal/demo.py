"""Demo content for `manage.py demo_data`."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from journal.services import advance_save, theme_create


def load(*, course, teacher) -> None:
    theme = theme_create(
        course=course,
        title="Linear equations",
        objectives="Solve equations of the first degree.",
        methodology="Short lectures, then exercises in pairs.",
        assessment="A test at the end of the theme.",
    )
    now = timezone.now()
    for week, done in ((2, True), (1, True), (-1, False)):
        advance_save(
            theme=theme,
            date=now - timedelta(weeks=week),
            duration_hours=Decimal("1.5"),
            content="Lecture and exercises",
            done=done,
        )
