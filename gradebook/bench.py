"""The gradebook's benchmark: the whole grid of a large course (500 learners x 50
evaluations by default), timed with its query count. ``make bench`` calls ``grid_bench``
(or ``manage.py gradebook_bench``, which prints the same figures as JSON)."""

import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

BENCH_CODE = "BENCH-GRADEBOOK"


@transaction.atomic
def grid_bench_course(*, learners: int = 500, evaluations: int = 50):
    """A course with ``learners`` learners and ``evaluations`` offline evaluations in five
    weighted categories, every mark typed (bulk inserts); made once and reused."""
    from django.contrib.auth import get_user_model

    from courses.models import Course, Enrollment
    from gradebook.models import Category, Evaluation, GradebookSettings, Mark

    code = f"{BENCH_CODE}-{learners}x{evaluations}"
    course, created = Course.objects.get_or_create(code=code, defaults={"title": code})
    if not created:
        return course
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"{code.lower()}-{i}", first_name="Learner", last_name=f"{i:04d}")
            for i in range(learners)
        ]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(course=course, user=u, role=Enrollment.Role.LEARNER) for u in users]
    )
    GradebookSettings.objects.create(course=course, pass_mark=Decimal(50))
    categories = Category.objects.bulk_create(
        [
            Category(course=course, name=f"Category {i}", weight=Decimal(20), position=i)
            for i in range(5)
        ]
    )
    per_category = max(1, evaluations // len(categories))
    items = Evaluation.objects.bulk_create(
        [
            Evaluation(
                course=course,
                category=categories[i % len(categories)],
                name=f"Evaluation {i}",
                weight=Decimal(100) / per_category,
                max_score=Decimal(20),
                position=i,
            )
            for i in range(evaluations)
        ]
    )
    Mark.objects.bulk_create(
        [
            Mark(evaluation=e, user=u, score=Decimal((e.position * 7 + n) % 21))
            for e in items
            for n, u in enumerate(users)
        ],
        batch_size=5000,
    )
    return course


def _host() -> str:
    from django.conf import settings

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"]
    return hosts[0] if hosts else "127.0.0.1"


def grid_bench(*, learners: int = 500, evaluations: int = 50) -> dict:
    """Time the grid (``gradebook.grid.gradebook_grid``) and the teacher's page for it.

    Returns {"learners", "evaluations", "grid_seconds", "grid_queries", "page_seconds",
    "page_queries"}; the query counts do not depend on the size."""
    from django.test import Client

    from accounts.models import User
    from gradebook.grid import gradebook_grid

    course = grid_bench_course(learners=learners, evaluations=evaluations)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        grid = gradebook_grid(course)
        grid_seconds = time.perf_counter() - start
    admin, _created = User.objects.get_or_create(
        username="bench-gradebook-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    with CaptureQueriesContext(connection) as page_queries:
        start = time.perf_counter()
        response = client.get(f"/courses/{course.code}/gradebook/", HTTP_HOST=_host())
        page_seconds = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return {
        "learners": len(grid.learners),
        "evaluations": len(grid.evaluations),
        "grid_seconds": round(grid_seconds, 3),
        "grid_queries": len(queries),
        "page_seconds": round(page_seconds, 3),
        "page_queries": len(page_queries),
    }
