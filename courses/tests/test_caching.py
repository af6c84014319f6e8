"""Cached pieces of course pages (courses/caching.py) follow every change they show."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Course, Enrollment
from courses.services import (
    bulk_enroll_apply,
    bulk_enroll_plan,
    bulk_enroll_read,
    course_tool_set,
)
from courses.tests.factories import CategoryFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def tools_shown(response) -> set[str]:
    html = response.content.decode()
    return {key for key in ("documents", "links", "glossary") if f'data-tool="{key}"' in html}


def nav_links(response) -> str:
    html = response.content.decode()
    start = html.index('id="course-tools-nav"')
    return html[start : html.index("</nav>", start)]


def test_a_tool_hidden_by_the_teacher_leaves_the_warm_grid_and_sidebar(course_roles, client_for):
    course = course_roles["course"]
    learner = client_for(course_roles["learner"])
    home = reverse("courses:home", kwargs={"code": course.code})
    assert "documents" in tools_shown(learner.get(home))  # the cache is warm now
    course_tool_set(course=course, tool_key="documents", visible=False)
    response = learner.get(home)
    assert "documents" not in tools_shown(response)
    assert "/documents/" not in nav_links(response)
    links = learner.get(reverse("links:index", kwargs={"code": course.code}))
    assert "/documents/" not in nav_links(links)


def test_roles_and_languages_get_their_own_fragments(course_roles, client_for):
    course = course_roles["course"]
    course_tool_set(course=course, tool_key="links", visible=False)
    home = reverse("courses:home", kwargs={"code": course.code})
    learner = client_for(course_roles["learner"])
    tutor = client_for(course_roles["tutor"])
    assert "links" not in tools_shown(learner.get(home))
    assert "links" in tools_shown(tutor.get(home))  # tutors see hidden tools
    assert "links" not in tools_shown(learner.get(home))
    french = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER, user__language="fr")
    english_page = learner.get(home).content.decode()
    french_page = client_for(french.user).get(home).content.decode()
    assert "Course description" in english_page
    assert "Course description" not in french_page  # not the English fragment


def test_enrolments_tool_switches_and_categories_move_the_version(course_roles):
    course = course_roles["course"]
    versions = [Course.objects.get(pk=course.pk).cache_version]

    def moved():
        versions.append(Course.objects.get(pk=course.pk).cache_version)
        return versions[-1] != versions[-2]

    EnrollmentFactory(course=course)
    assert moved()
    Enrollment.objects.filter(course=course, user=course_roles["learner"]).delete()
    assert moved()
    course_tool_set(course=course, tool_key="links", enabled=False)
    assert moved()
    category = CategoryFactory()
    Course.objects.filter(pk=course.pk).update(category=category)
    versions.append(Course.objects.get(pk=course.pk).cache_version)
    category.name = "Renamed"
    category.save()
    assert moved()
    records = bulk_enroll_read("username,email,first_name,last_name\nnewcomer,n@example.org,N,C\n")
    bulk_enroll_apply(course=course, plan=bulk_enroll_plan(records))
    assert moved()


def test_a_warm_course_page_reads_no_tool_switches(
    course_roles, client_for, django_assert_num_queries
):
    course = course_roles["course"]
    learner = client_for(course_roles["learner"])
    home = reverse("courses:home", kwargs={"code": course.code})
    learner.get(home)
    # the user and the course with the viewer's role (the session is in the cache); the tool
    # switches, the class journal's "% done" line (a tool summary) and the fragments come from
    # the cache
    with django_assert_num_queries(2):
        assert learner.get(home).status_code == 200


def test_an_outsider_never_reads_a_members_fragment(course_roles, client_for):
    course = course_roles["course"]
    course.visibility = Course.Visibility.OPEN_PLATFORM
    course.save()
    home = reverse("courses:home", kwargs={"code": course.code})
    client_for(course_roles["learner"]).get(home)
    guest = client_for(UserFactory()).get(home).content.decode()
    assert "Leave this course" not in guest
    assert "You are visiting this course as a guest." in guest
