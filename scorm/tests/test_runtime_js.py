"""Conformance of scorm/static/scorm/runtime.js in headless Chromium, call by call.

Every call's return value and the error code after it are checked against the SCORM 1.2 RTE
(section 3.4) and SCORM 2004 4th edition RTE (chapters 3 and 4) tables. The page, the script, the
third-party packages and a commit endpoint that records what it receives are served by a small
HTTP server in the test (Playwright routes do not see a beacon sent while a page goes away): no
Django server, no database. The golf packages come from ../shared/fixtures/scorm (or
$LMS_SHARED_DIR/fixtures/scorm).
"""

import contextlib
import json
import mimetypes
import os
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.fixtures import wait_until

pytestmark = pytest.mark.browser

RUNTIME_JS = Path(__file__).resolve().parents[1] / "static" / "scorm" / "runtime.js"
PLAYER_HTML = """<!doctype html><html><head><title>player</title>
<script src="/static/scorm/runtime.js"></script></head><body>player</body></html>"""
PAGES = {
    "/player.html": ("text/html", PLAYER_HTML),
    "/elsewhere.html": ("text/html", "<!doctype html><p>bye</p>"),
    "/content.html": ("text/html", "<!doctype html><p>sco</p>"),
}


def shared_fixtures():
    """The third-party SCORM packages: ../shared/fixtures/scorm beside the checkout, or under
    $LMS_SHARED_DIR (a worktree's sibling folder is not the shared one)."""
    candidates = [Path(__file__).resolve().parents[2].parent / "shared"]
    if os.environ.get("LMS_SHARED_DIR"):
        candidates.insert(0, Path(os.environ["LMS_SHARED_DIR"]))
    for base in candidates:
        if (base / "fixtures" / "scorm").is_dir():
            return base / "fixtures" / "scorm"
    pytest.fail(f"SCORM fixtures not found in {candidates}: set LMS_SHARED_DIR.")


