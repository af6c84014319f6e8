"""Issue 10 in the browser: an ordering question is never shown solved over 20 starts; the
teacher's test page (points, total, Preview) and the learner's test list (score, result link)."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Attempt
from assessments.tests.factories import QuizFactory, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEMS = ["Wake up", "Have breakfast", "Go to school"]


def _ordering_quiz(course, **settings):
    quiz = QuizFactory(course=course, title="Morning routine", **settings)
    question = make_question(
        course, "ordering", quiz=quiz, title="In order", answers=[{"text": t} for t in ITEMS]
    )
    return quiz, question


@pytest.mark.parametrize("shuffle_answers", [False])
def test_ordering_is_never_shown_solved_over_20_starts(
    page, login, screenshot, course_roles, password, shuffle_answers
):
    quiz, _question = _ordering_quiz(course_roles["course"], shuffle_answers=shuffle_answers)
    login(page, "learner", password)
    page.on("dialog", lambda dialog: dialog.accept())
    seen = set()
    for start in range(20):
        page.goto(f"/courses/CRS1/assessments/{quiz.pk}/start/")
        page.get_by_role("button", name="Start the test").click()
        items = page.locator("ol.sortable .sortable-item")
        expect(items).to_have_count(3)
        shown = [text.strip() for text in items.all_inner_texts()]
        assert shown != ITEMS, f"start {start + 1} shows the items in the right order"
        seen.add(tuple(shown))
        if start == 0:
            screenshot(page, "assessments-ordering-start")
        page.get_by_role("button", name="Finish the test").click()
        expect(page.locator("#score")).to_be_visible()
        score = page.locator("#score").inner_text()
        assert not re.match(r"\s*1 / 1\b", score), score
    assert Attempt.objects.filter(quiz=quiz, score=1).count() == 0
    assert len(seen) >= 2  # shuffled, not one fixed wrong order


def test_teacher_test_page_and_learner_test_list(
    page, new_page, login, screenshot, course_roles, password
):
    course = course_roles["course"]
    quiz = QuizFactory(course=course, title="Capitals of Europe", pass_mark=50, time_limit=20)
    unique = make_question(
        course,
        "unique",
        quiz=quiz,
        title="Capital of France",
        answers=[
            {"text": "Paris", "correct": True, "score": 2},
            {"text": "Lyon", "score": 0},
            {"text": "AT&T", "score": 0},
        ],
    )
    make_question(
        course,
        "ordering",
        quiz=quiz,
        title="North to south",
        score="1.5",
        config={"all_or_nothing": True},  # never shown solved: untouched, it scores 0
        answers=[{"text": "Oslo"}, {"text": "Paris"}, {"text": "Madrid"}],
    )
    make_question(course, "free", quiz=quiz, title="Your favourite capital", score="3")
    QuizFactory(course=course, title="Not taken yet")

    login(page, "teacher", password)
    page.goto(f"/courses/CRS1/assessments/{quiz.pk}/")
    expect(page.locator("#quiz-total")).to_contain_text("6.5 points")
    expect(page.locator(".question-points")).to_have_text(["2 pts", "1.5 pts", "3 pts"])
    screenshot(page, "assessments-teacher-test-page")
    page.locator("#preview-button").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    expect(page.locator(".preview-key").first).to_contain_text("Paris")
    screenshot(page, "assessments-teacher-preview")

    # The learner takes the test once, right on the first question only.
    learner = new_page()
    login(learner, "learner", password)
    learner.goto("/courses/CRS1/assessments/")
    learner.get_by_role("link", name="Take the test").first.click()
    learner.get_by_role("button", name="Start the test").click()
    learner.get_by_role("radio", name="Paris").check()
    learner.locator("textarea").fill("Paris, for its museums.")
    expect(learner.locator("#save-status")).to_contain_text("Saved at")
    learner.on("dialog", lambda dialog: dialog.accept())
    learner.get_by_role("button", name="Finish the test").click()
    expect(learner.locator("#score")).to_be_visible()
    learner.goto("/courses/CRS1/assessments/")
    row = learner.locator(".list-group-item", has_text="Capitals of Europe")
    expect(row.locator(".my-score")).to_contain_text("Awaiting grading")
    expect(row.get_by_role("link", name="See the result")).to_be_visible()

    # The teacher grades the essay: the learner's list shows the score and the verdict.
    attempt = Attempt.objects.get(quiz=quiz)
    row_id = attempt.answers.get(question__title="Your favourite capital").pk
    page.goto(f"/courses/CRS1/assessments/attempts/{attempt.pk}/review/")
    form = page.locator("form.manual-grade")
    form.locator("input[name=score]").fill("1")
    form.get_by_role("button", name="Save the grade").click()
    expect(page.locator(".alert-success")).to_contain_text("The grade is saved")
    assert row_id
    learner.goto("/courses/CRS1/assessments/")
    row = learner.locator(".list-group-item", has_text="Capitals of Europe")
    expect(row.locator(".my-score")).to_contain_text("3 / 6.5")
    expect(row.locator(".my-score")).to_contain_text("Not passed")
    screenshot(learner, "assessments-learner-test-list")
    row.get_by_role("link", name="See the result").click()
    expect(learner.locator("#score")).to_contain_text("3 / 6.5")
    assert unique.pk
