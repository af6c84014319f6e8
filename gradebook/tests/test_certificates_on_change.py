"""Certificates are issued when a learner reaches the pass mark, by the tool that recorded the
result (gradebook.api.grades_changed -> one bulk task after the commit), not at the next visit
of the gradebook."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from gradebook import services
from gradebook.api import grades_changed
from gradebook.models import Certificate, GradebookSettings


def _settings(course, pass_mark=50):
    return GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(pass_mark), certificates_enabled=True
    )


def _linked(course, link, weight=100):
    return services.evaluation_create(
        course=course, name=link, category=None, weight=Decimal(weight), link=link
    )


def test_learner_passing_a_test_gets_a_certificate_without_visiting_the_gradebook(
    course_roles, django_capture_on_commit_callbacks
):
    from assessments import services as tests
    from assessments.tests.factories import QuizFactory, make_question

    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course)
    question = make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[{"text": "Yes", "correct": True, "score": 2}, {"text": "No", "score": 0}],
    )
    _settings(course, pass_mark=60)
    _linked(course, f"test:{quiz.pk}")
    right = question.answers.get(correct=True)

    attempt = tests.attempt_start(quiz=quiz, user=learner)
    data = QueryDict(mutable=True)
    data[f"q{question.pk}-choice"] = str(question.answers.exclude(pk=right.pk).get().pk)
    tests.attempt_save(attempt=attempt, data=data, question_ids=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        tests.attempt_submit(attempt=attempt)
    assert not Certificate.objects.exists()  # 0 %: below the pass mark

    attempt = tests.attempt_start(quiz=quiz, user=learner)
    data[f"q{question.pk}-choice"] = str(right.pk)
    tests.attempt_save(attempt=attempt, data=data, question_ids=[question.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tests.attempt_submit(attempt=attempt, now=timezone.now() + timedelta(minutes=1))
    assert callbacks  # issued after the commit, not inside the grading transaction
    certificate = Certificate.objects.get()
    assert certificate.user == learner and certificate.score == Decimal(100)


def test_nothing_is_issued_before_the_commit(course_roles, django_capture_on_commit_callbacks):
    course, learner = course_roles["course"], course_roles["learner"]
    _settings(course)
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.marks_save(evaluation=evaluation, marks={learner.pk: Decimal(15)})
    assert callbacks and not Certificate.objects.exists()
    for callback in callbacks:
        callback()
    assert Certificate.objects.get().user == learner


def test_a_graded_assignment_issues_the_certificate(
    course_roles, django_capture_on_commit_callbacks
):
    from assignments.services import submission_grade, submission_hand_in
    from assignments.tests.factories import AssignmentFactory

    course, learner = course_roles["course"], course_roles["learner"]
    assignment = AssignmentFactory(course=course, in_gradebook=True, max_score=Decimal(10))
    _settings(course)
    _linked(course, f"assignment:{assignment.pk}")
    work = submission_hand_in(assignment=assignment, user=learner, text="<p>Done</p>")
    with django_capture_on_commit_callbacks(execute=True):
        submission_grade(submission=work, grader=None, score=Decimal(4), notify=False)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission_grade(submission=work, grader=None, score=Decimal(5), notify=False)
    assert Certificate.objects.get().user == learner  # exactly 50 %


def test_a_learning_path_report_issues_the_certificate(
    course_roles, django_capture_on_commit_callbacks
):
    from learnpaths.api import report_outcome
    from learnpaths.models import PathItem
    from learnpaths.services import path_renumber
    from learnpaths.tests.factories import LearningPathFactory

    course, learner = course_roles["course"], course_roles["learner"]
    path = LearningPathFactory(course=course)
    PathItem.objects.create(path=path, kind="test", target_id=999, title="A test")
    path_renumber(path)
    _settings(course, pass_mark=100)
    _linked(course, f"learnpath:{path.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        updated = report_outcome(
            kind="test", target_id=999, user=learner, course_id=course.pk, status="completed"
        )
    assert updated == 1
    assert Certificate.objects.get().user == learner  # the path is 100 % done


def test_attendance_recorded_issues_certificates_in_one_check(
    course_roles, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from attendance import services as attendance

    course = course_roles["course"]
    learners = [course_roles["learner"]] + [
        EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user for _ in range(6)
    ]
    sheet = attendance.sheet_create(course=course, title="Lessons")
    [session] = attendance.sessions_add(sheet=sheet, starts_at=timezone.now(), duration_minutes=60)
    _settings(course)
    _linked(course, f"attendance:{sheet.pk}")
    marks = {u.pk: ("present" if i % 2 == 0 else "absent", "") for i, u in enumerate(learners)}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attendance.records_save(session=session, marks=marks)
    # The check after the commit: settings, learners, the grid's reads, the certificates, one
    # insert; the same whatever the number of learners.
    with django_assert_max_num_queries(12):
        for callback in callbacks:
            callback()
    present = {u.pk for i, u in enumerate(learners) if i % 2 == 0}
    assert set(Certificate.objects.values_list("user_id", flat=True)) == present


@pytest.mark.parametrize("learners", [3, 40])
def test_the_check_costs_the_same_whatever_the_learners(
    course_roles, django_assert_num_queries, learners
):
    course = course_roles["course"]
    users = [
        EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user for _ in range(learners)
    ]
    _settings(course)
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    Mark = evaluation.marks.model
    Mark.objects.bulk_create([Mark(evaluation=evaluation, user=u, score=12) for u in users])
    # settings+course, learners, grid (settings, categories, evaluations, marks, scale), the
    # certificates, one insert (in a transaction: savepoint and release).
    with django_assert_num_queries(11):
        result = services.certificates_issue_for(
            course_id=course.pk, user_ids=[u.pk for u in users]
        )
    assert len(result.issued) == learners


def test_no_check_when_certificates_are_off_and_changes_of_a_rolled_back_transaction(
    course_roles, django_assert_num_queries
):
    course, learner = course_roles["course"], course_roles["learner"]
    with django_assert_num_queries(1):
        assert services.certificates_issue_for(course_id=course.pk, user_ids=[learner.pk]) is None
    # Outsiders' ids are ignored: only learners of the course get certificates.
    _settings(course, pass_mark=0)
    services.evaluation_create(course=course, name="Oral", category=None, weight=Decimal(100))
    result = services.certificates_issue_for(
        course_id=course.pk, user_ids=[course_roles["outsider"].pk, learner.pk]
    )
    assert [c.user for c in result.issued] == [learner]


def test_a_lower_pass_mark_issues_to_everyone_who_now_passes(
    course_roles, django_capture_on_commit_callbacks
):
    course, learner = course_roles["course"], course_roles["learner"]
    _settings(course, pass_mark=90)
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.marks_save(evaluation=evaluation, marks={learner.pk: Decimal(12)})
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.settings_save(
            course=course,
            pass_mark=Decimal(60),
            use_scale=False,
            certificates_enabled=True,
            certificate_template="",
        )
    assert Certificate.objects.get().user == learner


def test_grades_changed_gathers_one_task_per_course(
    course_roles, monkeypatch, django_capture_on_commit_callbacks
):
    from gradebook import tasks

    sent = []
    monkeypatch.setattr(tasks.certificates_check_task, "delay", lambda *args: sent.append(args))
    course_id = course_roles["course"].pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grades_changed(course_id=course_id, user_ids=[1, 2])
        grades_changed(course_id=course_id, user_ids=[3, 2], source="test", item_id=4)
        grades_changed(course_id=course_id + 1000, user_ids=[5])
        grades_changed(course_id=course_id + 1000)  # every learner of that course
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(sent, key=str) == sorted(
        [(course_id, [1, 2, 3]), (course_id + 1000, None)], key=str
    )


def test_a_broker_that_cannot_be_reached_never_breaks_the_tools_change(
    course_roles, monkeypatch, django_capture_on_commit_callbacks
):
    from gradebook import tasks

    def unreachable(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.certificates_check_task, "delay", unreachable)
    course, learner = course_roles["course"], course_roles["learner"]
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.marks_save(evaluation=evaluation, marks={learner.pk: Decimal(15)})
    assert evaluation.marks.get().score == 15