class FakeLms(ThreadingHTTPServer):
    """The player's origin: the page, the script, and a commit endpoint that records."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.sessions = {}  # commit path -> Lms


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path.startswith("/pkg/"):
            self.serve_package_file(path[len("/pkg/") :])
            return
        if path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        if self.path == "/static/scorm/runtime.js":
            kind, body = "application/javascript", RUNTIME_JS.read_text()
        elif self.path in PAGES:
            kind, body = PAGES[self.path]
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        if path == "/player.html":
            # The platform's policy: the runtime must work without inline script or eval.
            self.send_header("Content-Security-Policy", "default-src 'self'; script-src 'self'")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def serve_package_file(self, relative):
        root = shared_fixtures().resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            self.send_error(404)
            return
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        session = self.server.sessions.get(self.path)
        if session is None:
            self.send_error(404)
            return
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            session.commits.append(json.loads(raw))
        except ValueError:
            session.commits.append({"unparsable": raw.decode(errors="replace")})
        session.headers.append({k.lower(): v for k, v in self.headers.items()})
        status = session.status
        reply = session.reply
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # a keepalive request from a page gone
            self.wfile.write(reply)

    def log_message(self, *args):
        pass


class Lms:
    """A page with the runtime loaded, and the commits it posted."""

    def __init__(self, page, context, server):
        self.page = page
        self.context = context
        self.origin = f"http://127.0.0.1:{server.server_address[1]}"
        # Each test commits to its own URL: a late beacon from another test cannot mix in.
        self.commit_url = f"/commit/{uuid.uuid4().hex}/"
        self.commits = []  # parsed JSON bodies
        self.headers = []
        self.status = 200
        self.reply = b"{}"  # the commit's answer
        server.sessions[self.commit_url] = self

    def install(self, version, initial=None, commit=True):
        self.version = version
        self.api = "API" if version == "1.2" else "API_1484_11"
        self.page.evaluate(
            """([version, initial, url]) => {
                window.navRequests = [];
                window.rt = LMSRuntime.install({version, initial, commitUrl: url,
                    csrfToken: "tok123", onNavRequest: r => window.navRequests.push(r)});
            }""",
            [version, initial or {}, self.commit_url if commit else None],
        )
        return self

    def call(self, fn, *args):
        """(result, last error) of one API call; fn without the LMS prefix for 1.2."""
        name = self._name(fn)
        err = self._name("GetLastError")
        return tuple(
            self.page.evaluate(
                """([api, fn, err, args]) => {
                    const r = window[api][fn](...args);
                    return [r, window[api][err]()];
                }""",
                [self.api, name, err, list(args)],
            )
        )

    def calls(self, sequence):
        """Many calls in one round trip: [(fn, args...), ...] -> [(result, error), ...]."""
        payload = [[self._name(c[0]), list(c[1:])] for c in sequence]
        out = self.page.evaluate(
            """([api, err, seq]) => seq.map(([fn, args]) => {
                const r = window[api][fn](...args);
                return [r, window[api][err]()];
            })""",
            [self.api, self._name("GetLastError"), payload],
        )
        return [tuple(x) for x in out]

    def _name(self, fn):
        if self.version == "1.2":
            return {"Terminate": "LMSFinish"}.get(fn, "LMS" + fn)
        return fn

    def init(self):
        assert self.call("Initialize", "") == ("true", "0")

    def get(self, element):
        return self.call("GetValue", element)

    def set(self, element, value):
        return self.call("SetValue", element, value)


@pytest.fixture(scope="module")
def fake_lms():
    server = FakeLms()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def lms(browser, fake_lms):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Console errors count, except the failed commits some tests ask the server for.
    expected = "Failed to load resource: the server responded with a status of 5"
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and not m.text.startswith(expected) else None
        ),
    )
    lms_ = Lms(page, context, fake_lms)
    page.goto(f"{lms_.origin}/player.html")
    yield lms_
    context.close()
    assert not errors, errors


# ---------------------------------------------------------------------------- SCORM 1.2 tables
# (element, rule, initial or None, good values, [(bad value, error)])
# Collection elements are exercised at index 0 after the entry exists.

LONG_256 = "x" * 256
LONG_4097 = "x" * 4097

ELEMENTS_12 = [
    ("cmi.core.student_id", "r", "u-42", [], []),
    ("cmi.core.student_name", "r", "Doe, Jane", [], []),
    ("cmi.core.lesson_location", "rw", None, ["page-3", "", "x" * 255], [(LONG_256, "405")]),
    ("cmi.core.credit", "r", "no-credit", [], []),
    (
        "cmi.core.lesson_status",
        "rw",
        None,
        ["passed", "completed", "failed", "incomplete", "browsed"],
        [("not attempted", "405"), ("done", "405"), ("", "405"), ("Passed", "405")],
    ),
    ("cmi.core.entry", "r", "resume", [], []),
    (
        "cmi.core.score.raw",
        "rw",
        None,
        ["0", "85", "100", "12.5", ""],
        [("101", "405"), ("-1", "405"), ("abc", "405"), ("1e2", "405")],
    ),
    ("cmi.core.score.min", "rw", None, ["0", "10.25"], [("x", "405"), ("100.5", "405")]),
    ("cmi.core.score.max", "rw", None, ["100", "50"], [("x", "405")]),
    ("cmi.core.total_time", "r", "0012:30:00.00", [], []),
    ("cmi.core.lesson_mode", "r", "review", [], []),
    (
        "cmi.core.exit",
        "w",
        None,
        ["time-out", "suspend", "logout", ""],
        [("normal", "405"), ("quit", "405")],
    ),
    (
        "cmi.core.session_time",
        "w",
        None,
        ["00:00:30", "0001:02:03.5", "12:00:00.25"],
        [("PT30S", "405"), ("1:00:00", "405"), ("00:61:00", "405"), ("00:00:00.123", "405")],
    ),
    ("cmi.suspend_data", "rw", None, ["A1B2{}|;", "x" * 4096, ""], [("x" * 64001, "405")]),
    ("cmi.launch_data", "r", "mode=fast", [], []),
    ("cmi.comments", "rw", None, ["Nice course"], [(LONG_4097, "405")]),
    ("cmi.comments_from_lms", "r", "Welcome", [], []),
    ("cmi.student_data.mastery_score", "r", "80", [], []),
    ("cmi.student_data.max_time_allowed", "r", "01:00:00", [], []),
    ("cmi.student_data.time_limit_action", "r", "exit,message", [], []),
    ("cmi.student_preference.audio", "rw", None, ["-1", "100"], [("101", "405"), ("a", "405")]),
    ("cmi.student_preference.language", "rw", None, ["fr", ""], [(LONG_256, "405")]),
    ("cmi.student_preference.speed", "rw", None, ["-100", "0", "100"], [("101", "405")]),
    ("cmi.student_preference.text", "rw", None, ["-1", "0", "1"], [("2", "405"), ("x", "405")]),
    ("cmi.objectives.0.id", "rw", None, ["obj-1", "o_2"], [("has space", "405"), ("", "405")]),
    ("cmi.objectives.0.score.raw", "rw", None, ["50", ""], [("150", "405")]),
    ("cmi.objectives.0.score.min", "rw", None, ["0"], [("x", "405")]),
    ("cmi.objectives.0.score.max", "rw", None, ["100"], [("x", "405")]),
    (
        "cmi.objectives.0.status",
        "rw",
        None,
        ["passed", "not attempted", "browsed"],
        [("unknown", "405")],
    ),
    ("cmi.interactions.0.id", "w", None, ["q1"], [("q 1", "405")]),
    ("cmi.interactions.0.objectives.0.id", "w", None, ["obj-1"], [("a b", "405")]),
    ("cmi.interactions.0.time", "w", None, ["09:15:00", "23:59:59.5"], [("24:00:00", "405")]),
    (
        "cmi.interactions.0.type",
        "w",
        None,
        ["true-false", "choice", "fill-in", "matching", "performance", "likert", "sequencing"],
        [("other", "405"), ("long-fill-in", "405")],
    ),
    ("cmi.interactions.0.correct_responses.0.pattern", "w", None, ["a,b"], [(LONG_256, "405")]),
    ("cmi.interactions.0.weighting", "w", None, ["1", "-2.5"], [("heavy", "405")]),
    ("cmi.interactions.0.student_response", "w", None, ["t", "a,c"], [(LONG_256, "405")]),
    (
        "cmi.interactions.0.result",
        "w",
        None,
        ["correct", "wrong", "unanticipated", "neutral", "0.5"],
        [("incorrect", "405")],
    ),
    ("cmi.interactions.0.latency", "w", None, ["00:00:05.5"], [("PT5S", "405")]),
]

DEFAULTS_12 = {
    "cmi.core.lesson_status": "not attempted",
    "cmi.core.lesson_location": "",
    "cmi.core.score.raw": "",
    "cmi.suspend_data": "",
    "cmi.objectives.0.status": "not attempted",
}


def prepare_collections(lms, element):
    """Create entry 0 of the collections an element lives in (id first)."""
    if element.startswith("cmi.objectives.0.") and element != "cmi.objectives.0.id":
        assert lms.set("cmi.objectives.0.id", "obj-0") == ("true", "0")
    if element.startswith("cmi.interactions.0.") and element != "cmi.interactions.0.id":
        assert lms.set("cmi.interactions.0.id", "int-0") == ("true", "0")
    responses = ".correct_responses." in element or element.endswith("learner_response")
    if responses and lms.version == "2004":
        assert lms.set("cmi.interactions.0.type", "other") == ("true", "0")


@pytest.mark.parametrize(("element", "rule", "initial", "good", "bad"), ELEMENTS_12)
def test_scorm12_element(lms, element, rule, initial, good, bad):
    lms.install("1.2", {element: initial} if initial is not None else {})
    lms.init()
    prepare_collections(lms, element)
    if rule == "r":
        assert lms.get(element) == (initial, "0")
        assert lms.set(element, initial) == ("false", "403")
        assert lms.get(element) == (initial, "0")
        return
    if rule == "rw" and element in DEFAULTS_12:
        assert lms.get(element) == (DEFAULTS_12[element], "0")
    for value in good:
        assert lms.set(element, value) == ("true", "0"), value
        if rule == "rw":
            assert lms.get(element) == (value, "0")
        else:
            assert lms.get(element) == ("", "404")
    last = good[-1]
    for value, code in bad:
        assert lms.set(element, value) == ("false", code), value
        if rule == "rw":
            assert lms.get(element) == (last, "0"), "a refused value must change nothing"


def test_scorm12_keywords_and_collections(lms):
    lms.install("1.2")
    lms.init()
    children = {
        "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,"
        "entry,score,total_time,lesson_mode,exit,session_time",
        "cmi.core.score._children": "raw,min,max",
        "cmi.objectives._children": "id,score,status",
        "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
        "cmi.student_preference._children": "audio,language,speed,text",
        "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,"
        "student_response,result,latency",
    }
    for element, value in children.items():
        assert lms.get(element) == (value, "0"), element
        assert lms.set(element, "x") == ("false", "402"), element
    assert lms.get("cmi.objectives._count") == ("0", "0")
    assert lms.get("cmi.interactions._count") == ("0", "0")
    assert lms.set("cmi.objectives._count", "3") == ("false", "402")
    # Elements without children or count.
    assert lms.get("cmi.core.lesson_location._children") == ("", "202")
    assert lms.get("cmi.core._count") == ("", "203")
    assert lms.get("cmi.core.student_id._count") == ("", "203")
    # Not elements at all.
    for name in (
        "",
        "cmi",
        "cmi.core",
        "cmi.core.score",
        "cmi.nothing",
        "cmi.objectives",
        "cmi.learner_id",
        "cmi.location",
    ):
        assert lms.get(name) == ("", "201"), name
        assert lms.set(name, "x") == ("false", "201"), name
    # Out of order: index past the count.
    assert lms.set("cmi.objectives.1.id", "o1") == ("false", "201")
    assert lms.get("cmi.objectives.0.id") == ("", "201")
    assert lms.set("cmi.objectives.0.id", "o0") == ("true", "0")
    assert lms.set("cmi.objectives.1.id", "o1") == ("true", "0")
    assert lms.get("cmi.objectives._count") == ("2", "0")
    assert lms.get("cmi.objectives.1.id") == ("o1", "0")
    assert lms.get("cmi.objectives.1.score._children") == ("raw,min,max", "0")
    assert lms.get("cmi.objectives.5.id") == ("", "201")
    assert lms.set("cmi.objectives.01.id", "x") == ("false", "201")
    # Interactions: write-only, counted, nested collections.
    assert lms.set("cmi.interactions.0.id", "q1") == ("true", "0")
    assert lms.set("cmi.interactions.0.objectives.0.id", "o0") == ("true", "0")
    assert lms.set("cmi.interactions.0.correct_responses.0.pattern", "t") == ("true", "0")
    assert lms.set("cmi.interactions.0.correct_responses.2.pattern", "t") == ("false", "201")
    assert lms.get("cmi.interactions._count") == ("1", "0")
    assert lms.get("cmi.interactions.0.objectives._count") == ("1", "0")
    assert lms.get("cmi.interactions.0.correct_responses._count") == ("1", "0")
    assert lms.get("cmi.interactions.0.id") == ("", "404")


def test_scorm12_initialize_finish_and_state(lms):
    lms.install("1.2", {"cmi.core.student_id": "u1"})
    # Before LMSInitialize: everything answers 301.
    assert lms.calls(
        [
            ("GetValue", "cmi.core.student_id"),
            ("SetValue", "cmi.core.lesson_location", "p1"),
            ("Commit", ""),
            ("Terminate", ""),
        ]
    ) == [("", "301"), ("false", "301"), ("false", "301"), ("false", "301")]
    assert lms.call("Initialize", "x") == ("false", "201")
    assert lms.call("Initialize", "") == ("true", "0")
    assert lms.call("Initialize", "") == ("false", "101")
    assert lms.call("Commit", "x") == ("false", "201")
    assert lms.call("Terminate", "x") == ("false", "201")
    assert lms.set("cmi.core.lesson_location", "p2") == ("true", "0")
    assert lms.call("Terminate", "") == ("true", "0")
    # After LMSFinish: not initialized any more (301), and nothing changes.
    assert lms.calls(
        [
            ("GetValue", "cmi.core.lesson_location"),
            ("SetValue", "cmi.core.lesson_location", "p3"),
            ("Commit", ""),
            ("Terminate", ""),
            ("Initialize", ""),
        ]
    ) == [("", "301"), ("false", "301"), ("false", "301"), ("false", "301"), ("false", "101")]
    assert lms.commits[-1] == {"cmi": {"cmi.core.lesson_location": "p2"}, "final": True}


def test_scorm12_version_is_3_4(lms):
    """RTE 1.2 3.4.4 cmi._version: "3.4", read-only (403), no children or count."""
    lms.install("1.2")
    lms.init()
    assert lms.get("cmi._version") == ("3.4", "0")
    assert lms.set("cmi._version", "3.5") == ("false", "403")
    assert lms.get("cmi._version") == ("3.4", "0")
    assert lms.get("cmi._version._children") == ("", "202")
    assert lms.get("cmi._version._count") == ("", "203")


def test_scorm12_error_strings_and_diagnostic(lms):
    lms.install("1.2")
    strings = lms.page.evaluate(
        "() => [0,101,201,202,203,301,401,402,403,404,405,999].map(c => API.LMSGetErrorString(c))"
    )
    assert all(strings[:-1]) and strings[-1] == ""
    assert strings[0] == "No error" and strings[5] == "Not initialized"
    assert lms.get("cmi.core.student_id") == ("", "301")
    assert lms.call("GetErrorString", "301") == ("Not initialized", "301")
    assert lms.call("GetDiagnostic", "") == ("Not initialized", "301")
    lms.init()
    assert lms.set("cmi.core.score.raw", "120") == ("false", "405")
    diagnostic = lms.call("GetDiagnostic", "")[0]
    assert "cmi.core.score.raw" in diagnostic and "120" in diagnostic


# ---------------------------------------------------------------------------- SCORM 2004 tables
# (element, rule, initial or None, default ("403": none), good values, [(bad value, error)])

ELEMENTS_2004 = [
    ("cmi._version", "r", None, "1.0", [], []),
    ("cmi.completion_status", "rw", None, "unknown",
     ["completed", "incomplete", "not attempted", "unknown"], [("passed", "406"), ("", "406")]),
    ("cmi.completion_threshold", "r", "0.8", "403", [], []),
    ("cmi.credit", "r", None, "credit", [], []),
    ("cmi.entry", "r", "resume", "ab-initio", [], []),
    ("cmi.exit", "w", None, None, ["time-out", "suspend", "logout", "normal", ""],
     [("quit", "406"), ("Suspend", "406")]),
    ("cmi.launch_data", "r", "level=2", "403", [], []),
    ("cmi.learner_id", "r", "u-42", "", [], []),
    ("cmi.learner_name", "r", "Jane Doe", "", [], []),
    ("cmi.learner_preference.audio_level", "rw", None, "1", ["0", "2.5"],
     [("-1", "407"), ("loud", "406")]),
    ("cmi.learner_preference.language", "rw", None, "", ["fr", "en-US", "i-klingon", ""],
     [("not a language", "406"), ("françaisfr", "406")]),
    ("cmi.learner_preference.delivery_speed", "rw", None, "1", ["0.5", "3"],
     [("-0.1", "407"), ("fast", "406")]),
    ("cmi.learner_preference.audio_captioning", "rw", None, "0", ["-1", "0", "1"],
     [("2", "406"), ("yes", "406")]),
    ("cmi.location", "rw", None, "403", ["chapter-2", "", "x" * 4000], [("x" * 4001, "406")]),
    ("cmi.max_time_allowed", "r", "PT1H", "403", [], []),
    ("cmi.mode", "r", "browse", "normal", [], []),
    ("cmi.progress_measure", "rw", None, "403", ["0", "0.5", "1"],
     [("1.5", "407"), ("-0.1", "407"), ("half", "406")]),
    ("cmi.scaled_passing_score", "r", "0.7", "403", [], []),
    ("cmi.score.scaled", "rw", None, "403", ["-1", "0.85", "1"],
     [("1.01", "407"), ("-2", "407"), ("x", "406")]),
    ("cmi.score.raw", "rw", None, "403", ["85", "-3.5", "1000"], [("eighty", "406"), ("", "406")]),
    ("cmi.score.min", "rw", None, "403", ["0"], [("x", "406")]),
    ("cmi.score.max", "rw", None, "403", ["100"], [("x", "406")]),
    ("cmi.session_time", "w", None, None, ["PT1H2M3.5S", "P1DT2H", "PT0S", "P1Y2M3D"],
     [("00:10:00", "406"), ("PT", "406"), ("P", "406"), ("PT1.5H", "406"), ("1H", "406")]),
    ("cmi.success_status", "rw", None, "unknown", ["passed", "failed", "unknown"],
     [("completed", "406")]),
    ("cmi.suspend_data", "rw", None, "403", ["state=1;page=3", "x" * 64000],
     [("x" * 64001, "406")]),
    ("cmi.time_limit_action", "r", "exit,message", "continue,no message", [], []),
    ("cmi.total_time", "r", "PT2H", "PT0H0M0S", [], []),
    ("cmi.comments_from_learner.0.comment", "rw", None, "403",
     ["Great", "{lang=fr}Très bien", ""], [("{lang=}x", "406"), ("x" * 4001, "406")]),
    ("cmi.comments_from_learner.0.location", "rw", None, "403", ["p2", "x" * 251],
     [("x" * 4001, "406")]),
    ("cmi.comments_from_learner.0.timestamp", "rw", None, "403",
     ["2024-05-01T10:00:00", "2024-05-01T10:00:00.5Z", "2024", "2004-04-01T15",
      "2024-05-01T10:00:00.5+02:00"],
     # A time zone only after the fraction of a second (RTE 4.1.1.7, the ADL CTS).
     [("yesterday", "406"), ("1969-01-01", "406"), ("2024-13-01", "406"),
      ("2004-04-01T15Z", "406"), ("2024-05-01T10:00+02:00", "406"),
      ("2024-05-01T10:00:00Z", "406"), ("2023-02-29", "406")]),
    ("cmi.comments_from_lms.0.comment", "r", "Read chapter 2", "", [], []),
    ("cmi.comments_from_lms.0.location", "r", "ch2", "", [], []),
    ("cmi.comments_from_lms.0.timestamp", "r", "2024-01-01T00:00:00", "", [], []),
    ("cmi.objectives.0.id", "rw", None, "403", ["urn:obj:1"], [("has space", "406")]),
    ("cmi.objectives.0.score.scaled", "rw", None, "403", ["0.5"], [("2", "407")]),
    ("cmi.objectives.0.score.raw", "rw", None, "403", ["7"], [("x", "406")]),
    ("cmi.objectives.0.score.min", "rw", None, "403", ["0"], [("x", "406")]),
    ("cmi.objectives.0.score.max", "rw", None, "403", ["10"], [("x", "406")]),
    ("cmi.objectives.0.success_status", "rw", None, "unknown", ["passed", "failed"],
     [("done", "406")]),
    ("cmi.objectives.0.completion_status", "rw", None, "unknown", ["completed", "not attempted"],
     [("passed", "406")]),
    ("cmi.objectives.0.progress_measure", "rw", None, "403", ["0.25"], [("2", "407")]),
    ("cmi.objectives.0.description", "rw", None, "403", ["{lang=en}Objective", "x" * 251],
     [("x" * 4001, "406"), ("{lang=e}x", "406")]),
    ("cmi.interactions.0.id", "rw", None, "403", ["urn:q:1"], [("", "406"), ("q 1", "406")]),
    ("cmi.interactions.0.type", "rw", None, "403",
     ["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance",
      "sequencing", "numeric", "other"], [("essay", "406")]),
    ("cmi.interactions.0.objectives.0.id", "rw", None, "403", ["urn:obj:1"], [("a b", "406")]),
    ("cmi.interactions.0.timestamp", "rw", None, "403", ["2024-05-01T10:00:00"],
     [("10:00", "406")]),
    ("cmi.interactions.0.weighting", "rw", None, "403", ["1", "-0.5"], [("x", "406")]),
    ("cmi.interactions.0.result", "rw", None, "403",
     ["correct", "incorrect", "unanticipated", "neutral", "0.75"], [("wrong", "406")]),
    ("cmi.interactions.0.latency", "rw", None, "403", ["PT5.25S"], [("00:00:05", "406")]),
    ("cmi.interactions.0.description", "rw", None, "403", ["Question 1", "x" * 300],
     [("x" * 4001, "406")]),
    ("cmi.interactions.0.learner_response", "rw", None, "403", ["anything"],
     [("x" * 4001, "406")]),
    ("cmi.interactions.0.correct_responses.0.pattern", "rw", None, "403", ["anything"],
     [("x" * 4001, "406")]),
    ("adl.nav.request", "rw", None, "_none_",
     ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll",
      "{target=intro}choice", "{target=intro}jump", "_none_"],
     [("choice", "406"), ("next", "406"), ("{target=}choice", "406")]),
    ("adl.nav.request_valid.continue", "r", "true", "unknown", [], []),
    ("adl.nav.request_valid.previous", "r", "false", "unknown", [], []),
    ("adl.nav.request_valid.choice.{target=intro}", "r", "true", "unknown", [], []),
    ("adl.nav.request_valid.jump.{target=intro}", "r", "false", "unknown", [], []),
]  # fmt: skip


# Setting these creates entry 0 of their collection: before, reading them is past _count.
NEW_ENTRY = {
    "cmi.comments_from_learner.0.comment",
    "cmi.comments_from_learner.0.location",
    "cmi.comments_from_learner.0.timestamp",
    "cmi.objectives.0.id",
    "cmi.interactions.0.id",
    "cmi.interactions.0.objectives.0.id",
    "cmi.interactions.0.correct_responses.0.pattern",
}


@pytest.mark.parametrize(("element", "rule", "initial", "default", "good", "bad"), ELEMENTS_2004)
def test_scorm2004_element(lms, element, rule, initial, default, good, bad):
    lms.install("2004", {element: initial} if initial is not None else {})
    lms.init()
    prepare_collections(lms, element)
    if rule == "r":
        assert lms.get(element) == (initial if initial is not None else default, "0")
        assert lms.set(element, "x") == ("false", "404")
        if initial is not None:
            # Without a value from the LMS: its default, or 403.
            lms2 = lms.page.evaluate(
                """([el]) => { const rt = LMSRuntime.install({version: "2004", initial: {}});
                    rt.api.Initialize(""); const v = rt.api.GetValue(el);
                    return [v, rt.api.GetLastError()]; }""",
                [element],
            )
            if ".comments_from_lms.0." in element:
                assert lms2 == ["", "301"]  # index 0 is past the empty collection's count
            elif default == "403":
                assert lms2 == ["", "403"]
            else:
                assert lms2 == [default, "0"]
        return
    if rule == "rw":
        if element in NEW_ENTRY:
            assert lms.get(element) == ("", "301")  # past the collection's count
        elif default == "403":
            assert lms.get(element) == ("", "403")
        else:
            assert lms.get(element) == (default, "0")
    for value in good:
        assert lms.set(element, value) == ("true", "0"), value
        if rule == "rw":
            assert lms.get(element) == (value, "0")
        else:
            assert lms.get(element) == ("", "405")
    last = good[-1]
    for value, code in bad:
        assert lms.set(element, value) == ("false", code), value[:40]
        if rule == "rw":
            assert lms.get(element) == (last, "0"), "a refused value must change nothing"


def test_scorm2004_keywords(lms):
    lms.install("2004")
    lms.init()
    children = {
        "cmi.comments_from_learner._children": "comment,location,timestamp",
        "cmi.comments_from_lms._children": "comment,location,timestamp",
        "cmi.interactions._children": "id,type,objectives,timestamp,correct_responses,weighting,"
        "learner_response,result,latency,description",
        "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning",
        "cmi.objectives._children": "id,score,success_status,completion_status,progress_measure,"
        "description",
        "cmi.score._children": "scaled,raw,min,max",
    }
    for element, value in children.items():
        assert lms.get(element) == (value, "0"), element
        assert lms.set(element, "x") == ("false", "404"), element
    for collection in ("comments_from_learner", "comments_from_lms", "interactions", "objectives"):
        assert lms.get(f"cmi.{collection}._count") == ("0", "0")
        assert lms.set(f"cmi.{collection}._count", "1") == ("false", "404")
    assert lms.set("cmi._version", "2.0") == ("false", "404")
    # _children / _count where there are none: general get failure.
    assert lms.get("cmi.location._children") == ("", "301")
    assert lms.get("cmi.score._count") == ("", "301")
    assert lms.get("cmi.learner_preference._count") == ("", "301")
    # Undefined elements, and things that are not elements (the data model, a collection).
    for name in (
        "cmi.core.lesson_status",
        "cmi.nothing",
        "adl.nav.nothing",
        "cmi.objectives.x.id",
        "cmi.interactions.0",
        "cmi.score",
    ):
        assert lms.get(name) == ("", "401"), name
    assert lms.get("") == ("", "301")
    assert lms.set("", "x") == ("false", "351")


def test_scorm2004_setting_the_model_or_a_collection_changes_nothing(lms):
    """scorm-again answers "true" here and replaces the data model with a string."""
    lms.install("2004", {"cmi.learner_id": "u1"})
    lms.init()
    assert lms.set("cmi.interactions.0.id", "q1") == ("true", "0")
    assert lms.set("cmi", "x") == ("false", "401")
    assert lms.set("cmi.interactions", "x") == ("false", "401")
    assert lms.set("cmi.objectives", "[]") == ("false", "401")
    assert lms.set("cmi.score", "1") == ("false", "401")
    assert lms.get("cmi.learner_id") == ("u1", "0")
    assert lms.get("cmi.interactions._count") == ("1", "0")
    assert lms.get("cmi.interactions.0.id") == ("q1", "0")


def test_scorm2004_collections(lms):
    lms.install("2004")
    lms.init()
    # Past _count: general get failure (scorm-again: 403).
    assert lms.get("cmi.interactions.0.id") == ("", "301")
    assert lms.get("cmi.objectives.3.id") == ("", "301")
    assert lms.get("cmi.interactions.0.objectives._count") == ("", "301")
    # Out of order on set: general set failure.
    assert lms.set("cmi.objectives.1.id", "o1") == ("false", "351")
    assert lms.get("cmi.objectives._count") == ("0", "0")
    # Dependencies: the id first (scorm-again: 401).
    assert lms.set("cmi.interactions.0.type", "choice") == ("false", "408")
    assert lms.set("cmi.objectives.0.score.raw", "1") == ("false", "408")
    assert lms.set("cmi.objectives.0.success_status", "passed") == ("false", "408")
    assert lms.get("cmi.interactions._count") == ("0", "0")
    assert lms.get("cmi.objectives._count") == ("0", "0")
    assert lms.set("cmi.interactions.0.id", "q1") == ("true", "0")
    assert lms.get("cmi.interactions._count") == ("1", "0")
    # Responses need the type.
    assert lms.set("cmi.interactions.0.learner_response", "a") == ("false", "408")
    assert lms.set("cmi.interactions.0.correct_responses.0.pattern", "a") == ("false", "408")
    assert lms.set("cmi.interactions.0.type", "choice") == ("true", "0")
    assert lms.get("cmi.interactions.0.correct_responses._count") == ("0", "0")
    assert lms.set("cmi.interactions.0.correct_responses.1.pattern", "a") == ("false", "351")
    assert lms.set("cmi.interactions.0.correct_responses.0.pattern", "a[,]b") == ("true", "0")
    assert lms.set("cmi.interactions.0.correct_responses.1.pattern", "a[,]b") == ("false", "351")
    assert lms.set("cmi.interactions.0.correct_responses.1.pattern", "c") == ("true", "0")
    assert lms.get("cmi.interactions.0.correct_responses._count") == ("2", "0")
    # Interaction objectives: unique within the interaction.
    assert lms.set("cmi.interactions.0.objectives.0.id", "o1") == ("true", "0")
    assert lms.set("cmi.interactions.0.objectives.1.id", "o1") == ("false", "351")
    assert lms.set("cmi.interactions.0.objectives.2.id", "o2") == ("false", "351")
    assert lms.get("cmi.interactions.0.objectives._count") == ("1", "0")
    # A second interaction needs its own id.
    assert lms.set("cmi.interactions.1.result", "correct") == ("false", "408")
    assert lms.set("cmi.interactions.2.id", "q3") == ("false", "351")
    # Objectives: unique ids that do not change once set.
    assert lms.set("cmi.objectives.0.id", "o1") == ("true", "0")
    assert lms.set("cmi.objectives.0.id", "o1") == ("true", "0")
    assert lms.set("cmi.objectives.0.id", "other") == ("false", "351")
    assert lms.set("cmi.objectives.1.id", "o1") == ("false", "351")
    assert lms.get("cmi.objectives.0.success_status") == ("unknown", "0")
    assert lms.get("cmi.objectives.0.score._children") == ("scaled,raw,min,max", "0")
    assert lms.get("cmi.objectives.0.score.raw") == ("", "403")
    # Comments from the learner: no dependency, in order.
    assert lms.set("cmi.comments_from_learner.1.comment", "x") == ("false", "351")
    assert lms.set("cmi.comments_from_learner.0.location", "p1") == ("true", "0")
    assert lms.get("cmi.comments_from_learner._count") == ("1", "0")
    # Initial collections from the LMS are counted.
    assert lms.get("cmi.comments_from_lms._count") == ("0", "0")


def test_scorm2004_initial_collections(lms):
    lms.install(
        "2004",
        {
            "cmi.objectives.0.id": "o1",
            "cmi.objectives.1.id": "o2",
            "cmi.objectives.1.success_status": "passed",
            "cmi.comments_from_lms.0.comment": "Hello",
        },
    )
    lms.init()
    assert lms.get("cmi.objectives._count") == ("2", "0")
    assert lms.get("cmi.objectives.1.success_status") == ("passed", "0")
    assert lms.get("cmi.objectives.0.success_status") == ("unknown", "0")
    assert lms.get("cmi.comments_from_lms._count") == ("1", "0")
    assert lms.get("cmi.comments_from_lms.0.comment") == ("Hello", "0")
    assert lms.get("cmi.comments_from_lms.0.location") == ("", "403")


# (type, good learner responses, bad learner responses, good patterns, bad patterns)
RESPONSES_2004 = [
    ("true-false", ["true", "false"], ["t", "1", ""], ["true"], ["yes"]),
    ("choice", ["a", "a[,]b", ""], ["a[,]a", "a b"], ["a[,]b", "c"], ["a[,]a"]),
    ("fill-in", ["word", "{lang=fr}mot[,]deux", ""], ["x" * 251, "{lang=1}x"],
     ["{case_matters=true}{order_matters=false}Paris", "a[,]b"],
     ["x" * 251, "{case_matters=true}{case_matters=true}x"]),
    ("long-fill-in", ["a long answer", "x" * 4000], ["x" * 4001],
     ["{case_matters=false}text"], ["{lang=nope!}x"]),
    ("likert", ["agree", ""], ["strongly agree"], ["agree"], ["a b"]),
    ("matching", ["1[.]a[,]2[.]b", ""], ["1.a", "1[.]a[.]b"], ["1[.]a"], ["", "1[.]"]),
    ("performance", ["step1[.]done[,]step2[.]5", "[.]answer"], ["step1", "[.]"],
     ["{order_matters=false}s1[.]1[:]5", "s1[.]x"], ["", "s1[.]1[:]2[:]3"]),
    ("sequencing", ["a[,]b[,]c", "a[,]a"], ["a b"], ["a[,]b"], [""]),
    ("numeric", ["3.14", "-2"], ["pi", "1[:]2"], ["1[:]2", "[:]5", "5[:]", "7"],
     ["2[:]1", "a[:]b"]),
    ("other", ["anything at all", ""], ["x" * 4001], ["whatever"], ["x" * 4001]),
]  # fmt: skip


@pytest.mark.parametrize(("itype", "good", "bad", "good_patterns", "bad_patterns"), RESPONSES_2004)
def test_scorm2004_response_formats(lms, itype, good, bad, good_patterns, bad_patterns):
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.interactions.0.id", "q1") == ("true", "0")
    assert lms.set("cmi.interactions.0.type", itype) == ("true", "0")
    for value in good:
        assert lms.set("cmi.interactions.0.learner_response", value) == ("true", "0"), value
        assert lms.get("cmi.interactions.0.learner_response") == (value, "0")
    for value in bad:
        assert lms.set("cmi.interactions.0.learner_response", value) == ("false", "406"), value
    for value in good_patterns:
        assert lms.set("cmi.interactions.0.correct_responses.0.pattern", value) == ("true", "0")
    for value in bad_patterns:
        element = "cmi.interactions.0.correct_responses.0.pattern"
        assert lms.set(element, value) == ("false", "406"), value


def test_scorm2004_single_pattern_types(lms):
    lms.install("2004")
    lms.init()
    for i, itype in enumerate(("true-false", "likert", "numeric", "other", "choice")):
        assert lms.set(f"cmi.interactions.{i}.id", f"q{i}") == ("true", "0")
        assert lms.set(f"cmi.interactions.{i}.type", itype) == ("true", "0")
        value = {"true-false": "true", "numeric": "1"}.get(itype, "a")
        second = {"true-false": "false", "numeric": "2"}.get(itype, "b")
        pattern = f"cmi.interactions.{i}.correct_responses"
        assert lms.set(f"{pattern}.0.pattern", value) == ("true", "0")
        expected = ("true", "0") if itype == "choice" else ("false", "351")
        assert lms.set(f"{pattern}.1.pattern", second) == expected, itype


def test_scorm2004_initialize_terminate_and_state(lms):
    lms.install("2004")
    assert lms.calls(
        [
            ("GetValue", "cmi.location"),
            ("SetValue", "cmi.location", "x"),
            ("Commit", ""),
            ("Terminate", ""),
            ("GetLastError",),
        ]
    ) == [("", "122"), ("false", "132"), ("false", "142"), ("false", "112"), ("112", "112")]
    assert lms.call("Initialize", "x") == ("false", "201")
    assert lms.call("Initialize", "") == ("true", "0")
    assert lms.call("Initialize", "") == ("false", "103")
    assert lms.call("Commit", "x") == ("false", "201")
    assert lms.call("Terminate", "x") == ("false", "201")
    assert lms.call("GetValue", "cmi.location") == ("", "403")
    assert lms.call("Terminate", "") == ("true", "0")
    assert lms.calls(
        [
            ("GetValue", "cmi.location"),
            ("SetValue", "cmi.location", "x"),
            ("Commit", ""),
            ("Terminate", ""),
            ("Initialize", ""),
        ]
    ) == [("", "123"), ("false", "133"), ("false", "143"), ("false", "113"), ("false", "104")]


def test_scorm2004_error_strings(lms):
    lms.install("2004")
    codes = [0, 101, 102, 103, 104, 111, 112, 113, 122, 123, 132, 133, 142, 143, 201, 301, 351,
             391, 401, 402, 403, 404, 405, 406, 407, 408]  # fmt: skip
    strings = lms.page.evaluate(
        "(codes) => codes.map(c => API_1484_11.GetErrorString(String(c)))", codes
    )
    assert all(strings)
    assert len(set(strings)) == len(codes)
    assert lms.call("GetErrorString", "999") == ("", "0")
    assert lms.call("GetErrorString", "") == ("", "0")
    lms.init()
    assert lms.set("cmi.score.scaled", "3") == ("false", "407")
    assert "cmi.score.scaled" in lms.call("GetDiagnostic", "")[0]
    assert lms.call("GetDiagnostic", "101")[0] == "General exception"


def test_scorm2004_shared_data_stores(lms):
    lms.page.evaluate(
        """(url) => { window.rt = LMSRuntime.install({version: "2004", commitUrl: url,
            csrfToken: "tok123", initial: {"adl.data.0.id": "urn:notes",
            "adl.data.1.id": "urn:read-only", "adl.data.1.store": "fixed",
            "adl.data.2.id": "urn:write-only"},
            sharedData: {"urn:read-only": {write: false}, "urn:write-only": {read: false}}}); }""",
        lms.commit_url,
    )
    lms.version, lms.api = "2004", "API_1484_11"
    lms.init()
    assert lms.get("adl.data._count") == ("3", "0")
    assert lms.get("adl.data._children") == ("id,store", "0")
    assert lms.get("adl.data.0.id") == ("urn:notes", "0")
    assert lms.set("adl.data.0.id", "urn:x") == ("false", "404")
    assert lms.get("adl.data.0.store") == ("", "403")
    assert lms.set("adl.data.0.store", "my notes") == ("true", "0")
    assert lms.get("adl.data.0.store") == ("my notes", "0")
    # Read-only and write-only stores, as the manifest's map says.
    assert lms.get("adl.data.1.store") == ("fixed", "0")
    assert lms.set("adl.data.1.store", "changed") == ("false", "404")
    assert lms.set("adl.data.2.store", "secret") == ("true", "0")
    assert lms.get("adl.data.2.store") == ("", "405")
    # The content cannot add a store.
    assert lms.set("adl.data.3.store", "x") == ("false", "351")
    assert lms.get("adl.data.3.id") == ("", "301")
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.commits[-1] == {
        "cmi": {},
        "final": False,
        "adl_data": {"urn:notes": "my notes", "urn:write-only": "secret"},
    }


def test_scorm2004_completion_threshold_and_scaled_passing_score(lms):
    """RTE 4.2.4.1 / 4.2.22.1: the LMS answers from the measure, not from what the SCO said."""
    lms.install("2004", {"cmi.completion_threshold": "0.75", "cmi.scaled_passing_score": "0.6"})
    lms.init()
    assert lms.set("cmi.completion_status", "completed") == ("true", "0")
    assert lms.set("cmi.success_status", "passed") == ("true", "0")
    assert lms.get("cmi.completion_status") == ("unknown", "0")
    assert lms.get("cmi.success_status") == ("unknown", "0")
    assert lms.set("cmi.progress_measure", "0.5") == ("true", "0")
    assert lms.set("cmi.score.scaled", "0.59") == ("true", "0")
    assert lms.get("cmi.completion_status") == ("incomplete", "0")
    assert lms.get("cmi.success_status") == ("failed", "0")
    assert lms.set("cmi.progress_measure", "0.75") == ("true", "0")
    assert lms.set("cmi.score.scaled", "0.6") == ("true", "0")
    assert lms.get("cmi.completion_status") == ("completed", "0")
    assert lms.get("cmi.success_status") == ("passed", "0")
    # Without them, the SCO's word stands.
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.progress_measure", "0.1") == ("true", "0")
    assert lms.set("cmi.completion_status", "completed") == ("true", "0")
    assert lms.get("cmi.completion_status") == ("completed", "0")


def test_scorm2004_total_time_is_read_only_and_session_time_write_only(lms):
    lms.install("2004", {"cmi.total_time": "PT1H"})
    lms.init()
    assert lms.set("cmi.session_time", "PT10M") == ("true", "0")
    assert lms.get("cmi.total_time") == ("PT1H", "0")
    assert lms.set("cmi.total_time", "PT2H") == ("false", "404")
    assert lms.get("cmi.session_time") == ("", "405")


# ---------------------------------------------------------------------------- commits


def test_commit_payloads_and_csrf_header(lms):
    lms.install("2004", {"cmi.learner_id": "u1"})
    lms.init()
    assert lms.set("cmi.location", "p1") == ("true", "0")
    assert lms.set("cmi.suspend_data", "s1") == ("true", "0")
    assert lms.set("cmi.score.raw", "1000") == ("true", "0")
    assert lms.set("cmi.score.scaled", "5") == ("false", "407")
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.commits == [
        {
            "cmi": {"cmi.location": "p1", "cmi.suspend_data": "s1", "cmi.score.raw": "1000"},
            "final": False,
        }
    ]
    assert lms.headers[0]["x-csrftoken"] == "tok123"
    assert lms.headers[0]["content-type"].startswith("application/json")
    # Only what changed since.
    assert lms.set("cmi.location", "p2") == ("true", "0")
    assert lms.set("cmi.session_time", "PT5M") == ("true", "0")
    assert lms.call("Terminate", "") == ("true", "0")
    assert lms.commits[1] == {
        "cmi": {"cmi.location": "p2", "cmi.session_time": "PT5M"},
        "final": True,
    }
    # Terminated cleanly: leaving the page sends nothing more.
    lms.page.goto(f"{lms.origin}/elsewhere.html")
    lms.page.wait_for_timeout(300)
    assert len(lms.commits) == 2


def test_a_commits_answer_updates_request_valid_and_reaches_the_player(lms):
    """RTE 4.4.2: adl.nav.request_valid.* is what the LMS answers at the time of asking; the
    server sends it back with each commit (after what the SCO just reported), and the
    player's onCommitted gets the whole answer."""
    lms.page.evaluate(
        """(url) => { window.answers = [];
            window.rt = LMSRuntime.install({version: "2004", commitUrl: url, csrfToken: "t",
                initial: {"adl.nav.request_valid.continue": "false"},
                onCommitted: (answer) => window.answers.push(answer)}); }""",
        lms.commit_url,
    )
    lms.version, lms.api = "2004", "API_1484_11"
    lms.init()
    assert lms.get("adl.nav.request_valid.continue") == ("false", "0")
    lms.reply = json.dumps(
        {
            "ok": True,
            "navigation": {
                "controls": {"continue": True},
                "request_valid": {
                    "adl.nav.request_valid.continue": "true",
                    "adl.nav.request_valid.choice.{target=b}": "false",
                },
            },
        }
    ).encode()
    assert lms.set("cmi.success_status", "passed") == ("true", "0")
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.get("adl.nav.request_valid.continue") == ("true", "0")
    assert lms.get("adl.nav.request_valid.choice.{target=b}") == ("false", "0")
    assert lms.set("adl.nav.request_valid.continue", "false") == ("false", "404")  # read only
    wait_until(lms.page, "() => window.answers.length === 1")
    answer = lms.page.evaluate("() => window.answers[0]")
    assert answer["navigation"]["controls"] == {"continue": True}


