"""An ASGI live server for browser tests: Daphne in a thread, HTTP and WebSockets on one port.

pytest-django's live_server speaks WSGI only. This one serves chamilo.asgi's application (and
the static files) from the test process, so it reads the test database like live_server does.
Twisted's reactor runs once per process: the server starts once per test session.
"""

import socket
import threading
import time

import pytest

_server = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start() -> str:
    from channels.routing import ProtocolTypeRouter
    from daphne.server import Server
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from chamilo.asgi import application, django_application

    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(django_application),
            "websocket": application.application_mapping["websocket"],
        }
    )
    port = _free_port()
    server = Server(
        application=app,
        endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="asgi-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        raise RuntimeError("the ASGI live server did not start")
    _server.update(url=f"http://127.0.0.1:{port}", server=server, thread=thread)
    return _server["url"]


def _wait_idle(timeout: float = 20) -> None:
    """Wait until Daphne holds no connection: every consumer's disconnect has run to its end.

    A consumer still leaving (its presence row, its last broadcast) while the test database is
    flushed deadlocks the flush's TRUNCATE, or touches the next test's database.
    Daphne drops a connection once it is closed and its application instance is done.
    """
    server = _server.get("server")
    deadline = time.monotonic() + timeout
    while server is not None and server.connections and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def asgi_live_server(transactional_db, settings):
    """The URL of the ASGI server (started on first use; the test database is the test's).

    Tear-down waits for the server to be idle before pytest-django flushes the database.
    """
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    yield _server.get("url") or _start()
    _wait_idle()
