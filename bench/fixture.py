"""The benchmark's data: one course a class lives in, its learners, and their sessions.

Run by bench/run.py as ``python -m bench.fixture OUT.json`` with the environment the server
will use (same DATABASE_URL, same REDIS_URL). Idempotent: the course and its content are made
once; learners are added up to ``BENCH_LEARNERS``; sessions are made fresh on every run,
directly in the session store (no password hashing, no login request in the measured loop).

What it writes to OUT.json (what page specs and the locust scenario format their paths with):

    {"code": "BENCH", "path_id": 1, "sco_ids": [..], "quiz_id": 3, "document_ids": [..],
     "announcement_ids": [..], "questions": [{"id": 1, "choice": 7}, ..],
     "teacher": {"session": "..."},
     "learners": [{"username": "bench-0000", "session": "...", "csrf": "...",
                   "attempt_id": 12 | null}, ..],
     ...whatever the hooks in bench/pages.py add}

The first ``BENCH_POOL`` learners (64) have a test attempt open and a learning-path attempt:
wrk rotates through them for the endpoints that write, so no single row lock serialises the
measurement.
"""

import io
import json
import os
import sys
import tempfile
import zipfile
from dataclasses import asdict
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import django

COURSE = "BENCH"
SCO_COUNT = 12
QUESTION_COUNT = 10
DOCUMENT_COUNT = 25
ANNOUNCEMENT_COUNT = 12


def _manifest(count: int) -> bytes:
    items = "\n".join(
        f'<item identifier="item{i}" identifierref="res{i}"><title>Lesson {i + 1}</title></item>'
        for i in range(count)
    )
    resources = "\n".join(
        f'<resource identifier="res{i}" type="webcontent" adlcp:scormtype="sco" '
        f'href="lesson{i}.html"><file href="lesson{i}.html"/></resource>'
        for i in range(count)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench.package" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Bench lessons</title>
{items}
  </organization></organizations>
  <resources>
{resources}
  </resources>
</manifest>""".encode()


def _package(count: int) -> bytes:
    """A SCORM 1.2 package of ``count`` one-page SCOs, built here so a fresh clone needs no
    fixtures from elsewhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _manifest(count))
        for i in range(count):
            archive.writestr(
                f"lesson{i}.html",
                f"<!doctype html><title>Lesson {i + 1}</title><p>Lesson {i + 1}</p>",
            )
    return buffer.getvalue()


def _content(course, teacher) -> dict:
    from announcements.models import Announcement
    from announcements.services import announcement_create
    from assessments.models import Quiz
    from assessments.services import question_save, quiz_add_question
    from documents.models import Document
    from documents.services import folder_create, page_create
    from learnpaths.models import LearningPath, PathItem
    from scorm.importer import package_import

    if not Document.objects.filter(course=course).exists():
        folder = folder_create(course=course, parent=None, name="Week 1", user=teacher)
        for i in range(DOCUMENT_COUNT):
            page_create(
                course=course,
                parent=folder if i % 3 == 0 else None,
                name=f"Reading {i + 1:02d}",
                content=f"<h2>Reading {i + 1}</h2>" + "<p>Some text to read.</p>" * 20,
                user=teacher,
            )
    if not Announcement.objects.filter(course=course).exists():
        for i in range(ANNOUNCEMENT_COUNT):
            announcement_create(
                course=course,
                author=teacher,
                title=f"Week {i + 1}",
                content=f"<p>This week we read chapter {i + 1}.</p>" * 5,
            )
    path = LearningPath.objects.filter(course=course, title="Bench lessons").first()
    if path is None:
        with tempfile.TemporaryDirectory() as folder:
            archive = Path(folder) / "bench.zip"
            archive.write_bytes(_package(SCO_COUNT))
            path = package_import(course=course, user=teacher, archive_path=archive)
    quiz = Quiz.objects.filter(course=course, title="Weekly quiz").first()
    if quiz is None:
        from assessments.models import Question

        quiz = Quiz.objects.create(
            course=course,
            title="Weekly quiz",
            published=True,
            layout=Quiz.Layout.ONE_PAGE,
            max_attempts=0,
        )
        for i in range(QUESTION_COUNT):
            question = question_save(
                question=Question(
                    course=course,
                    type="unique",
                    title=f"Question {i + 1}",
                    statement=f"<p>What is {i} + 1?</p>",
                    score=1,
                ),
                answers=[
                    {"text": str(i + k), "correct": k == 1, "score": 1 if k == 1 else 0}
                    for k in range(4)
                ],
            )
            quiz_add_question(quiz=quiz, question=question)
    scos = list(
        PathItem.objects.filter(path=path, kind="sco").order_by("rank").values_list("pk", flat=True)
    )
    questions = [
        {"id": link.question_id, "choice": link.question.answers.order_by("position")[1].pk}
        for link in quiz.quiz_questions.select_related("question").order_by("position")
    ]
    return {
        "path_id": path.pk,
        "sco_ids": scos,
        "quiz_id": quiz.pk,
        "questions": questions,
        "document_ids": list(
            Document.objects.filter(course=course, kind=Document.Kind.PAGE)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        "announcement_ids": list(
            Announcement.objects.filter(course=course).order_by("pk").values_list("pk", flat=True)
        ),
    }


def _learners(course, count: int) -> list:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from courses.caching import course_touch
    from courses.models import Enrollment

    User = get_user_model()
    names = [f"bench-{i:04d}" for i in range(count)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(username=name, email=f"{name}@example.org", password=unusable)
            for name in names
            if name not in existing
        ],
        batch_size=500,
    )
    users = list(User.objects.filter(username__in=names).order_by("username"))
    enrolled = set(Enrollment.objects.filter(course=course).values_list("user_id", flat=True))
    Enrollment.objects.bulk_create(
        [
            Enrollment(user=user, course=course, role=Enrollment.Role.LEARNER)
            for user in users
            if user.pk not in enrolled
        ],
        batch_size=500,
    )
    course_touch(course.pk)  # bulk_create sends no signal
    return users


