"""The course report: the tools' columns, learners-only activity, sessions kept apart, and a
query count that does not grow with the learners."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assignments.models import Submission
from assignments.tests.factories import AssignmentFactory
from courses import services as course_services
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from forums.models import Post
from forums.tests.factories import PostFactory, ThreadFactory
from gradebook import services as gradebook_services
from tracking import buffer
from tracking.selectors import course_activity, course_report
from tracking.services import hit_record, hits_flush

pytestmark = pytest.mark.django_db

ALL_TOOLS = {"assignments", "forums", "gradebook"}


@pytest.fixture(autouse=True)
def empty_buffer():
    buffer.drain()
    yield
    buffer.drain()


def hand_in(assignment, user):
    Submission.objects.create(assignment=assignment, user=user, submitted_at=timezone.now())


def test_the_tools_columns_give_each_learner_their_own_figures(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    first, second = AssignmentFactory(course=course), AssignmentFactory(course=course)
    hand_in(first, learner)
    hand_in(second, learner)
    hand_in(first, other)
    hand_in(AssignmentFactory(), other)  # another course's assignment does not count
    thread = ThreadFactory(forum__course=course)
    for _ in range(3):
        PostFactory(thread=thread, author=learner)
    PostFactory(thread=thread, author=learner, anonymous=True)
    PostFactory(thread=thread, author=learner, status=Post.Status.PENDING)
    PostFactory(thread=thread, author=other)
    PostFactory(author=other)  # another course's forum
    oral = gradebook_services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    gradebook_services.marks_save(
        evaluation=oral, marks={learner.pk: Decimal(15), other.pk: Decimal(7)}
    )
    columns, rows = course_report(course=course, enabled_tools=ALL_TOOLS)
    keys = [c.key for c in columns]
    assert {"assignments_handed_in", "forum_posts", "gradebook_total"} <= set(keys)
    by_user = {row.user.pk: row.extra for row in rows}
    assert by_user[learner.pk]["assignments_handed_in"] == 2
    assert by_user[other.pk]["assignments_handed_in"] == 1
    assert by_user[learner.pk]["forum_posts"] == 3
    assert by_user[other.pk]["forum_posts"] == 1
    assert by_user[learner.pk]["gradebook_total"] == Decimal("75.00")
    assert by_user[other.pk]["gradebook_total"] == Decimal("35.00")
    # A tool switched off in the course has no column.
    columns, _rows = course_report(course=course, enabled_tools={"forums"})
    assert [c.key for c in columns] == ["forum_posts"]


def test_the_report_page_and_exports_show_the_columns(course_roles, client_for):
    course, learner = course_roles["course"], course_roles["learner"]
    hand_in(AssignmentFactory(course=course), learner)
    url = reverse("tracking:course", kwargs={"code": course.code})
    teacher = client_for(course_roles["teacher"])
    page = teacher.get(url).content.decode()
    assert "Assignments handed in" in page and "Forum posts" in page and "Gradebook total" in page
    csv_text = teacher.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.endswith("Assignments handed in,Forum posts,Gradebook total") or (
        "Assignments handed in" in header
    )
    position = header.split(",").index("Assignments handed in")
    assert row.split(",")[position] == "1"


def test_the_activity_chart_counts_learners_only(course_roles):
    course = course_roles["course"]
    now = time.time()
    for role in ("teacher", "tutor"):
        for _ in range(4):
            hit_record(user_id=course_roles[role].pk, course_id=course.pk, tool="", at=now)
        buffer.push(("time", course_roles[role].pk, course.pk, 500, now))
    hit_record(user_id=course_roles["learner"].pk, course_id=course.pk, tool="", at=now)
    buffer.push(("time", course_roles["learner"].pk, course.pk, 60, now))
    hits_flush()
    today = course_activity(course=course)[-1]
    assert today["day"] == timezone.localdate()
    assert (today["visits"], today["seconds"], today["learners"]) == (1, 60, 1)
    # The table agrees with the chart.
    _columns, rows = course_report(course=course, enabled_tools=set())
    assert sum(row.visits for row in rows) == today["visits"]


def make_learners(course, count, session=None):
    users = UserFactory.create_batch(count)
    if session is not None:
        course_services.session_add_learners(session=session, users=users)
    else:
        for user in users:
            EnrollmentFactory(course=course, user=user, role=Enrollment.Role.LEARNER)
    now = time.time()
    for index, user in enumerate(users):
        hit_record(user_id=user.pk, course_id=course.pk, tool="", at=now)
        buffer.push(("time", user.pk, course.pk, 60 * (index + 1), now))
        if index % 2:
            hand_in(AssignmentFactory(course=course), user)
    hits_flush()
    return users


def test_the_report_costs_the_same_queries_for_5_and_50_learners(course_roles, client_for):
    """Every column, paths and tests in the course: the count is the same at both sizes, in
    learners and in paths and tests (so 500 learners cost what 5 do)."""
    from assessments.tests.factories import QuizFactory
    from learnpaths.tests.factories import LearningPathFactory

    course = course_roles["course"]
    LearningPathFactory(course=course)
    QuizFactory(course=course)
    gradebook_services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100)
    )
    url = reverse("tracking:course", kwargs={"code": course.code})
    teacher = client_for(course_roles["teacher"])
    teacher.get(url)
    counts = []
    for size in (5, 45):  # 5, then 50 learners in all (plus the fixture's one)
        make_learners(course, size)
        # ...and more paths and tests each time: their results come in bulk too.
        for _more in range(3):
            LearningPathFactory(course=course)
            QuizFactory(course=course)
        with CaptureQueriesContext(connection) as queries:
            response = teacher.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.context["rows"]) == 51
    assert counts[0] == counts[1], counts


def test_two_sessions_of_a_course_keep_their_learners_and_results_apart(course_roles, client_for):
    course = course_roles["course"]
    today = timezone.localdate()
    spring = course_services.session_save(
        name="Spring", starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)
    )
    autumn = course_services.session_save(
        name="Autumn", starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)
    )
    coach_a, coach_b = UserFactory(username="coach-a"), UserFactory(username="coach-b")
    course_services.session_add_course(session=spring, course=course, coach=coach_a)
    course_services.session_add_course(session=autumn, course=course, coach=coach_b)
    spring_learners = make_learners(course, 2, session=spring)
    autumn_learners = make_learners(course, 3, session=autumn)

    def figures(rows):
        return {row.user.pk: (row.seconds, row.extra.get("assignments_handed_in")) for row in rows}

    _c, spring_rows = course_report(course=course, enabled_tools=ALL_TOOLS, session=spring)
    _c, autumn_rows = course_report(course=course, enabled_tools=ALL_TOOLS, session=autumn)
    assert set(figures(spring_rows)) == {u.pk for u in spring_learners}
    assert set(figures(autumn_rows)) == {u.pk for u in autumn_learners}
    assert figures(spring_rows) == {
        spring_learners[0].pk: (60, None),
        spring_learners[1].pk: (120, 1),
    }
    assert figures(autumn_rows)[autumn_learners[2].pk] == (180, None)
    # The chart of a session counts its learners only.
    assert course_activity(course=course, session=spring)[-1]["seconds"] == 180
    assert course_activity(course=course, session=autumn)[-1]["seconds"] == 360

    # Each coach's report page is their session, and they cannot look at the other one.
    url = reverse("tracking:course", kwargs={"code": course.code})
    page = client_for(coach_a).get(url)
    assert {row.user.pk for row in page.context["rows"]} == {u.pk for u in spring_learners}
    assert client_for(coach_a).get(url, {"session": autumn.pk}).status_code == 404
    assert client_for(coach_a).get(url, {"session": "all"}).context["session_context"].session == (
        spring
    )
    other_learner = reverse(
        "tracking:learner", kwargs={"code": course.code, "user_id": autumn_learners[0].pk}
    )
    assert client_for(coach_a).get(other_learner).status_code == 404
    assert client_for(coach_b).get(other_learner).status_code == 200
    # The teacher chooses: the whole course, or one session.
    teacher = client_for(course_roles["teacher"])
    whole = teacher.get(url).context["rows"]
    assert len(whole) == 1 + 2 + 3
    assert len(teacher.get(url, {"session": autumn.pk}).context["rows"]) == 3
    export = teacher.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert len(export.splitlines()) == 1 + 3  # the session chosen last is remembered


def test_recording_a_hit_adds_no_sql_to_the_request_as_make_bench_measures_it():
    from tracking.bench import hit_cost, hit_cost_line

    figures = hit_cost(rounds=3, appends=50)
    assert figures["sql_writes_with"] == figures["sql_writes_without"] == 0
    assert figures["queries_with"] == figures["queries_without"]
    assert figures["flush_hits"] == 1000 and figures["flush_queries"] <= 10
    assert "0 SQL writes and 0 queries added" in hit_cost_line(figures)


def test_the_bench_fixture_makes_a_report_course_the_bench_can_open(client_for):
    from courses.tests.factories import CourseFactory
    from tracking.bench_pages import PAGES, REPORT_COURSE, fixture
    from tracking.models import CourseDay

    teacher, learners = UserFactory(), UserFactory.create_batch(3)
    data = fixture(course=CourseFactory(), teacher=teacher, learners=learners, data={})
    assert data == {"report_code": REPORT_COURSE}
    assert CourseDay.objects.filter(course__code=REPORT_COURSE).count() == 1 + 2 + 3
    report = next(p for p in PAGES if p.who == "teacher")
    response = client_for(teacher).get(report.path.format(**data))
    assert response.status_code == report.expect and len(response.context["rows"]) == 3
