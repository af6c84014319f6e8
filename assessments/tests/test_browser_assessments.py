"""A teacher builds a test in the browser; a learner takes it, leaves half way and finishes."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from assessments.models import Attempt, Question, Quiz
from tests.browser.fixtures import fill_rich_text, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def drag(page, source, target, *, above=True):
    """Drag ``source`` onto ``target`` with real pointer moves."""
    box = source.bounding_box()
    goal = target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    # SortableJS starts a drag after a few pixels (fallbackTolerance): start it, let the page
    # take it up, then travel.
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2 - 6, steps=2)
    page.wait_for_timeout(50)
    y = goal["y"] + (2 if above else goal["height"] - 2)
    page.mouse.move(goal["x"] + 20, y, steps=12)
    page.wait_for_timeout(50)
    page.mouse.up()


def add_question(page, kind_label, title, fields, rows=(), shot=None):
    page.locator("#question-types").get_by_role("link", name=kind_label, exact=True).click()
    page.fill("#id_title", title)
    for selector, value in fields.items():
        if value is True:
            page.check(selector)
        elif value is False:
            page.uncheck(selector)
        elif selector.endswith("image"):
            page.set_input_files(selector, value)
        elif selector == "#id_statement":  # the rich-text editor takes the textarea's place
            fill_rich_text(page, selector, value)
        else:
            page.fill(selector, value)
    for index, row in enumerate(rows):
        for name, value in row.items():
            selector = f"[name=answers-{index}-{name}]"
            if name == "correct":  # a radio button (unique answer) or a checkbox
                selector = f"#id_answers-{index}-correct"
            if value is True:
                page.check(selector)
            elif name == "shape":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
    if shot:
        shot()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("The question is saved.")


def test_teacher_builds_learner_takes_resumes_and_finishes(
    page, new_page, login, screenshot, course_roles, password, tmp_path
):
    image_path = tmp_path / "map.png"
    image = Image.new("RGB", (400, 300), "white")
    image.paste((40, 120, 200), (0, 0, 200, 150))
    image.save(image_path)

    # --- The teacher builds the test -------------------------------------------------------
    login(page, "teacher", password)
    page.goto("/courses/CRS1/assessments/")
    page.get_by_role("link", name="New test").click()
    page.fill("#id_title", "Geography check")
    page.check("#id_published")
    page.check("#id_shuffle_answers")
    page.select_option("#id_layout", "per_page")
    screenshot(page, "assessments-teacher-quiz-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Geography check")

    add_question(
        page,
        "Unique answer",
        "Capital of France",
        {"#id_statement": "Which city is the capital of France?"},
        [
            {"text": "Paris", "correct": True, "score": "2"},
            {"text": "Lyon", "score": "0"},
            {"text": "Marseille", "score": "-1"},
        ],
    )
    add_question(
        page,
        "Multiple answer (partial credit)",
        "Rivers of France",
        {},
        [
            {"text": "Loire", "correct": True, "score": "1"},
            {"text": "Seine", "correct": True, "score": "1"},
            {"text": "Danube", "score": "-1"},
        ],
    )
    add_question(
        page,
        "Fill in the blanks",
        "Two capitals",
        {"#id_score": "2", "#id_cfg_text": "France: [Paris], Italy: [Rome|Roma]."},
    )
    add_question(
        page,
        "Ordering",
        "Sizes",
        {"#id_score": "3"},
        [{"text": "Mouse"}, {"text": "Dog"}, {"text": "Elephant"}],
    )
    add_question(
        page,
        "Exact multiple answer (all or nothing)",
        "Seas of France",
        {"#id_score": "2"},
        [
            {"text": "Mediterranean", "correct": True},
            {"text": "Atlantic", "correct": True},
            {"text": "Baltic"},
        ],
    )

    def draw_zone():
        # The zone is drawn by dragging on the image preview, not typed.
        preview = page.locator("#hotspot-editor img")
        expect(preview).to_be_visible()
        wait_until(page, "document.querySelector('#hotspot-editor img').naturalWidth > 0")
        preview.scroll_into_view_if_needed()
        box = preview.bounding_box()
        scale = box["width"] / 400
        page.mouse.move(box["x"] + 1 * scale, box["y"] + 1 * scale)
        page.mouse.down()
        page.mouse.move(box["x"] + 199 * scale, box["y"] + 149 * scale, steps=6)
        page.mouse.up()
        coords = page.locator("[name=answers-0-coords]").input_value()
        x, y, width, height = (int(v) for v in coords.split(","))
        assert abs(x - 1) <= 2 and abs(y - 1) <= 2 and abs(width - 198) <= 3
        expect(page.locator("#hotspot-editor .zone")).to_have_count(1)
        screenshot(page, "assessments-teacher-hotspot-editor")

    add_question(
        page,
        "Image hotspot",
        "Find the blue square",
        {"#id_image": str(image_path), "#id_image_alt": "A blue square in the top-left corner"},
        [{"text": "Blue square", "score": "2"}],
        shot=draw_zone,
    )
    screenshot(page, "assessments-teacher-builder")

    # Drag the hotspot question (added last) to the top of the test.
    items = page.locator("#quiz-questions .sortable-item")
    expect(items).to_have_count(6)
    hotspot = items.filter(has_text="Find the blue square")
    for _try in range(3):  # a drag can fall short on a loaded machine: drag it again
        drag(page, hotspot, items.nth(0))
        if "Find the blue square" in items.nth(0).inner_text():
            break
    expect(items.nth(0)).to_contain_text("Find the blue square")
    expect(page.locator("#quiz-questions")).to_have_attribute("data-saved", "1")
    quiz = Quiz.objects.get(title="Geography check")
    expected = [
        "Find the blue square",
        "Capital of France",
        "Rivers of France",
        "Two capitals",
        "Sizes",
        "Seas of France",
    ]

    def stored_order():
        return [link.question.title for link in quiz.quiz_questions.order_by("position")]

    for _poll in range(50):  # the last drop's save may still be on its way
        if stored_order() == expected:
            break
        page.wait_for_timeout(100)
    assert stored_order() == expected
    assert Question.objects.filter(course=quiz.course).count() == 6
    assert page.console_errors == []

    # --- The learner starts, answers two pages and part of the third, then leaves -----------
    learner = new_page(viewport={"width": 1280, "height": 900})
    login(learner, "learner", password)
    learner.goto("/courses/CRS1/assessments/")
    learner.get_by_role("link", name="Take the test").click()
    learner.get_by_role("button", name="Start the test").click()
    learner.locator(".hotspot-image").click(position={"x": 60, "y": 50})
    expect(learner.locator(".hotspot-marker")).to_have_count(1)
    screenshot(learner, "assessments-learner-hotspot")
    learner.get_by_role("button", name="Next").click()
    learner.get_by_label("Paris").check()
    learner.get_by_role("button", name="Next").click()
    learner.get_by_label("Loire").check()
    learner.get_by_label("Danube").check()
    expect(learner.locator("#attempt-form")).to_have_attribute("data-saved", re.compile(r"\d+"))
    expect(learner.locator("#save-status")).to_contain_text("Saved at")
    learner.context.close()  # the browser closes half way

    attempt = Attempt.objects.get(user=course_roles["learner"])
    assert attempt.state == Attempt.State.IN_PROGRESS and attempt.page == 2

    # --- ... comes back in a new browser and finishes ----------------------------------------
    again = new_page(viewport={"width": 1280, "height": 900})
    errors = []
    again.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(again, "learner", password)
    again.goto("/courses/CRS1/assessments/")
    again.get_by_role("link", name="Resume").click()
    again.get_by_role("link", name="Resume my attempt").click()
    expect(again.locator(".question h2").first).to_contain_text("Rivers of France")
    expect(again.get_by_label("Loire")).to_be_checked()
    expect(again.get_by_label("Danube")).to_be_checked()
    again.get_by_label("Danube").uncheck()
    again.get_by_role("button", name="Next").click()
    blanks = again.locator("input[name$=-blank]")
    blanks.nth(0).fill("paris")
    blanks.nth(1).fill("Milan")
    again.get_by_role("button", name="Next").click()
    # A drag moves an item (tried again if it falls short on a loaded machine); the move
    # buttons then put the list in order (the keyboard's way, tests/browser/test_accessibility).
    items = again.locator("ol.sortable .sortable-item")

    def order():
        return [text.split()[0] for text in items.all_inner_texts()]

    before = order()
    for _try in range(3):
        drag(again, items.nth(2), items.nth(0))
        if order() != before:
            break
    assert order() != before, before  # the drag moved the item
    for position, label in enumerate(["Mouse", "Dog", "Elephant"]):
        while order().index(label) > position:
            again.get_by_role("button", name=f"Move up: {label}").click()
    expect(again.locator("ol.sortable .sortable-item")).to_have_text(
        [re.compile("Mouse"), re.compile("Dog"), re.compile("Elephant")]
    )
    screenshot(again, "assessments-learner-ordering")
    again.get_by_role("button", name="Next").click()
    again.get_by_label("Mediterranean").check()
    again.get_by_label("Atlantic").check()
    again.on("dialog", lambda dialog: dialog.accept())
    again.get_by_role("button", name="Finish the test").click()
    # hotspot 2 + unique 2 + multiple 1 (of 2) + blanks 1 (of 2) + ordering 3 + seas 2 = 11 of 13
    expect(again.locator("#score")).to_contain_text("11 / 13")
    screenshot(again, "assessments-learner-result")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED and attempt.score == 11
    assert errors == []

    # --- The teacher sees it in the results ----------------------------------------------------
    page.goto(f"/courses/CRS1/assessments/{quiz.pk}/results/")
    expect(page.locator("#results")).to_contain_text("11 / 13")
    screenshot(page, "assessments-teacher-results")
    page.get_by_role("link", name="Details").click()
    expect(page.locator("#attempt-score")).to_have_text("11 / 13")
    screenshot(page, "assessments-teacher-attempt")
    teacher = course_roles["teacher"]
    teacher.language = "fr"
    teacher.save()
    page.goto(f"/courses/CRS1/assessments/{quiz.pk}/statistics/")
    expect(page.locator("h1")).to_have_text("Statistiques par question")
    screenshot(page, "assessments-teacher-statistics-fr")


def test_time_runs_out_with_the_page_open(page, login, screenshot, course_roles, password):
    from datetime import timedelta

    from django.utils import timezone

    from assessments import services
    from assessments.tests.factories import QuizFactory, make_question

    quiz = QuizFactory(course=course_roles["course"], title="Timed", time_limit=1)
    question = make_question(
        course_roles["course"],
        "unique",
        quiz=quiz,
        title="Quick one",
        answers=[{"text": "Yes", "correct": True, "score": 1}, {"text": "No", "score": 0}],
    )
    make_question(course_roles["course"], "free", quiz=quiz, title="Essay", score="2")
    # The attempt started 52 seconds ago: 8 seconds are left.
    attempt = services.attempt_start(
        quiz=quiz, user=course_roles["learner"], now=timezone.now() - timedelta(seconds=52)
    )
    login(page, "learner", password)
    page.goto(f"/courses/CRS1/assessments/attempts/{attempt.pk}/")
    expect(page.locator("#countdown")).to_contain_text(re.compile(r"0:0\d"))
    page.get_by_label("Yes").check()
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    screenshot(page, "assessments-timed-countdown")
    # Nobody clicks anything: the countdown reaches zero and the server closes the attempt.
    expect(page.locator("h1")).to_have_text("Your result", timeout=20_000)
    expect(page.locator(".alert-warning").first).to_contain_text("time ran out")
    expect(page.locator("#score")).to_contain_text("1 / 3")
    screenshot(page, "assessments-timed-result")
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.expired and attempt.score == 1
    assert question.pk in attempt.question_ids


def test_matching_by_drag_and_drop(page, login, screenshot, course_roles, password):
    from assessments import services
    from assessments.tests.factories import QuizFactory, make_question

    quiz = QuizFactory(course=course_roles["course"], title="Match")
    make_question(
        course_roles["course"],
        "matching",
        quiz=quiz,
        title="Capitals",
        answers=[
            {"text": "France", "data": {"match": "Paris"}, "score": 1},
            {"text": "Italy", "data": {"match": "Rome"}, "score": 1},
            {"text": "Spain", "data": {"match": "Madrid"}, "score": 1},
        ],
    )
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    login(page, "learner", password)
    page.goto(f"/courses/CRS1/assessments/attempts/{attempt.pk}/")
    for country, city in [("France", "Paris"), ("Italy", "Rome"), ("Spain", "Rome")]:
        chip = page.locator(".match-chip", has_text=city)
        row = page.locator(".match-row", has_text=country)
        chip_box, row_box = chip.bounding_box(), row.bounding_box()
        page.mouse.move(chip_box["x"] + 5, chip_box["y"] + 5)
        page.mouse.down()
        page.mouse.move(row_box["x"] + row_box["width"] / 2, row_box["y"] + 10, steps=6)
        page.mouse.up()
    # the keyboard way still works: fix Spain with its list
    page.locator(".match-row", has_text="Spain").locator("select").select_option(label="Madrid")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    screenshot(page, "assessments-learner-matching")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finish the test").click()
    expect(page.locator("#score")).to_contain_text("3 / 3")


def test_closing_inside_the_debounce_still_saves(page, login, course_roles, password):
    import time

    from assessments import services
    from assessments.models import AttemptAnswer
    from assessments.tests.factories import QuizFactory, make_question

    quiz = QuizFactory(course=course_roles["course"], title="Essay")
    question = make_question(course_roles["course"], "free", quiz=quiz, title="Write")
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    login(page, "learner", password)
    page.goto(f"/courses/CRS1/assessments/attempts/{attempt.pk}/")
    page.fill(f"#q{question.pk}-text", "Typed just before closing")
    page.close(run_before_unload=True)  # at once: the debounced save has not fired yet
    row = AttemptAnswer.objects.get(attempt=attempt)
    for _ in range(50):
        row.refresh_from_db()
        if row.response:
            break
        time.sleep(0.1)
    assert row.response == {"text": "Typed just before closing"}


def test_oral_expression_recorded_in_the_browser(
    browser, live_server, login, screenshot, course_roles, password
):
    import time

    from assessments import services
    from assessments.models import AttemptAnswer
    from assessments.tests.factories import QuizFactory, make_question
    from tests.browser.fixtures import CHROMIUM, LAUNCH_ARGS

    quiz = QuizFactory(course=course_roles["course"], title="Speak")
    make_question(course_roles["course"], "oral", quiz=quiz, title="Introduce yourself")
    attempt = services.attempt_start(quiz=quiz, user=course_roles["learner"])
    # A browser of its own with a fake microphone that needs no permission prompt.
    with_mic = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*LAUNCH_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    )
    try:
        context = with_mic.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, "learner", password)
        page.goto(f"/courses/CRS1/assessments/attempts/{attempt.pk}/")
        record = page.locator(".js-record")
        expect(record).to_be_visible()
        record.click()
        expect(page.locator(".js-record-status")).to_have_text("●")
        expect(record).to_contain_text("Stop recording")
        time.sleep(1.5)
        record.click()
        expect(page.locator(".js-record-status")).to_have_text("✓")
        expect(page.locator(".js-record-playback")).to_be_visible()
        expect(page.locator("#save-status")).to_contain_text("Saved at")
        screenshot(page, "assessments-learner-oral")
        row = AttemptAnswer.objects.get(attempt=attempt)
        assert row.file.name.endswith(".webm")
        assert row.response["file"] == row.file.name
        assert page.locator(".js-question-error").first.inner_text() == ""
    finally:
        with_mic.close()