def make_sessions(users) -> list[str]:
    """A signed-in session per user, written straight into the configured session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    store = store_class()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys, rows, cached = [], [], {}
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for user in users:
        key = get_random_string(32, alphabet)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        keys.append(key)
        if settings.SESSION_ENGINE.endswith((".db", ".cached_db")):
            rows.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expires)
            )
        if settings.SESSION_ENGINE.endswith((".cache", ".cached_db")):
            cached[store_class.cache_key_prefix + key] = data
    Session.objects.bulk_create(rows, batch_size=500)
    if cached:
        caches[settings.SESSION_CACHE_ALIAS].set_many(cached, timeout=settings.SESSION_COOKIE_AGE)
    return keys


def build(learner_count: int, pool: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from assessments.models import Quiz
    from assessments.services import attempt_start
    from courses.models import Course, Enrollment
    from learnpaths.models import LearningPath
    from learnpaths.services import attempt_current

    User = get_user_model()
    with transaction.atomic():
        teacher, created = User.objects.get_or_create(
            username="bench-teacher", defaults={"email": "bench-teacher@example.org"}
        )
        if created:
            teacher.set_unusable_password()
            teacher.save()
        course, _ = Course.objects.get_or_create(
            code=COURSE,
            defaults={
                "title": "Benchmark course",
                "visibility": "members",
                "description": "A course with a class in it, for make bench.",
            },
        )
        Enrollment.objects.get_or_create(
            user=teacher, course=course, defaults={"role": Enrollment.Role.TEACHER}
        )
        data = {"code": COURSE, **_content(course, teacher)}
        users = _learners(course, learner_count)
        quiz = Quiz.objects.get(pk=data["quiz_id"])
        path = LearningPath.objects.get(pk=data["path_id"])
        attempts = {}
        for user in users[:pool]:
            attempts[user.pk] = attempt_start(quiz=quiz, user=user).pk
            attempt_current(path=path, user=user)
    sessions = make_sessions([teacher, *users])
    data["teacher"] = {"session": sessions[0]}
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    from django.utils.crypto import get_random_string

    data["learners"] = [
        {
            "username": user.username,
            "session": key,
            "csrf": get_random_string(32, alphabet),
            "attempt_id": attempts.get(user.pk),
        }
        for user, key in zip(users, sessions[1:], strict=True)
    ]
    # What a learner's browser sends: every answer of the one-page test; a SCO's bookmark.
    data["autosave_body"] = "&".join(
        [f"question_ids={q['id']}" for q in data["questions"]]
        + [f"q{q['id']}-choice={q['choice']}" for q in data["questions"]]
    )
    data["suspend"] = "s" * 1500
    from bench.pages import all_pages, fixture_hooks

    for hook in fixture_hooks():
        data.update(hook(course=course, teacher=teacher, learners=users, data=data) or {})
    data["pages"] = [asdict(page) for page in all_pages()]
    return data


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamilo.settings")
    django.setup()
    learners = int(os.environ.get("BENCH_LEARNERS", "200"))
    pool = min(learners, int(os.environ.get("BENCH_POOL", "64")))
    data = build(learners, pool)
    Path(sys.argv[1]).write_text(json.dumps(data))


if __name__ == "__main__":
    main()
