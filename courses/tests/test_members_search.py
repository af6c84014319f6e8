"""The members page's search looks only in the fields the viewer is shown (issue #10)."""

import pytest
from django.urls import reverse

from courses.models import Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(course_roles):
    learner = course_roles["learner"]
    learner.email, learner.official_code = "secret.person@example.org", "STU-4242"
    learner.save()
    return learner


def found(client, course, query):
    response = client.get(reverse("courses:members", args=[course.code]), {"q": query})
    assert response.status_code == 200
    return [enrollment.user.username for enrollment in response.context["page"].object_list]


@pytest.mark.parametrize("query", ["secret.person", "STU-42", "example.org"])
@pytest.mark.parametrize("viewer", ["anonymous", "outsider", "learner"])
def test_hidden_fields_are_not_searched(course_roles, client_for, hidden, viewer, query):
    course = course_roles["course"]
    Course.objects.filter(pk=course.pk).update(visibility=Course.Visibility.OPEN_WORLD)
    client = client_for(None if viewer == "anonymous" else course_roles[viewer])
    assert found(client, course, query) == []


@pytest.mark.parametrize("viewer", ["tutor", "teacher", "admin"])
def test_who_sees_the_fields_may_search_them(course_roles, client_for, hidden, viewer):
    client = client_for(course_roles[viewer])
    course = course_roles["course"]
    assert found(client, course, "secret.person") == ["learner"]
    assert found(client, course, "STU-42") == ["learner"]


def test_everybody_searches_names(course_roles, client_for, hidden):
    course = course_roles["course"]
    Course.objects.filter(pk=course.pk).update(visibility=Course.Visibility.OPEN_WORLD)
    hidden.last_name = "Zebulon"
    hidden.save()
    assert found(client_for(None), course, "zebul") == ["learner"]
    page = client_for(None).get(reverse("courses:members", args=[course.code])).content
    assert b"Search by name" in page and b"e-mail" not in page.split(b"member-q")[1][:200]
