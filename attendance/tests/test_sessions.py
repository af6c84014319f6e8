"""The attendance sheet narrowed to a course session (courses.sessions), as the reports are:
a teacher chooses the whole course or one session; a session's coach sees, takes and exports
the attendance of that session's learners only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from attendance import services
from attendance.models import Record
from courses import services as course_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(course_roles):
    course = course_roles["course"]
    today = timezone.localdate()
    spring, autumn = (
        course_services.session_save(
            name=name, starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=5)
        )
        for name in ("Spring", "Autumn")
    )
    coach = UserFactory(username="coach-a")
    course_services.session_add_course(session=spring, course=course, coach=coach)
    course_services.session_add_course(session=autumn, course=course)
    spring_learners = [UserFactory(first_name="Spring", last_name=f"L{i}") for i in range(2)]
    autumn_learners = [UserFactory(first_name="Autumn", last_name=f"L{i}") for i in range(3)]
    course_services.session_add_learners(session=spring, users=spring_learners)
    course_services.session_add_learners(session=autumn, users=autumn_learners)
    sheet = services.sheet_create(course=course, title="Lectures")
    (date,) = services.sessions_add(sheet=sheet, starts_at=timezone.now(), duration_minutes=60)
    everyone = [course_roles["learner"], *spring_learners, *autumn_learners]
    services.records_save(session=date, marks={u.pk: ("present", "") for u in everyone})
    return {
        "spring": spring,
        "autumn": autumn,
        "coach": coach,
        "sheet": sheet,
        "date": date,
        "spring_learners": spring_learners,
        "autumn_learners": autumn_learners,
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
