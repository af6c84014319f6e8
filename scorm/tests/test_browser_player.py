"""A teacher imports a package and a learner opens it in the player, in headless Chromium."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from learnpaths import services
from learnpaths.models import LearningPath
from scorm.tests.fixtures import scorm_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZIPPED = scorm_fixtures() / "zipped"


def stay_offline(page, live_server):
    """Packages load jQuery and fonts from CDNs: nothing may leave the machine."""
    local = urlsplit(live_server.url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", route)


@pytest.fixture
def people(password):
    course = CourseFactory(code="GOLF", title="Golf")
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    return course, teacher, learner


def test_import_then_play(page, live_server, login, screenshot, people, password, new_page):
    course, teacher, learner = people
    stay_offline(page, live_server)
    login(page, teacher.username, password)
    page.goto("/courses/GOLF/learnpaths/")
    page.get_by_role("link", name="Import a SCORM or AICC package").click()
    page.set_input_files("input[name=package]", str(ZIPPED / "scorm12.zip"))
    page.fill("input[name=title]", "Golf explained")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-status")).to_have_attribute("data-state", "done")
    screenshot(page, "learnpaths-import-done")
    path = LearningPath.objects.get()
    assert path.title == "Golf explained"

    learner_page = new_page(viewport={"width": 1280, "height": 900})
    stay_offline(learner_page, live_server)
    login(learner_page, learner.username, password)
    learner_page.goto("/courses/GOLF/learnpaths/")
    learner_page.get_by_role("link", name="Start").click()
    frame = learner_page.frame_locator("#lp-content")
    expect(frame.locator("body")).not_to_be_empty()
    expect(learner_page.locator("#lp-progress")).to_contain_text("%")
    first_title = learner_page.locator("#lp-item-title").inner_text()
    learner_page.locator("#lp-next").click()
    expect(learner_page.locator("#lp-item-title")).not_to_have_text(first_title)
    expect(learner_page.locator(".lp-toc [data-status=completed]").first).to_be_visible()
    screenshot(learner_page, "learnpaths-player")
    # Leaving and coming back resumes at the second item.
    second_title = learner_page.locator("#lp-item-title").inner_text()
    learner_page.goto("/courses/GOLF/learnpaths/")
    learner_page.get_by_role("link", name="Continue").click()
    expect(learner_page.locator("#lp-item-title")).to_have_text(second_title)


def test_builder_reorders_by_drag_and_drop(page, live_server, login, screenshot, people, password):
    course, teacher, _learner = people
    path = services.path_create(course=course, user=teacher, title="Built")
    section = services.item_add(path=path, kind="section", title="Chapter")
    for title in ("First", "Second", "Third"):
        services.item_add(path=path, kind="text", title=title, text=f"<p>{title}</p>")
    login(page, teacher.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/build/")
    third = page.locator(".lp-node", has_text="Third").locator(".lp-handle").first
    first_row = page.locator(".lp-node", has_text="First").locator(".lp-row").first
    third.drag_to(first_row, target_position={"x": 40, "y": 2})
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    # Into the section: drop on the middle of its title row.
    second = page.locator(".lp-node", has_text="Second").locator(".lp-handle").first
    box = page.locator(".lp-node", has_text="Chapter").locator(".lp-row").first.bounding_box()
    second.drag_to(
        page.locator(".lp-node", has_text="Chapter").locator(".lp-row").first,
        target_position={"x": 60, "y": box["height"] / 2},
    )
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    screenshot(page, "learnpaths-builder")
    order = list(path.items.order_by("rank").values_list("title", "parent_id"))
    assert order == [("Chapter", None), ("Second", section.pk), ("Third", None), ("First", None)]
    page.locator(".lp-node", has_text="First").locator(".lp-up").first.click()
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    assert list(path.items.order_by("rank").values_list("title", flat=True)) == [
        "Chapter",
        "Second",
        "First",
        "Third",
    ]
    assert page.console_errors == []
