"""`make bench`: serve the platform under gunicorn and measure it from a second process.

Reports requests/second and p95 latency of the learner's course home next to a bare Django
view served by the same server, and their ratio (how much the page costs over Django itself);
then the time to import a 100 MB SCORM package (the target is under 10 s on one worker).
PostgreSQL when DATABASE_URL is set, otherwise a SQLite file under var/.
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
        }
    )
    return env


def manage(env, *args) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def load(path: str, cookie: str) -> tuple[float, float, int]:
    """Hammer one path for DURATION seconds; return (requests/s, p95 ms, errors)."""
    latencies: list[float] = []
    errors = [0]
    stop_at = time.perf_counter() + DURATION
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        mine = []
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    return len(latencies) / elapsed, p95, errors[0]


def main() -> int:
    env = environment()
    database = env["DATABASE_URL"].split("://")[0]
    print(
        f"database: {database}; gunicorn workers: {WORKERS}; client threads: {CONCURRENCY}; "
        f"{DURATION:.0f}s per page"
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    cookie, course_code = manage(env, "bench_setup").split()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "chamilo.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for label, path in [
            ("bare Django view", "/bench/bare/"),
            ("learner's course home", f"/courses/{course_code}/"),
        ]:
            load(path, cookie)  # warm-up pass is discarded
            results[label] = load(path, cookie)
            rps, p95, errors = results[label]
            print(f"{label:<24} {rps:8.1f} req/s   p95 {p95:7.1f} ms   errors {errors}")
        bare, home = results["bare Django view"], results["learner's course home"]
        print(
            f"course home / bare view: {home[0] / bare[0]:.2f} of the throughput, "
            f"{home[1] / bare[1]:.2f}x the p95 latency"
        )
        failed = bool(home[2] or bare[2])
    finally:
        server.terminate()
        server.wait(timeout=10)
    seconds = float(
        manage(env, "shell", "-c", "from scorm.bench import bench_import; print(bench_import(100))")
        .strip()
        .splitlines()[-1]
    )
    verdict = "ok" if seconds < 10 else "TOO SLOW"
    print(f"SCORM import of a 100 MB package: {seconds:.1f} s (target under 10 s: {verdict})")
    return 1 if failed or seconds >= 10 else 0


if __name__ == "__main__":
    sys.exit(main())