def test_flush_sends_what_is_left_as_final_and_then_nothing(lms):
    """The player's controls unload the SCO and call flush() before their request: what the
    content did not send goes as final, once; after a clean Terminate, nothing."""
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.location", "p4") == ("true", "0")
    assert lms.page.evaluate("() => rt.flush()") == ""
    assert lms.commits == [{"cmi": {"cmi.location": "p4"}, "final": True}]
    assert lms.call("Terminate", "") == ("true", "0")
    assert lms.page.evaluate("() => rt.flush()") == ""
    assert len(lms.commits) == 2


def test_commit_failure_keeps_the_data_for_the_next_commit(lms):
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.suspend_data", "precious") == ("true", "0")
    lms.status = 500
    assert lms.call("Commit", "") == ("false", "391")
    diagnostic = lms.call("GetDiagnostic", "")[0]
    assert "500" in diagnostic
    assert lms.set("cmi.location", "p9") == ("true", "0")
    lms.status = 200
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.commits[-1] == {
        "cmi": {"cmi.suspend_data": "precious", "cmi.location": "p9"},
        "final": False,
    }
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.commits[-1] == {"cmi": {}, "final": False}


def test_terminate_failure_keeps_the_session_open_and_retries(lms):
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.completion_status", "completed") == ("true", "0")
    lms.status = 500
    assert lms.call("Terminate", "") == ("false", "111")
    assert lms.get("cmi.completion_status") == ("completed", "0")
    lms.status = 200
    assert lms.call("Terminate", "") == ("true", "0")
    assert lms.commits[-1] == {"cmi": {"cmi.completion_status": "completed"}, "final": True}


