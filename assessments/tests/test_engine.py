"""The attempt engine: deadlines, expiry, idempotent saves, double submission, attempts."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, close_old_connections
from django.http import QueryDict
from django.utils import timezone

from assessments import api, services
from assessments.models import Attempt, AttemptAnswer, Question
from assessments.tasks import close_expired_attempts_task

from .factories import QuizFactory, make_question


def post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key] = value
    return data


@pytest.fixture
def quiz_setup(course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    unique = make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[{"text": "Yes", "correct": True, "score": 2}, {"text": "No", "score": 0}],
    )
    free = make_question(course, "free", score="3", quiz=quiz)
    right = unique.answers.get(correct=True)
    return quiz, unique, free, right, course_roles["learner"]


@pytest.mark.django_db
def test_saves_are_idempotent_upserts(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    attempt = services.attempt_start(quiz=quiz, user=learner)
    data = post(**{f"q{unique.pk}-choice": str(right.pk)})
    for _ in range(3):
        services.attempt_save(attempt=attempt, data=data, question_ids=[unique.pk])
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 2
    row = AttemptAnswer.objects.get(attempt=attempt, question=unique)
    assert row.response == {"choice": right.pk}
    # resuming gives the same attempt back
    assert services.attempt_start(quiz=quiz, user=learner) == attempt


@pytest.mark.django_db
def test_questions_outside_the_attempt_are_ignored(quiz_setup, course_roles):
    quiz, unique, free, right, learner = quiz_setup
    other = make_question(course_roles["course"], "free")
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt, data=post(**{f"q{other.pk}-text": "x"}), question_ids=[other.pk]
    )
    assert not AttemptAnswer.objects.filter(question=other).exists()


@pytest.mark.django_db
def test_submit_grades_and_waits_for_manual_grading(quiz_setup, course_roles):
    quiz, unique, free, right, learner = quiz_setup
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{unique.pk}-choice": str(right.pk), f"q{free.pk}-text": "An essay"}),
        question_ids=[unique.pk, free.pk],
    )
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.state == Attempt.State.PENDING
    assert attempt.score == 2 and attempt.max_score == 5
    assert api.learner_score(quiz_id=quiz.pk, user=learner) is None  # not final yet
    row = attempt.answers.get(question=free)
    attempt = services.answer_grade_manually(
        row=row, score=2, comment="Good", grader=course_roles["teacher"]
    )
    assert attempt.state == Attempt.State.GRADED and attempt.score == 4
    score = api.learner_score(quiz_id=quiz.pk, user=learner)
    assert score.score == 4 and score.max_score == 5 and score.passed


@pytest.mark.django_db
def test_saving_after_submit_is_refused(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(services.AttemptClosed):
        services.attempt_save(
            attempt=attempt,
            data=post(**{f"q{unique.pk}-choice": str(right.pk)}),
            question_ids=[unique.pk],
        )
    assert Attempt.objects.get(pk=attempt.pk).score == 0


@pytest.mark.django_db
def test_sequential_double_submit_grades_once(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    attempt = services.attempt_start(quiz=quiz, user=learner)
    first = services.attempt_submit(attempt=attempt)
    submitted_at = first.submitted_at
    second = services.attempt_submit(attempt=attempt, now=timezone.now() + timedelta(hours=1))
    assert second.submitted_at == submitted_at
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1


@pytest.mark.django_db
def test_deadline_answers_after_it_do_not_count(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.time_limit = 10
    quiz.save()
    start = timezone.now()
    attempt = services.attempt_start(quiz=quiz, user=learner, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    assert attempt.seconds_left(start + timedelta(minutes=4)) == 360
    late = start + timedelta(minutes=11)
    with pytest.raises(services.AttemptClosed):
        services.attempt_save(
            attempt=attempt,
            data=post(**{f"q{unique.pk}-choice": str(right.pk)}),
            question_ids=[unique.pk],
            now=late,
        )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.expired
    assert attempt.score == 0
    assert attempt.submitted_at == attempt.deadline


@pytest.mark.django_db
def test_expired_attempts_are_closed_by_the_periodic_task(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.time_limit = 1
    quiz.save()
    attempt = services.attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - timedelta(minutes=5)
    )
    services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{unique.pk}-choice": str(right.pk)}),
        question_ids=[unique.pk],
        now=attempt.started_at + timedelta(seconds=30),
    )
    assert close_expired_attempts_task.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.expired and attempt.score == 2
    assert close_expired_attempts_task.delay().get() == 0  # idempotent


@pytest.mark.django_db
def test_expired_attempt_is_closed_on_next_start(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.time_limit = 1
    quiz.save()
    old = services.attempt_start(quiz=quiz, user=learner, now=timezone.now() - timedelta(hours=1))
    new = services.attempt_start(quiz=quiz, user=learner)
    old.refresh_from_db()
    assert old.state == Attempt.State.GRADED and old.expired
    assert new.pk != old.pk


@pytest.mark.django_db
def test_max_attempts_count_only_submitted(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.max_attempts = 1
    quiz.save()
    attempt = services.attempt_start(quiz=quiz, user=learner)
    # starting again while it is open only resumes it
    assert services.attempt_start(quiz=quiz, user=learner) == attempt
    services.attempt_submit(attempt=attempt)
    with pytest.raises(services.AttemptRefused):
        services.attempt_start(quiz=quiz, user=learner)


@pytest.mark.django_db
def test_password_and_availability(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.password = "s3cret"
    quiz.save()
    with pytest.raises(services.AttemptRefused):
        services.attempt_start(quiz=quiz, user=learner, password="wrong")
    assert services.attempt_start(quiz=quiz, user=learner, password="s3cret")
    quiz.password = ""
    quiz.opens_at = timezone.now() + timedelta(days=1)
    quiz.save()
    Attempt.objects.all().delete()
    with pytest.raises(services.AttemptRefused):
        services.attempt_start(quiz=quiz, user=learner)


@pytest.mark.django_db
def test_regrade_after_answer_key_change(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    wrong = unique.answers.get(correct=False)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{unique.pk}-choice": str(wrong.pk)}),
        question_ids=[unique.pk],
    )
    services.attempt_submit(attempt=attempt)
    wrong.score, wrong.correct = 2, True
    wrong.save()
    assert services.quiz_regrade(quiz=quiz) == 1
    attempt.refresh_from_db()
    assert attempt.score == 2


@pytest.mark.django_db
def test_best_or_last_for_gradebook(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.quiz_questions.filter(question=free).delete()
    first = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=first,
        data=post(**{f"q{unique.pk}-choice": str(right.pk)}),
        question_ids=[unique.pk],
    )
    services.attempt_submit(attempt=first)
    second = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=second)
    assert api.learner_score(quiz_id=quiz.pk, user=learner).score == 2
    quiz.gradebook_score = quiz.GradebookScore.LAST
    quiz.save()
    assert api.learner_score(quiz_id=quiz.pk, user=learner).score == 0
    assert api.learner_score(quiz_id=quiz.pk, user=learner).attempts == 2
    scores = api.learner_scores(quiz_id=quiz.pk, user_ids=[learner.pk, 999999])
    assert list(scores) == [learner.pk] and scores[learner.pk].score == 0
    assert api.course_tests(quiz.course) == [(quiz.pk, quiz.title)]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_give_one_graded_attempt(quiz_setup):
    quiz, unique, free, right, learner = quiz_setup
    quiz.quiz_questions.filter(question=free).delete()
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{unique.pk}-choice": str(right.pk)}),
        question_ids=[unique.pk],
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        # The test database is SQLite in memory (shared cache), where a locked table errors at
        # once instead of waiting as PostgreSQL's row lock or SQLite's busy timeout on a file
        # do; retrying stands in for that wait. Both requests still race for the same row.
        try:
            barrier.wait()
            for _ in range(200):
                try:
                    results.append(
                        services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
                    )
                    break
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 2
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.score == 2
    assert {r.submitted_at for r in results} == {attempt.submitted_at}


@pytest.mark.django_db
def test_random_per_category_and_shuffled_answers(course_roles):
    from assessments.models import QuestionCategory

    course = course_roles["course"]
    quiz = QuizFactory(
        course=course, selection="random_category", random_count=2, shuffle_answers=True
    )
    for name in ("Maths", "History"):
        category = QuestionCategory.objects.create(course=course, name=name)
        for n in range(4):
            question = make_question(
                course,
                "unique",
                quiz=quiz,
                title=f"{name} {n}",
                answers=[{"text": str(i), "correct": i == 0, "score": 1} for i in range(5)],
            )
            question.category = category
            question.save()
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    drawn = list(
        Question.objects.filter(pk__in=attempt.question_ids).values_list(
            "category__name", flat=True
        )
    )
    assert sorted(drawn) == ["History", "History", "Maths", "Maths"]
    for pk in attempt.question_ids:
        order = attempt.answer_orders[str(pk)]
        assert sorted(order) == sorted(
            Question.objects.get(pk=pk).answers.values_list("pk", flat=True)
        )
