"""`make bench`: serve the platform under gunicorn and measure it with tools that are not the
bottleneck.

1. wrk (C, one event loop per thread) for throughput: every page of bench/pages.py, with the
   bare Django view first; requests/s, p50/p95/p99, errors, and the ratio to the bare view.
2. locust (FastHttpUser) for a class: BENCH_USERS learners (3,000) doing what learners do,
   5-15 s apart (bench/learners.py); p50/p95/p99 and errors in the steady state, from
   BENCH_WARMUP seconds after every learner is in.
3. The resident memory of each gunicorn worker after the scenario.
4. The SCORM import of a 100 MB package (when the shared fixtures are there).

PostgreSQL when DATABASE_URL is set, otherwise a SQLite file under var/; Redis (cache and
sessions) when REDIS_URL is set, otherwise local memory. All traffic goes to 127.0.0.1. Every
phase is bounded in time; the whole run takes about BENCH_SECONDS x pages + BENCH_LOCUST_SECONDS.

Environment (all optional): BENCH_PORT, BENCH_SECONDS (per page, 10), BENCH_CONNECTIONS (wrk,
16), BENCH_THREADS (wrk, 2), BENCH_USERS (3000; 0 skips locust), BENCH_SPAWN_RATE (100/s),
BENCH_LOCUST_SECONDS (steady state measured, 120), BENCH_WARMUP (30: seconds between the
last learner's arrival and the measurement), BENCH_LOCUST_PROCESSES (1),
BENCH_ONLY (substrings of page names, comma-separated), BENCH_SCORM_IMPORT (1), and
WEB_WORKERS / WEB_THREADS / WEB_WORKER_CLASS... for gunicorn (gunicorn.conf.py).
"""

import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WRK_THREADS = int(os.environ.get("BENCH_THREADS", "2"))
USERS = int(os.environ.get("BENCH_USERS", "3000"))
SPAWN_RATE = int(os.environ.get("BENCH_SPAWN_RATE", "100"))
LOCUST_SECONDS = int(os.environ.get("BENCH_LOCUST_SECONDS", "120"))
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP", "30"))
ONLY = os.environ.get("BENCH_ONLY", "")
LOCUST_PROCESSES = int(os.environ.get("BENCH_LOCUST_PROCESSES", "1"))
BASE = f"http://127.0.0.1:{PORT}"
VAR = ROOT / "var" / "bench"

# Goals of issue #11 for the scenario and memory.
P95_GOAL_MS = 300
RSS_GOAL_MB = 150


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "chamilo.settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "BENCH_LEARNERS": str(max(USERS, 200)),
            "WEB_BIND": f"127.0.0.1:{PORT}",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def ensure_wrk() -> str:
    """wrk from Debian, installed like .ci/run installs chromium when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=environ)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=environ)
    return shutil.which("wrk") or "/usr/bin/wrk"


def manage(env, *args) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def static_is_fresh() -> bool:
    """collectstatic post-processes ~2,000 files (half a minute here): only when needed."""
    manifest = ROOT / "var" / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    folders = [ROOT / "static", *ROOT.glob("*/static")]
    return not any(
        file.stat().st_mtime > built
        for folder in folders
        if folder.is_dir() and ".venv" not in folder.parts and "var" not in folder.parts
        for file in folder.rglob("*")
        if file.is_file()
    )


def start_server(env) -> subprocess.Popen:
    """gunicorn with gunicorn.conf.py; its errors go to var/bench/server.log."""
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "chamilo.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=open(VAR / "server.log", "w"),  # noqa: SIM115 (open for the server's lifetime)
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it stops every worker
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/healthz/", timeout=1).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    """Graceful stop; whatever is still there after 40 s (workers stuck on a flood of
    connections) is killed with its whole process group, so no orphan keeps a core busy."""
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=40)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


# --- wrk ----------------------------------------------------------------------------------------


def render(page: dict, data: dict, who: dict) -> dict:
    """One request of a page spec for one learner (or the teacher): method, path, headers, body."""
    values = {**data, **who}
    headers = {"Host": f"127.0.0.1:{PORT}"}
    if page["who"] != "anonymous":
        headers["Cookie"] = f"sessionid={who['session']}; csrftoken={who['csrf']}"
    if page["method"] != "GET":
        headers["X-CSRFToken"] = who["csrf"]
        headers["Content-Type"] = page["content_type"]
    headers.update(page["headers"])
    return {
        "method": page["method"],
        "path": page["path"].format(**values),
        "headers": headers,
        "body": page["body"].format(**values) if page["body"] else "",
    }


def identities(page: dict, data: dict) -> list[dict]:
    if page["who"] == "teacher":
        return [{**data["teacher"], "csrf": "t" * 32}]
    if page["who"] == "anonymous":
        return [{}]
    # The learners with an open test and a learning-path attempt (see bench/fixture.py).
    return [learner for learner in data["learners"] if learner["attempt_id"]]


def lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def wrk_script(requests: list[dict]) -> str:
    """Rotate through the prepared requests; report the figures as JSON from done()."""
    entries = []
    for r in requests:
        headers = ", ".join(
            f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in r["headers"].items()
        )
        entries.append(
            f"wrk.format({lua_string(r['method'])}, {lua_string(r['path'])}, {{{headers}}}, "
            f"{lua_string(r['body']) if r['body'] else 'nil'})"
        )
    return (
        "local requests = {\n  "
        + ",\n  ".join(entries)
        + """
}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 7
end
function init(args)
  index = offset or 0
