"""What recording a hit costs a request, for `make bench` (bench/run.py prints it).

``python manage.py shell -c "from tracking.bench import hit_cost; print(hit_cost())"``: with the
environment the server uses (DATABASE_URL, REDIS_URL), so the buffer measured is the real one
(an RPUSH to Redis, or the process's own list without Redis).

Figures: the course home page opened by a learner, ``rounds`` times with the hit recorded and
``rounds`` times without (the middleware's call replaced by nothing): its SQL statements and
writes each way and the CPU time each way; the wall time of one buffer append on its own; and
the cost of folding 1,000 buffered hits into the daily rows (the flush, off the request).
"""

import time
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

COURSE = "BENCHHITS"
WRITES = ("INSERT", "UPDATE", "DELETE")


def _course_and_learner():
    from django.contrib.auth import get_user_model

    from courses.models import Course, Enrollment

    course, _ = Course.objects.get_or_create(code=COURSE, defaults={"title": "Hit cost"})
    learner, _ = get_user_model().objects.get_or_create(
        username="bench-hits", defaults={"email": "bench-hits@example.org"}
    )
    Enrollment.objects.get_or_create(course=course, user=learner)
    return course, learner


def _request(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    sql = [q["sql"].lstrip().upper() for q in captured.captured_queries]
    return len(sql), sum(1 for statement in sql if statement.startswith(WRITES))


def hit_cost(rounds: int = 300, appends: int = 5000) -> dict:
    """The figures above, as a dict (times in microseconds and milliseconds)."""
    from tracking import buffer
    from tracking.services import hit_record, hits_flush

    course, learner = _course_and_learner()
    client = Client()
    client.force_login(learner)
    url = f"/courses/{course.code}/"
    hits_flush()
    for _ in range(5):  # warm-up: caches, lazy imports
        client.get(url, HTTP_HOST="127.0.0.1")
    hits_flush()
    # Interleaved, one request with and one without, so the neighbours' load drifts alike.
    recording = mock.patch("tracking.middleware.hit_record", wraps=hit_record)
    silent = mock.patch("tracking.middleware.hit_record")
    cpu = {"with": 0.0, "without": 0.0}
    with mock.patch("tracking.middleware.buffer.should_flush", return_value=False):
        with recording:
            queries_with, writes_with = _request(client, url)
        with silent:
            queries_without, writes_without = _request(client, url)
        for _ in range(rounds):
            for key, patch in (("with", recording), ("without", silent)):
                with patch:
                    started = time.process_time()
                    client.get(url, HTTP_HOST="127.0.0.1")
                    cpu[key] += time.process_time() - started
    cpu_with, cpu_without = (cpu[key] / rounds * 1000 for key in ("with", "without"))
    hits_flush()
    started = time.perf_counter()
    for _ in range(appends):
        hit_record(user_id=learner.pk, course_id=course.pk, tool="documents")
    append_us = (time.perf_counter() - started) / appends * 1_000_000
    hits_flush()
    for _ in range(1000):
        hit_record(user_id=learner.pk, course_id=course.pk, tool="documents")
    with CaptureQueriesContext(connection) as flush_queries:
        started = time.perf_counter()
        folded = hits_flush()
        flush_ms = (time.perf_counter() - started) * 1000
    return {
        "buffer": "Redis RPUSH" if buffer.uses_redis() else "process list",
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "queries_with": queries_with,
        "queries_without": queries_without,
        "sql_writes_with": writes_with,
        "sql_writes_without": writes_without,
        "cpu_ms_with": round(cpu_with, 3),
        "cpu_ms_without": round(cpu_without, 3),
        "append_us": round(append_us, 1),
        "flush_hits": folded,
        "flush_ms": round(flush_ms, 1),
        "flush_queries": len(flush_queries),
    }


def hit_cost_line(figures: dict) -> str:
    """One line for the bench's table."""
    added = figures["cpu_ms_with"] - figures["cpu_ms_without"]
    return (
        f"hit recording ({figures['buffer']}, {figures['database']}): "
        f"{figures['sql_writes_with'] - figures['sql_writes_without']} SQL writes and "
        f"{figures['queries_with'] - figures['queries_without']} queries added to a course page "
        f"({figures['queries_with']} queries with, {figures['queries_without']} without); "
        f"one append {figures['append_us']:.1f} µs wall; CPU per page "
        f"{figures['cpu_ms_with']:.2f} ms with, {figures['cpu_ms_without']:.2f} ms without "
        f"({added:+.2f} ms); flush of {figures['flush_hits']} hits off the request: "
        f"{figures['flush_ms']:.0f} ms, {figures['flush_queries']} queries"
    )
