"""The foundation's flows as people perform them, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from courses.models import Enrollment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_then_sign_in(page, login, screenshot):
    page.goto("/accounts/signup/")
    screenshot(page, "signup")
    page.fill("input[name=email]", "newbie@example.org")
    page.fill("input[name=username]", "newbie")
    page.fill("input[name=first_name]", "Nina")
    page.fill("input[name=last_name]", "Newbie")
    page.fill("input[name=password1]", "a-long-enough-password")
    page.fill("input[name=password2]", "a-long-enough-password")
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("My courses")
    assert page.console_errors == []
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    login(page, "newbie@example.org", "a-long-enough-password")  # by e-mail this time
    expect(page.locator("#user-menu")).to_contain_text("Nina Newbie")


def test_teacher_creates_a_course_and_a_learner_uses_it(
    page, new_page, login, screenshot, password
):
    UserFactory(username="tess", first_name="Tess", last_name="Teacher", platform_role="teacher")
    UserFactory(username="leo", first_name="Leo", last_name="Learner")

    login(page, "tess", password)
    page.get_by_role("link", name="Create a course").first.click()
    page.fill("input[name=code]", "geo101")
    page.fill("input[name=title]", "Geography")
    page.select_option("select[name=visibility]", "members")
    screenshot(page, "course-create")
    page.get_by_role("button", name="Create the course").click()
    expect(page.locator("h1")).to_have_text("Geography")
    for tool in ("description", "members", "settings"):
        expect(page.locator(f".tool-card[data-tool={tool}]")).to_be_visible()
    screenshot(page, "course-home-teacher")

    # Enrol the learner from the members page.
    page.locator("#course-tools-nav").get_by_role("link", name="Members").click()
    page.fill("#id_user", "leo")
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".alert-success")).to_contain_text("has been enrolled as Learner")
    expect(page.locator("tr[data-member=leo]")).to_be_visible()
    screenshot(page, "members")

    # Hide the members tool from learners.
    page.goto("/courses/GEO101/")
    page.get_by_role("button", name="Hide Members from learners").click()
    expect(page.locator(".tool-card[data-tool=members] .bi-eye-slash")).to_be_visible()
    assert page.console_errors == []

    learner = new_page(viewport={"width": 1280, "height": 900})
    login(learner, "leo", password)
    expect(learner.get_by_role("heading", name="Geography")).to_be_visible()
    learner.get_by_role("link", name="Geography").click()
    expect(learner.locator(".tool-card[data-tool=description]")).to_be_visible()
    expect(learner.locator(".tool-card[data-tool=members]")).to_have_count(0)  # hidden
    expect(learner.locator(".tool-card[data-tool=settings]")).to_have_count(0)  # teachers only
    screenshot(learner, "course-home-learner")

    response = learner.goto("/courses/GEO101/settings/")
    assert response.status == 403
    expect(learner.locator("h1")).to_have_text("You cannot open this page")
    screenshot(learner, "settings-403")
    assert learner.goto("/courses/GEO101/members/").status == 403


def test_self_enrolment_with_a_key_and_the_csv_job(page, login, screenshot, password):
    from courses.tests.factories import CourseFactory

    course = CourseFactory(
        code="ART1", title="Art history", visibility="open_platform", enrollment_key="monet"
    )
    UserFactory(username="sam")
    login(page, "sam", password)
    page.goto("/catalogue/?q=art")
    screenshot(page, "catalogue")
    page.get_by_role("link", name="Enrol").click()
    page.fill("#id_key", "manet")
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.locator(".alert-danger")).to_have_text(re.compile("enrolment key is not correct"))
    page.fill("#id_key", "monet")
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.locator(".alert-success")).to_contain_text("Welcome to Art history")
    assert Enrollment.objects.filter(course=course, user__username="sam").exists()


def test_bulk_enrolment_job_page_shows_the_result(page, login, screenshot, password, tmp_path):
    from courses.tests.factories import CourseFactory, EnrollmentFactory

    course = CourseFactory(code="BULK1", title="Bulk")
    teacher = EnrollmentFactory(course=course, role="teacher", user__username="tina").user
    assert teacher.username == "tina"
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("username,email,role\nann,ann@example.org,learner\nbo,,learner\n")
    login(page, "tina", password)
    page.goto("/courses/BULK1/members/import/")
    page.set_input_files("input[name=file]", str(csv_file))
    page.get_by_role("button", name="Start the enrolment").click()
    expect(page.locator("#job-status")).to_have_attribute("data-state", "done")
    expect(page.locator("#job-status")).to_contain_text("1 account created")
    expect(page.locator("#job-status")).to_contain_text("A new user needs an e-mail address.")
    screenshot(page, "job-done")
    assert Enrollment.objects.filter(course=course, user__username="ann").exists()


def test_the_layout_holds_on_a_phone(new_page, login, screenshot, password):
    from courses.tests.factories import EnrollmentFactory

    enrollment = EnrollmentFactory(
        user__username="phil", course__title="Phone course", course__code="PHONE"
    )
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    login(phone, "phil", password)
    phone.goto(f"/courses/{enrollment.course.code}/")
    expect(phone.locator("#course-tools-nav")).to_be_hidden()  # folded behind a button
    phone.get_by_role("button", name="Tools").click()
    expect(phone.locator("#course-tools-nav")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    screenshot(phone, "course-home-phone")