def test_scorm12_commit_failure_is_a_general_exception(lms):
    lms.install("1.2")
    lms.init()
    assert lms.set("cmi.core.lesson_status", "incomplete") == ("true", "0")
    lms.status = 503
    assert lms.call("Commit", "") == ("false", "101")
    assert "503" in lms.call("GetDiagnostic", "")[0]
    lms.status = 200
    assert lms.call("Commit", "") == ("true", "0")
    assert lms.commits[-1] == {"cmi": {"cmi.core.lesson_status": "incomplete"}, "final": False}


def wait_for_commits(lms, n):
    for _ in range(50):
        if len(lms.commits) >= n:
            return
        lms.page.wait_for_timeout(100)


def test_leaving_without_terminate_sends_a_beacon(lms):
    lms.install("1.2")
    lms.init()
    assert lms.set("cmi.suspend_data", "half-way") == ("true", "0")
    assert lms.set("cmi.core.lesson_location", "slide-7") == ("true", "0")
    lms.page.goto(f"{lms.origin}/elsewhere.html")
    wait_for_commits(lms, 1)
    assert lms.commits == [
        {
            "cmi": {"cmi.suspend_data": "half-way", "cmi.core.lesson_location": "slide-7"},
            "final": True,
            "csrfmiddlewaretoken": "tok123",
        }
    ]