end
function request()
  index = index + 1
  return requests[(index % #requests) + 1]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"errors": %d, "status_errors": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status, e.status,
    e.timeout))
end
"""
    )


def check(request: dict, expect: int) -> str | None:
    """One request by hand before measuring: the bench must measure the real page."""
    req = urllib.request.Request(
        BASE + request["path"],
        data=request["body"].encode() if request["body"] else None,
        headers=request["headers"],
        method=request["method"],
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(req, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    return None if status == expect else f"answered {status}, expected {expect}"


def run_wrk(wrk: str, page: dict, data: dict, seconds: int) -> dict:
    requests = [render(page, data, who) for who in identities(page, data)]
    problem = check(requests[0], page["expect"])
    if problem:
        return {"problem": problem}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=VAR, delete=False) as script:
        script.write(wrk_script(requests))
    try:
        command = [
            wrk,
            f"-t{WRK_THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            BASE + "/",
        ]
        output = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"WRK-JSON (\{.*\})", output)
    figures = json.loads(match.group(1))
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "errors": figures["errors"],
        "requests": figures["requests"],
    }


def measure_paired(wrk: str, page: dict, bare_page: dict, data: dict) -> tuple[dict, float]:
    """The page and the bare view in alternation (BENCH_PAIRS rounds, SECONDS in all for the
    page): on a shared machine the neighbours' load drifts, and a ratio taken from two runs
    seconds apart is steadier than one from runs minutes apart. The ratio is the median of the
    rounds'; the page's figures are those of its longest round set (all its requests)."""
    pairs = max(1, int(os.environ.get("BENCH_PAIRS", "3")))
    slice_seconds = max(2, SECONDS // pairs)
    ratios, results = [], []
    for _ in range(pairs):
        bare = run_wrk(wrk, bare_page, data, slice_seconds)
        result = run_wrk(wrk, page, data, slice_seconds)
        if "problem" in result:
            return result, 0.0
        results.append(result)
        ratios.append(result["rps"] / bare["rps"] if bare.get("rps") else 0.0)
    ratios.sort()
    merged = dict(results[len(results) // 2])
    merged["rps"] = sum(r["rps"] for r in results) / len(results)
    merged["errors"] = sum(r["errors"] for r in results)
    merged["p95"] = max(r["p95"] for r in results)
    merged["p99"] = max(r["p99"] for r in results)
    return merged, ratios[len(ratios) // 2]


# --- locust -------------------------------------------------------------------------------------


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children, now, the children that have
    already exited included: gunicorn recycles a worker every few thousand requests
    (max_requests), and a recycled worker's CPU is then only in its master's children times."""
    import psutil

    try:
        root = psutil.Process(pid)
        times = root.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for process in root.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                total += times.user + times.system
        return total
    except psutil.NoSuchProcess:
        return 0.0


def _named_cpu(names: set[str]) -> float:
    """CPU seconds of every process whose name is in ``names`` (PostgreSQL's backends, Redis),
    whoever started them: on a shared machine other databases' work is counted too. Exited
    processes count through their parent's children times: a backend whose connection closed
    during the run is in the postmaster's."""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        times = process.info["cpu_times"]
        if process.info["name"] in names and times is not None:
            total += times.user + times.system + times.children_user + times.children_system
    return total


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (every core, everything but idle and iowait)."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


CPU_USERS = {
    "database": {"postgres", "postgresql"},
    "redis": {"redis-server"},
}


