"""Fixtures shared by every app's tests.

`course_roles` gives one course with a member of each role plus an outsider and an admin;
most permission tests start from it. Browser fixtures (page, login, screenshot) live in
tests/browser/fixtures.py, loaded here for every app's tests.
"""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.tests.factories import PASSWORD, UserFactory
from chamilo.celery import app as celery_app
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_platform(settings, tmp_path):
    """Each test: eager Celery, an empty cache, its own media folder, English to start with."""
    # A request from a French-speaking user activates French for the thread; without this it
    # would leak into the next test's messages.
    translation.activate(settings.LANGUAGE_CODE)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def course(db):
    return CourseFactory(code="CRS1", title="Course one", visibility=Course.Visibility.MEMBERS)


@pytest.fixture
def course_roles(db, course):
    """A course and a user for every way one can stand towards it."""
    teacher = EnrollmentFactory(
        course=course, role=Enrollment.Role.TEACHER, user__username="teacher"
    ).user
    tutor = EnrollmentFactory(
        course=course, role=Enrollment.Role.TUTOR, user__username="tutor"
    ).user
    learner = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="learner"
    ).user
    outsider = UserFactory(username="outsider")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return {
        "course": course,
        "teacher": teacher,
        "tutor": tutor,
        "learner": learner,
        "outsider": outsider,
        "admin": admin,
    }


@pytest.fixture
def two_course_sessions(course_roles):
    """Two course sessions of ``course_roles``' course running today: "Spring", coached by
    coach-a, with learners spring-0 and spring-1 (first name Spring), and "Autumn", coached
    by coach-b, with learners autumn-0, autumn-1 and autumn-2 (first name Autumn); the
    course's own learner is in neither. The reports narrowed to a session start from it."""
    from datetime import timedelta

    from django.utils import timezone

    from courses import services as course_services

    course = course_roles["course"]
    today = timezone.localdate()
    spring, autumn = (
        course_services.session_save(
            name=name, starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)
        )
        for name in ("Spring", "Autumn")
    )
    coach_a, coach_b = UserFactory(username="coach-a"), UserFactory(username="coach-b")
    course_services.session_add_course(session=spring, course=course, coach=coach_a)
    course_services.session_add_course(session=autumn, course=course, coach=coach_b)
    spring_learners = [
        UserFactory(username=f"spring-{i}", first_name="Spring", last_name=f"L{i}")
        for i in range(2)
    ]
    autumn_learners = [
        UserFactory(username=f"autumn-{i}", first_name="Autumn", last_name=f"L{i}")
        for i in range(3)
    ]
    course_services.session_add_learners(session=spring, users=spring_learners)
    course_services.session_add_learners(session=autumn, users=autumn_learners)
    return {
        "course": course,
        "spring": spring,
        "autumn": autumn,
        "coach_a": coach_a,
        "coach_b": coach_b,
        "spring_learners": spring_learners,
        "autumn_learners": autumn_learners,
        # Everyone learning in the course: its own learner and both sessions'.
        "learners": [course_roles["learner"], *spring_learners, *autumn_learners],
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        new = Client()
        if user is not None:
            new.force_login(user)
        return new

    return make


@pytest.fixture
def no_deferred_loads():
    """Opt in: reading a field that only()/defer() left out raises instead of running one more
    query (core.tests.deferred). For tests of pages and services built on such querysets."""
    from core.tests.deferred import deferred_loads_raise

    with deferred_loads_raise():
        yield
