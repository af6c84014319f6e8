"""Issue 10, "Tests and question imports": each fault with the input the issue gives and the
right value (ordering never shown solved, "I don't know" only when ticked, the teacher's and
learner's pages, escaping once, totals floored at 0, exact pass marks, feedback decided by the
server, typographic quotes, boundaries of tolerances and closing dates)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from assessments import api, qti, services
from assessments.models import Attempt, Question, Quiz
from assessments.question_types import get_type, within_tolerance

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db


def post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def url(name, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"code": "CRS1", **kwargs})


# --- Ordering and matching are never shown solved -----------------------------------------


@pytest.mark.parametrize("shuffle_answers", [False, True])
def test_ordering_is_never_presented_in_the_right_order(course_roles, shuffle_answers):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, shuffle_answers=shuffle_answers)
    ordering = make_question(
        course,
        "ordering",
        quiz=quiz,
        answers=[{"text": "One"}, {"text": "Two"}],  # two items: one wrong order only
    )
    right = list(ordering.answers.values_list("pk", flat=True))
    for _ in range(30):
        attempt = services.attempt_start(quiz=quiz, user=learner)
        assert attempt.answer_orders[str(ordering.pk)] != right
        client = _client(course_roles, "learner")
        page = client.get(url("take", pk=attempt.pk)).content.decode()
        shown = [int(pk) for pk in _data_ids(page)]
        assert shown != right and sorted(shown) == sorted(right)
        # Doing nothing scores nothing.
        attempt = services.attempt_submit(attempt=attempt)
        assert attempt.score == 0
        Attempt.objects.filter(pk=attempt.pk).delete()


def _data_ids(page):
    import re

    return re.findall(r'class="[^"]*sortable-item[^"]*" data-id="(\d+)"', page)


def test_matching_rows_and_matches_are_shuffled_and_not_lined_up(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, shuffle_answers=False)
    matching = make_question(
        course,
        "matching",
        quiz=quiz,
        answers=[
            {"text": "France", "data": {"match": "Paris"}, "score": 1},
            {"text": "Italy", "data": {"match": "Rome"}, "score": 1},
            {"text": "Japan", "data": {"match": "Tokyo"}, "score": 1},
        ],
    )
    right = list(matching.answers.values_list("pk", flat=True))
    for _ in range(20):
        attempt = services.attempt_start(quiz=quiz, user=learner)
        assert attempt.answer_orders[str(matching.pk)] != right
        row = attempt.answers.get(question=matching)
        assert row.context["option_order"] != right
        Attempt.objects.filter(pk=attempt.pk).delete()


# --- "I don't know" only when ticked; radio buttons for the unique answer's key -----------


def _client(course_roles, role):
    from django.test import Client

    client = Client()
    client.force_login(course_roles[role])
    return client


def test_true_false_offers_i_dont_know_only_when_ticked(course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    plain = make_question(course, "true_false", quiz=quiz, answers=[{"text": "Sky is blue"}])
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    page = _client(course_roles, "learner").get(url("take", pk=attempt.pk)).content.decode()
    assert f'name="q{plain.pk}-tf-' in page and 'value="idk"' not in page

    plain.config = {"allow_idk": True}
    plain.save()
    page = _client(course_roles, "learner").get(url("take", pk=attempt.pk)).content.decode()
    assert 'value="idk"' in page
    # A new true/false question starts with the box unticked.
    form = _client(course_roles, "teacher").get(
        url("question_create", pk=quiz.pk, type="true_false")
    )
    assert 'name="cfg_allow_idk"' in form.content.decode()
    assert 'name="cfg_allow_idk" id="id_cfg_allow_idk" checked' not in form.content.decode()


def test_unique_answer_editor_marks_the_right_answer_with_radio_buttons(course_roles):
    quiz = QuizFactory(course=course_roles["course"])
    client = _client(course_roles, "teacher")
    page = client.get(url("question_create", pk=quiz.pk, type="unique")).content.decode()
    assert page.count('type="radio" class="form-check-input" name="answers-correct"') == 4
    assert 'type="checkbox" class="form-check-input" name="answers-0-correct"' not in page
    data = {
        "title": "Capital",
        "statement": "<p>Capital of France?</p>",
        "difficulty": "2",
        "answers-TOTAL_FORMS": "3",
        "answers-INITIAL_FORMS": "0",
        "answers-0-text": "Lyon",
        "answers-0-score": "0",
        "answers-1-text": "Paris",
        "answers-1-score": "1",
        "answers-2-text": "Nice",
        "answers-2-score": "0",
        "answers-correct": "1",
    }
    response = client.post(url("question_create", pk=quiz.pk, type="unique"), data)
    assert response.status_code == 302
    question = Question.objects.get(title="Capital")
    assert [a.correct for a in question.answers.all()] == [False, True, False]
    # Editing shows the saved choice ticked.
    page = client.get(url("question_edit", question_pk=question.pk)).content.decode()
    assert 'name="answers-correct" value="1" id="id_answers-1-correct" aria-label' in page
    assert 'value="1" id="id_answers-1-correct" aria-label="Correct" checked' in page


# --- The teacher's test page and the learner's list ---------------------------------------


def test_teacher_page_shows_points_total_preview_and_empty_bank(course_roles):
    course = course_roles["course"]
    client = _client(course_roles, "teacher")
    empty = QuizFactory(course=course, title="Empty")
    page = client.get(url("quiz", pk=empty.pk)).content.decode()
    assert 'id="bank-empty"' in page and "The question bank is empty" in page
    assert url("quiz_preview", pk=empty.pk) in page

    quiz = QuizFactory(course=course)
    make_question(course, "free", quiz=quiz, score="2.5")
    make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[{"text": "Yes", "correct": True, "score": 1}, {"text": "No", "score": 0}],
    )
    make_question(course, "media", quiz=quiz)
    page = client.get(url("quiz", pk=quiz.pk)).content.decode()
    assert "2.5 pts" in page and "1 pt<" in page
    assert "Total" in page and "3.5 points" in page
    assert 'id="bank-empty"' not in page
    preview = client.get(url("quiz_preview", pk=quiz.pk)).content.decode()
    assert "Expected:" in preview and "Yes" in preview and "2.5 points" in preview
    # Learners cannot preview.
    assert _client(course_roles, "learner").get(url("quiz_preview", pk=quiz.pk)).status_code == 403


def test_teacher_page_query_count_does_not_grow(course_roles, django_assert_max_num_queries):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    client = _client(course_roles, "teacher")
    for size in (2, 12):
        while quiz.quiz_questions.count() < size:
            make_question(
                course,
                "unique",
                quiz=quiz,
                answers=[{"text": "A", "correct": True, "score": 1}, {"text": "B"}],
            )
        with django_assert_max_num_queries(14):
            assert client.get(url("quiz", pk=quiz.pk)).status_code == 200


def test_learner_list_shows_best_or_last_score_and_a_link_to_the_result(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, title="Best kept")
    question = make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[{"text": "Yes", "correct": True, "score": 1}, {"text": "No", "score": 0}],
    )
    right = question.answers.get(correct=True)
    first = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_save(
        attempt=first, data=post(**{f"q{question.pk}-choice": str(right.pk)}), question_ids=[]
    )
    services.attempt_save(
        attempt=first,
        data=post(**{f"q{question.pk}-choice": str(right.pk)}),
        question_ids=[question.pk],
    )
    services.attempt_submit(attempt=first)
    second = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=second)

    client = _client(course_roles, "learner")
    page = client.get(url("index")).content.decode()
    assert "Best score" in page and "1 / 1 (100 %)" in page
    assert url("result", pk=first.pk) in page

    quiz.gradebook_score = Quiz.GradebookScore.LAST
    quiz.save()
    page = client.get(url("index")).content.decode()
    assert "Last score" in page and "0 / 1 (0 %)" in page
    assert url("result", pk=second.pk) in page

    # Results shown from a date: the list keeps the score hidden until then.
    quiz.results_display = Quiz.ResultsDisplay.AFTER_DATE
    quiz.results_date = timezone.now() + timedelta(days=1)
    quiz.save()
    page = client.get(url("index")).content.decode()
    assert "Results later" in page and "0 / 1" not in page
    quiz.results_date = timezone.now() - timedelta(seconds=1)
    quiz.save()
    assert "0 / 1 (0 %)" in client.get(url("index")).content.decode()


def test_resumed_timed_test_shows_the_time_left(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, time_limit=30)
    make_question(course, "free", quiz=quiz)
    started = timezone.now() - timedelta(minutes=20)
    attempt = services.attempt_start(quiz=quiz, user=learner, now=started)
    page = _client(course_roles, "learner").get(url("start", pk=quiz.pk)).content.decode()
    assert 'id="time-left"' in page
    assert "Time left: 9 minutes" in page or "Time left: 10 minutes" in page
    assert "Time limit: 30 minutes" not in page
    take = _client(course_roles, "learner").get(url("take", pk=attempt.pk)).content.decode()
    left = int(take.split('data-seconds-left="')[1].split('"')[0])
    assert 590 <= left <= 600


# --- Escaped once ---------------------------------------------------------------------------


def test_answers_with_ampersands_are_escaped_once_everywhere(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, feedback=Quiz.Feedback.END)
    ordering = make_question(
        course, "ordering", quiz=quiz, answers=[{"text": "AT&T"}, {"text": "x < y"}]
    )
    unique = make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[
            {"text": "AT&T", "correct": True, "score": 1, "feedback": "Q&A"},
            {"text": "B&B", "score": 0},
        ],
    )
    matching = make_question(
        course,
        "matching",
        quiz=quiz,
        answers=[
            {"text": "R&D", "data": {"match": "Lab & co"}, "score": 1},
            {"text": "M&A", "data": {"match": "Deals"}, "score": 1},
        ],
    )
    assert ordering.answers.first().text == "AT&amp;T"  # stored as sanitised HTML
    assert get_type("ordering").correct_answer_text(ordering, {}) == "AT&T → x < y"
    assert get_type("matching").correct_answer_text(matching, {}).startswith("R&D → Lab & co")
    attempt = services.attempt_start(quiz=quiz, user=learner)
    wrong = unique.answers.get(text="B&amp;B")
    services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{unique.pk}-choice": str(wrong.pk)}),
        question_ids=[unique.pk],
    )
    services.attempt_submit(attempt=attempt)
    client = _client(course_roles, "learner")
    pages = [
        client.get(url("result", pk=attempt.pk)).content.decode(),
        _client(course_roles, "teacher").get(url("attempt", pk=attempt.pk)).content.decode(),
        _client(course_roles, "teacher").get(url("statistics", pk=quiz.pk)).content.decode(),
        _client(course_roles, "teacher").get(url("quiz_preview", pk=quiz.pk)).content.decode(),
        _client(course_roles, "teacher")
        .get(url("question_edit", question_pk=unique.pk))
        .content.decode(),
    ]
    for page in pages:
        assert "&amp;amp;" not in page and "&amp;lt;" not in page
    assert "AT&amp;T → x &lt; y" in pages[0]  # the expected order, escaped once
    assert "B&amp;B" in pages[2]  # the wrong answer chosen most
    assert 'value="AT&amp;T"' in pages[4] and 'value="Q&amp;A"' in pages[4]
    # Saving the editor's values again keeps the same stored text (no growth).
    assert str(unique.answers.first()) == "AT&T"


def test_qti_export_keeps_ampersands_as_text(course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    make_question(
        course,
        "matching",
        quiz=quiz,
        answers=[
            {"text": "R&D", "data": {"match": "Lab & co"}, "score": 1},
            {"text": "M&A", "data": {"match": "Deals"}, "score": 1},
        ],
    )
    make_question(course, "blanks", quiz=quiz, config={"text": "Phone: [AT&T]"})
    content, _skipped = qti.export_quiz(quiz)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if "items/" in n)
    assert "&amp;amp;" not in xml and "Lab &amp; co" in xml and 'mapKey="AT&amp;T"' in xml
    from django.core.files.uploadedfile import SimpleUploadedFile

    parsed, rejected = qti.parse_package(SimpleUploadedFile("t.zip", content))
    assert rejected == []
    assert parsed[0].answers[0]["data"]["match"] == "Lab & co"
    assert parsed[1].config["text"] == "Phone: [AT&T]"


def test_glossary_export_and_announcement_mail_and_links_escape_once(course_roles):
    from announcements.services import announcement_create
    from announcements.tasks import build_message
    from glossary import services as glossary
    from glossary.selectors import course_terms
    from links import services as links

    course, teacher = course_roles["course"], course_roles["teacher"]
    glossary.term_create(course=course, term="Telecom", definition="AT&T & co < 5")
    rows = list(csv.reader(io.StringIO(glossary.glossary_export(course_terms(course)))))
    assert rows[1] == ["Telecom", "AT&T & co < 5"]

    announcement = announcement_create(
        course=course, author=teacher, title="R&D news", content="<p>AT&amp;T &amp; co</p>"
    )
    message = build_message(announcement, course_roles["learner"])
    assert "AT&T & co" in message.body and "&amp;" not in message.body

    links.link_create(
        course=course, title="Phones", url="https://example.org/", description="AT&T <b>"
    )
    page = _client(course_roles, "learner").get(reverse("links:index", kwargs={"code": "CRS1"}))
    body = page.content.decode()
    assert "AT&amp;T &lt;b&gt;" in body and "&amp;amp;" not in body


# --- Totals floored at 0; exact pass marks --------------------------------------------------


def _true_false_both_wrong(course_roles, *, allow_negative):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, allow_negative_total=allow_negative)
    question = make_question(
        course,
        "true_false",
        quiz=quiz,
        config={"right_score": "1", "wrong_score": "-1"},
        answers=[{"text": "A", "correct": True}, {"text": "B", "correct": True}],
    )
    attempt = services.attempt_start(quiz=quiz, user=learner)
    marks = {f"q{question.pk}-tf-{a.pk}": "false" for a in question.answers.all()}
    services.attempt_save(attempt=attempt, data=post(**marks), question_ids=[question.pk])
    return quiz, services.attempt_submit(attempt=attempt)


def test_negative_total_is_floored_at_zero_by_default(course_roles):
    quiz, attempt = _true_false_both_wrong(course_roles, allow_negative=False)
    assert (attempt.score, attempt.max_score) == (Decimal("0"), Decimal("2"))
    assert attempt.answers.get().score == Decimal("-2")  # the question keeps its own score
    score = api.learner_score(quiz_id=quiz.pk, user=course_roles["learner"])
    assert score.score == 0 and score.percent == 0 and score.passed is False


def test_a_test_may_allow_negative_totals(course_roles):
    quiz, attempt = _true_false_both_wrong(course_roles, allow_negative=True)
    assert (attempt.score, attempt.max_score) == (Decimal("-2"), Decimal("2"))


@pytest.mark.parametrize(
    ("score", "passed"),
    [("499.50", False), ("499.99", False), ("500.00", True), ("500.01", True)],
)
def test_pass_mark_compares_the_exact_value(course_roles, score, passed):
    quiz = QuizFactory(course=course_roles["course"], pass_mark=50)
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=course_roles["learner"],
        state=Attempt.State.GRADED,
        score=Decimal(score),
        max_score=Decimal("1000"),
        submitted_at=timezone.now(),
    )
    assert attempt.passed is passed
    if score == "499.50":
        assert attempt.percent == Decimal("50.0")  # shown rounded, decided exactly
    result = api.learner_score(quiz_id=quiz.pk, user=course_roles["learner"])
    assert result.passed is passed
    client = _client(course_roles, "learner")
    page = client.get(url("result", pk=attempt.pk)).content.decode()
    assert ("Passed." in page) is passed and ("Not passed." in page) is not passed
    assert "Back to the tests" in page
    # Inside a learning path's player, the result never leads out of the item.
    framed = client.get(url("result", pk=attempt.pk), headers={"Sec-Fetch-Dest": "iframe"})
    assert "Back to the tests" not in framed.content.decode()


# --- Immediate feedback: the server decides -------------------------------------------------


def test_immediate_feedback_follows_the_attempt_state_not_the_url(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    quiz = QuizFactory(course=course, layout=Quiz.Layout.PER_PAGE, feedback=Quiz.Feedback.IMMEDIATE)
    questions = [
        make_question(
            course,
            "unique",
            quiz=quiz,
            title=f"Q{n}",
            answers=[
                {"text": f"Right{n}", "correct": True, "score": 1},
                {"text": f"Wrong{n}", "score": 0},
            ],
        )
        for n in range(3)
    ]
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client = _client(course_roles, "learner")
    take = url("take", pk=attempt.pk)
    for forged in ("?feedback=0", "?feedback=1", "?feedback=2"):
        page = client.get(take + forged).content.decode()
        assert "Expected:" not in page and "Not quite." not in page and "Right." not in page

    first = questions[0]
    wrong = first.answers.get(correct=False)
    client.post(take, {"page": "0", "action": "next", f"q{first.pk}-choice": str(wrong.pk)})
    attempt.refresh_from_db()
    assert attempt.revealed_ids == [first.pk] and attempt.page == 1
    page = client.get(take).content.decode()
    assert "Not quite." in page and "Expected: Right0" in page
    assert "Right1" in page and "Expected: Right1" not in page  # page 2's key stays hidden
    # The revealed answer is frozen: changing it afterwards does nothing.
    right = first.answers.get(correct=True)
    client.post(
        url("autosave", pk=attempt.pk),
        {"question_ids": [str(first.pk)], f"q{first.pk}-choice": str(right.pk)},
    )
    assert attempt.answers.get(question=first).response == {"choice": wrong.pk}
    # Going back shows the page as a review, not as a form to answer again.
    client.post(take, {"page": "1", "action": "previous"})
    page = client.get(take).content.decode()
    assert f'name="q{first.pk}-choice"' in page and "disabled" in page


# --- Typed answers: typographic quotes ------------------------------------------------------


@pytest.mark.parametrize("typed", ["l’eau", "l‘eau", "lʼeau", "l'eau"])
def test_typographic_apostrophes_match_the_plain_key(course_roles, typed):
    question = make_question(
        course_roles["course"], "blanks", config={"text": "Je bois de [l'eau]."}
    )
    grade = get_type("blanks").grade(question, {"blanks": [typed]}, {})
    assert grade.score == 1


def test_typographic_double_quotes_match(course_roles):
    question = make_question(course_roles["course"], "blanks", config={"text": 'Say ["hi"].'})
    grade = get_type("blanks").grade(question, {"blanks": ["“hi”"]}, {})
    assert grade.score == 1


# --- Boundaries: relative tolerance, closing date -------------------------------------------


@pytest.mark.parametrize(
    ("given", "right"),
    [("210", True), ("209.99", True), ("210.01", False), ("190", True), ("189.99", False)],
)
def test_calculated_relative_tolerance_is_a_percentage(course_roles, given, right):
    # 5 % of 200 is 10: 210 is at the limit. Read as an absolute 5, 209.99 would be wrong.
    question = make_question(
        course_roles["course"],
        "calculated",
        config={
            "formula": "a * 2",
            "variables": "a = 100..100",
            "tolerance": "5",
            "relative": True,
        },
    )
    grade = get_type("calculated").grade(question, {"value": given}, {"values": {"a": 100}})
    assert (grade.score == 1) is right


@pytest.mark.parametrize(
    ("given", "right"),
    [("210", True), ("209.99", True), ("210.01", False), ("190", True), ("189.99", False)],
)
def test_numerical_relative_tolerance_is_a_percentage(course_roles, given, right):
    question = make_question(
        course_roles["course"],
        "numerical",
        config={"relative": True},
        answers=[{"text": "200", "score": 1, "data": {"tolerance": "5"}}],
    )
    grade = get_type("numerical").grade(question, {"value": given}, {})
    assert (grade.score == 1) is right


def test_tolerance_modes_at_their_limits():
    d = Decimal
    assert within_tolerance(d("105"), d("100"), d("5"), "absolute")
    assert not within_tolerance(d("105.01"), d("100"), d("5"), "absolute")
    assert within_tolerance(d("94.99"), d("100"), d("5.01"), "absolute")
    assert within_tolerance(d("105"), d("100"), d("5"), "relative")
    assert not within_tolerance(d("105.01"), d("100"), d("5"), "relative")
    assert within_tolerance(d("-105"), d("-100"), d("5"), "relative")
    assert not within_tolerance(d("100.01"), d("100"), d("5"), "exact")
    assert within_tolerance(d("100"), d("100"), d("5"), "exact")


@pytest.mark.parametrize(
    ("closes_in", "expected_deadline_in"),
    [
        (timedelta(minutes=29, seconds=59), timedelta(minutes=29, seconds=59)),  # one step before
        (timedelta(minutes=30), timedelta(minutes=30)),  # equal
        (timedelta(minutes=30, seconds=1), timedelta(minutes=30)),  # one step after
    ],
)
def test_closing_date_caps_the_attempts_deadline(course_roles, closes_in, expected_deadline_in):
    now = timezone.now()
    quiz = QuizFactory(course=course_roles["course"], time_limit=30, closes_at=now + closes_in)
    make_question(course_roles["course"], "free", quiz=quiz)
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"], now=now)
    assert attempt.deadline == now + expected_deadline_in


def test_closing_date_caps_an_untimed_attempt_and_saves_stop_there(course_roles):
    now = timezone.now()
    quiz = QuizFactory(course=course_roles["course"], closes_at=now + timedelta(minutes=5))
    free = make_question(course_roles["course"], "free", quiz=quiz)
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"], now=now)
    assert attempt.deadline == quiz.closes_at
    data = post(**{f"q{free.pk}-text": "on time"})
    services.attempt_save(
        attempt=attempt, data=data, question_ids=[free.pk], now=quiz.closes_at
    )  # at the closing instant: still accepted
    with pytest.raises(services.AttemptClosed):
        services.attempt_save(
            attempt=attempt,
            data=post(**{f"q{free.pk}-text": "late"}),
            question_ids=[free.pk],
            now=quiz.closes_at + timedelta(microseconds=1),
        )
    assert attempt.answers.get().response == {"text": "on time"}


@pytest.mark.parametrize(
    ("used", "level"),
    [(8999, "warning"), (9000, "danger"), (9001, "danger"), (7499, ""), (7500, "warning")],
)
def test_document_quota_warnings_compare_exact_bytes(used, level):
    # 8999 of 10000 bytes is shown "90 %" but is below the 90 % line.
    from documents.selectors import quota_level

    assert quota_level(used, 10000) == level


def test_preview_never_shows_an_ordering_question_solved(course_roles):
    course = course_roles["course"]
    quiz = QuizFactory(course=course)
    ordering = make_question(
        course, "ordering", quiz=quiz, answers=[{"text": "First"}, {"text": "Second"}]
    )
    right = [str(pk) for pk in ordering.answers.values_list("pk", flat=True)]
    client = _client(course_roles, "teacher")
    for _ in range(5):
        page = client.get(url("quiz_preview", pk=quiz.pk)).content.decode()
        assert _data_ids(page) == right[::-1]


def test_calculated_answer_ignores_binary_noise_but_not_one_step_beyond(course_roles):
    question = make_question(
        course_roles["course"],
        "calculated",
        config={"formula": "a + b", "variables": "a = 0.1..0.1 : 1\nb = 0.2..0.2 : 1"},
    )
    kind = get_type("calculated")
    context = {"values": {"a": 0.1, "b": 0.2}}
    assert kind.grade(question, {"value": "0.3"}, context).score == 1
    assert kind.grade(question, {"value": "0,3"}, context).score == 1
    assert kind.grade(question, {"value": "0.30000001"}, context).score == 0


def test_answer_scores_are_edited_as_typed_in_french(course_roles):
    """The answers table writes its inputs by hand: a score shows "2,5" in French, not the
    database's "2,50" (core.forms.DecimalField reads "2,5" back)."""
    teacher = course_roles["teacher"]
    teacher.language = "fr"
    teacher.save()
    question = make_question(
        course_roles["course"],
        "unique",
        answers=[
            {"text": "Yes", "correct": True, "score": "2.50"},
            {"text": "No", "correct": False, "score": "-0.50"},
        ],
    )
    client = _client(course_roles, "teacher")
    page = client.get(url("question_edit", question_pk=question.pk)).content.decode()
    assert 'name="answers-0-score" value="2,5"' in page
    assert 'name="answers-1-score" value="-0,5"' in page
    assert "2,50" not in page
