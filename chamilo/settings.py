"""Settings for the platform: one module, driven by the environment.

Every value that differs between a laptop and production comes from an environment variable;
the defaults are the embedded set-up (SQLite under var/, eager Celery, console e-mail).
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# pytest imports this module itself; tests get a throwaway key instead of a configuration error.
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    elif Path(sys.argv[0]).name == "manage.py":
        # Maintenance commands (migrate, makemigrations, compilemessages...) sign nothing that
        # must outlive them: a throwaway key lets them run. Servers and workers still need one.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that runserver is Daphne's: HTTP and the chat's WebSockets from one server.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # The platform's own apps: core and courses first, then one app per course tool.
    "core",
    "accounts",
    "courses",
    "documents",
    "links",
    "announcements",
    "glossary",
    "learnpaths",
    "scorm",
    "assessments",
    "assignments",
    "gradebook",
    "attendance",
    "journal",
    "forums",
    "chat",
    "groups",
    "wiki",
    "agenda",
    "surveys",
    "projects",
    "conference",
    "tracking",
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "tracking.middleware.CourseHitMiddleware",
]

ROOT_URLCONF = "chamilo.urls"
WSGI_APPLICATION = "chamilo.wsgi.application"
ASGI_APPLICATION = "chamilo.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.platform",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Tests close every connection at once, so the test database can be dropped at the end.
        conn_max_age=0 if TESTING else int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once under a multi-process server.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not TESTING:  # parallel test workers must not share one cache
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Entries keyed by the version of what they hold (courses/caching.py). Without Redis: the same
# process memory as "default" (same LOCATION, so `cache.clear()` empties both).
CACHES["versioned"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the platform still works: tasks run in the web process, right away.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
# A failed eager task is recorded on its Job; only tests want the exception itself.
CELERY_TASK_EAGER_PROPAGATES = TESTING
# What happens to a task whose worker dies in the middle of it (issue #10; core/jobs.py):
# - acks_late: the message is acknowledged when the task ends, not when it starts, so a task
#   whose worker dies is still owed to the queue instead of lost;
# - task_reject_on_worker_lost: when a pool process is killed (SIGKILL, out of memory), its
#   worker gives the message back at once for another process to run, instead of recording a
#   WorkerLostError failure. Running a task twice is safe here: core.jobs.job_start lets one
#   delivery at a time work on a job, and every task's work is all-or-nothing.
# - visibility_timeout (Redis): when a whole worker disappears, nobody gives its message back;
#   Redis hands it out again after this many seconds. Kombu's default, one hour, is what left
#   jobs "running 25 %" for an hour. It must be longer than a job's stale timeout (the job page
#   says "failed" first, then a late redelivery finds nothing to do) but it need not exceed the
#   longest task: a duplicate delivery of a task still running waits for it (job_start).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300")),
}
# A worker's job writes a heartbeat this often; a running job silent for JOB_STALE_SECONDS has
# lost its worker: it is taken back by a redelivered task, or shown failed with a Retry button.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "60"))
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_BEAT_SCHEDULE: dict = {
    "tracking-flush-hits": {
        "task": "tracking.tasks.flush_hits_task",
        "schedule": float(os.environ.get("TRACKING_FLUSH_SECONDS", "10")),
    },
    "core-expire-stale-jobs": {"task": "core.tasks.expire_stale_jobs_task", "schedule": 60.0},
    "assessments-close-expired-attempts": {
        "task": "assessments.tasks.close_expired_attempts_task",
        "schedule": 60.0,
    },
    "agenda-send-reminders": {
        "task": "agenda.tasks.send_reminders_task",
        "schedule": 300.0,
    },
    "surveys-send-reminders": {
        "task": "surveys.tasks.send_scheduled_reminders_task",
        "schedule": 900.0,
    },
}

# --- Channels (the chat's WebSockets) ------------------------------------------------------
# Redis carries messages between server processes when REDIS_URL (or CHANNELS_REDIS_URL, to
# use another database number) is set; one process alone does with the in-memory layer.
CHANNELS_REDIS_URL = os.environ.get("CHANNELS_REDIS_URL", REDIS_URL)
if CHANNELS_REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [CHANNELS_REDIS_URL],
                "prefix": os.environ.get("CHANNELS_PREFIX", "chamilo"),
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Sessions are read from the cache (Redis in production) and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Performance (issue #11; figures in docs/SCALING.md, measured with `make bench`) -----------
# Kept together so other branches' settings edits do not interleave with these.
if REDIS_URL and not TESTING:
    # Sessions live in Redis only: reading one is a GET, and signing in writes no database row.
    # Their own alias, so a `cache.clear()` or an eviction policy on the page cache never signs
    # a class out; point SESSION_REDIS_URL at a Redis whose maxmemory-policy keeps keys with no
    # room left (noeviction / volatile-lru) rather than dropping sessions.
    CACHES["sessions"] = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": os.environ.get("SESSION_REDIS_URL", REDIS_URL),
        "KEY_PREFIX": "session",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
    # Django's Redis backend, reusing its client object (core/cache.py: ~0.1 ms per call).
    CACHES["default"]["BACKEND"] = "core.cache.RedisCache"
    # The version-keyed pieces of course pages from this process's memory first, Redis second
    # (core.cache.LocalFirstCache: 3-4 fewer Redis round trips on a course page).
    CACHES["versioned"] = {"BACKEND": "core.cache.LocalFirstCache", "LOCATION": "default"}
# Persistent connections (DB_CONN_MAX_AGE seconds, 60 by default, set above) with a health check
# at the start of each request: a page saves the connection set-up (~2-5 ms with PostgreSQL);
# behind PgBouncer in transaction mode set DB_CONN_MAX_AGE=0 and let the pooler keep them.

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is the slowest part of creating users; tests create many.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_RATE_LIMITS = False if TESTING else {}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        # WhiteNoise's, remembering each file's address (core/staticfiles.py; issue #11).
        else "core.staticfiles.RememberingManifestStaticFilesStorage"
    },
}
# The development server finds static files in the apps; in production they are collected.
# Not under tests: WhiteNoise scans every app's static files each time a test client builds its
# middleware (0.3 s a client, three quarters of the permission walk), and the test servers
# (pytest-django's live_server, chat's daphne) serve static files with their own handlers.
WHITENOISE_USE_FINDERS = DEBUG
# Nor STATIC_ROOT (var/static, filled by collectstatic for `make bench`): autorefresh looks a
# file up when it is asked for instead of listing the whole folder at start-up.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LMS <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------------
# The policy holds in development too, so a page that breaks it breaks in tests, not in production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap and progress bars set inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # The test server speaks plain HTTP; everywhere else cookies travel over HTTPS only.
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not TESTING)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not TESTING)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Platform ---------------------------------------------------------------------------------
PLATFORM_NAME = os.environ.get("PLATFORM_NAME", "Chamilo LMS")
# The address people reach the platform at; links in e-mails start with it.
PLATFORM_URL = os.environ.get("PLATFORM_URL", "http://127.0.0.1:8000").rstrip("/")
AVATAR_SIZE = 256
BULK_ENROLL_MAX_BYTES = 1024 * 1024

# --- Uploads (core.uploads checks every uploaded file against these) ------------------------
UPLOAD_MAX_FILE_SIZE = int(os.environ.get("UPLOAD_MAX_FILE_SIZE_MB", "100")) * 1024 * 1024
# Empty: the default allow-list in core/uploads.py. Otherwise a comma-separated list: pdf,docx,...
UPLOAD_ALLOWED_EXTENSIONS = env_list("UPLOAD_ALLOWED_EXTENSIONS")
# Disk space a course's documents may use, unless the course has its own quota (admin).
DOCUMENTS_DEFAULT_QUOTA = int(os.environ.get("DOCUMENTS_DEFAULT_QUOTA_MB", "500")) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Tracking (tracking/buffer.py): page hits and heartbeats are buffered, then folded into daily
# rows in bulk. Redis shares the buffer between web processes (tests keep theirs per process).
TRACKING_BUFFER = "redis" if REDIS_URL and not TESTING else "local"
TRACKING_BUFFER_KEY = os.environ.get("TRACKING_BUFFER_KEY", "tracking:hits")
TRACKING_FLUSH_SIZE = 200
TRACKING_FLUSH_SECONDS = float(os.environ.get("TRACKING_FLUSH_SECONDS", "10"))
if TESTING:  # tests flush when they mean to (tracking/tests), never in another test's request
    TRACKING_FLUSH_SIZE = 10**9
    TRACKING_FLUSH_SECONDS = 10.0**9
# Course pages beat every TRACKING_BEAT_SECONDS while visible and used; a beat is worth at most
# twice that; TRACKING_IDLE_SECONDS without a key press, click, scroll or touch stops the clock.
TRACKING_BEAT_SECONDS = 30
TRACKING_BEAT_CAP_SECONDS = 2 * TRACKING_BEAT_SECONDS
TRACKING_IDLE_SECONDS = int(os.environ.get("TRACKING_IDLE_SECONDS", "300"))
