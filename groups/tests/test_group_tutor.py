"""A group's tutor moderates the group's space, even when only a learner of the course.

courses.permissions learns it once (``Access.TUTOR`` on a group URL, ``may_moderate`` for rows
carrying a group): the wiki's lock/hide, the forum's approval and thread locking, and group
announcements all follow, and nothing of it reaches the course's own spaces or other groups.
"""

import pytest
from django.urls import reverse

from announcements.models import Announcement
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from forums import services as forum_services
from forums.models import Forum, Post
from groups.models import Membership
from groups.tests.factories import GroupFactory, MembershipFactory
from wiki import services as wiki_services
from wiki.models import WikiPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(course_roles):
    course = course_roles["course"]
    group = GroupFactory(course=course, name="Team A")
    other_group = GroupFactory(course=course, name="Team B")
    tutor = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    MembershipFactory(group=group, user=tutor, role=Membership.Role.TUTOR)
    MembershipFactory(group=group, user=course_roles["learner"])
    return {**course_roles, "group": group, "other_group": other_group, "gtutor": tutor}


def _wiki(space, group_id, title="Plan"):
    return wiki_services.page_create(
        course=space["course"],
        group_id=group_id,
        title=title,
        content="<p>x</p>",
        author=space["learner"],
    )


def _flags(space, group_id, key):
    kwargs = {"code": space["course"].code, "key": key}
    if group_id is None:
        return reverse("wiki:flags", kwargs=kwargs)
    return reverse("wiki:flags", kwargs={**kwargs, "group_id": group_id})


def test_the_group_tutor_locks_and_hides_a_group_wiki_page(space, client_for):
    page = _wiki(space, space["group"].pk)
    tutor = client_for(space["gtutor"])
    assert (
        tutor.post(_flags(space, space["group"].pk, page.key), {"action": "lock"}).status_code
        == 302
    )
    assert (
        tutor.post(_flags(space, space["group"].pk, page.key), {"action": "hide"}).status_code
        == 302
    )
    page.refresh_from_db()
    assert page.locked and not page.visible
    # The tutor still sees the hidden page; a member of the group does not.
    url = reverse(
        "wiki:page",
        kwargs={"code": space["course"].code, "group_id": space["group"].pk, "key": page.key},
    )
    assert tutor.get(url).status_code == 200
    assert client_for(space["learner"]).get(url).status_code == 403


def test_nor_a_member_nor_the_tutor_elsewhere_may(space, client_for):
    page = _wiki(space, space["group"].pk)
    course_page = _wiki(space, None, "Course plan")
    other_page = _wiki(space, space["other_group"].pk, "Their plan")
    member = client_for(space["learner"])
    assert (
        member.post(_flags(space, space["group"].pk, page.key), {"action": "lock"}).status_code
        == 403
    )
    tutor = client_for(space["gtutor"])
    assert tutor.post(_flags(space, None, course_page.key), {"action": "lock"}).status_code == 403
    other = tutor.post(_flags(space, space["other_group"].pk, other_page.key), {"action": "lock"})
    assert other.status_code == 403
    assert not WikiPage.objects.filter(locked=True).exists()


def test_the_group_tutor_approves_and_locks_in_the_group_forum(space, client_for):
    course, group = space["course"], space["group"]
    client_for(space["learner"]).get(
        reverse("forums:group_index", kwargs={"code": course.code, "group_id": group.pk})
    )
    forum = Forum.objects.get(group_id=group.pk)
    forum.moderated = True
    forum.save()
    thread = forum_services.thread_create(
        forum=forum, author=space["learner"], title="Q", content="<p>q</p>", moderator=False
    )
    post = thread.posts.get()
    assert post.status != Post.Status.APPROVED
    tutor = client_for(space["gtutor"])
    approve = reverse("forums:post_approve", kwargs={"code": course.code, "post_id": post.pk})
    assert tutor.post(approve).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    moderate = reverse(
        "forums:thread_moderate", kwargs={"code": course.code, "thread_id": thread.pk}
    )
    assert tutor.post(moderate, {"locked": "on", "forum": forum.pk}).status_code == 302
    thread.refresh_from_db()
    assert thread.locked
    # The thread page gives the tutor the moderation form, without grading, and moves only
    # within the group's forums.
    page = tutor.get(reverse("forums:thread", args=[course.code, thread.pk])).content.decode()
    assert 'name="locked"' in page and 'name="graded"' not in page
    # A member is no moderator.
    second = forum_services.post_create(
        thread=thread, author=space["learner"], content="<p>r</p>", moderator=True
    )
    second.status = Post.Status.PENDING
    second.save()
    url = reverse("forums:post_approve", kwargs={"code": course.code, "post_id": second.pk})
    assert client_for(space["learner"]).post(url).status_code == 403


def test_the_group_tutor_announces_to_the_group_only(space, client_for):
    course, group = space["course"], space["group"]
    tutor = client_for(space["gtutor"])
    url = reverse("announcements:group_create", kwargs={"code": course.code, "group_id": group.pk})
    assert tutor.get(url).status_code == 200
    response = tutor.post(url, {"title": "Meet", "content": "<p>Room 4</p>", "audience": "all"})
    assert response.status_code == 302
    assert Announcement.objects.get(title="Meet").group_id == group.pk
    other = reverse(
        "announcements:group_create",
        kwargs={"code": course.code, "group_id": space["other_group"].pk},
    )
    assert (
        tutor.post(other, {"title": "X", "content": "<p>x</p>", "audience": "all"}).status_code
        == 403
    )
    assert (
        client_for(space["learner"])
        .post(url, {"title": "Y", "content": "<p>y</p>", "audience": "all"})
        .status_code
        == 403
    )
    assert (
        tutor.get(reverse("announcements:create", kwargs={"code": course.code})).status_code == 403
    )
    assert list(Announcement.objects.values_list("title", flat=True)) == ["Meet"]
