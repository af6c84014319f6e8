"""WCAG 2.1 AA by keyboard: what a learner who does not use a pointer does, in Chromium.

axe-core also audits every page each browser test opens (tests/browser/fixtures.py); these tests
cover what axe cannot see: reaching and operating the controls by keyboard, where the focus is
and whether it shows, and what is announced.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, predicate: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches a JavaScript predicate on
    ``document.activeElement`` (named ``el``), as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => !!el && ({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def focus_shot(page, name: str) -> None:
    """The viewport around the focused element (not the full page), to look at its ring."""
    from tests.browser.fixtures import SCREENSHOTS

    # Instantly: Bootstrap's smooth scrolling would still be moving at the screenshot.
    page.evaluate("document.activeElement.scrollIntoView({block: 'center', behavior: 'instant'})")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def focus_ring(page) -> dict:
    return page.evaluate(
        """(() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                shadow: s.boxShadow}; })()"""
    )


def test_sign_in_by_keyboard_with_visible_focus_and_an_announced_error(page, screenshot, password):
    UserFactory(username="kim", first_name="Kim", last_name="Keys")
    page.goto("/accounts/login/")
    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring

    tab_to(page, "el.name === 'login'")
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # The error is an alert, tied to the fields, and the focus is back in the form.
    alert = page.locator("[role=alert][data-form-errors]")
    expect(alert).to_be_visible()
    login_field = page.locator("input[name=login]")
    expect(login_field).to_have_attribute("aria-invalid", "true")
    described = login_field.get_attribute("aria-describedby") or ""
    assert alert.get_attribute("id") in described.split()
    focused = page.evaluate("document.activeElement.name")
    assert focused in {"login", "password"}
    screenshot(page, "a11y-login-error-focus")

    page.locator("input[name=login]").fill("")
    page.locator("input[name=login]").focus()
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("My courses")

    # The navbar's focus ring shows on its dark background (white outline, dark halo).
    page.locator(".navbar a.navbar-brand").focus()
    page.keyboard.press("Tab")
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["color"] in {"rgb(255, 255, 255)"}, ring
    screenshot(page, "a11y-navbar-focus")


# --- Tests, learning paths and extra time, by keyboard ---------------------------------------


def png(width: int, height: int, box: tuple[int, int, int, int]) -> bytes:
    """A white picture with one blue rectangle (the hotspot's zone)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (width, height), "white")
    image.paste((20, 60, 160), box)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def choose_radio(page, name: str, value: str) -> None:
    """Tab into a radio group, then pick ``value`` with Space and the arrow keys."""
    tab_to(page, f"el.name === '{name}'", limit=300)
    page.keyboard.press("Space")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} never chosen in {name}")


