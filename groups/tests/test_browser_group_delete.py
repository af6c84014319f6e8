"""A teacher deletes a group and keeps what it held, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents import services as document_services
from documents.models import Document
from documents.tests.factories import PDF_BYTES, upload
from groups.models import Group
from groups.tests.factories import GroupFactory, MembershipFactory
from wiki import services as wiki_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_deletes_a_group_and_keeps_its_content(page, login, screenshot):
    course = CourseFactory(code="GRPDEL", title="Team work", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER, user__username="teacher")
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    group = GroupFactory(course=course, name="Team Venus")
    MembershipFactory(group=group, user=learner)
    folder = document_services.group_folder_ensure(
        course=course, group_id=group.pk, name=group.name
    )
    document_services.file_upload(
        course=course, parent=folder, upload=upload("notes.pdf", PDF_BYTES), user=learner
    )
    wiki_services.page_create(
        course=course, group_id=group.pk, title="Plan", content="<p>x</p>", author=learner
    )

    login(page, "teacher", PASSWORD)
    page.goto(f"/courses/{course.code}/groups/")
    page.get_by_role("link", name="Delete").click()
    expect(page.locator("h1")).to_contain_text("Delete the group Team Venus")
    holdings = page.locator(".group-holdings")
    expect(holdings.locator("[data-content=documents]")).to_contain_text("1")
    expect(holdings.locator("[data-content=wiki]")).to_contain_text("Wiki pages")
    page.get_by_label("Move it to the course").check()
    screenshot(page, "groups-delete-confirm")
    page.get_by_role("button", name="Delete the group").click()
    expect(page.locator(".alert-success")).to_contain_text("its content is now the course's")
    assert not Group.objects.filter(pk=group.pk).exists()

    page.goto(f"/courses/{course.code}/documents/")
    expect(page.get_by_role("link", name="Team Venus", exact=True)).to_be_visible()
    screenshot(page, "groups-delete-documents-kept")
    kept = Document.objects.get(pk=folder.pk)
    assert kept.group_id is None and not kept.visible
    assert page.console_errors == []
