"""The attendance sheet narrowed to a course session (courses.sessions), as the reports are:
a teacher chooses the whole course or one session; a session's coach sees, takes and exports
the attendance of that session's learners only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(two_course_sessions):
    """The two sessions (conftest.two_course_sessions), and a sheet with one date at which
    every learner of the course was present."""
    sheet = services.sheet_create(course=two_course_sessions["course"], title="Lectures")
    (date,) = services.sessions_add(sheet=sheet, starts_at=timezone.now(), duration_minutes=60)
    marks = {u.pk: ("present", "") for u in two_course_sessions["learners"]}
    services.records_save(session=date, marks=marks)
    return {
        **two_course_sessions,
        "coach": two_course_sessions["coach_a"],
        "sheet": sheet,
        "date": date,
    }


def _learners(response):
    return {user.pk for user, _records, _stats in response.context["rows"]}


def test_the_teacher_chooses_and_the_coach_sees_their_session(setup, course_roles, client_for):
    url = reverse("attendance:sheet", args=["CRS1", setup["sheet"].pk])
    teacher = client_for(course_roles["teacher"])
    whole = teacher.get(url)
    assert len(_learners(whole)) == 1 + 2 + 3
    assert 'id="attendance-session-select"' in whole.content.decode()
    autumn = teacher.get(url, {"session": setup["autumn"].pk})
    assert _learners(autumn) == {u.pk for u in setup["autumn_learners"]}
    coach = client_for(setup["coach"])
    spring = {u.pk for u in setup["spring_learners"]}
    assert _learners(coach.get(url)) == spring
    assert _learners(coach.get(url, {"session": "all"})) == spring
    assert coach.get(url, {"session": setup["autumn"].pk}).status_code == 404


def test_the_export_and_the_roll_call_follow_the_session(setup, client_for):
    import io

    from openpyxl import load_workbook

    coach = client_for(setup["coach"])
    export = coach.get(reverse("attendance:export", args=["CRS1", setup["sheet"].pk, "xlsx"]))
    names = [row[0].value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows()]
    assert sorted(names[1:]) == sorted(u.display_name for u in setup["spring_learners"])
    take = reverse("attendance:take", args=["CRS1", setup["sheet"].pk, setup["date"].pk])
    page = coach.get(take)
    assert {user.pk for user, _record in page.context["rows"]} == {
        u.pk for u in setup["spring_learners"]
    }
    # Saving the roll call leaves the other session's marks alone.
    other = setup["autumn_learners"][0]
    coach.post(
        take,
        {
            **{f"status-{u.pk}": "absent" for u in setup["spring_learners"]},
            f"status-{other.pk}": "absent",
        },
    )
    assert Record.objects.get(session=setup["date"], user=other).status == "present"
    spring_0 = setup["spring_learners"][0]
    assert Record.objects.get(session=setup["date"], user=spring_0).status == "absent"