def every_type_quiz(course):
    """One test holding every question type, on one page, with its right answers."""
    from django.core.files.base import ContentFile

    from assessments.models import Quiz
    from assessments.question_types import all_types
    from assessments.tests.factories import QuizFactory, make_question

    quiz = QuizFactory(course=course, title="Everything", layout=Quiz.Layout.ONE_PAGE)
    yes_no = [{"text": "Yes", "correct": True, "score": 1}, {"text": "No", "score": 0}]
    abc = [{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}]
    q = {}
    q["media"] = make_question(course, "media", quiz=quiz, title="Read this first")
    q["unique"] = make_question(course, "unique", quiz=quiz, answers=list(reversed(yes_no)))
    q["unique_idk"] = make_question(course, "unique_idk", quiz=quiz, answers=yes_no)
    q["multiple"] = make_question(
        course,
        "multiple",
        quiz=quiz,
        answers=[dict(a, score=1 if a.get("correct") else -1) for a in abc],
    )
    q["multiple_exact"] = make_question(course, "multiple_exact", quiz=quiz, answers=abc, score="2")
    q["multiple_global"] = make_question(course, "multiple_global", quiz=quiz, answers=abc)
    q["true_false"] = make_question(
        course,
        "true_false",
        quiz=quiz,
        config={"right_score": "1", "wrong_score": "0"},
        answers=[{"text": "Sky is blue", "correct": True}, {"text": "2+2=5", "correct": False}],
    )
    q["blanks"] = make_question(
        course,
        "blanks",
        quiz=quiz,
        score="2",
        config={"text": "Paris is in [France] and Rome in [Italy]."},
    )
    q["free"] = make_question(course, "free", quiz=quiz)
    q["upload"] = make_question(course, "upload", quiz=quiz)
    q["oral"] = make_question(course, "oral", quiz=quiz)
    q["matching"] = make_question(
        course,
        "matching",
        quiz=quiz,
        answers=[
            {"text": "France", "data": {"match": "Paris"}, "score": 1},
            {"text": "Italy", "data": {"match": "Rome"}, "score": 1},
            {"text": "Spain", "data": {"match": "Madrid"}, "score": 1},
        ],
    )
    q["ordering"] = make_question(
        course,
        "ordering",
        quiz=quiz,
        score="3",
        answers=[{"text": "One"}, {"text": "Two"}, {"text": "Three"}, {"text": "Four"}],
    )
    q["hotspot"] = make_question(
        course,
        "hotspot",
        quiz=quiz,
        answers=[
            {
                "text": "The blue corner",
                "score": 2,
                "data": {"shape": "rect", "coords": [0, 0, 200, 150]},
            }
        ],
    )
    q["hotspot"].image.save("map.png", ContentFile(png(400, 300, (0, 0, 200, 150))))
    q["hotspot"].image_alt = "A white map with a blue rectangle in its top-left quarter"
    q["hotspot"].save()
    q["calculated"] = make_question(
        course,
        "calculated",
        quiz=quiz,
        config={"formula": "a * b", "variables": "a = 3..3\nb = 4..4"},
    )
    q["numerical"] = make_question(
        course,
        "numerical",
        quiz=quiz,
        answers=[{"text": "3.14", "score": 1, "data": {"tolerance": "0.01"}}],
    )
    missing = {kind.key for kind in all_types()} - set(q)
    assert not missing, f"add these types to the keyboard test: {missing}"
    return quiz, q


