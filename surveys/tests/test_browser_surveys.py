"""Three learners answer an anonymous survey; the teacher sees the chart of their answers."""

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from surveys import services
from surveys.models import Participation, Response
from surveys.tests.factories import SurveyFactory
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watched(page):
    """Collect the page's console errors, as the `page` fixture does."""
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    return page


def test_anonymous_survey_answered_by_three_learners_and_charted(
    page, new_page, login, screenshot, password, course_roles
):
    course = course_roles["course"]
    survey = SurveyFactory(course=course, title="Course feedback", anonymous=True)
    liked = services.question_save(
        survey=survey,
        kind="single",
        text="Which part did you like best?",
        options=["Lectures", "Exercises", "Projects"],
        required=True,
    )
    services.question_save(survey=survey, kind="score", text="Rate the course", score_max=5)
    services.question_save(survey=survey, kind="open", text="Anything else?")
    learners = [course_roles["learner"]] + [
        EnrollmentFactory(
            course=course, role=Enrollment.Role.LEARNER, user__username=f"learner{n}"
        ).user
        for n in (2, 3)
    ]
    choices = ["Exercises", "Exercises", "Projects"]
    for number, (learner, choice) in enumerate(zip(learners, choices, strict=True)):
        browser_page = watched(new_page(viewport={"width": 1280, "height": 900}))
        login(browser_page, learner.username, password)
        browser_page.goto("/courses/CRS1/surveys/")
        browser_page.get_by_role("link", name="Answer the survey").click()
        browser_page.get_by_label(choice).check()
        browser_page.locator("label.btn", has_text=str(number + 3)).click()
        browser_page.fill("textarea", f"Comment {number}")
        if number == 0:
            screenshot(browser_page, "survey-answer")
        browser_page.get_by_role("button", name="Send my answers").click()
        expect(browser_page.locator(".survey-done")).to_be_visible()
        browser_page.goto("/courses/CRS1/surveys/")
        expect(browser_page.locator(".survey-row .badge", has_text="Answered")).to_be_visible()
        assert browser_page.console_errors == []
    assert Response.objects.count() == 3 and Participation.objects.count() == 3

    login(page, "teacher", password)
    page.goto(f"/courses/CRS1/surveys/{survey.pk}/results/")
    expect(page.locator(".survey-total")).to_contain_text("3 responses")
    chart = f"#chart-{liked.pk}"
    wait_until(page, f"document.querySelector('{chart}').dataset.drawn === '1'")
    drawn = page.evaluate(
        f"(() => {{ const c = Chart.getChart(document.querySelector('{chart}'));"
        " return {labels: c.data.labels, values: c.data.datasets[0].data,"
        " width: c.width}; })()"
    )
    assert drawn["labels"] == ["Lectures", "Exercises", "Projects"]
    assert drawn["values"] == [0, 2, 1]
    assert drawn["width"] > 100
    expect(page.locator(".survey-texts li")).to_have_count(3)
    screenshot(page, "survey-results")
    page.goto(f"/courses/CRS1/surveys/{survey.pk}/")
    screenshot(page, "survey-manage")
    assert page.console_errors == []


def test_teacher_builds_a_conditional_survey_and_a_french_learner_answers(
    page, new_page, login, screenshot, password, course_roles
):
    login(page, "teacher", password)
    page.goto("/courses/CRS1/surveys/")
    page.get_by_role("link", name="New survey").click()
    page.fill("#id_title", "Lab safety")
    page.check("#id_published")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Lab safety")
    page.get_by_role("button", name="Add a question").click()
    page.get_by_role("link", name="Yes / no").click()
    expect(page.locator("#div_id_options")).to_be_hidden()  # yes/no offers its own answers
    page.fill("#id_text", "Did you wear goggles?")
    page.check("#id_required")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a question").click()
    page.get_by_role("link", name="Open answer").click()
    page.fill("#id_text", "Why not?")
    page.select_option("#id_condition_option", label="1. Did you wear goggles? → No")
    screenshot(page, "survey-question-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".survey-questions")).to_contain_text("Only if question 1 was answered")
    page.get_by_role("link", name="Invitations").click()
    page.fill("#id_emails", "guest@example.org, not-an-address")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.locator(".invalid-feedback, .text-danger").first).to_contain_text("not-an-address")
    screenshot(page, "survey-invitations-error")
    assert page.console_errors == []

    learner_user = course_roles["learner"]
    learner_user.language = "fr"
    learner_user.save()
    learner = watched(new_page(viewport={"width": 1280, "height": 900}))
    login(learner, "learner", password)
    learner.goto("/courses/CRS1/surveys/")
    learner.get_by_role("link", name="Répondre à l’enquête").click()
    why = learner.locator("fieldset", has_text="Why not?")
    expect(why).to_be_hidden()
    learner.get_by_label("No", exact=True).check()
    expect(why).to_be_visible()
    screenshot(learner, "survey-answer-fr")
    learner.get_by_label("Yes", exact=True).check()
    expect(why).to_be_hidden()
    learner.get_by_role("button", name="Envoyer mes réponses").click()
    expect(learner.locator(".survey-done")).to_contain_text("Merci")
    learner.goto("/courses/CRS1/surveys/")
    expect(learner.get_by_role("link", name="Répondre à l’enquête")).to_have_count(0)
    learner.goto("/agenda/")
    expect(learner.locator("h1")).to_have_text("Mon agenda")
    screenshot(learner, "agenda-personal-fr")
    assert learner.console_errors == []
