"""Issue #10: "www.example.org" is completed to https://; HEAD's answer alone decides nothing.

The checker talks to a real HTTP server started by the test on 127.0.0.1 (only the check that
refuses private addresses is stepped over, by resolving the test's host name to it).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from links import checker
from links.models import Link, complete_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("www.example.org", "https://www.example.org"),
        ("  www.example.org/page?x=1#top ", "https://www.example.org/page?x=1#top"),
        ("example.org:8443/a", "https://example.org:8443/a"),
        ("http://www.example.org", "http://www.example.org"),
        ("HTTPS://Example.org/", "HTTPS://Example.org/"),
        ("javascript:alert(1)", "javascript:alert(1)"),  # left for the validator to refuse
        ("not an address", "not an address"),
    ],
)
def test_complete_url(typed, stored):
    assert complete_url(typed) == stored


def test_a_link_typed_without_scheme_is_completed(course_roles, client_for):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        reverse("links:create", args=[course.code]),
        {"title": "Example", "url": "www.example.org", "visible": "on"},
    )
    assert response.status_code == 302
    assert Link.objects.get().url == "https://www.example.org"
    form = client_for(course_roles["teacher"]).get(reverse("links:create", args=[course.code]))
    assert 'type="url"' not in form.content.decode()  # the browser must let it through


class Answers(BaseHTTPRequestHandler):
    """HEAD and GET answer what the path says: /head404-get200 and so on."""

    requests: list[tuple[str, str]] = []

    def _answer(self, method):
        Answers.requests.append((method, self.path))
        head, get = self.path.strip("/").split("-")
        status = int((head if method == "HEAD" else get)[-3:])
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if method == "GET":
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802 (http.server's naming)
        self._answer("HEAD")

    def do_GET(self):  # noqa: N802
        self._answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(checker, "resolve_public", lambda host, port: ["127.0.0.1"])
    Answers.requests = []
    yield f"http://links.test:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "path,status,methods",
    [
        ("head404-get200", "ok", ["HEAD", "GET"]),
        ("head400-get200", "ok", ["HEAD", "GET"]),
        ("head500-get200", "ok", ["HEAD", "GET"]),
        ("head405-get200", "ok", ["HEAD", "GET"]),
        ("head200-get200", "ok", ["HEAD"]),
        ("head404-get404", "broken", ["HEAD", "GET"]),
        ("head200-get500", "ok", ["HEAD"]),  # a good HEAD is taken at its word
    ],
)
def test_head_alone_never_makes_a_link_broken(server, path, status, methods):
    result = checker.check_url(f"{server}/{path}")
    assert result.status == status, result.message
    assert [method for method, _path in Answers.requests] == methods
