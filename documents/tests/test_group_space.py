"""A group's documents space: its members upload, make folders and write pages there."""

import pytest
from django.urls import reverse

from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from documents import services
from documents.models import Document, DocumentSettings
from documents.tests.factories import PDF_BYTES, upload
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(course_roles):
    course = course_roles["course"]
    group = GroupFactory(course=course, name="Team A", documents="private")
    MembershipFactory(group=group, user=course_roles["learner"])
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    folder = services.group_folder_ensure(course=course, group_id=group.pk, name=group.name)
    return {**course_roles, "group": group, "other": other, "folder": folder}


def _url(space, name):
    kwargs = {"code": space["course"].code, "group_id": space["group"].pk}
    return reverse(f"documents:{name}", kwargs={**kwargs, "folder_id": space["folder"].pk})


def test_a_member_uploads_into_the_group_folder(space, client_for):
    member = client_for(space["learner"])
    response = member.post(_url(space, "group_upload"), {"files": [upload("plan.pdf", PDF_BYTES)]})
    assert response.status_code == 302
    document = Document.objects.get(name="plan.pdf")
    assert document.parent == space["folder"]
    assert document.created_by == space["learner"]
    # The folder page offers the member the group's upload form, not the teacher's.
    page = member.get(
        reverse(
            "documents:folder",
            kwargs={"code": space["course"].code, "folder_id": space["folder"].pk},
        )
    )
    assert _url(space, "group_upload").encode() in page.content
    assert b"Unpack a zip" not in page.content


def test_a_member_makes_a_folder_and_writes_a_page(space, client_for):
    member = client_for(space["learner"])
    assert member.post(_url(space, "group_folder_create"), {"name": "Drafts"}).status_code == 302
    response = member.post(
        _url(space, "group_page_create"),
        {"name": "Minutes", "content": "<p>We met.</p><script>alert(1)</script>"},
    )
    assert response.status_code == 302
    page = Document.objects.get(name="Minutes")
    assert page.parent == space["folder"] and "<script" not in page.content
    assert Document.objects.filter(name="Drafts", parent=space["folder"]).exists()


def test_outsiders_are_refused(space, client_for):
    other = client_for(space["other"])
    file = {"files": [upload("x.pdf", PDF_BYTES)]}
    assert other.post(_url(space, "group_upload"), file).status_code == 403
    assert other.get(_url(space, "group_page_create")).status_code == 403
    # A public space opens reading to the course, not writing.
    space["group"].documents = "public"
    space["group"].save()
    folder_page = reverse(
        "documents:folder", kwargs={"code": space["course"].code, "folder_id": space["folder"].pk}
    )
    assert other.get(folder_page).status_code == 200
    assert other.post(_url(space, "group_upload"), file).status_code == 403
    assert not Document.objects.filter(name="x.pdf").exists()


def test_a_folder_outside_the_group_is_not_its_space(space, client_for):
    course = space["course"]
    elsewhere = services.folder_create(course=course, parent=None, name="Course", user=None)
    url = reverse(
        "documents:group_upload",
        kwargs={"code": course.code, "group_id": space["group"].pk, "folder_id": elsewhere.pk},
    )
    response = client_for(space["learner"]).post(url, {"files": [upload("x.pdf", PDF_BYTES)]})
    assert response.status_code == 404
    assert not Document.objects.filter(name="x.pdf").exists()


def test_the_course_quota_still_applies(space, client_for):
    DocumentSettings.objects.update_or_create(course=space["course"], defaults={"quota_mb": 0})
    member = client_for(space["learner"])
    member.post(_url(space, "group_upload"), {"files": [upload("plan.pdf", PDF_BYTES)]})
    assert not Document.objects.filter(name="plan.pdf").exists()


def test_a_forbidden_type_is_refused_by_the_one_upload_check(space, client_for):
    member = client_for(space["learner"])
    member.post(_url(space, "group_upload"), {"files": [upload("run.exe", b"MZ\x90\x00")]})
    assert not Document.objects.filter(name="run.exe").exists()


def test_members_change_their_own_documents_and_tutors_any(space, client_for):
    from groups.models import Membership

    course, group, folder = space["course"], space["group"], space["folder"]
    mine = services.page_create(
        course=course, parent=folder, name="Mine", content="<p>a</p>", user=space["learner"]
    )
    theirs = services.file_upload(
        course=course, parent=folder, upload=upload("t.pdf", PDF_BYTES), user=space["teacher"]
    )
    member = client_for(space["learner"])

    def url(name, doc):
        return reverse(
            f"documents:{name}",
            kwargs={"code": course.code, "group_id": group.pk, "doc_id": doc.pk},
        )

    edited = member.post(url("group_page_edit", mine), {"name": "Mine", "content": "<p>b</p>"})
    assert edited.status_code == 302
    mine.refresh_from_db()
    assert mine.content == "<p>b</p>"
    assert member.post(url("group_delete", theirs)).status_code == 403
    assert client_for(space["other"]).post(url("group_delete", mine)).status_code == 403
    # The group's folder itself is the teachers'.
    assert member.post(url("group_delete", folder)).status_code == 404
    # The folder page offers the member their own rows only.
    page = member.get(reverse("documents:folder", args=[course.code, folder.pk])).content.decode()
    assert url("group_delete", mine) in page and url("group_delete", theirs) not in page
    assert member.post(url("group_delete", mine)).status_code == 302
    assert not Document.objects.filter(pk=mine.pk).exists()
    # A group tutor who is only a learner deletes anything in the group's space.
    tutor = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    MembershipFactory(group=group, user=tutor, role=Membership.Role.TUTOR)
    assert client_for(tutor).post(url("group_delete", theirs)).status_code == 302
    assert not Document.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_group_folder_page_costs_the_same(
    space, client_for, django_assert_max_num_queries, count
):
    for n in range(count):
        services.page_create(
            course=space["course"],
            parent=space["folder"],
            name=f"P{n}",
            content="<p>x</p>",
            user=space["learner"],
        )
    url = reverse("documents:folder", args=[space["course"].code, space["folder"].pk])
    member = client_for(space["learner"])
    with django_assert_max_num_queries(16):
        assert member.get(url).status_code == 200
