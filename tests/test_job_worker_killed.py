"""A real Celery worker on Redis, killed with SIGKILL in the middle of an import (issue #10).

The platform runs as it does in production: its own SQLite file, a Redis broker (its own DB
number and queue name, so another run on the same Redis cannot take these messages), a
prefork worker started with `celery worker`. The test queues a documents zip import, waits
until the worker is inside it, and kills the process doing the work:

1. only the pool process (what the kernel's OOM killer does): the worker gives the message
   back (task_reject_on_worker_lost), the task comes again, waits until the job's heartbeat
   goes stale, takes the job back and imports everything once; the archive is removed;
2. the whole worker: nobody is left to give the message back, and the job page shows the job
   failed with its reason and a way to retry once the heartbeat is stale; the archive is
   removed.

Skipped when REDIS_URL is not set (CI sets it). Takes about a minute.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parent.parent
# A database of its own on the shared Redis; JOB_TEST_REDIS_DB changes it.
REDIS_DB = os.environ.get("JOB_TEST_REDIS_DB", "13")
FILES = 2000  # the zip import's most: long enough to be killed in the middle
STALE_SECONDS = 4

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis broker (REDIS_URL)")


def _redis_url() -> str:
    parts = urlsplit(REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_DB}", parts.query, ""))


@pytest.fixture
def platform(tmp_path):
    var = tmp_path / "var"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))},
        "VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "REDIS_URL": _redis_url(),
        "CELERY_QUEUE": f"plat10-job-kill-{uuid.uuid4().hex[:8]}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": "600",
        "JOB_HEARTBEAT_SECONDS": "0.5",
        "JOB_STALE_SECONDS": str(STALE_SECONDS),
        "SECRET_KEY": "job-kill-test",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver,localhost",
        "DJANGO_SETTINGS_MODULE": "chamilo.settings",
    }
    var.mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    workers = []

    def start_worker():
        log = open(tmp_path / f"worker{len(workers)}.log", "wb")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "chamilo",
                "worker",
                "-Q",
                env["CELERY_QUEUE"],
                "-c",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole, never us
        )
        workers.append((process, log))
        return process

    def shell(code: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", textwrap.dedent(code)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def job_row(job_id: int) -> dict:
        with sqlite3.connect(var / "db.sqlite3", timeout=20) as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM core_job WHERE id = ?", (job_id,)).fetchone()
            return dict(row)

    def count(sql: str, *args) -> int:
        with sqlite3.connect(var / "db.sqlite3", timeout=20) as db:
            return db.execute(sql, args).fetchone()[0]

    yield type(
        "Platform",
        (),
        {
            "env": env,
            "var": var,
            "start_worker": staticmethod(start_worker),
            "shell": staticmethod(shell),
            "job": staticmethod(job_row),
            "count": staticmethod(count),
            "logs": tmp_path,
        },
    )
    for process, log in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        log.close()
    # Leave nothing in our Redis queue for anybody else.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import redis, sys; redis.Redis.from_url(sys.argv[1]).delete(sys.argv[2])",
            env["REDIS_URL"],
            env["CELERY_QUEUE"],
        ],
        check=False,
        timeout=30,
    )


def _archive(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(FILES):
            archive.writestr(f"notes/n{number:04d}.txt", f"Note {number}\n" * 20)
    path.write_bytes(buffer.getvalue())


def _queue_import(platform, archive: Path, code: str) -> tuple[int, str]:
    out = platform.shell(
        f"""
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from courses.services import course_create
        from documents.services import zip_import_queue

        User = get_user_model()
        teacher, _ = User.objects.get_or_create(username="teacher", email="t@example.org")
        course = course_create(creator=teacher, code="{code}", title="Killed worker")
        upload = SimpleUploadedFile("notes.zip", open("{archive}", "rb").read())
        job = zip_import_queue(course=course, parent=None, upload=upload, user=teacher)
        print(job.pk, job.files[0])
        """
    )
    job_id, stored = out.split()[-2:]
    return int(job_id), stored


def _wait(what, predicate, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _documents(platform, code: str) -> int:
    return platform.count(
        "SELECT COUNT(*) FROM documents_document d JOIN courses_course c ON c.id = d.course_id "
        "WHERE c.code = ? AND d.kind = 'file'",
        code,
    )


def test_a_killed_worker_neither_loses_nor_doubles_an_import(platform, tmp_path):
    archive = tmp_path / "notes.zip"
    _archive(archive)
    media = platform.var / "media"

    # 1. The pool process dies in the middle: the task comes again and finishes the job once.
    job_id, stored = _queue_import(platform, archive, "KILL1")
    assert (media / stored).exists()
    worker = platform.start_worker()
    # The pool process is found first, then killed as soon as the job runs (and beats): the
    # unpacking of the files takes about a second on a quiet machine.
    child = _wait("the pool process", lambda: _pool_children(worker.pid), 90)[0]
    _wait(
        "the import to start and beat",
        lambda: (row := platform.job(job_id))["state"] == "running" and row["heartbeat_at"],
        90,
        interval=0.02,
    )
    assert platform.job(job_id)["state"] == "running", "the import ended before the kill"
    # The pool may have replaced the process found first: kill the one running now.
    child = (_pool_children(worker.pid) or [child])[0]
    os.kill(child, signal.SIGKILL)
    done = _wait(
        "the redelivered task to finish",
        lambda: (row := platform.job(job_id))["state"] in {"done", "failed"} and row,
        180,
    )
    log = "".join(p.read_text(errors="replace") for p in platform.logs.glob("worker*.log"))
    assert done["state"] == "done", (done["message"], log[-3000:])
    assert done["attempts"] == 2, log[-3000:]
    assert _documents(platform, "KILL1") == FILES  # all of them, once
    assert not (media / stored).exists()  # the uploaded archive is gone

    # 2. The whole worker dies: the job page says so once the heartbeat is stale.
    job_id, stored = _queue_import(platform, archive, "KILL2")
    _wait("the second import to start", lambda: platform.job(job_id)["state"] == "running", 90)
    time.sleep(0.5)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert platform.job(job_id)["state"] == "running"
    time.sleep(STALE_SECONDS + 1)
    page = platform.shell(
        f"""
        from django.contrib.auth import get_user_model
        from django.test import Client
        client = Client()
        client.force_login(get_user_model().objects.get(username="teacher"))
        print(client.get("/jobs/{job_id}/").content.decode())
        """
    )
    row = platform.job(job_id)
    assert row["state"] == "failed"
    assert "The worker running this job stopped" in page
    assert "Retry" in page
    assert 'hx-trigger="every 1s"' not in page
    assert _documents(platform, "KILL2") == 0  # nothing half done
    assert not (media / stored).exists()
