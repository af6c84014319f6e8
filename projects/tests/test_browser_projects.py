"""A teacher sets up a project; a learner reports on their task."""

import pytest
from playwright.sync_api import expect

from projects import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_project_flow(page, new_page, login, screenshot, password, course_roles, fill_rich_text):
    project = services.project_save(
        course=course_roles["course"], author=course_roles["teacher"], title="Bridge building"
    )
    login(page, "teacher", password)
    page.goto(f"/courses/CRS1/projects/{project.pk}/")
    page.select_option("#id_user", str(course_roles["learner"].pk))
    page.get_by_role("button", name="Add to the project").click()
    expect(page.locator(".project-members")).to_contain_text(course_roles["learner"].display_name)
    page.get_by_role("link", name="New task").click()
    page.fill("#id_title", "Draw the plans")
    page.fill("#id_deadline", "2027-01-15")
    page.get_by_label(course_roles["learner"].display_name).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".project-tasks")).to_contain_text("Draw the plans")

    learner = new_page(viewport={"width": 1280, "height": 900})
    login(learner, "learner", password)
    learner.goto("/courses/CRS1/projects/my-tasks/")
    row = learner.locator("tr[data-task='Draw the plans']")
    row.locator("select").select_option("progress")
    row.get_by_role("button", name="Save").click()
    expect(learner.locator(".alert-success")).to_be_visible()
    screenshot(learner, "projects-my-tasks")
    learner.get_by_role("link", name="Report on it").click()
    learner.fill("#id_title", "First sketches")
    fill_rich_text(learner, "#id_content", "The first sketches are ready.")
    learner.get_by_role("button", name="Save").click()
    expect(learner.locator("h1")).to_have_text("First sketches")

    page.goto(f"/courses/CRS1/projects/{project.pk}/")
    page.get_by_role("link", name="First sketches").click()
    page.fill("#id_content", "Nice work")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator(".project-comment")).to_contain_text("Nice work")
    page.get_by_role("button", name="4 out of 5").click()
    expect(page.locator(".project-rating")).to_have_text("4")
    screenshot(page, "projects-article")
    page.goto(f"/courses/CRS1/projects/{project.pk}/")
    screenshot(page, "projects-project")
    page.goto(f"/courses/CRS1/projects/{project.pk}/overview/")
    expect(page.locator("tr[data-member=learner]")).to_contain_text("1")
    screenshot(page, "projects-overview")
    assert page.console_errors == []
