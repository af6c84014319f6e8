"""Pages of the tests tool: who may do what, the learner's flow, the teacher's pages."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from assessments.models import Answer, Attempt, AttemptAnswer, Question, Quiz
from courses.tests.factories import CourseFactory

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"code": "CRS1", **kwargs})


@pytest.fixture
def quiz(course_roles):
    quiz = QuizFactory(course=course_roles["course"], title="Capitals")
    make_question(
        course_roles["course"],
        "unique",
        quiz=quiz,
        answers=[
            {"text": "Paris", "correct": True, "score": 2},
            {"text": "Lyon", "score": 0},
        ],
    )
    make_question(
        course_roles["course"],
        "blanks",
        quiz=quiz,
        score="2",
        config={"text": "Rome is in [Italy]."},
    )
    return quiz


def test_index_lists_published_tests_for_learners(course_roles, client_for, quiz):
    QuizFactory(course=course_roles["course"], title="Secret draft", published=False)
    response = client_for(course_roles["learner"]).get(url("index"))
    assert response.status_code == 200
    assert b"Capitals" in response.content and b"Secret draft" not in response.content
    response = client_for(course_roles["teacher"]).get(url("index"))
    assert b"Secret draft" in response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 403), ("tutor", 403), ("outsider", 403), ("teacher", 200), ("admin", 200)],
)
def test_only_managers_build_tests(course_roles, client_for, quiz, role, status):
    client = client_for(course_roles[role])
    assert client.get(url("quiz_create")).status_code == status
    assert client.get(url("quiz_edit", pk=quiz.pk)).status_code == status
    assert client.get(url("question_create", pk=quiz.pk, type="unique")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("learner", 403), ("outsider", 403), ("tutor", 200), ("teacher", 200)]
)
def test_results_for_tutors_and_teachers(course_roles, client_for, quiz, role, status):
    assert client_for(course_roles[role]).get(url("results", pk=quiz.pk)).status_code == status


def test_anonymous_is_sent_to_login(client, quiz):
    response = client.get(url("index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_foreign_objects_are_404(course_roles, client_for, quiz):
    other = CourseFactory(code="OTHER")
    foreign = QuizFactory(course=other)
    client = client_for(course_roles["teacher"])
    assert client.get(url("quiz", pk=foreign.pk)).status_code == 404
    assert client.get(url("results", pk=foreign.pk)).status_code == 404
    q = make_question(other, "free")
    assert client.get(url("question_edit", question_pk=q.pk)).status_code == 404


def test_learner_cannot_see_anothers_attempt(course_roles, client_for, quiz):
    from accounts.tests.factories import UserFactory
    from courses.tests.factories import EnrollmentFactory

    other = EnrollmentFactory(course=course_roles["course"], user=UserFactory()).user
    response = client_for(other).post(url("start", pk=quiz.pk))
    assert response.status_code == 302, response.content.decode()[-3000:]
    attempt = Attempt.objects.get(user=other)
    client = client_for(course_roles["learner"])
    for name in ("take", "result", "autosave"):
        method = client.post if name == "autosave" else client.get
        assert method(url(name, pk=attempt.pk)).status_code == 404
    assert client.get(url("attempt", pk=attempt.pk)).status_code == 403


def test_learner_takes_a_test(course_roles, client_for, quiz):
    client = client_for(course_roles["learner"])
    response = client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get(user=course_roles["learner"])
    assert response["Location"] == url("take", pk=attempt.pk)
    page = client.get(url("take", pk=attempt.pk))
    assert page.status_code == 200
    unique, blanks = (Question.objects.get(type=t) for t in ("unique", "blanks"))
    paris = unique.answers.get(text="Paris")
    saved = client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [unique.pk], f"q{unique.pk}-choice": paris.pk},
    )
    assert saved.status_code == 200 and saved.json()["saved"]
    response = client.post(
        url("take", pk=attempt.pk),
        {
            "page": 0,
            "question_ids": [unique.pk, blanks.pk],
            f"q{unique.pk}-choice": paris.pk,
            f"q{blanks.pk}-blank": "italy",
            "action": "finish",
        },
    )
    assert response["Location"] == url("result", pk=attempt.pk)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.score == 4
    result = client.get(url("result", pk=attempt.pk))
    assert b"4 / 4" in result.content and b"4.00" not in result.content
    # the closed attempt refuses late saves
    late = client.post(
        url("autosave", pk=attempt.pk), {"question_ids": [unique.pk], f"q{unique.pk}-choice": 1}
    )
    assert late.status_code == 409


def test_per_page_navigation_and_resume(course_roles, client_for, quiz):
    quiz.layout = Quiz.Layout.PER_PAGE
    quiz.save()
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    first_id = attempt.question_ids[0]
    client.post(
        url("take", pk=attempt.pk), {"page": 0, "question_ids": [first_id], "action": "next"}
    )
    attempt.refresh_from_db()
    assert attempt.page == 1
    # coming back later resumes on page 2
    response = client_for(course_roles["learner"]).get(url("take", pk=attempt.pk))
    assert f'id="question-{attempt.question_ids[1]}"'.encode() in response.content
    assert f'id="question-{first_id}"'.encode() not in response.content


def test_password_gate(course_roles, client_for, quiz):
    quiz.password = "open sesame"
    quiz.save()
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk), {"password": "nope"})
    assert not Attempt.objects.exists()
    client.post(url("start", pk=quiz.pk), {"password": "open sesame"})
    assert Attempt.objects.count() == 1


def test_teacher_builds_a_question(course_roles, client_for, quiz):
    client = client_for(course_roles["teacher"])
    data = {
        "title": "Multiple",
        "statement": "<p>Pick <script>alert(1)</script>two</p>",
        "difficulty": 2,
        "cfg_no_negative": "on",
        "answers-TOTAL_FORMS": 4,
        "answers-INITIAL_FORMS": 0,
        "answers-0-text": "A",
        "answers-0-correct": "on",
        "answers-0-score": "1",
        "answers-1-text": "B",
        "answers-1-correct": "on",
        "answers-1-score": "1",
        "answers-2-text": "C",
        "answers-2-score": "-1",
        "answers-3-text": "",
    }
    response = client.post(url("question_create", pk=quiz.pk, type="multiple"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(title="Multiple")
    assert "<script>" not in question.statement
    assert list(question.answers.values_list("text", "score")) == [
        ("A", Decimal("1.00")),
        ("B", Decimal("1.00")),
        ("C", Decimal("-1.00")),
    ]
    assert quiz.quiz_questions.filter(question=question).exists()


def test_question_editor_refuses_bad_answer_keys(course_roles, client_for, quiz):
    client = client_for(course_roles["teacher"])
    data = {
        "title": "No right answer",
        "difficulty": 2,
        "answers-TOTAL_FORMS": 2,
        "answers-INITIAL_FORMS": 0,
        "answers-0-text": "A",
        "answers-1-text": "B",
    }
    response = client.post(url("question_create", pk=quiz.pk, type="unique"), data)
    assert response.status_code == 200
    assert "Mark exactly one answer as correct." in response.content.decode()
    assert not Question.objects.filter(title="No right answer").exists()


def test_hotspot_editor_validates_zones(course_roles, client_for, quiz):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PNG")
    image = SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")
    client = client_for(course_roles["teacher"])
    data = {
        "title": "Where",
        "difficulty": 2,
        "image": image,
        "image_alt": "",
        "answers-TOTAL_FORMS": 1,
        "answers-INITIAL_FORMS": 0,
        "answers-0-text": "Left",
        "answers-0-shape": "rect",
        "answers-0-coords": "0,0,nope",
        "answers-0-score": "1",
    }
    response = client.post(url("question_create", pk=quiz.pk, type="hotspot"), data)
    assert response.status_code == 200
    assert not Question.objects.filter(title="Where").exists()
    buffer.seek(0)
    data["image"] = SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")
    data["answers-0-coords"] = "0,0,100,100"
    response = client.post(url("question_create", pk=quiz.pk, type="hotspot"), data)
    # The image's text alternative is asked for (WCAG 1.1.1).
    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    buffer.seek(0)
    data["image"] = SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")
    data["image_alt"] = "A white map, its left half is the zone"
    response = client.post(url("question_create", pk=quiz.pk, type="hotspot"), data)
    assert response.status_code == 302
    answer = Answer.objects.get(question__title="Where")
    assert answer.question.image_alt == "A white map, its left half is the zone"
    assert answer.data == {"shape": "rect", "coords": [0, 0, 100, 100]}
    image_response = client.get(url("question_image", pk=answer.question_id))
    assert image_response.status_code == 200


def test_reorder_questions(course_roles, client_for, quiz):
    ids = [link.question_id for link in quiz.quiz_questions.order_by("position")]
    client = client_for(course_roles["teacher"])
    response = client.post(url("quiz_reorder", pk=quiz.pk), {"order": list(reversed(ids))})
    assert response.status_code == 302
    assert [lk.question_id for lk in quiz.quiz_questions.order_by("position")] == ids[::-1]


def test_upload_answer_is_validated(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    question = make_question(course_roles["course"], "upload", quiz=quiz)
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    fake = SimpleUploadedFile("essay.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [question.pk], f"q{question.pk}-file": fake},
    )
    assert response.json()["errors"][str(question.pk)]
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
    response = client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [question.pk], f"q{question.pk}-file": exe},
    )
    assert response.json()["errors"][str(question.pk)]
    pdf = SimpleUploadedFile("essay.pdf", b"%PDF-1.4\n%fake but starts right\n")
    response = client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [question.pk], f"q{question.pk}-file": pdf},
    )
    assert response.json()["errors"] == {}
    row = AttemptAnswer.objects.get(attempt=attempt)
    assert row.file.name.endswith(".pdf")
    assert client.get(url("answer_file", pk=row.pk)).status_code == 200
    client.post(url("take", pk=attempt.pk), {"page": 0, "action": "finish"})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.PENDING


def test_manual_grading_finalises(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    question = make_question(course_roles["course"], "free", score="4", quiz=quiz)
    learner = client_for(course_roles["learner"])
    learner.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    learner.post(
        url("take", pk=attempt.pk),
        {
            "page": 0,
            "question_ids": [question.pk],
            f"q{question.pk}-text": "My answer",
            "action": "finish",
        },
    )
    row = AttemptAnswer.objects.get()
    teacher = client_for(course_roles["tutor"])
    page = teacher.get(url("attempt", pk=attempt.pk))
    assert b"My answer" in page.content
    teacher.post(url("attempt", pk=attempt.pk), {"row": row.pk, "score": "9", "comment": ""})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.PENDING  # 9 > 4 refused
    teacher.post(url("attempt", pk=attempt.pk), {"row": row.pk, "score": "3", "comment": "Nice"})
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.score == 3
    assert b"Nice" in learner.get(url("result", pk=attempt.pk)).content


def test_csv_export_and_statistics(course_roles, client_for, quiz):
    learner = client_for(course_roles["learner"])
    learner.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    learner.post(url("take", pk=attempt.pk), {"page": 0, "action": "finish"})
    course_roles["learner"].first_name = "=HYPERLINK(1)"
    course_roles["learner"].save()
    teacher = client_for(course_roles["teacher"])
    response = teacher.get(url("results", pk=quiz.pk) + "?export=csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "learner" in body and "'=HYPERLINK(1)" in body
    xlsx = teacher.get(url("results", pk=quiz.pk) + "?export=xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "learner" and rows[1][2] == "'=HYPERLINK(1)" and rows[1][6] == 0
    stats = teacher.get(url("statistics", pk=quiz.pk))
    assert stats.status_code == 200 and b"Lyon" not in stats.content


def _attempts(quiz, count):
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    start = user_model.objects.count()
    user_model.objects.bulk_create(
        user_model(username=f"bulk{start + n}", email=f"bulk{start + n}@example.org")
        for n in range(count)
    )
    users = user_model.objects.filter(username__startswith="bulk")
    Attempt.objects.bulk_create(
        Attempt(quiz=quiz, user=user, state=Attempt.State.GRADED, score=1, max_score=4)
        for user in users
    )


@pytest.mark.parametrize("count", [10, 300])
def test_results_page_query_count(
    course_roles, client_for, quiz, count, django_assert_max_num_queries
):
    _attempts(quiz, count)
    client = client_for(course_roles["teacher"])
    client.get(url("results", pk=quiz.pk))  # warm the session
    with django_assert_max_num_queries(QUERIES_RESULTS):
        response = client.get(url("results", pk=quiz.pk))
    assert response.status_code == 200


QUERIES_RESULTS = 6  # at most: a cached tool switch may save one


def test_pages_in_french(course_roles, client_for, quiz):
    learner = course_roles["learner"]
    learner.language = "fr"
    learner.save()
    response = client_for(learner).get(url("index"))
    content = response.content.decode()
    assert "Passer le test" in content and "2 questions" in content


def test_no_going_back_locks_previous_pages(course_roles, client_for, quiz):
    quiz.layout, quiz.allow_back = Quiz.Layout.PER_PAGE, False
    quiz.save()
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    first, second = attempt.question_ids
    client.post(url("take", pk=attempt.pk), {"page": 0, "question_ids": [first], "action": "next"})
    client.post(url("take", pk=attempt.pk), {"page": 1, "action": "previous"})
    attempt.refresh_from_db()
    assert attempt.page == 1
    unique = Question.objects.get(type="unique")
    paris = unique.answers.get(text="Paris")
    client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [unique.pk], f"q{unique.pk}-choice": paris.pk},
    )
    assert AttemptAnswer.objects.get(attempt=attempt, question=unique).response == {}


def test_immediate_feedback_after_each_page(course_roles, client_for, quiz):
    quiz.layout, quiz.feedback = Quiz.Layout.PER_PAGE, Quiz.Feedback.IMMEDIATE
    quiz.selection = Quiz.Selection.ORDERED
    quiz.save()
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    unique = Question.objects.get(type="unique")
    assert attempt.question_ids[0] == unique.pk
    lyon = unique.answers.get(text="Lyon")
    response = client.post(
        url("take", pk=attempt.pk),
        {"page": 0, f"q{unique.pk}-choice": lyon.pk, "action": "next"},
        follow=True,
    )
    content = response.content.decode()
    assert "Not quite." in content and "Paris" in content
    assert f'id="question-{attempt.question_ids[1]}"' in content


def test_results_hidden_until_date(course_roles, client_for, quiz):
    from datetime import timedelta

    from django.utils import timezone

    quiz.results_display = Quiz.ResultsDisplay.AFTER_DATE
    quiz.results_date = timezone.now() + timedelta(days=2)
    quiz.save()
    client = client_for(course_roles["learner"])
    client.post(url("start", pk=quiz.pk))
    attempt = Attempt.objects.get()
    client.post(url("take", pk=attempt.pk), {"page": 0, "action": "finish"})
    content = client.get(url("result", pk=attempt.pk)).content.decode()
    assert "Results will be shown later" in content and 'id="score"' not in content
    quiz.results_date = timezone.now() - timedelta(minutes=1)
    quiz.save()
    content = client.get(url("result", pk=attempt.pk)).content.decode()
    assert 'id="score"' in content


@pytest.mark.parametrize("count", [2, 30])
def test_index_query_count(course_roles, client_for, count, django_assert_max_num_queries):
    from assessments import services

    learner = course_roles["learner"]
    for n in range(count):
        quiz = QuizFactory(course=course_roles["course"], title=f"T{n:03d}")
        make_question(course_roles["course"], "free", quiz=quiz)
        services.attempt_submit(attempt=services.attempt_start(quiz=quiz, user=learner))
    client = client_for(learner)
    client.get(url("index"))
    with django_assert_max_num_queries(QUERIES_INDEX):
        response = client.get(url("index"))
    assert response.content.decode().count("Take the test") == count


QUERIES_INDEX = 5  # at most: a cached tool switch may save one


def test_question_images_of_drafts_are_hidden_from_learners(course_roles, client_for):
    from django.core.files.base import ContentFile

    draft = QuizFactory(course=course_roles["course"], published=False)
    question = make_question(course_roles["course"], "hotspot", quiz=draft)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    question.image.save("x.png", ContentFile(buffer.getvalue()))
    target = url("question_image", pk=question.pk)
    assert client_for(course_roles["learner"]).get(target).status_code == 404
    assert client_for(course_roles["tutor"]).get(target).status_code == 200
    draft.published = True
    draft.save()
    assert client_for(course_roles["learner"]).get(target).status_code == 200


def _finished(quiz, user, state, score, max_score, minutes_ago):
    from datetime import timedelta

    from django.utils import timezone

    when = timezone.now() - timedelta(minutes=minutes_ago)
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        state=state,
        score=Decimal(score),
        max_score=Decimal(max_score),
        started_at=when,
        submitted_at=when,
    )


def test_my_attempts_show_each_score_in_the_player_frame(course_roles, client_for, quiz):
    """The start page as a learning path's player frames it lists every finished attempt
    with its score and percentage, in a number of queries that does not grow with them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    learner = course_roles["learner"]
    client = client_for(learner)
    _finished(quiz, learner, Attempt.State.GRADED, "1.50", "4.00", 30)

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("start", pk=quiz.pk), HTTP_SEC_FETCH_DEST="iframe")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    page()  # the first request warms the session and the caches
    html, one = page()
    assert "1.5 / 4 (37.5 %)" in html
    _finished(quiz, learner, Attempt.State.GRADED, "4.00", "4.00", 20)
    _finished(quiz, learner, Attempt.State.PENDING, "2.00", "4.00", 10)
    html, three = page()
    listed = html[html.index('data-testid="my-attempts"') :]
    scores = [part.split("</span>")[0] for part in listed.split('data-testid="attempt-score">')[1:]]
    assert scores == ["2 / 4 (50 %)", "4 / 4 (100 %)", "1.5 / 4 (37.5 %)"]
    assert "(provisional)" in listed
    assert three == one
    # Another learner's attempts are not listed.
    other = course_roles["tutor"]
    _finished(quiz, other, Attempt.State.GRADED, "3.00", "4.00", 5)
    assert "3 / 4" not in page()[0]


def test_my_attempts_hide_scores_until_the_results_date(course_roles, client_for, quiz):
    from datetime import timedelta

    from django.utils import timezone

    Quiz.objects.filter(pk=quiz.pk).update(
        results_display=Quiz.ResultsDisplay.AFTER_DATE,
        results_date=timezone.now() + timedelta(days=1),
    )
    learner = course_roles["learner"]
    _finished(quiz, learner, Attempt.State.GRADED, "3.00", "4.00", 5)
    html = client_for(learner).get(url("start", pk=quiz.pk)).content.decode()
    assert 'data-testid="my-attempts"' in html and "3 / 4" not in html
    Quiz.objects.filter(pk=quiz.pk).update(results_date=timezone.now() - timedelta(minutes=1))
    html = client_for(learner).get(url("start", pk=quiz.pk)).content.decode()
    assert "3 / 4 (75 %)" in html