def test_content_that_finishes_in_its_unload_handler_loses_nothing(lms):
    """The player window's pagehide (and its beacon) comes before the content frame's unload,
    where much content sets its last values and calls LMSFinish: those calls still work."""
    lms.install("1.2")
    lms.page.evaluate(
        """() => new Promise(done => { const f = document.createElement("iframe");
            f.src = "/content.html"; f.onload = done; document.body.appendChild(f); })"""
    )
    lms.page.frames[1].evaluate(
        """() => { parent.API.LMSInitialize("");
            parent.API.LMSSetValue("cmi.core.lesson_location", "page-2");
            window.addEventListener("unload", () => {
                parent.API.LMSSetValue("cmi.suspend_data", "set-in-unload");
                parent.API.LMSSetValue("cmi.core.exit", "suspend");
                parent.API.LMSFinish("");
            }); }"""
    )
    lms.page.goto(f"{lms.origin}/elsewhere.html")
    wait_for_commits(lms, 2)
    assert all(commit["final"] for commit in lms.commits)
    assert merged(lms.commits) == {
        "cmi.core.lesson_location": "page-2",
        "cmi.suspend_data": "set-in-unload",
        "cmi.core.exit": "suspend",
    }


def test_beacon_after_a_failed_final_commit(lms):
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.suspend_data", "keep me") == ("true", "0")
    lms.status = 500
    assert lms.call("Terminate", "") == ("false", "111")
    lms.status = 200
    lms.page.goto(f"{lms.origin}/elsewhere.html")
    wait_for_commits(lms, 2)
    assert lms.commits[-1]["cmi"] == {"cmi.suspend_data": "keep me"}
    assert lms.commits[-1]["final"] is True


