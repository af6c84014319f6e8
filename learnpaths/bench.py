"""Benchmark of the path report for `make bench`: 500 learners × 30 items, bounded queries.

bench/run.py (or anyone) calls ``bench_report()``; it builds a throw-away course (rolled back),
renders the report page, its CSV and XLSX exports, and returns what each cost::

    {"learners": 500, "items": 30,
     "report": {"queries": 9, "seconds": 0.41}, "csv": {...}, "xlsx": {...}}

``build_report_data`` is shared with the test that asserts the same bound at two sizes.
"""

import time
from decimal import Decimal


def build_report_data(*, course, learners: int = 500, items: int = 30):
    """A path of ``items`` text items in ``course`` and ``learners`` new learners, each with
    one attempt and a progress row per item done (half of them) — a few bulk inserts."""
    from accounts.models import User
    from courses.models import Enrollment
    from learnpaths.models import ItemProgress, PathAttempt, Status
    from learnpaths.tests.factories import build_path

    path = build_path(course, items)
    path_items = list(path.items.order_by("rank"))
    users = User.objects.bulk_create(
        User(username=f"bench-learner-{course.pk}-{index}", first_name="L", last_name=f"{index}")
        for index in range(learners)
    )
    Enrollment.objects.bulk_create(
        Enrollment(course=course, user=user, role=Enrollment.Role.LEARNER) for user in users
    )
    done = items // 2
    attempts = PathAttempt.objects.bulk_create(
        PathAttempt(
            path=path,
            user=user,
            number=1,
            status=Status.INCOMPLETE,
            done_count=done,
            seconds=60 * done,
            score_sum=Decimal(80 * done),
            max_score_sum=Decimal(100 * done),
            last_item=path_items[done - 1] if done else None,
        )
        for user in users
    )
    ItemProgress.objects.bulk_create(
        ItemProgress(
            attempt=attempt,
            item=item,
            status=Status.PASSED,
            score=Decimal(80),
            score_max=Decimal(100),
            seconds=60,
        )
        for attempt in attempts
        for item in path_items[:done]
    )
    return path


def bench_report(learners: int = 500, items: int = 30) -> dict:
    """Render the report of ``learners`` × ``items`` (rolled back afterwards): queries and
    seconds of the page and of its two exports, as a teacher of the course."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from courses.models import Course, Enrollment

    result: dict = {"learners": learners, "items": items}
    with transaction.atomic():
        course = Course.objects.create(code="BENCH-LP", title="Bench")
        teacher = User.objects.create(username="bench-lp-teacher")
        Enrollment.objects.create(course=course, user=teacher, role=Enrollment.Role.TEACHER)
        path = build_report_data(course=course, learners=learners, items=items)
        client = Client()
        client.force_login(teacher)
        for name in ("report", "report_csv", "report_xlsx"):
            address = reverse(f"learnpaths:{name}", args=[course.code, path.pk])
            client.get(address)  # warm caches (session, platform settings)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                status = client.get(address, HTTP_HOST="testserver").status_code
            result[name] = {
                "status": status,
                "queries": len(captured),
                "seconds": round(time.perf_counter() - started, 3),
            }
        transaction.set_rollback(True)
    return result
