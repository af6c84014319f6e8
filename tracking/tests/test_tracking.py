"""Tracking: hits and heartbeats give the expected times, in bulk, and the reports read them."""

import csv
import io
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from tracking import buffer
from tracking.models import CourseDay, LoginDay, ToolDay
from tracking.selectors import course_report
from tracking.services import beat_record, hit_record, hits_flush

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_buffer():
    buffer.drain()
    yield
    buffer.drain()


def test_hits_fold_into_one_row_per_person_course_and_day(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    now = time.time()
    for _ in range(5):
        hit_record(user_id=learner.pk, course_id=course.pk, tool="documents", at=now)
    hit_record(user_id=learner.pk, course_id=course.pk, tool=None, at=now + 60)
    assert hits_flush() == 6
    row = CourseDay.objects.get(user=learner, course=course)
    assert row.visits == 6
    assert row.last_at - row.first_at == timedelta(seconds=60)
    assert ToolDay.objects.get(user=learner, tool="documents").visits == 5
    # A second flush adds to the same rows.
    hit_record(user_id=learner.pk, course_id=course.pk, tool="documents", at=now + 120)
    hits_flush()
    assert CourseDay.objects.get(user=learner, course=course).visits == 7
    assert ToolDay.objects.get(user=learner, tool="documents").visits == 6


def test_a_flush_costs_the_same_queries_for_10_and_1000_records(
    course_roles, django_assert_max_num_queries
):
    course, learner, tutor = course_roles["course"], course_roles["learner"], course_roles["tutor"]
    now = time.time()
    for size in (10, 1000):
        for index in range(size):
            user = learner if index % 2 else tutor
            hit_record(user_id=user.pk, course_id=course.pk, tool="links", at=now)
            buffer.push(("time", user.pk, course.pk, 30, now))
        with django_assert_max_num_queries(10):
            hits_flush()
    assert CourseDay.objects.get(user=learner).visits == 505


def test_deleted_people_and_courses_are_dropped_from_the_buffer(course_roles):
    gone = UserFactory()
    doomed = CourseFactory()
    hit_record(user_id=gone.pk, course_id=course_roles["course"].pk, tool="")
    hit_record(user_id=course_roles["learner"].pk, course_id=doomed.pk, tool="")
    gone.delete()
    doomed.delete()
    hit_record(user_id=course_roles["learner"].pk, course_id=course_roles["course"].pk, tool="")
    assert hits_flush() == 3
    assert CourseDay.objects.count() == 1


def test_heartbeats_count_time_in_use_and_cap_what_a_forgotten_tab_adds(course_roles, settings):
    course, learner = course_roles["course"], course_roles["learner"]
    cap = settings.TRACKING_BEAT_CAP_SECONDS
    t0 = 1_000_000.0

    def beat(state, at):
        return beat_record(user_id=learner.pk, course_id=course.pk, state=state, now=at)

    assert beat("start", t0) == 0
    assert beat("beat", t0 + 30) == 30
    assert beat("beat", t0 + 60) == 30
    # The laptop slept for an hour: the next beat is worth one cap at most.
    assert beat("beat", t0 + 3660) == cap
    # Leaving the page keeps the time since the last beat, then the clock stops.
    assert beat("end", t0 + 3670) == 10
    assert beat("beat", t0 + 3700) == 0  # nothing runs after an end
    assert beat("start", t0 + 4000) == 0
    assert beat("end", t0 + 4012) == 12
    hits_flush()
    assert CourseDay.objects.get(user=learner, course=course).seconds == 30 + 30 + cap + 10 + 12


def test_cap_boundary_one_second_either_side(course_roles, settings):
    course, learner = course_roles["course"], course_roles["learner"]
    cap = settings.TRACKING_BEAT_CAP_SECONDS
    for gap, expected in ((cap - 1, cap - 1), (cap, cap), (cap + 1, cap)):
        beat_record(user_id=learner.pk, course_id=course.pk, state="start", now=0.0)
        assert beat_record(user_id=learner.pk, course_id=course.pk, state="beat", now=gap) == (
            expected
        )


def test_course_pages_are_counted_by_the_middleware_and_sign_ins_by_the_signal(
    course_roles, client
):
    client.force_login(course_roles["learner"])
    client.get(reverse("courses:home", kwargs={"code": course_roles["course"].code}))
    client.get(reverse("documents:index", kwargs={"code": course_roles["course"].code}))
    # htmx fragments and failed pages are not visits
    client.get(
        reverse("documents:index", kwargs={"code": course_roles["course"].code}),
        headers={"HX-Request": "true"},
    )
    hits_flush()
    row = CourseDay.objects.get(user=course_roles["learner"])
    assert row.visits == 2
    assert ToolDay.objects.get(user=course_roles["learner"]).tool == "documents"
    assert LoginDay.objects.get(user=course_roles["learner"]).count == 1


def test_the_heartbeat_endpoint_credits_members_and_refuses_other_courses(course_roles, client_for):
    course = course_roles["course"]
    url = reverse("tracking:beat", kwargs={"code": course.code})
    learner = client_for(course_roles["learner"])
    assert learner.post(url, {"state": "start"}).status_code == 204
    assert learner.post(url, {"state": "bogus"}).status_code == 404
    assert learner.get(url).status_code == 405
    assert client_for(course_roles["outsider"]).post(url, {"state": "start"}).status_code == 403
    other = CourseFactory()
    other_url = reverse("tracking:beat", kwargs={"code": other.code})
    assert learner.post(other_url, {"state": "start"}).status_code == 403


def test_report_rows_times_and_paths_time_floor(course_roles, client_for):
    course = course_roles["course"]
    second = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    now = time.time()
    hit_record(user_id=course_roles["learner"].pk, course_id=course.pk, tool="", at=now)
    buffer.push(("time", course_roles["learner"].pk, course.pk, 600, now))
    hits_flush()
    columns, rows = course_report(course=course, enabled_tools=set(), sort="time", desc=True)
    assert [row.user for row in rows] == [course_roles["learner"], second]
    assert rows[0].seconds == 600 and rows[0].visits == 1
    assert rows[1].seconds == 0 and rows[1].last_at is None
    # Learners only: teachers and tutors are not rows.
    assert {row.user.pk for row in rows} == {course_roles["learner"].pk, second.pk}
    # Search by name, and the page itself: teachers and tutors only.
    _columns, found = course_report(course=course, enabled_tools=set(), q=second.username)
    assert [row.user for row in found] == [second]
    url = reverse("tracking:course", kwargs={"code": course.code})
    assert client_for(course_roles["learner"]).get(url).status_code == 403
    page = client_for(course_roles["tutor"]).get(url)
    assert page.status_code == 200
    assert "0:10:00" in page.content.decode()


def test_time_in_course_is_never_less_than_its_learning_paths(course_roles):
    from learnpaths.models import LearningPath, PathAttempt

    course = course_roles["course"]
    path = LearningPath.objects.create(course=course, title="Path")
    PathAttempt.objects.create(path=path, user=course_roles["learner"], seconds=900)
    buffer.push(("time", course_roles["learner"].pk, course.pk, 300, time.time()))
    hits_flush()
    _columns, rows = course_report(course=course, enabled_tools=set())
    assert rows[0].course_seconds == 300 and rows[0].path_seconds == 900
    assert rows[0].seconds == 900


def test_report_query_count_does_not_grow_with_learners(
    course_roles, client_for, django_assert_max_num_queries
):
    course = course_roles["course"]
    url = reverse("tracking:course", kwargs={"code": course.code})
    teacher = client_for(course_roles["teacher"])
    teacher.get(url)
    for size in (5, 100):
        for _ in range(size):
            user = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
            hit_record(user_id=user.pk, course_id=course.pk, tool="")
        hits_flush()
        with django_assert_max_num_queries(16):
            assert teacher.get(url).status_code == 200


def test_csv_and_xlsx_exports(course_roles, client_for):
    course = course_roles["course"]
    course_roles["learner"].first_name = "=HYPERLINK(evil)"
    course_roles["learner"].save()
    url = reverse("tracking:course", kwargs={"code": course.code})
    response = client_for(course_roles["teacher"]).get(url, {"format": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Last name", "First name", "Username"]
    assert rows[1][1] == "'=HYPERLINK(evil)"  # never a formula in a spreadsheet
    response = client_for(course_roles["teacher"]).get(url, {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == "learner"


def test_learner_detail_is_inside_the_course(course_roles, client_for):
    course = course_roles["course"]
    teacher = client_for(course_roles["teacher"])
    url = reverse(
        "tracking:learner", kwargs={"code": course.code, "user_id": course_roles["learner"].pk}
    )
    assert teacher.get(url).status_code == 200
    stranger = UserFactory()
    url = reverse("tracking:learner", kwargs={"code": course.code, "user_id": stranger.pk})
    assert teacher.get(url).status_code == 404


def test_platform_statistics_for_administrators_only(course_roles, client_for):
    buffer.push(("login", course_roles["learner"].pk, time.time()))
    buffer.push(("login", course_roles["learner"].pk, time.time()))
    hit_record(
        user_id=course_roles["learner"].pk, course_id=course_roles["course"].pk, tool="links"
    )
    hits_flush()
    url = reverse("tracking_platform")
    assert client_for(course_roles["learner"]).get(url).status_code == 302  # to the admin login
    page = client_for(course_roles["admin"]).get(url)
    assert page.status_code == 200
    today = next(e for e in page.context["logins"] if e["day"] == timezone.localdate())
    assert today["count"] == 2 and today["users"] == 1
    assert page.context["tools"][0]["tool"] == "links"
    # The tool's name, not its key: "Links", "Liens" in French.
    assert '<th scope="row" class="fw-normal">Links</th>' in page.content.decode()
    course_roles["admin"].language = "fr"
    course_roles["admin"].save(update_fields=["language"])
    french = client_for(course_roles["admin"]).get(url)
    assert '<th scope="row" class="fw-normal">Liens</th>' in french.content.decode()
    assert Decimal(page.context["active_users"]) == 1
