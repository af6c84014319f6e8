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
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        new = Client()
        if user is not None:
            new.force_login(user)
        return new

    return make