def test_installing_the_next_runtime_flushes_the_previous_one(lms):
    lms.install("1.2")
    lms.init()
    assert lms.set("cmi.core.lesson_location", "p5") == ("true", "0")
    lms.install("2004")
    wait_for_commits(lms, 1)
    assert lms.commits == [
        {"cmi": {"cmi.core.lesson_location": "p5"}, "final": True, "csrfmiddlewaretoken": "tok123"}
    ]
    assert lms.page.evaluate("() => [typeof window.API, typeof window.API_1484_11]") == [
        "undefined",
        "object",
    ]
    # A runtime that terminated cleanly sends nothing more.
    lms.init()
    assert lms.call("Terminate", "") == ("true", "0")
    lms.install("2004")
    lms.page.wait_for_timeout(200)
    assert len(lms.commits) == 2


def test_nav_request_is_passed_on_at_terminate(lms):
    lms.install("2004")
    lms.init()
    assert lms.set("adl.nav.request", "{target=chapter2}choice") == ("true", "0")
    assert lms.page.evaluate("() => window.navRequests") == []
    assert lms.call("Terminate", "") == ("true", "0")
    wait_until(lms.page, "() => window.navRequests.length > 0")
    assert lms.page.evaluate("() => window.navRequests") == ["{target=chapter2}choice"]
    assert lms.commits[-1] == {
        "cmi": {},
        "final": True,
        "nav_request": "{target=chapter2}choice",
    }


