"""Every page of the tool, as every role, GET and POST, with real and made-up ids: no 500."""

import pytest
from django.urls import URLPattern, reverse

from assessments import services
from assessments.urls import urlpatterns

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "learner", "tutor", "teacher", "admin"]


def test_walk(course_roles, client_for):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    question = make_question(
        course, "unique", quiz=quiz, answers=[{"text": "a", "correct": True, "score": 1}]
    )
    make_question(course, "free", quiz=quiz)
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    row = attempt.answers.first()
    real = {"pk": quiz.pk, "question_pk": question.pk, "type": "unique"}
    by_name = {"take": attempt.pk, "autosave": attempt.pk, "time_left": attempt.pk}
    by_name |= {"result": attempt.pk, "attempt": attempt.pk, "answer_file": row.pk}
    by_name |= {"question_image": question.pk}
    # Deleting the test goes last, so every other page is walked with a real test.
    seen = set()
    for pattern in sorted(urlpatterns, key=lambda p: p.name == "quiz_delete"):
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.converters)
        for ids in ("real", "fake"):
            kwargs = {"code": course.code}
            for name in names:
                if ids == "fake":
                    kwargs[name] = "x" if name == "type" else 999999
                elif name == "pk" and pattern.name in by_name:
                    kwargs[name] = by_name[pattern.name]
                else:
                    kwargs[name] = real[name]
            url = reverse(f"assessments:{pattern.name}", kwargs=kwargs)
            for role in ROLES:
                client = client_for(course_roles[role])
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    assert response.status_code < 500, (url, role, method)
                    seen.add(response.status_code)
                    if role in ("teacher", "admin"):
                        assert response.status_code != 403, (url, role, method)
    assert {200, 302, 403, 404} <= seen