def run_locust(env, fixture: Path, server: subprocess.Popen | None = None) -> dict:
    prefix = VAR / "locust"
    ramp = USERS / SPAWN_RATE
    # bench/learners.py resets the statistics WARMUP_SECONDS after the last learner is in.
    settle = ramp + WARMUP_SECONDS
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "learners.py"),
        "--headless",
        "--host",
        BASE,
        "-u",
        str(USERS),
        "-r",
        str(SPAWN_RATE),
        "-t",
        f"{int(settle + LOCUST_SECONDS)}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "20",
    ]
    if LOCUST_PROCESSES > 1:
        # Several load-generating processes (locust forks them, one master): one gevent loop
        # tops out near a core at a few thousand learners.
        command += ["--processes", str(LOCUST_PROCESSES)]
    # The server's and locust's CPU over the steady state (after the warm-up, before the end):
    # on a shared machine the wall-clock figures depend on the neighbours, the CPU a learner
    # costs does not.
    cpu = {}
    with open(VAR / "locust.log", "w") as log:
        locust = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "BENCH_FIXTURE": str(fixture)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            time.sleep(settle + 2)
            started = time.monotonic()
            if server is not None:
                cpu["server"] = _tree_cpu(server.pid)
            cpu["locust"] = _tree_cpu(locust.pid)
            cpu["machine"] = _machine_busy()
            for name, names in CPU_USERS.items():
                cpu[name] = _named_cpu(names)
            time.sleep(max(1, LOCUST_SECONDS - 5))
            cpu["seconds"] = time.monotonic() - started
            if server is not None:
                cpu["server"] = _tree_cpu(server.pid) - cpu["server"]
            cpu["locust"] = _tree_cpu(locust.pid) - cpu["locust"]
            cpu["machine"] = _machine_busy() - cpu["machine"]
            for name, names in CPU_USERS.items():
                cpu[name] = _named_cpu(names) - cpu[name]
            locust.wait(timeout=LOCUST_SECONDS + 120)
        finally:
            if locust.poll() is None:
                locust.kill()
                locust.wait()
    rows = {}
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = row
    total = rows["Aggregated"]
    return {
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "errors": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
        "rows": rows,
        "cpu": cpu,
    }


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    import psutil

    return [child.memory_info().rss / 2**20 for child in psutil.Process(server.pid).children()]


# --- the table ------------------------------------------------------------------------------------


def line(name, result, ratio="", goal="", verdict="") -> str:
    if "problem" in result:
        return f"{name:<34} {result['problem']}"
    return (
        f"{name:<34} {result['rps']:8.1f} {result['p50']:8.1f} {result['p95']:8.1f} "
        f"{result['p99']:8.1f} {result['errors']:7d} {ratio:>6} {goal:>12} {verdict}"
    )


