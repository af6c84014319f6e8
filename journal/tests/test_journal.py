from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance import services as attendance
from courses.tests.factories import CourseFactory
from journal import selectors, services
from journal.models import Advance


@pytest.fixture
def theme(course_roles):
    return services.theme_create(
        course=course_roles["course"],
        title="Fractions",
        objectives="Add fractions",
        methodology="Exercises",
    )


def test_percentage_done_on_journal_and_course_home(course_roles, theme, client_for):
    now = timezone.now()
    second = services.theme_create(course=theme.course, title="Decimals")
    for index, done in enumerate([True, True, False]):
        services.advance_save(
            theme=theme, date=now + timedelta(days=index), duration_hours=Decimal(2), done=done
        )
    services.advance_save(theme=second, date=now, duration_hours=Decimal(1), done=False)
    assert selectors.progress_percent(theme.course) == Decimal(50)
    learner = client_for(course_roles["learner"])
    home = learner.get("/courses/CRS1/").content.decode()
    assert "50 % done" in home
    page = learner.get("/courses/CRS1/journal/").content.decode()
    assert "Add fractions" in page and "67 %" in page and "Mark as done" not in page
    teacher = client_for(course_roles["teacher"])
    advance = Advance.objects.filter(theme=second).get()
    response = teacher.post(
        f"/courses/CRS1/journal/themes/{second.pk}/advances/{advance.pk}/done/", {"done": "1"}
    )
    assert response.status_code == 302
    assert selectors.progress_percent(theme.course) == Decimal(75)
    assert "75 % done" in teacher.get("/courses/CRS1/").content.decode()


def test_no_advance_no_line_on_course_home(course_roles, client_for):
    assert (
        "% done" not in client_for(course_roles["learner"]).get("/courses/CRS1/").content.decode()
    )


def test_advance_linked_to_attendance_date(course_roles, theme, client_for):
    sheet = attendance.sheet_create(course=theme.course, title="Lectures")
    start = timezone.now().replace(second=0, microsecond=0)
    (session,) = attendance.sessions_add(sheet=sheet, starts_at=start, duration_minutes=90)
    teacher = client_for(course_roles["teacher"])
    url = f"/courses/CRS1/journal/themes/{theme.pk}/advances/new/"
    assert "Lectures ·" in teacher.get(url).content.decode()
    response = teacher.post(
        url,
        {
            "date": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_hours": "1.5",
            "content": "Chapter 1",
            "attendance_date_id": str(session.pk),
        },
    )
    assert response.status_code == 302
    advance = Advance.objects.get(theme=theme)
    assert advance.attendance_date_id == session.pk and advance.duration_hours == Decimal("1.5")
    page = client_for(course_roles["learner"]).get("/courses/CRS1/journal/").content.decode()
    assert "Lectures ·" in page and "Chapter 1" in page
    other = services.theme_create(course=CourseFactory(), title="Elsewhere")
    assert teacher.get(f"/courses/CRS1/journal/themes/{other.pk}/").status_code == 404
    assert client_for(course_roles["learner"]).get(url).status_code == 403


def test_course_home_percentage_follows_every_change_to_the_advances(
    course_roles, theme, client_for
):
    """The "% done" line is cached by course version: each write path moves it on."""
    learner = client_for(course_roles["learner"])
    now = timezone.now()
    first = services.advance_save(theme=theme, date=now, duration_hours=Decimal(1), done=False)
    assert "0 % done" in learner.get("/courses/CRS1/").content.decode()
    services.advance_set_done(advance=first, done=True)
    assert "100 % done" in learner.get("/courses/CRS1/").content.decode()
    # a write that does not go through the services (the admin, a shell) moves it on too
    Advance.objects.create(theme=theme, date=now, duration_hours=Decimal(1), done=False)
    assert "50 % done" in learner.get("/courses/CRS1/").content.decode()
    services.advance_delete(advance=first)
    assert "0 % done" in learner.get("/courses/CRS1/").content.decode()
    services.theme_delete(theme=theme)
    assert "% done" not in learner.get("/courses/CRS1/").content.decode()


def test_deleting_a_theme_moves_the_course_version_once(theme):
    """Its advances go with it: one UPDATE of the course, not one per advance."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for day in range(5):
        services.advance_save(
            theme=theme, date=timezone.now(), duration_hours=Decimal(day + 1), done=False
        )
    with CaptureQueriesContext(connection) as captured:
        services.theme_delete(theme=theme)
    touches = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "courses_course"')]
    assert len(touches) == 1
