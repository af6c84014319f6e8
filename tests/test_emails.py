"""Issue #10: every e-mail names the platform and carries links that work; `make run` serves
and writes the same address."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_allauth_messages_name_the_platform_and_link_back(client, settings):
    settings.PLATFORM_NAME = "Campus Lumière"
    settings.PLATFORM_URL = "http://127.0.0.1:8123"
    UserFactory(email="reset@example.org")
    response = client.post("/accounts/password/reset/", {"email": "reset@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("[Campus Lumière] ")
    assert "Hello from Campus Lumière!" in message.body
    assert "testserver" not in message.subject
    assert "Hello from testserver" not in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    assert page.status_code == 200
    assert b"password" in page.content.lower()


@pytest.mark.django_db
def test_demo_data_prints_the_address_served(settings):
    settings.PLATFORM_URL = "http://0.0.0.0:8123"
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Sign in at http://0.0.0.0:8123/" in out.getvalue()


def _make_env(**variables) -> str:
    """PLATFORM_URL as the Makefile's recipes (make run) see it."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PLATFORM_URL"}
    env.update(variables.pop("env", {}))
    args = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "-s", "--eval", 'show-url: ; @echo "$$PLATFORM_URL"', "show-url", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_make_run_sets_platform_url_from_host_and_port():
    assert _make_env(HOST="192.0.2.7", PORT="8123") == "http://192.0.2.7:8123"
    assert _make_env() == "http://127.0.0.1:8000"
    public = {"PLATFORM_URL": "https://lms.example.org"}
    assert _make_env(HOST="0.0.0.0", PORT="80", env=public) == "https://lms.example.org"