def test_take_a_test_of_every_type_by_keyboard(
    page, login, password, screenshot, course_roles, tmp_path
):
    from assessments.models import Attempt
    from core.numbers import number_shown

    quiz, q = every_type_quiz(course_roles["course"])
    login(page, "learner", password)
    page.goto(f"/courses/CRS1/assessments/{quiz.pk}/start/")
    expect(page).to_have_title(re.compile(r"^Start · Everything · Course one"))
    tab_to(page, "el.textContent.trim() === 'Start the test'", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    scored = len(q) - 1  # all but the media page
    expect(page).to_have_title(
        re.compile(rf"^Questions 1–{scored} of {scored} · Everything · Course one")
    )

    def answer(key):
        return q[key].answers.get(correct=True) if key else None

    choose_radio(page, f"q{q['unique'].pk}-choice", str(answer("unique").pk))
    choose_radio(page, f"q{q['unique_idk'].pk}-choice", str(answer("unique_idk").pk))
    for key in ("multiple", "multiple_exact", "multiple_global"):
        for right in q[key].answers.filter(correct=True):
            tab_to(page, f"el.id === 'q{q[key].pk}-a{right.pk}'", limit=300)
            page.keyboard.press("Space")
    for row in q["true_false"].answers.all():
        name = f"q{q['true_false'].pk}-tf-{row.pk}"
        # Each radio is named by its statement and its column, not "True" alone.
        expect(page.locator(f"input[name='{name}'][value=false]")).to_have_accessible_name(
            f"{row.text} False"
        )
        choose_radio(page, name, "true" if row.correct else "false")
    tab_to(page, f"el.name === 'q{q['blanks'].pk}-blank'", limit=300)
    page.keyboard.type("France")
    page.keyboard.press("Tab")
    page.keyboard.type("Italy")
    tab_to(page, f"el.name === 'q{q['free'].pk}-text'", limit=300)
    page.keyboard.type("Typed with the keyboard.")
    # A file is chosen from the keyboard too: Space on the file field opens the chooser.
    tab_to(page, f"el.name === 'q{q['upload'].pk}-file'", limit=300)
    report = tmp_path / "report.txt"
    report.write_text("My report")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):  # a loaded browser can miss the first key press: press again
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    chooser.value.set_files(str(report))

    # Matching: each list is named by its own row, and answered by typing.
    for row in q["matching"].answers.all():
        select = page.locator(f"select[name=q{q['matching'].pk}-match-{row.pk}]")
        expect(select).to_have_accessible_name(row.text)
        tab_to(page, f"el.name === 'q{q['matching'].pk}-match-{row.pk}'", limit=300)
        page.keyboard.type(row.data["match"])
        expect(select.locator("option:checked")).to_have_text(row.data["match"])

    # Ordering: arrow keys on a focused item move it; each move is announced.
    ordering = q["ordering"]
    expect(page.locator(f"#question-{ordering.pk} ol.sortable")).to_have_attribute(
        "aria-describedby", f"q{ordering.pk}-order-help"
    )
    status = page.locator(f"#q{ordering.pk}-order-status")
    expected = [a.pk for a in ordering.answers.order_by("position")]
    for position, pk in enumerate(expected):
        tab_to(
            page, f"el.classList.contains('sortable-item') && el.dataset.id === '{pk}'", limit=300
        )
        ids = page.locator(f"#question-{ordering.pk} .sortable-item").evaluate_all(
            "items => items.map((i) => Number(i.dataset.id))"
        )
        for _ in range(ids.index(pk) - position):
            page.keyboard.press("ArrowUp")
        if ids.index(pk) != position:
            label = ordering.answers.get(pk=pk).text
            expect(status).to_have_text(f"{label} moved to position {position + 1} of 4.")
            focus_shot(page, "a11y-ordering-focus")

    # Hotspot: the image takes the focus; the cursor moves by arrow keys, Enter places it.
    tab_to(page, "el.classList.contains('hotspot-frame')", limit=300)
    expect(page.locator(".hotspot-frame")).to_have_accessible_name(q["hotspot"].image_alt)
    for _ in range(13):
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    hotspot_status = page.locator(f"#q{q['hotspot'].pk}-hotspot-status")
    expect(hotspot_status).to_have_text("Point 1 placed at 24 % from the left, 24 % from the top.")
    expect(page.locator(".hotspot-marker")).to_have_count(1)
    page.keyboard.press("ArrowRight")  # the cursor beside the placed point, to see both
    focus_shot(page, "a11y-hotspot-focus")

    tab_to(page, f"el.name === 'q{q['calculated'].pk}-value'", limit=300)
    page.keyboard.type("12")
    tab_to(page, f"el.name === 'q{q['numerical'].pk}-value'", limit=300)
    page.keyboard.type("3.14")

    # Submitting: the button by keyboard, the confirmation accepted.
    page.once("dialog", lambda dialog: dialog.accept())
    tab_to(page, "el.value === 'finish'", limit=300)
    focus_shot(page, "a11y-finish-focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result/$"))
    expect(page).to_have_title(re.compile(r"^Result · Everything · Course one"))

    attempt = Attempt.objects.get(quiz=quiz)
    rows = {row.question_id: row for row in attempt.answers.all()}
    manual = {q[key].pk for key in ("free", "upload", "oral")}
    for key, question in q.items():
        row = rows[question.pk]
        if question.pk in manual or key == "media":
            continue
        assert row.score == row.max_score and row.max_score > 0, (key, row.response)
    assert rows[q["upload"].pk].file
    expected_score = sum(row.max_score for pk, row in rows.items() if pk not in manual)
    assert attempt.state == Attempt.State.PENDING  # the free answers wait for the teacher
    assert attempt.score == expected_score
    expect(page.locator("#score")).to_contain_text(
        f"{number_shown(attempt.score)} / {number_shown(attempt.max_score)}"
    )


def test_play_a_learning_path_to_its_end_by_keyboard(
    page, login, password, screenshot, course_roles
):
    from learnpaths.models import ItemProgress, Status
    from learnpaths.tests.factories import build_path

    path = build_path(course_roles["course"], 3)
    login(page, "learner", password)
    page.goto(f"/courses/CRS1/learnpaths/{path.pk}/play/")
    for number in (1, 2, 3):
        expect(page).to_have_title(
            re.compile(rf"^Item {number} of 3: Item {number - 1} · {path.title} · Course one")
        )
        if number == 3:
            break
        tab_to(page, "el.id === 'lp-next'", limit=80)
        if number == 1:
            ring = focus_ring(page)
            assert ring["style"] == "solid" and ring["width"] >= 2, ring
            focus_shot(page, "a11y-player-next-focus")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    # The last item: Next stays, disabled, saying why (focusable: read out with its reason).
    expect(page.locator("#lp-next")).to_have_attribute("aria-disabled", "true")
    expect(page.locator("#lp-next-reason")).to_have_text("You have reached the last item.")
    expect(page.locator("#lp-progress")).to_have_text("100 %")
    assert ItemProgress.objects.filter(status=Status.COMPLETED).count() == 3


