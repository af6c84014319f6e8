from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance import selectors, services
from attendance.models import Session
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory


@pytest.fixture
def sheet(course_roles):
    return services.sheet_create(course=course_roles["course"], title="Lectures")


def test_repeating_dates_with_duration(sheet):
    start = timezone.now().replace(microsecond=0)
    added = services.sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=90,
        repeat="weekly",
        until=start + timedelta(weeks=3),
    )
    assert len(added) == 4
    assert [s.starts_at for s in Session.objects.filter(sheet=sheet)] == [
        start + timedelta(weeks=i) for i in range(4)
    ]
    assert added[0].ends_at == start + timedelta(minutes=90)
    with pytest.raises(services.AttendanceError):
        services.sessions_add(sheet=sheet, starts_at=start, duration_minutes=60, repeat="daily")
    with pytest.raises(services.AttendanceError):
        services.sessions_add(
            sheet=sheet,
            starts_at=start,
            duration_minutes=60,
            repeat="daily",
            until=start + timedelta(days=400),
        )


def test_marks_and_percentages(course_roles, sheet, client_for):
    learner = course_roles["learner"]
    other = EnrollmentFactory(course=sheet.course, role=Enrollment.Role.LEARNER).user
    start = timezone.now()
    dates = services.sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=60,
        repeat="daily",
        until=start + timedelta(days=4),
    )
    statuses = ["present", "late", "absent", "excused", ""]
    for session, status in zip(dates, statuses, strict=True):
        services.records_save(
            session=session,
            marks={
                learner.pk: (status, "bus" if status == "late" else ""),
                other.pk: ("absent", ""),
            },
        )
    grid = selectors.sheet_grid(sheet)
    # learner: present + late over present, late, absent (excused and untaken left out) = 2/3
    assert grid.stats[learner.pk].percent == Decimal(200) / Decimal(3)
    assert grid.stats[other.pk].percent == Decimal(0)
    from gradebook.api import get_grade_source

    score = get_grade_source("attendance").scores(item_ids=[sheet.pk], user_ids=[learner.pk])[
        (sheet.pk, learner.pk)
    ]
    assert (score.score, score.max_score) == (2, 3)
    page = client_for(learner).get("/courses/CRS1/attendance/").content.decode()
    assert "66.7 %" in page and "bus" in page and "Not taken" in page
    # The learner sees only their own record.
    assert other.username not in page
    with pytest.raises(services.AttendanceError):
        services.records_save(session=dates[0], marks={learner.pk: ("asleep", "")})


def test_take_attendance_page(course_roles, sheet, client_for):
    (session,) = services.sessions_add(sheet=sheet, starts_at=timezone.now(), duration_minutes=60)
    learner = course_roles["learner"]
    teacher = client_for(course_roles["teacher"])
    url = f"/courses/CRS1/attendance/{sheet.pk}/dates/{session.pk}/"
    form = teacher.get(url).content.decode()
    assert f'id="status-{learner.pk}-present" value="present" checked' in form
    response = teacher.post(
        url, {f"status-{learner.pk}": "late", f"comment-{learner.pk}": "10 min"}
    )
    assert response.status_code == 302
    grid = selectors.sheet_grid(sheet)
    assert grid.records[(session.pk, learner.pk)].comment == "10 min"
    assert client_for(learner).get(url).status_code == 403
    other = services.sheet_create(course=CourseFactory(), title="Other")
    (foreign,) = services.sessions_add(sheet=other, starts_at=timezone.now(), duration_minutes=5)
    assert (
        teacher.get(f"/courses/CRS1/attendance/{sheet.pk}/dates/{foreign.pk}/").status_code == 404
    )
    assert teacher.get(f"/courses/CRS1/attendance/{other.pk}/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_sheet_page_queries_and_exports(
    course_roles, sheet, client_for, django_assert_num_queries, size
):
    learners = [
        EnrollmentFactory(course=sheet.course, role=Enrollment.Role.LEARNER).user
        for _ in range(size)
    ]
    start = timezone.now()
    for session in services.sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=60,
        repeat="daily",
        until=start + timedelta(days=size),
    ):
        services.records_save(session=session, marks={u.pk: ("present", "") for u in learners})
    teacher = client_for(course_roles["teacher"])
    with django_assert_num_queries(13):  # 12, and the course's sessions to choose from
        page = teacher.get(f"/courses/CRS1/attendance/{sheet.pk}/")
    assert page.content.decode().count("100 %") == size
    xlsx = teacher.get(f"/courses/CRS1/attendance/{sheet.pk}/export/xlsx/")
    assert xlsx.content[:2] == b"PK"
    pdf = teacher.get(f"/courses/CRS1/attendance/{sheet.pk}/export/pdf/")
    assert pdf.content[:5] == b"%PDF-"


def test_pdf_export_cuts_many_dates_into_tables_that_fit(course_roles, sheet, client_for):
    from attendance import exports

    start = timezone.now().replace(microsecond=0)
    sessions = services.sessions_add(
        sheet=sheet,
        starts_at=start,
        duration_minutes=60,
        repeat="daily",
        until=start + timedelta(days=29),
    )
    learner = course_roles["learner"]
    services.records_save(session=sessions[0], marks={learner.pk: ("present", "")})
    services.records_save(session=sessions[29], marks={learner.pk: ("absent", "ill")})
    header, rows = exports.table(selectors.sheet_grid(sheet))
    blocks = exports.pdf_blocks(header, rows)
    assert [(b["first"], b["last"]) for b in blocks] == [(1, 12), (13, 24), (25, 30)]
    for block in blocks:  # the learner and their percentage head every table
        assert block["header"][:2] == ["Learner", "Attendance (%)"]
        assert block["rows"][0][:2] == [learner.display_name, "50.0"]
    assert blocks[0]["rows"][0][2] == "Present" and blocks[2]["rows"][0][-1] == "Absent (ill)"
    assert sum(len(b["header"]) - 2 for b in blocks) == 30
    pdf = client_for(course_roles["teacher"]).get(
        f"/courses/CRS1/attendance/{sheet.pk}/export/pdf/"
    )
    assert pdf.content[:5] == b"%PDF-"
