import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from groups.models import Membership
from groups.tests.factories import GroupCategoryFactory, GroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_creates_groups_learner_joins_and_opens_the_space(
    page, new_page, login, screenshot, course_roles
):
    course = course_roles["course"]
    category = GroupCategoryFactory(course=course, name="Projects", groups_per_learner=1)
    login(page, course_roles["teacher"].username, PASSWORD)
    page.goto(reverse("groups:bulk", kwargs={"code": course.code}))
    page.fill("#id_count", "3")
    page.fill("#id_prefix", "Team")
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_max_members", "2")
    page.check("#id_self_registration")
    page.select_option("#id_wiki", "public")
    page.click("main form button:has-text('Save')")
    page.wait_for_load_state()
    assert "3 groups created." in page.content()
    GroupFactory(course=course, name="Tutors' corner")
    page.reload()
    screenshot(page, "groups-index-teacher")

    learner = new_page(viewport={"width": 1280, "height": 900})
    login(learner, course_roles["learner"].username, PASSWORD)
    learner.goto(reverse("groups:index", kwargs={"code": course.code}))
    learner.locator("tr", has_text="Team 1").locator("button:has-text('Join')").click()
    learner.wait_for_load_state()
    assert "You have joined Team 1." in learner.content()
    assert Membership.objects.filter(user=course_roles["learner"], group__name="Team 1").exists()
    # One group per learner in this category: no second Join.
    assert learner.locator("tr", has_text="Team 2").locator("button:has-text('Join')").count() == 1
    learner.locator("tr", has_text="Team 2").locator("button:has-text('Join')").click()
    learner.wait_for_load_state()
    assert "already belong" in learner.content()
    learner.click("a:has-text('Team 1')")
    learner.wait_for_load_state()
    for tool in ("Documents", "Forum", "Wiki", "Chat", "Announcements"):
        assert learner.locator(".group-tool", has_text=tool).count() == 1, tool
    screenshot(learner, "group-space")
    learner.click(".group-tool:has-text('Forum')")
    learner.wait_for_load_state()
    assert "Forum of Team 1" in learner.content()
