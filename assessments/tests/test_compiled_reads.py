"""The attempt reads compiled once (assessments/compiled.py) refuse what the querysets they
replace refused (another learner's attempt, another course's, ids no key column holds) and
return the same rows; the autosave's query count stays what it was."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from assessments import compiled, services
from assessments.models import Attempt, AttemptAnswer, Quiz
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db


def url(name, code="CRS1", **kwargs):
    return reverse(f"assessments:{name}", kwargs={"code": code, **kwargs})


def _quiz(course, count=3):
    quiz = QuizFactory(course=course)
    questions = [
        make_question(
            course,
            "unique",
            quiz=quiz,
            answers=[{"text": "Right", "correct": True, "score": 1}, {"text": "Wrong"}],
        )
        for _ in range(count)
    ]
    return quiz, questions


@pytest.mark.parametrize("name", ["take", "autosave", "time_left", "result"])
def test_only_the_learners_own_attempt_in_this_course(course_roles, client_for, name):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz, _questions = _quiz(course)
    own = services.attempt_start(quiz=quiz, user=learner)
    classmate = EnrollmentFactory(course=course, user=UserFactory()).user
    theirs = services.attempt_start(quiz=quiz, user=classmate)
    # The same learner's attempt at a test of another course they also follow.
    other = CourseFactory(code="OTHER")
    EnrollmentFactory(course=other, user=learner, role=Enrollment.Role.LEARNER)
    elsewhere = services.attempt_start(quiz=_quiz(other)[0], user=learner)
    client = client_for(learner)
    method = client.post if name == "autosave" else client.get
    assert method(url(name, pk=own.pk)).status_code in {200, 302}
    assert method(url(name, pk=theirs.pk)).status_code == 404
    assert method(url(name, pk=elsewhere.pk)).status_code == 404
    assert method(url(name, code="OTHER", pk=elsewhere.pk)).status_code in {200, 302}
    # The teacher of the course has no attempt of their own: the learner's is not theirs.
    teacher = client_for(course_roles["teacher"])
    method = teacher.post if name == "autosave" else teacher.get
    assert method(url(name, pk=own.pk)).status_code == 404


@pytest.mark.parametrize("pk", [2**63 - 1, 2**63, 2**64, 10**30])
@pytest.mark.parametrize("name", ["take", "autosave", "time_left", "result"])
def test_ids_no_key_column_holds_are_404(course_roles, client_for, name, pk):
    client = client_for(course_roles["learner"])
    method = client.post if name == "autosave" else client.get
    assert method(url(name, pk=pk)).status_code == 404


def test_answer_rows_as_the_orm_reads_them(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz, questions = _quiz(course, count=4)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    other = services.attempt_start(quiz=quiz, user=course_roles["tutor"])
    ids = [q.pk for q in questions]

    def orm(question_ids):
        rows = AttemptAnswer.objects.filter(attempt=attempt, question_id__in=question_ids)
        return sorted(rows, key=lambda row: row.pk)

    for wanted in ([ids[2]], ids[:2], ids, [ids[1], ids[1], ids[3]], [ids[0], -5, 2**40]):
        rows = compiled.attempt_answers(attempt.pk, wanted)
        assert sorted(rows, key=lambda row: row.pk) == orm(wanted)
        assert all(row.attempt_id == attempt.pk for row in rows)  # not the other attempt's
        assert {row.question.title for row in rows} == {
            q.title for q in questions if q.pk in wanted
        }
    assert compiled.attempt_answers(other.pk, ids[:1])[0].attempt_id == other.pk
    assert compiled.attempt_answers(attempt.pk, []) == []
    # Past the compiled sizes the ORM reads them, the same rows.
    many = ids + list(range(10**9, 10**9 + compiled._MOST_COMPILED))
    assert sorted(compiled.attempt_answers(attempt.pk, many), key=lambda r: r.pk) == orm(ids)


def test_no_query_for_no_question(course_roles, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert compiled.attempt_answers(1, []) == []


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_the_lock_needs_a_transaction_and_an_attempt(course_roles):
    quiz, _questions = _quiz(course_roles["course"])
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    with pytest.raises(TransactionManagementError):
        compiled.locked_attempt(attempt.pk)
    with transaction.atomic():
        locked = compiled.locked_attempt(attempt.pk)
        assert locked == attempt and locked.quiz.title == quiz.title
        with pytest.raises(Attempt.DoesNotExist):
            compiled.locked_attempt(attempt.pk + 1000)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_the_lock_holds_the_attempt_not_its_test(course_roles):
    """While one learner's save holds their attempt, the test's row stays free: another
    learner's save (which locks their own attempt, reading the test) does not wait."""
    quiz, _questions = _quiz(course_roles["course"])
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    other = services.attempt_start(quiz=quiz, user=UserFactory())
    outcome = {}

    def second_learner():
        try:
            with transaction.atomic():
                Quiz.objects.select_for_update(nowait=True).get(pk=quiz.pk)
                Attempt.objects.select_for_update(nowait=True).get(pk=other.pk)
                outcome["free"] = True
        except DatabaseError as error:
            outcome["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        compiled.locked_attempt(attempt.pk)
        thread = threading.Thread(target=second_learner)
        thread.start()
        thread.join(10)
    assert outcome == {"free": True}


def test_autosave_saves_and_counts_its_queries(course_roles, client_for, django_assert_num_queries):
    quiz, questions = _quiz(course_roles["course"])
    learner = course_roles["learner"]
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client = client_for(learner)
    first, second = questions[0], questions[1]
    right = first.answers.get(correct=True)
    data = {"question_ids": [first.pk, second.pk, first.pk], f"q{first.pk}-choice": right.pk}
    client.post(url("autosave", pk=attempt.pk), data)  # the session and the user are cached
    right2 = second.answers.get(correct=True)
    data[f"q{second.pk}-choice"] = right2.pk
    # User, course, the attempt; in a savepoint: its lock, the rows, the one UPDATE.
    with django_assert_num_queries(8):
        response = client.post(url("autosave", pk=attempt.pk), data)
    assert response.status_code == 200 and response.json()["errors"] == {}
    assert AttemptAnswer.objects.get(attempt=attempt, question=first).response == {
        "choice": right.pk
    }
    assert AttemptAnswer.objects.get(attempt=attempt, question=second).response == {
        "choice": right2.pk
    }


@pytest.mark.parametrize("pk", ["foreign", 2**63, 2**64])
def test_start_refuses_another_courses_test_and_ids_out_of_range(course_roles, client_for, pk):
    foreign, _questions = _quiz(CourseFactory(code="OTHER"))
    pk = foreign.pk if pk == "foreign" else pk
    client = client_for(course_roles["learner"])
    assert client.post(url("start", pk=pk)).status_code == 404
    assert client.get(url("start", pk=pk)).status_code == 404
    assert not Attempt.objects.exists()


def test_expired_and_open_attempts_as_the_orm_reads_them(course_roles):
    from datetime import timedelta

    from django.utils import timezone

    course, learner = course_roles["course"], course_roles["learner"]
    quiz, _questions = _quiz(course)
    now = timezone.now()
    attempt = services.attempt_start(quiz=quiz, user=learner)
    theirs = services.attempt_start(quiz=quiz, user=course_roles["tutor"])
    Attempt.objects.filter(pk__in=[attempt.pk, theirs.pk]).update(
        deadline=now - timedelta(seconds=1)
    )
    found = compiled.EXPIRED_ATTEMPTS.all(quiz_id=quiz.pk, user_id=learner.pk, now=now)
    assert found == [attempt] and found[0].deadline == now - timedelta(seconds=1)
    assert (
        compiled.EXPIRED_ATTEMPTS.all(
            quiz_id=quiz.pk, user_id=learner.pk, now=now - timedelta(seconds=2)
        )
        == []
    )
    assert services.open_attempt(quiz, learner) == attempt
    assert services.close_expired_attempts(quiz=quiz, user=learner, now=now) == 1
    assert services.open_attempt(quiz, learner) is None
    assert Attempt.objects.get(pk=theirs.pk).state == Attempt.State.IN_PROGRESS  # not theirs


def test_a_refused_start_still_closes_the_expired_attempt(course_roles, client_for):
    from datetime import timedelta

    from django.utils import timezone

    quiz, _questions = _quiz(course_roles["course"])
    quiz.max_attempts = 1
    quiz.save()
    learner = course_roles["learner"]
    attempt = services.attempt_start(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = client_for(learner).post(url("start", pk=quiz.pk))
    # The closing counts the attempt: no attempt left, the page says so.
    assert response.status_code == 200
    assert "used all your attempts" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state != Attempt.State.IN_PROGRESS and attempt.expired
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize("kind", ["unique", "multiple", "true_false"])
def test_choice_widgets_print_ids_as_plain_digits(kind, settings):
    """The choice widgets render unlocalized (less CPU per test page); ids then read the same
    whatever the language, even where numbers are grouped by thousands."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from assessments.question_types import get_type

    settings.USE_THOUSAND_SEPARATOR = True
    answer = SimpleNamespace(pk=23456, text="Paris", correct=True, feedback="", data={})
    question = SimpleNamespace(pk=12345, title="Q", type=kind)
    item = {
        "question": question,
        "kind": get_type(kind),
        "answers": [answer],
        "response": {},
        "context": {},
        "extra": {"rows": [(answer, "")]},  # true_false's rows: (statement, given value)
    }
    with translation.override("fr"):
        html = render_to_string(get_type(kind).widget_template, {"item": item})
    assert "12345" in html and "23456" in html
    assert "12 345" not in html and "12\xa0345" not in html and "12\u202f345" not in html


def test_questions_with_answers_as_the_prefetch_left_them(course_roles, django_assert_num_queries):
    from django.db.models import Prefetch

    from assessments import selectors
    from assessments.models import Answer, Question

    course = course_roles["course"]
    _quiz_, questions = _quiz(course, count=3)
    bare = make_question(course, "free")  # no answer rows
    elsewhere = _quiz(CourseFactory(code="OTHER"), count=1)[1][0]
    Answer.objects.filter(question=questions[1]).update(position=7)  # order: position, pk
    ids = [questions[1].pk, bare.pk, questions[0].pk, questions[1].pk, elsewhere.pk, -4]
    orm = {
        q.pk: q
        for q in Question.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("position", "pk"))
        )
    }
    with django_assert_num_queries(2):
        found = selectors.questions_with_answers(ids)
    assert list(found) == list(orm)  # same questions, same order (newest first)
    with django_assert_num_queries(0):
        for pk, question in found.items():
            answers = list(question.answers.all())
            assert answers == list(orm[pk].answers.all())
            assert [a.text for a in answers] == [a.text for a in orm[pk].answers.all()]
            assert all(answer.question is question for answer in answers)
    # Anything else asked of the relation still reads this question's rows only.
    right = found[questions[0].pk].answers.filter(correct=True)
    assert list(right) == list(questions[0].answers.filter(correct=True))
    with django_assert_num_queries(0):
        assert selectors.questions_with_answers([]) == {}
    many = ids + list(range(10**9, 10**9 + compiled._MOST_COMPILED))
    assert list(selectors.questions_with_answers(many)) == list(orm)


def test_attempt_items_read_the_attempts_rows(course_roles):
    from assessments import selectors

    quiz, questions = _quiz(course_roles["course"], count=3)
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    services.attempt_start(quiz=quiz, user=course_roles["tutor"])  # another attempt's rows
    first = questions[0]
    right = first.answers.get(correct=True)
    services.attempt_save(
        attempt=attempt, data={f"q{first.pk}-choice": str(right.pk)}, question_ids=[first.pk]
    )
    items = selectors.attempt_items(attempt)
    assert [item["question"].pk for item in items] == attempt.question_ids
    rows = {item["question"].pk: item["row"] for item in items}
    assert {row.pk for row in rows.values()} == set(
        AttemptAnswer.objects.filter(attempt=attempt).values_list("pk", flat=True)
    )
    assert all(row.attempt is attempt for row in rows.values())
    assert rows[first.pk].response == {"choice": right.pk}
    assert [item["response"] for item in items if item["question"].pk != first.pk] == [{}, {}]