def main() -> int:
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment()
    wrk = ensure_wrk()
    database = env["DATABASE_URL"].split("://")[0]
    cache = "redis" if env.get("REDIS_URL") else "local memory"
    manage(env, "migrate", "--noinput")
    if not static_is_fresh():
        manage(env, "collectstatic", "--noinput")
    fixture = VAR / "fixture.json"
    subprocess.run([PYTHON, "-m", "bench.fixture", str(fixture)], cwd=ROOT, env=env, check=True)
    data = json.loads(fixture.read_text())
    wanted = [part.strip() for part in ONLY.split(",")]
    pages = [
        p
        for p in data["pages"]
        if p["name"] == "bare Django view" or any(part in p["name"] for part in wanted)
    ]
    server = start_server(env)
    failed = False
    lines = []
    try:
        import psutil

        workers = len(psutil.Process(server.pid).children())
        print(
            f"database {database}, cache and sessions {cache}; gunicorn "
            f"{env.get('WEB_WORKER_CLASS', 'gthread')} x {workers} workers "
            f"(threads {env.get('WEB_THREADS', '4')}); wrk {WRK_THREADS} threads, "
            f"{CONNECTIONS} connections, {SECONDS} s per page after a 3 s warm-up, "
            "alternating with the bare view; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        header = (
            f"{'page':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>7} {'ratio':>6} {'goal':>12}"
        )
        print(header, flush=True)
        bare_page = pages[0]
        run_wrk(wrk, bare_page, data, 3)  # warm-up: connections, lazy imports
        bare = run_wrk(wrk, bare_page, data, SECONDS)
        lines.append(line(bare_page["name"], bare, "1.00"))
        print(lines[-1], flush=True)
        for page in pages[1:]:
            run_wrk(wrk, page, data, 3)  # warm-up: caches, connections, lazy imports
            result, ratio_value = measure_paired(wrk, page, bare_page, data)
            ratio, goal, verdict = "", "", ""
            if "problem" in result:
                failed = True
            else:
                ratio = f"{ratio_value:.2f}"
                if page["goal"] is not None:
                    goal = f">= {page['goal']:.2f}"
                    ok = ratio_value >= page["goal"] and not result["errors"]
                    verdict = "ok" if ok else "MISSED"
                    failed |= not ok
            lines.append(line(page["name"], result, ratio, goal, verdict))
            print(lines[-1], flush=True)
        if USERS:
            result = run_locust(env, fixture, server)
            ok = result["p95"] < P95_GOAL_MS and result["errors"] == 0
            failed |= not ok
            name = f"{USERS} learners (locust)"
            lines.append(
                line(name, result, "", f"p95<{P95_GOAL_MS}, 0 err", "ok" if ok else "MISSED")
            )
            print(lines[-1], flush=True)
            for row_name, row in sorted(result["rows"].items()):
                if row_name != "Aggregated":
                    print(
                        f"    {row_name:<30} {float(row['Requests/s']):8.1f} "
                        f"{float(row['50%']):8.1f} {float(row['95%']):8.1f} "
                        f"{float(row['99%']):8.1f} {int(row['Failure Count']):7d}",
                        flush=True,
                    )
            cpu = result["cpu"]
            if cpu.get("seconds") and result["rps"]:
                server_share = cpu.get("server", 0.0) / cpu["seconds"]
                print(
                    f"{'CPU in the steady state':<34} server {server_share:.2f} cores, "
                    f"{1000 * server_share / result['rps']:.1f} ms per request, "
                    f"{1000 * server_share / USERS:.2f} ms per learner-second; "
                    f"locust {cpu['locust'] / cpu['seconds']:.2f} cores",
                    flush=True,
                )
                print(
                    f"{'':<34} PostgreSQL {cpu['database'] / cpu['seconds']:.2f} cores, "
                    f"Redis {cpu['redis'] / cpu['seconds']:.2f}, the whole machine busy "
                    f"{cpu['machine'] / cpu['seconds']:.2f} of {os.cpu_count()} "
                    "(PostgreSQL and Redis: all their processes, other databases included)",
                    flush=True,
                )
        rss = worker_rss_mb(server)
        ok = bool(rss) and max(rss) < RSS_GOAL_MB
        failed |= not ok
        print(
            f"{'worker memory (resident, MB)':<34} "
            + ", ".join(f"{value:.0f}" for value in rss)
            + f"   goal < {RSS_GOAL_MB} MB each: {'ok' if ok else 'MISSED'}",
            flush=True,
        )
    finally:
        stop_server(server)
    failed |= not tracking_hit_cost(env)
    if os.environ.get("BENCH_SCORM_IMPORT", "1") == "1":
        scorm_import(env)
    return 1 if failed else 0


def tracking_hit_cost(env) -> bool:
    """What recording a hit adds to a course page (tracking/bench.py); the goal of issue #16:
    no more than one cheap write (a buffer append), and no SQL write, in the request."""
    completed = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "import json; from tracking.bench import hit_cost, hit_cost_line; f = hit_cost(); "
            "print(hit_cost_line(f)); print(json.dumps(f))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"hit recording: not measured ({reason})")
        return False
    *_, text, raw = completed.stdout.strip().splitlines()
    figures = json.loads(raw)
    ok = figures["sql_writes_with"] == figures["sql_writes_without"]
    ok &= figures["queries_with"] == figures["queries_without"]
    print(text + f"   goal: no SQL write: {'ok' if ok else 'MISSED'}", flush=True)
    return ok


def scorm_import(env) -> None:
    """The time to import a 100 MB SCORM package (needs the shared SCORM fixtures)."""
    completed = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from scorm.bench import bench_import; print(bench_import(100))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"SCORM import of a 100 MB package: skipped ({reason})")
        return
    seconds = float(completed.stdout.strip().splitlines()[-1])
    verdict = "ok" if seconds < 10 else "TOO SLOW"
    print(f"SCORM import of a 100 MB package: {seconds:.1f} s (target under 10 s: {verdict})")


if __name__ == "__main__":
    sys.exit(main())
