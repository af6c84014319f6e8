"""Accessibility of tests: extra time (accommodations), time warnings, alt text, labels,
page titles and the language of course content."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from assessments import accommodations, services
from assessments.forms import QuizForm
from assessments.models import Accommodation
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from groups.tests.factories import GroupFactory, MembershipFactory

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def timed(course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course, time_limit=20)
    make_question(course, "free", quiz=quiz)
    return quiz


def started(quiz, user, now):
    attempt = services.attempt_start(quiz=quiz, user=user, now=now)
    return (attempt.deadline - now).total_seconds() / 60


def test_half_again_as_long_for_one_learner_only(timed, course_roles, client_for):
    course, learner = course_roles["course"], course_roles["learner"]
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    accommodations.accommodation_save(
        course=course, user_id=learner.pk, extra_percent=50, extra_minutes=0
    )
    start = reverse("assessments:start", args=[course.code, timed.pk])
    told = client_for(learner).get(start).content.decode()
    assert "You have 10 minutes of extra time" in told
    assert "extra time" not in client_for(other).get(start).content.decode()
    now = timezone.now()
    assert started(timed, learner, now) == 30  # 1.5 x 20 minutes
    assert started(timed, other, now) == 20


def test_every_timed_test_of_the_course_and_minutes_add_up(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    accommodations.accommodation_save(
        course=course, user_id=learner.pk, extra_percent=25, extra_minutes=5
    )
    now = timezone.now()
    for limit, expected in ((40, 55), (8, 15)):
        quiz = QuizFactory(course=course, time_limit=limit)
        make_question(course, "free", quiz=quiz)
        assert started(quiz, learner, now) == expected
    # Another course's tests are not touched.
    elsewhere = QuizFactory(time_limit=10)
    make_question(elsewhere.course, "free", quiz=elsewhere)
    EnrollmentFactory(course=elsewhere.course, user=learner, role=Enrollment.Role.LEARNER)
    assert started(elsewhere, learner, now) == 10


def test_the_closing_date_moves_by_the_extra_time(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    now = timezone.now()
    quiz = QuizFactory(course=course, time_limit=60, closes_at=now + timedelta(minutes=10))
    make_question(course, "free", quiz=quiz)
    accommodations.accommodation_save(
        course=course, user_id=learner.pk, extra_percent=0, extra_minutes=15
    )
    assert started(quiz, other, now) == 10
    assert started(quiz, learner, now) == 25
    untimed = QuizFactory(course=course, closes_at=now + timedelta(minutes=10))
    make_question(course, "free", quiz=untimed)
    assert started(untimed, learner, now) == 25


def test_a_group_accommodation_applies_to_its_members(timed, course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    outside = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    group = GroupFactory(course=course)
    generous = GroupFactory(course=course)
    MembershipFactory(group=group, user=learner)
    MembershipFactory(group=generous, user=learner)
    accommodations.accommodation_save(
        course=course, group_id=group.pk, extra_percent=25, extra_minutes=0
    )
    accommodations.accommodation_save(
        course=course, group_id=generous.pk, extra_percent=100, extra_minutes=0
    )
    now = timezone.now()
    assert started(timed, learner, now) == 40  # the most generous of their groups
    assert started(timed, outside, now) == 20


def test_a_learners_own_accommodation_wins_over_groups(timed, course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    group = GroupFactory(course=course)
    MembershipFactory(group=group, user=learner)
    accommodations.accommodation_save(
        course=course, group_id=group.pk, extra_percent=100, extra_minutes=0
    )
    accommodations.accommodation_save(
        course=course, user_id=learner.pk, extra_percent=10, extra_minutes=0
    )
    assert started(timed, learner, timezone.now()) == 22


def test_teacher_manages_accommodations(client_for, course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    group = GroupFactory(course=course, name="Dyslexia support")
    url = reverse("assessments:accommodations", args=[course.code])
    client = client_for(course_roles["teacher"])
    page = client.get(url)
    assert page.status_code == 200
    assert "learner" in page.content.decode()
    # Neither or both: a clear error, nothing saved.
    bad = client.post(url, {"extra_percent": "50", "extra_minutes": "0"})
    assert bad.status_code == 200 and "one of the two" in bad.content.decode()
    nothing = client.post(url, {"learner": learner.pk, "extra_percent": "0", "extra_minutes": 0})
    assert "a percentage or a number of minutes" in nothing.content.decode()
    assert not Accommodation.objects.exists()
    # A learner of another course is not a choice.
    stranger = UserFactory()
    refused = client.post(url, {"learner": stranger.pk, "extra_percent": "50", "extra_minutes": 0})
    assert refused.status_code == 200 and not Accommodation.objects.exists()

    client.post(url, {"learner": learner.pk, "extra_percent": "50", "extra_minutes": "0"})
    client.post(url, {"group": group.pk, "extra_percent": "0", "extra_minutes": "10"})
    client.post(url, {"learner": learner.pk, "extra_percent": "33", "extra_minutes": "0"})
    rows = {(a.user_id, a.group_id): a for a in Accommodation.objects.all()}
    assert rows[(learner.pk, None)].extra_percent == 33  # changed, not doubled
    assert rows[(None, group.pk)].extra_minutes == 10
    listing = client.get(url).content.decode()
    assert "Dyslexia support" in listing and "+33 %" in listing

    row = rows[(learner.pk, None)]
    delete = reverse("assessments:accommodation_delete", args=[course.code, row.pk])
    assert client.post(delete).status_code == 302
    assert client.post(delete).status_code == 404
    # Learners and tutors may not manage them.
    for who in ("learner", "tutor"):
        assert client_for(course_roles[who]).get(url).status_code == 403


def test_accommodations_page_queries_are_bounded(
    client_for, course_roles, django_assert_max_num_queries
):
    course = course_roles["course"]
    for _ in range(5):
        user = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
        accommodations.accommodation_save(
            course=course, user_id=user.pk, extra_percent=50, extra_minutes=0
        )
        group = GroupFactory(course=course)
        accommodations.accommodation_save(
            course=course, group_id=group.pk, extra_percent=0, extra_minutes=5
        )
    client = client_for(course_roles["teacher"])
    url = reverse("assessments:accommodations", args=[course.code])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("text", "stored"), [("5, 1", "5, 1"), ("1;10", "10, 1"), ("", ""), (" 3 ", "3")]
)
def test_time_warnings_are_checked(text, stored):
    form = QuizForm(
        data={
            "title": "T",
            "selection": "ordered",
            "layout": "one_page",
            "feedback": "end",
            "results_display": "score",
            "pass_mark": 50,
            "max_attempts": 0,
            "random_count": 0,
            "gradebook_score": "best",
            "time_warnings": text,
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_warnings"] == stored


@pytest.mark.parametrize("text", ["five", "0", "-1", "2.5"])
def test_bad_time_warnings_are_refused(text):
    form = QuizForm(data={"title": "T", "time_warnings": text})
    assert not form.is_valid()
    assert "time_warnings" in form.errors


def test_course_content_carries_the_course_language(client_for, course_roles):
    course = course_roles["course"]
    course.language = "fr"
    course.save(update_fields=["language"])
    quiz = QuizFactory(course=course, description="<p>Répondez vite.</p>")
    question = make_question(
        course, "unique", quiz=quiz, answers=[{"text": "Oui", "correct": True}, {"text": "Non"}]
    )
    learner = client_for(course_roles["learner"])
    start = learner.get(reverse("assessments:start", args=[course.code, quiz.pk]))
    html = start.content.decode()
    assert '<div lang="fr"><p>Répondez vite.</p></div>' in html
    assert '<html lang="en"' in html  # the chrome stays in the viewer's language
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    take = learner.get(reverse("assessments:take", args=[course.code, attempt.pk]))
    html = take.content.decode()
    assert f'<div lang="fr">{question.statement}</div>' in html
    assert '<span lang="fr">Oui</span>' in html
    # The page's title names the step, the test and the course.
    assert f"<title>Question 1 of 1 · {quiz.title} · {course.title}" in html


def test_matching_selects_are_named_by_their_rows(client_for, course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    question = make_question(
        course,
        "matching",
        quiz=quiz,
        answers=[
            {"text": "Paris", "data": {"match": "France"}, "score": 1},
            {"text": "Rome", "data": {"match": "Italy"}, "score": 1},
        ],
    )
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    html = (
        client_for(course_roles["learner"])
        .get(reverse("assessments:take", args=[course.code, attempt.pk]))
        .content.decode()
    )
    for answer in question.answers.all():
        row_id = f"q{question.pk}-row-{answer.pk}"
        assert f'id="{row_id}"' in html
        assert f'aria-labelledby="{row_id}"' in html
    assert 'aria-label="Matches"' not in html


def test_one_question_a_page_titles_and_french_warnings(client_for, course_roles):
    from assessments.models import Quiz

    course = course_roles["course"]
    quiz = QuizFactory(
        course=course, layout=Quiz.Layout.PER_PAGE, time_limit=3, time_warnings="5, 1"
    )
    make_question(course, "media", quiz=quiz)
    for _ in range(3):
        make_question(course, "free", quiz=quiz)
    learner = course_roles["learner"]
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client = client_for(learner)
    take = reverse("assessments:take", args=[course.code, attempt.pk])
    html = client.get(take).content.decode()
    # The media page goes with the question after it: the first page shows question 1.
    assert f"<title>Question 1 of 3 · {quiz.title}" in html
    assert 'role="timer"' in html and 'id="time-warnings" role="status"' in html
    assert html.count('class="js-warning-text"') == 2
    services.attempt_save(attempt=attempt, data={}, question_ids=[], page=2)
    html = client.get(take).content.decode()
    assert f"<title>Question 3 of 3 · {quiz.title}" in html
    learner.language = "fr"
    learner.save(update_fields=["language"])
    french = client.get(take).content.decode()
    assert f"<title>Question 3 sur 3 · {quiz.title}" in french
    assert "Moins de 5 minutes restantes." in french
    assert "Le temps est écoulé\u00a0: vos réponses sont envoyées." in french
