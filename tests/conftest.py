"""Fixtures shared by the walks of tests/ (the permission walk is split over several files)."""

import pytest


@pytest.fixture
def walk_roles(course_roles):
    """course_roles, plus the session roles of the table: a coach of a session holding the
    course and a learner of a session that ended yesterday."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.tests.factories import UserFactory
    from courses import services

    today = timezone.localdate()
    running = services.session_save(name="Running", starts_on=today, ends_on=today)
    ended = services.session_save(
        name="Ended", starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )
    coach = UserFactory(username="coach")
    services.session_add_course(session=running, course=course_roles["course"], coach=coach)
    services.session_add_course(session=ended, course=course_roles["course"])
    ended_learner = UserFactory(username="ended_learner")
    services.session_add_learners(session=ended, users=[ended_learner])
    return {**course_roles, "coach": coach, "ended_learner": ended_learner}