def test_no_nav_request_by_default(lms):
    lms.install("2004")
    lms.init()
    assert lms.call("Terminate", "") == ("true", "0")
    lms.page.wait_for_timeout(50)
    assert lms.page.evaluate("() => window.navRequests") == []


def test_api_is_found_from_a_content_frame(lms):
    """Content looks for the API in its parents: it works from a same-origin iframe."""
    lms.install("1.2", {"cmi.core.student_name": "Doe, Jane"})
    lms.page.evaluate(
        """() => new Promise(done => { const f = document.createElement("iframe");
            f.src = "/content.html"; f.onload = done; document.body.appendChild(f); })"""
    )
    frame = lms.page.frames[1]
    result = frame.evaluate(
        """() => { let w = window; while (!w.API && w.parent !== w) w = w.parent;
            w.API.LMSInitialize(""); return w.API.LMSGetValue("cmi.core.student_name"); }"""
    )
    assert result == "Doe, Jane"


# ---------------------------------------------------------------------------- real packages

LOG_API = """() => {
    window.apiLog = [];
    const api = window.API_1484_11 || window.API;
    const last = api.GetLastError ? "GetLastError" : "LMSGetLastError";
    for (const name of Object.keys(api)) {
        const original = api[name];
        if (typeof original !== "function" || name.includes("Error") || name.includes("Diagnostic"))
            continue;
        api[name] = function (...args) {
            const result = original.apply(this, args);
            window.apiLog.push([name, args.map(String), result, api[last]()]);
            return result;
        };
    }
}"""


def launch(lms, package, initial):
    assert (shared_fixtures() / package / "imsmanifest.xml").is_file()
    lms.dialogs = []
    if not getattr(lms, "dialog_handler", None):

        def on_dialog(dialog):
            lms.dialogs.append(dialog.message)
            dialog.accept()

        lms.dialog_handler = on_dialog
        lms.page.on("dialog", on_dialog)
    lms.install(lms.version, initial)
    lms.page.evaluate(LOG_API)
    lms.page.evaluate(
        """(src) => { const f = document.createElement("iframe"); f.id = "sco";
            f.style.width = "900px"; f.style.height = "700px"; f.src = src;
            document.body.appendChild(f); }""",
        f"/pkg/{package}/shared/launchpage.html",
    )
    wait_until(
        lms.page, "() => window.apiLog.length > 0 && window.apiLog[0][0].endsWith('Initialize')"
    )
    return lms.page.frame_locator("#sco")


def api_failures(lms, allowed=()):
    log = lms.page.evaluate("() => window.apiLog")
    return [
        entry
        for entry in log
        if entry[3] != "0" and (entry[0], entry[1][0] if entry[1] else "", entry[3]) not in allowed
    ]


def merged(commits):
    data = {}
    for commit in commits:
        data.update(commit["cmi"])
    return data


GOLF_OBJECTIVES = {
    "cmi.objectives.0.id": "PRIMARYOBJ",
    "cmi.objectives.1.id": "obj_etiquette",
    "cmi.objectives.2.id": "obj_handicapping",
    "cmi.objectives.3.id": "obj_havingfun",
    "cmi.objectives.4.id": "obj_playing",
}


def test_golf_scorm2004_advanced_calls_play_through(lms):
    """Rustici's golf example (interactions, objectives, progress, adl.nav.request) runs
    without one failed call, and everything it commits passes the server's validation."""
    from scorm.runtime import summarize, validate_cmi

    lms.version = "2004"
    sco = launch(
        lms,
        "golf-scorm2004/RunTimeAdvancedCalls_SCORM20043rdEdition",
        {"cmi.learner_id": "u1", "cmi.learner_name": "Doe, Jane", **GOLF_OBJECTIVES},
    )
    for _ in range(14):
        sco.locator("#butNext").click()
    test_page = sco.frame_locator("#contentFrame")
    test_page.locator("input[value='Submit Answers']").click()
    test_page.locator("text=Score:").wait_for()
    sco.locator("#butExit").click()
    wait_until(lms.page, "() => window.navRequests.length > 0")
    assert lms.page.evaluate("() => window.navRequests") == ["exitAll"]
    # The only error: reading cmi.location before it was ever set (403), as the content expects.
    assert api_failures(lms, allowed={("GetValue", "cmi.location", "403")}) == []
    assert lms.dialogs == []
    assert lms.commits[-1]["final"] is True
    assert lms.commits[-1]["nav_request"] == "exitAll"
    data = merged(lms.commits)
    clean, errors = validate_cmi("2004", data)
    assert errors == []
    assert clean == data
    assert data["cmi.completion_status"] == "completed"
    assert data["cmi.location"] == "14"
    assert data["cmi.progress_measure"] == "1"
    assert data["cmi.interactions.0.id"] == "com.scorm.golfsamples.interactions.playing_1"
    assert data["cmi.interactions.0.objectives.0.id"] == "obj_playing"
    assert "cmi.objectives.4.completion_status" in data
    summary = summarize("2004", data)
    assert summary["status"] == "completed"
    assert summary["score_raw"] == float(data["cmi.score.raw"])
    assert summary["score_max"] == 100
    assert summary["location"] == "14"


