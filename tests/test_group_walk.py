"""Group spaces in the permission walk: every URL that serves a group's space of a tool.

Kept apart from test_permission_walk.py (which walks every course URL by role): here a group
whose tools are all private, a learner in it and a learner of the same course outside it. The
outsider gets 403 on every page of the group's spaces, the member gets in; a tool switched off
for the group is gone (404). Objects of a group's space (its forum, a thread, its documents
folder and a file in it, a wiki page) are checked by id as well.
"""

import pytest
from django.urls import reverse

from courses.models import Enrollment
from courses.permissions import Access
from courses.tests.factories import EnrollmentFactory
from groups.models import Membership
from tests.test_permission_walk import ROUTES, build_url

GROUP_ROUTES = [
    (route, callback)
    for route, callback in ROUTES
    if getattr(callback, "course_group_scoped", False) and "<int:group_id>" in route
]
MEMBER_LEVELS = {Access.ABOUT, Access.VIEW, Access.PARTICIPATE}


def test_group_routes_are_found():
    tools = {callback.course_tool for _route, callback in GROUP_ROUTES}
    assert {
        "forums",
        "wiki",
        "documents",
        "chat",
        "announcements",
        "agenda",
        "conference",
    } <= tools
    # Members add to the group's documents; tutors moderate (announce, start the room...).
    levels = {
        (callback.course_tool, callback.course_access_required) for _r, callback in GROUP_ROUTES
    }
    assert ("documents", Access.PARTICIPATE) in levels
    assert {("announcements", Access.TUTOR), ("conference", Access.TUTOR)} <= levels


@pytest.fixture
def space(course_roles):
    from groups.tests.factories import GroupFactory, MembershipFactory

    course = course_roles["course"]
    group = GroupFactory(
        course=course,
        documents="private",
        forums="private",
        wiki="private",
        chat="private",
        announcements="private",
        agenda="private",
        conference="private",
    )
    MembershipFactory(group=group, user=course_roles["learner"])
    # The group's tutor is only a learner of the course.
    tutor = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="group-tutor"
    ).user
    MembershipFactory(group=group, user=tutor, role=Membership.Role.TUTOR)
    outsider = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="other-learner"
    ).user
    return {
        "course": course,
        "group": group,
        "member": course_roles["learner"],
        "other": outsider,
        "tutor": tutor,
    }


def _group_url(route, code, group_id):
    return build_url(route.replace("<int:group_id>", str(group_id)), code)


@pytest.mark.parametrize("route,callback", GROUP_ROUTES, ids=[r for r, _ in GROUP_ROUTES])
def test_group_space_urls(space, client_for, route, callback):
    url = _group_url(route, space["course"].code, space["group"].pk)
    other, member = client_for(space["other"]), client_for(space["member"])
    for method in ("get", "post"):
        status = getattr(other, method)(url).status_code
        assert status in (403, 405), f"outsider {method.upper()} {url}: {status}"
    level = callback.course_access_required
    if level in MEMBER_LEVELS:
        status = member.get(url).status_code
        assert status not in (403, 500), f"member GET {url}: {status}"
    if level in MEMBER_LEVELS | {Access.TUTOR}:
        # The group's tutor moderates the group's space (Access.TUTOR on a group URL).
        status = client_for(space["tutor"]).get(url).status_code
        assert status not in (403, 500), f"group tutor GET {url}: {status}"
    if level == Access.TUTOR:
        for method in ("get", "post"):
            status = getattr(member, method)(url).status_code
            assert status in (403, 405), f"member {method.upper()} {url}: {status}"
    if level == Access.MANAGE:
        status = client_for(space["tutor"]).post(url).status_code
        assert status in (403, 405), f"group tutor POST {url}: {status}"
    # The tool switched off for the group: gone for its members too.
    setattr(space["group"], callback.course_tool, "off")
    space["group"].save()
    status = member.get(url).status_code
    assert status in (404, 405) or callback.course_access_required not in MEMBER_LEVELS, (
        f"member GET {url} with the tool off: {status}"
    )


def test_public_space_opens_to_the_course_but_only_members_write(space, client_for):
    group, course = space["group"], space["course"]
    group.wiki = "public"
    group.save()
    other = client_for(space["other"])
    index = reverse("wiki:all_pages", kwargs={"code": course.code, "group_id": group.pk})
    create = reverse("wiki:create", kwargs={"code": course.code, "group_id": group.pk})
    assert other.get(index).status_code == 200
    assert other.get(create).status_code == 403


def test_objects_of_a_private_space(space, client_for):
    from documents import services as documents_services
    from documents.tests.factories import PDF_BYTES, upload
    from forums import services as forum_services
    from wiki import services as wiki_services

    course, group = space["course"], space["group"]
    member, other = client_for(space["member"]), client_for(space["other"])
    member.get(reverse("forums:group_index", kwargs={"code": course.code, "group_id": group.pk}))
    from forums.models import Forum

    forum = Forum.objects.get(group_id=group.pk)
    thread = forum_services.thread_create(
        forum=forum, author=space["member"], title="Ours", content="<p>x</p>", moderator=False
    )
    folder = documents_services.group_folder_ensure(
        course=course, group_id=group.pk, name=group.name
    )
    file = documents_services.file_upload(
        course=course, parent=folder, upload=upload("plan.pdf", PDF_BYTES), user=space["member"]
    )
    wiki_services.page_create(
        course=course, group_id=group.pk, title="Plan", content="<p>x</p>", author=space["member"]
    )
    code = course.code
    urls = [
        reverse("forums:forum", kwargs={"code": code, "forum_id": forum.pk}),
        reverse("forums:thread", kwargs={"code": code, "thread_id": thread.pk}),
        reverse("forums:reply", kwargs={"code": code, "thread_id": thread.pk}),
        reverse("documents:folder", kwargs={"code": code, "folder_id": folder.pk}),
        reverse("documents:detail", kwargs={"code": code, "doc_id": file.pk}),
        reverse("documents:download", kwargs={"code": code, "doc_id": file.pk}),
        reverse("wiki:page", kwargs={"code": code, "group_id": group.pk, "key": "plan"}),
        reverse("wiki:history", kwargs={"code": code, "group_id": group.pk, "key": "plan"}),
    ]
    for url in urls:
        assert other.get(url).status_code == 403, url
        assert member.get(url).status_code == 200, url
    # Nor do the course-wide lists give the group's content away.
    assert b"Ours" not in other.get(reverse("forums:index", kwargs={"code": code})).content
    top = other.get(reverse("documents:index", kwargs={"code": code}))
    assert group.name.encode() not in top.content
    search = other.get(reverse("forums:search", kwargs={"code": code}) + "?q=x")
    assert b"Ours" not in search.content
