"""CPU cost of each bench page inside one process:
``python -m bench.profile [name] [--cprofile | --sample] [--sql]``.

On a busy machine wall-clock throughput swings with the neighbours; the CPU time a request
costs this process (``time.process_time``) and its query count do not, so this is what
before/after comparisons of an optimisation use. Needs the fixture of a previous `make bench`
(var/bench/fixture.json) and the same DATABASE_URL / REDIS_URL. Runs the WSGI handler directly
(middleware, views, templates: all of it; no sockets, no server).

``--cprofile`` counts wall-clock time (the waits on PostgreSQL and Redis included) and inflates
small, frequent calls; ``--sample`` samples the stack every 0.5 ms of this process's CPU time
(``ITIMER_PROF``) and prints, per function, the share of CPU spent in it (and below it) and in
it alone: where the CPU goes, waits excluded. ``--sql`` prints the queries of one request.
"""

import contextlib
import cProfile
import json
import os
import pstats
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


class Sampler:
    """Stack samples on CPU time: SIGPROF every ``interval`` s of the process's CPU."""

    def __init__(self, interval: float = 0.0005):
        self.interval = interval
        self.samples = 0
        self.inclusive: Counter = Counter()
        self.own: Counter = Counter()

    def _sample(self, signum, frame) -> None:
        self.samples += 1
        seen = set()
        leaf = True
        while frame is not None:
            code = frame.f_code
            where = code.co_filename.replace(f"{ROOT}/", "")
            name = f"{where}:{code.co_firstlineno}({code.co_name})"
            if leaf:
                self.own[name] += 1
                leaf = False
            if name not in seen:
                seen.add(name)
                self.inclusive[name] += 1
            frame = frame.f_back

    def __enter__(self):
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def report(self, top: int = 45) -> None:
        total = max(1, self.samples)
        print(f"  {self.samples} samples; share of CPU in the function and below (own):")
        for name, n in self.inclusive.most_common(top):
            print(f"  {100 * n / total:5.1f} % ({100 * self.own[name] / total:4.1f} %)  {name}")
        print("  most CPU in the function itself:")
        for name, n in self.own.most_common(15):
            print(f"  {100 * n / total:5.1f} %  {name}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamilo.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from bench.run import identities, render

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = json.loads((ROOT / "var" / "bench" / "fixture.json").read_text())
    rounds = int(os.environ.get("BENCH_ROUNDS", "200"))
    for page in data["pages"]:
        if args and args[0] not in page["name"]:
            continue
        requests = [render(page, data, who) for who in identities(page, data)]
        client = Client(HTTP_HOST="127.0.0.1")

        def one(i, requests=requests, client=client):
            request = requests[i % len(requests)]
            extra = {
                "HTTP_COOKIE": request["headers"].get("Cookie", ""),
                "HTTP_X_CSRFTOKEN": request["headers"].get("X-CSRFToken", ""),
            }
            if request["method"] == "GET":
                return client.get(request["path"], **extra)
            return client.generic(
                request["method"],
                request["path"],
                request["body"],
                content_type=request["headers"]["Content-Type"],
                **extra,
            )

        for i in range(10):  # warm-up
            response = one(i)
        queries: list[str] = []

        def count(run, sql, *args, queries=queries):
            queries.append(sql)
            return run(sql, *args)

        with connection.execute_wrapper(count):
            one(0)
        if "--sql" in sys.argv:
            print("\n".join(f"  {sql[:220]}" for sql in queries))
        profiler = cProfile.Profile() if "--cprofile" in sys.argv else None
        sampler = Sampler() if "--sample" in sys.argv else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        with sampler or contextlib.nullcontext():
            for i in range(rounds):
                response = one(i)
                reset_queries()
        if profiler:
            profiler.disable()
        cpu = (time.process_time() - started) / rounds * 1000
        print(
            f"{page['name']:<34} {cpu:6.2f} ms CPU/request  {len(queries):3d} queries  "
            f"status {response.status_code}",
            flush=True,
        )
        if profiler:
            order = os.environ.get("BENCH_SORT", "cumulative")
            pstats.Stats(profiler).sort_stats(order).print_stats(40)
            if os.environ.get("BENCH_DUMP"):
                profiler.dump_stats(os.environ["BENCH_DUMP"])
        if sampler:
            sampler.report(int(os.environ.get("BENCH_TOP", "45")))


if __name__ == "__main__":
    main()
