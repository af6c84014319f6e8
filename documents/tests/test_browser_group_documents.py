"""A group member uploads into the group's documents and writes a page; an outsider is refused."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents.models import Document
from documents.tests.factories import png_bytes
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_group_member_uploads_and_outsider_is_refused(page, new_page, login, screenshot):
    course = CourseFactory(code="GRPDOC", title="Team work", visibility=Course.Visibility.MEMBERS)
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER, user__username="teacher")
    member = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="member"
    ).user
    EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER, user__username="outsider")
    group = GroupFactory(course=course, name="Team Mars", documents="private")
    MembershipFactory(group=group, user=member)

    # The member goes from the group's space to its documents and uploads a picture.
    login(page, "member", PASSWORD)
    page.goto(f"/courses/{course.code}/groups/{group.pk}/")
    page.locator("a.group-tool", has_text="Documents").click()
    expect(page.locator("h1")).to_contain_text("Team Mars")
    expect(page.locator("#documents-upload")).to_be_visible()
    page.set_input_files(
        "#documents-files",
        files=[{"name": "rover.png", "mimeType": "image/png", "buffer": png_bytes((320, 200))}],
    )
    expect(page.get_by_role("link", name="rover.png", exact=True)).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("1 file uploaded")
    screenshot(page, "group-documents-member-uploaded")
    folder_url = page.url

    # ...and writes a web page for the group.
    page.get_by_role("link", name="New web page").click()
    page.fill("input[name=name]", "Minutes")
    editor = page.frame_locator(".tox-edit-area iframe")
    editor.locator("body").click()
    editor.locator("body").type("We landed.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".documents-page")).to_contain_text("We landed.")
    screenshot(page, "group-documents-member-page")
    rover = Document.objects.get(name="rover.png")
    assert rover.created_by == member and rover.parent.group_id == group.pk
    assert page.console_errors == []

    # Another learner of the course cannot open the group's folder, its file, nor upload.
    outsider = new_page(viewport={"width": 1280, "height": 900})
    login(outsider, "outsider", PASSWORD)
    for url in (folder_url, f"/courses/{course.code}/documents/{rover.pk}/file/"):
        assert outsider.goto(url).status == 403, url
    expect(outsider.locator("h1")).to_contain_text("You cannot open this page")
    screenshot(outsider, "group-documents-outsider-403")
    outsider.goto(f"/courses/{course.code}/documents/")
    expect(outsider.get_by_role("link", name="Team Mars")).to_have_count(0)
    upload_url = (
        f"/courses/{course.code}/documents/group/{group.pk}/folder/{rover.parent_id}/upload/"
    )
    # A forged upload with a valid CSRF token: refused by the group's permission, not by CSRF.
    status, text = outsider.evaluate(
        """async (url) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const body = new FormData();
            body.append("files", new File(["x"], "intruder.txt", { type: "text/plain" }));
            const answer = await fetch(url, {
              method: "POST", body, headers: { "X-CSRFToken": token },
            });
            return [answer.status, await answer.text()];
        }""",
        upload_url,
    )
    assert status == 403 and "You cannot open this page" in text
    assert not Document.objects.filter(name="intruder.txt").exists()
