"""Reporting in `make bench` (bench/pages.py): the course report of 500 learners and the
heartbeat every open course page sends. What a hit costs a page is measured apart
(tracking/bench.py, printed at the end of the run)."""

import time

from bench.pages import PageSpec

REPORT_COURSE = "BENCHREPORT"
REPORT_LEARNERS = 500


def fixture(*, course, teacher, learners, data) -> dict:
    """A course of 500 of the bench's learners, each with a few days of visits and time."""
    from courses.caching import course_touch
    from courses.models import Course, Enrollment
    from tracking import buffer
    from tracking.models import CourseDay
    from tracking.services import hits_flush

    report, _ = Course.objects.get_or_create(
        code=REPORT_COURSE, defaults={"title": "Reporting benchmark", "visibility": "members"}
    )
    Enrollment.objects.get_or_create(
        course=report, user=teacher, defaults={"role": Enrollment.Role.TEACHER}
    )
    members = set(Enrollment.objects.filter(course=report).values_list("user_id", flat=True))
    chosen = learners[:REPORT_LEARNERS]
    Enrollment.objects.bulk_create(
        [Enrollment(course=report, user=u) for u in chosen if u.pk not in members],
        batch_size=500,
    )
    course_touch(report.pk)
    if not CourseDay.objects.filter(course=report).exists():
        now = time.time()
        for index, user in enumerate(chosen):
            for day in range(index % 5 + 1):
                stamp = now - day * 86400
                buffer.push(("hit", user.pk, report.pk, "documents", stamp))
                buffer.push(("time", user.pk, report.pk, 60 + index % 600, stamp))
        hits_flush()
    return {"report_code": REPORT_COURSE}


PAGES = [
    PageSpec(
        "course report (500 learners)",
        "/courses/{report_code}/reporting/",
        who="teacher",
    ),
    PageSpec(
        "heartbeat",
        "/courses/{code}/reporting/beat/",
        method="POST",
        body="state=beat",
        content_type="application/x-www-form-urlencoded",
        expect=204,
    ),
]