def test_golf_scorm12_quit_half_way_and_resume(lms):
    """SCORM 1.2 golf example: leave after a few pages (the SCO suspends on unload), come back
    with the stored data, resume at the same page, finish the test."""
    from scorm.runtime import add_time, initial_cmi, summarize, validate_cmi

    lms.version = "1.2"
    package = "golf-scorm12/RuntimeBasicCalls_SCORM12"
    sco = launch(lms, package, {"cmi.core.student_id": "u1", "cmi.core.student_name": "Doe, Jane"})
    for _ in range(3):
        sco.locator("#butNext").click()
    # The learner leaves: the SCO's beforeunload handler suspends and finishes.
    lms.page.evaluate("() => { document.getElementById('sco').src = '/elsewhere.html'; }")
    wait_for_commits(lms, 1)
    assert api_failures(lms) == []
    first = merged(lms.commits)
    assert lms.commits[-1]["final"] is True
    assert validate_cmi("1.2", first) == (first, [])
    assert first["cmi.core.lesson_location"] == "3"
    assert first["cmi.core.lesson_status"] == "incomplete"
    assert "cmi.core.session_time" in first
    assert first["cmi.core.exit"] == "suspend"
    summary = summarize("1.2", first)
    assert summary["status"] == "incomplete" and summary["location"] == "3"

    # Second session: what the server would hand back.
    lms.page.goto(f"{lms.origin}/player.html")
    n = len(lms.commits)
    sco = launch(
        lms,
        package,
        initial_cmi(
            "1.2",
            first,
            learner_id="u1",
            learner_name="Doe, Jane",
            total_time=add_time("1.2", "", first["cmi.core.session_time"]),
            mastery_score="80",
        ),
    )
    assert lms.page.evaluate("() => API.LMSGetValue('cmi.core.entry')") == "resume"
    assert lms.dialogs == ["Would you like to resume from where you previously left off?"]
    assert lms.page.evaluate("() => API.LMSGetValue('cmi.core.lesson_location')") == "3"
    while not sco.locator("#butNext").is_disabled():
        sco.locator("#butNext").click()
    test_page = sco.frame_locator("#contentFrame")
    test_page.locator("input[value='Submit Answers']").click()
    test_page.locator("text=Score:").wait_for()
    sco.locator("#butExit").click()
    wait_for_commits(lms, n + 1)
    assert api_failures(lms) == []
    second = merged(lms.commits[n:])
    assert validate_cmi("1.2", second) == (second, [])
    assert second["cmi.core.lesson_status"] in ("passed", "failed")
    assert float(second["cmi.core.score.raw"]) < 80  # the questions were not answered
    assert second["cmi.core.exit"] == ""
    assert summarize("1.2", second, mastery_score=80)["status"] == "failed"


# ---------------------------------------------------------------------------- same rules both sides

CROSS_CHECK = """([version, element, values]) => values.map((value) => {
    const rt = LMSRuntime.install({version, initial: {}});
    const api = rt.api;
    const set = version === "1.2" ? api.LMSSetValue : api.SetValue;
    (version === "1.2" ? api.LMSInitialize : api.Initialize)("");
    if (element.startsWith("cmi.objectives.0.") && element !== "cmi.objectives.0.id")
        set("cmi.objectives.0.id", "obj-0");
    if (element.startsWith("cmi.interactions.0.") && element !== "cmi.interactions.0.id")
        set("cmi.interactions.0.id", "int-0");
    if (version === "2004" && /(correct_responses|learner_response)/.test(element))
        set("cmi.interactions.0.type", "other");
    const result = set(element, value);
    rt.uninstall();
    return result;
})"""


def cross_check_rows():
    from scorm.tests.test_datamodel import TYPES

    return [row for row in TYPES if not any(f".{i}." in row[1] for i in range(1, 10))]


@pytest.mark.parametrize(("version", "name", "good", "bad"), cross_check_rows())
def test_browser_and_server_accept_the_same_values(lms, version, name, good, bad):
    """The tables of scorm/runtime/datamodel.py, run through runtime.js: same verdicts."""
    results = lms.page.evaluate(CROSS_CHECK, [version, name, good + bad])
    assert results == ["true"] * len(good) + ["false"] * len(bad)


# --- SCORM 2004 4th Edition DMI kinds found by the ADL CTS replay ----------------------------


def _interaction(lms, index, itype):
    assert lms.set(f"cmi.interactions.{index}.id", f"urn:q{index}") == ("true", "0")
    assert lms.set(f"cmi.interactions.{index}.type", itype) == ("true", "0")


def test_scorm2004_pattern_counts_come_before_the_format(lms):
    """RTE 4.2.9.1: true-false, likert, numeric and other have one pattern: a second is 351
    whatever its value; a choice's patterns are distinct; other types' may repeat."""
    lms.install("2004")
    lms.init()
    _interaction(lms, 0, "true-false")
    assert lms.set("cmi.interactions.0.correct_responses.0.pattern", "true") == ("true", "0")
    for value in ("false", "invalid", ""):
        assert lms.set("cmi.interactions.0.correct_responses.1.pattern", value) == (
            "false",
            "351",
        )
    _interaction(lms, 1, "choice")
    assert lms.set("cmi.interactions.1.correct_responses.0.pattern", "a[,]b") == ("true", "0")
    assert lms.set("cmi.interactions.1.correct_responses.1.pattern", "a[,]b") == ("false", "351")
    _interaction(lms, 2, "fill-in")
    for index in range(3):
        assert lms.set(f"cmi.interactions.2.correct_responses.{index}.pattern", "") == (
            "true",
            "0",
        )


@pytest.mark.parametrize(
    "itype, pattern, code",
    [
        ("fill-in", "{case_matters=invalid}z", "406"),
        ("fill-in", "{order_matters=true-false}z", "406"),
        ("fill-in", "{lang=frl}z", "406"),  # not an ISO 639 code
        ("fill-in", "{lang=sp}z", "406"),
        ("fill-in", "{lang=en-US}{case_matters=invalid}z", "0"),  # text after the language
        ("fill-in", "{case_matters=true}{order_matters=false}{lang=fr}z[,]{lang=de}y", "0"),
        ("long-fill-in", "{lang=eng}{case_matters=true}text", "0"),
        ("long-fill-in", "{case_matters=maybe}text", "406"),
        ("performance", "{order_matters=invalid}a[.]b", "406"),
        ("performance", "{order_matters=false}a[.]b", "0"),
    ],
)
def test_scorm2004_pattern_delimiters_and_languages(lms, itype, pattern, code):
    lms.install("2004")
    lms.init()
    _interaction(lms, 0, itype)
    expected = ("true", "0") if code == "0" else ("false", code)
    assert lms.set("cmi.interactions.0.correct_responses.0.pattern", pattern) == expected


@pytest.mark.parametrize(
    "value, ok",
    [
        ("urn:ADL:objective-1", True),
        ("for/the/long/identifier", True),
        ("MYID01", True),
        ("urn:", False),
        (":no-scheme", False),
        ("a b", False),
        ("50%", False),
        ("a{b}", False),
    ],
)
def test_scorm2004_long_identifiers_are_uris(lms, value, ok):
    lms.install("2004")
    lms.init()
    expected = ("true", "0") if ok else ("false", "406")
    assert lms.set("cmi.objectives.0.id", value) == expected
    assert lms.set("cmi.interactions.0.id", value) == expected


def test_scorm2004_a_written_out_index_is_a_set_failure(lms):
    lms.install("2004")
    lms.init()
    assert lms.set("cmi.interactions.01.id", "urn:x") == ("false", "351")
    assert lms.get("cmi.interactions.01.id") == ("", "301")


def test_scorm2004_request_valid_targets_outside_the_tree_are_false(lms):
    lms.install(
        "2004",
        {
            "adl.nav.request_valid.continue": "true",
            "adl.nav.request_valid.choice.{target=a2}": "true",
            "adl.nav.request_valid.jump.{target=a2}": "true",
        },
    )
    lms.init()
    assert lms.get("adl.nav.request_valid.choice.{target=a2}") == ("true", "0")
    assert lms.get("adl.nav.request_valid.jump.{target=a2}") == ("true", "0")
    assert lms.get("adl.nav.request_valid.choice.{target=nowhere}") == ("false", "0")
    assert lms.get("adl.nav.request_valid.jump.{target=nowhere}") == ("false", "0")


def test_scorm2004_an_emptied_shared_data_store_has_no_value(lms):
    lms.install("2004", {"adl.data.0.id": "urn:notes", "adl.data.0.store": "x"})
    lms.init()
    assert lms.set("adl.data.0.store", "") == ("true", "0")
    assert lms.get("adl.data.0.store") == ("", "403")


def test_language_codes_are_the_same_in_the_browser_and_on_the_server():
    from scorm.runtime.datamodel import LANGUAGE_CODES

    script = RUNTIME_JS.read_text()
    block = script.split("var LANGUAGE_CODES =", 1)[1].split(";", 1)[0]
    codes = set(" ".join(re.findall(r'"([^"]*)"', block)).split())
    extra = script.split('LANGUAGE_CODES += "', 1)[1].split('"', 1)[0].split()
    assert codes | set(extra) == set(LANGUAGE_CODES)
