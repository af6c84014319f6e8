"""The pages everyone opens first cost the same number of queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Course, CourseTool, Enrollment
from courses.tests.factories import CategoryFactory, CourseFactory, EnrollmentFactory
from courses.tools import _REGISTRY, Tool, register_tool

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm the platform-settings cache, as in a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow_catalogue(n, learner):
    category = CategoryFactory()
    for _ in range(n):
        course = CourseFactory(category=category, visibility=Course.Visibility.OPEN_PLATFORM)
        EnrollmentFactory.create_batch(2, course=course)
        Enrollment.objects.create(user=learner, course=course, role="learner")


def test_catalogue_and_my_courses_are_constant(client_for):
    learner = UserFactory()
    client = client_for(learner)
    grow_catalogue(2, learner)
    small = (count_queries(client, reverse("catalogue")), count_queries(client, reverse("home")))
    grow_catalogue(30, learner)
    large = (count_queries(client, reverse("catalogue")), count_queries(client, reverse("home")))
    assert small == large
    # My courses: the user, their courses, the sessions they learn in or coach.
    assert large[0] <= 5 and large[1] <= 4


@pytest.fixture
def many_tools():
    """Register extra tools for one test, and forget them afterwards."""
    before = dict(_REGISTRY)

    def add(n):
        for i in range(n):
            key = f"extra{len(_REGISTRY)}_{i}"
            register_tool(
                Tool(key=key, name=key, icon="star", url_name="courses:description", position=50)
            )

    yield add
    _REGISTRY.clear()
    _REGISTRY.update(before)


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_course_home_is_constant(course_roles, client_for, many_tools, role):
    course = course_roles["course"]
    client = client_for(course_roles[role])
    url = reverse("courses:home", kwargs={"code": course.code})
    small = count_queries(client, url)
    many_tools(25)
    for key in list(_REGISTRY)[:10]:
        CourseTool.objects.get_or_create(course=course, tool_key=key, defaults={"visible": False})
    EnrollmentFactory.create_batch(40, course=course)
    assert count_queries(client, url) == small
    assert small <= 4
