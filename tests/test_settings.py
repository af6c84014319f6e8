"""Settings come from the environment, with production-safe defaults when DEBUG is off."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import json, django; from django.conf import settings; "
    "print(json.dumps({k: getattr(settings, k, None) for k in ["
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_SSL_REDIRECT', 'CELERY_TASK_ALWAYS_EAGER', 'CELERY_BROKER_URL', 'DEBUG']} | "
    "{'ENGINE': settings.DATABASES['default']['ENGINE']}))"
)


def read_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="chamilo.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    return result


def test_production_defaults_when_debug_is_off():
    result = read_settings(
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://u@127.0.0.1/x",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_SSL_REDIRECT"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"
    assert values["ENGINE"] == "django.db.backends.postgresql"


def test_embedded_defaults():
    values = json.loads(read_settings(DEBUG="1").stdout)
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"


def test_no_secret_key_no_start():
    result = read_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