def test_extra_time_for_one_learner_and_the_warnings(
    page, new_page, login, password, screenshot, course_roles
):
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Attempt
    from assessments.tests.factories import QuizFactory, make_question
    from courses.models import Enrollment
    from courses.tests.factories import EnrollmentFactory

    course, learner = course_roles["course"], course_roles["learner"]
    other = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="other"
    ).user
    quiz = QuizFactory(course=course, title="Timed", time_limit=4, time_warnings="5, 1")
    free = make_question(course, "free", quiz=quiz)
    # The teacher grants the learner half as much time again, on the accommodations page.
    teacher_page = new_page()
    login(teacher_page, "teacher", password)
    teacher_page.goto("/courses/CRS1/assessments/")
    teacher_page.get_by_role("link", name="Extra time").click()
    expect(teacher_page).to_have_title(re.compile(r"^Extra time \(accommodations\) · Tests"))
    teacher_page.get_by_label("Learner", exact=True).select_option(str(learner.pk))
    teacher_page.get_by_label("Extra time (percent of each time limit)").fill("50")
    teacher_page.get_by_role("button", name="Save").click()
    expect(teacher_page.locator("#accommodations")).to_contain_text("+50 %")
    screenshot(teacher_page, "a11y-accommodations")
    teacher_page.close()

    def start(who_page, username):
        login(who_page, username, password)
        who_page.goto(f"/courses/CRS1/assessments/{quiz.pk}/start/")
        who_page.get_by_role("button", name="Start the test").click()
        who_page.wait_for_url(re.compile(r"/attempts/\d+/$"))

    start(page, "learner")
    other_page = new_page()
    start(other_page, "other")
    mine = Attempt.objects.get(quiz=quiz, user=learner)
    theirs = Attempt.objects.get(quiz=quiz, user=other)
    assert mine.deadline - mine.started_at == timedelta(minutes=6)  # 1.5 x 4 minutes
    assert theirs.deadline - theirs.started_at == timedelta(minutes=4)

    timer = page.get_by_role("timer")
    expect(timer).to_have_accessible_name("Time left")
    expect(timer).to_contain_text(re.compile(r"Time left\s*[56]:\d\d"))
    warnings = page.locator("#time-warnings")
    expect(warnings).to_have_attribute("aria-live", "polite")
    expect(warnings).to_be_empty()
    # The other learner is under the 5-minute threshold from the start.
    expect(other_page.locator("#time-warnings")).to_have_text("Less than 5 minutes left.")
    expect(other_page.locator("#time-warnings .bi-exclamation-triangle-fill")).to_have_count(1)

    # Near the end (the server's deadline moved), the page hears of it at its next save.
    answer = page.locator(f"#q{free.pk}-text")
    Attempt.objects.filter(pk=mine.pk).update(deadline=timezone.now() + timedelta(seconds=50))
    answer.fill("First thoughts")
    expect(warnings).to_have_text("Less than 1 minute left.")

    # Time runs out: the learner is told, then the test is submitted.
    page.evaluate(
        """() => new MutationObserver(() => sessionStorage.setItem('timeUp',
             document.getElementById('time-up').textContent.trim()))
           .observe(document.getElementById('time-up'), {childList: true, subtree: true})"""
    )
    Attempt.objects.filter(pk=mine.pk).update(deadline=timezone.now() + timedelta(seconds=3))
    answer.fill("Last thoughts")
    page.wait_for_url(re.compile(r"/result/$"), timeout=20_000)
    assert page.evaluate("sessionStorage.getItem('timeUp')") == (
        "Time is up: your answers are being submitted."
    )
    expect(page.locator(".alert-warning").first).to_contain_text("The time ran out")
    mine.refresh_from_db()
    assert mine.expired and mine.state != Attempt.State.IN_PROGRESS
