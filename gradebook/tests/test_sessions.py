"""The gradebook narrowed to a course session (courses.sessions), as the reports are: a teacher
chooses the whole course or one session; a session's coach sees that session's learners only,
on the grid, the offline marks page, the CSV/XLSX and PDF exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gradebook import services
from gradebook.models import Mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sessions(two_course_sessions):
    """The two sessions (conftest.two_course_sessions), and an offline evaluation where every
    learner of the course has 10."""
    oral = services.evaluation_create(
        course=two_course_sessions["course"], name="Oral", category=None, weight=Decimal(100)
    )
    marks = {u.pk: Decimal(10) for u in two_course_sessions["learners"]}
    services.marks_save(evaluation=oral, marks=marks)
    return {**two_course_sessions, "oral": oral}


def _names(response):
    return {user.username for user in response.context["grid"].learners}


def test_the_teacher_chooses_the_whole_course_or_one_session(
    two_sessions, course_roles, client_for
):
    url = reverse("gradebook:index", args=["CRS1"])
    teacher = client_for(course_roles["teacher"])
    whole = teacher.get(url)
    assert len(whole.context["grid"].learners) == 1 + 2 + 3
    page = whole.content.decode()
    assert 'id="gradebook-session-select"' in page and "Autumn" in page
    autumn = teacher.get(url, {"session": two_sessions["autumn"].pk})
    assert _names(autumn) == {"autumn-0", "autumn-1", "autumn-2"}
    # The exports follow the session chosen (remembered, as on the report).
    export = teacher.get(reverse("gradebook:export", args=["CRS1", "csv"]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["autumn-0", "autumn-1", "autumn-2"]
    assert "session-" in export["Content-Disposition"]
    back = teacher.get(url, {"session": "all"})
    assert len(back.context["grid"].learners) == 6


def test_a_coach_sees_their_session_only(two_sessions, client_for):
    url = reverse("gradebook:index", args=["CRS1"])
    coach = client_for(two_sessions["coach_a"])
    assert _names(coach.get(url)) == {"spring-0", "spring-1"}
    assert _names(coach.get(url, {"session": "all"})) == {"spring-0", "spring-1"}
    assert coach.get(url, {"session": two_sessions["autumn"].pk}).status_code == 404
    export = coach.get(reverse("gradebook:export", args=["CRS1", "csv"]), {"session": "all"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["spring-0", "spring-1"]


def test_a_coach_marks_and_imports_for_their_session_only(two_sessions, client_for):
    oral = two_sessions["oral"]
    url = reverse("gradebook:marks", args=["CRS1", oral.pk])
    coach = client_for(two_sessions["coach_a"])
    page = coach.get(url)
    assert {user.username for user, _cell in page.context["rows"]} == {"spring-0", "spring-1"}
    # Saving the form leaves the other session's marks alone.
    spring_0 = two_sessions["spring_learners"][0]
    coach.post(
        url, {f"mark-{spring_0.pk}": "15", f"mark-{two_sessions['autumn_learners'][0].pk}": "1"}
    )
    assert Mark.objects.get(evaluation=oral, user=spring_0).score == 15
    assert Mark.objects.get(evaluation=oral, user=two_sessions["autumn_learners"][0]).score == 10
    # A file naming a learner of the other session changes nothing for them.
    data = b"username,score\nspring-1,12\nautumn-1,2\n"
    response = coach.post(url, {"file": SimpleUploadedFile("marks.csv", data)})
    report = {row.username: row.reason for row in response.context["report"]}
    assert report["spring-1"] == "" and report["autumn-1"]
    autumn_1 = two_sessions["autumn_learners"][1]
    assert Mark.objects.get(evaluation=oral, user=autumn_1).score == 10


def test_the_pdf_export_follows_the_session(
    two_sessions, client_for, django_capture_on_commit_callbacks
):
    from core.models import Job

    coach = client_for(two_sessions["coach_a"])
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(reverse("gradebook:export_pdf_start", args=["CRS1"]))
    job = Job.objects.get(kind="gradebook_pdf")
    assert job.payload["session"] == two_sessions["spring"].pk
    job.refresh_from_db()
    assert job.state == Job.State.DONE and "2 learners" in job.message
