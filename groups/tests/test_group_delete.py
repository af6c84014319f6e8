"""Deleting a group: the page lists what its spaces hold; the teacher moves it to the course or
deletes it with the group, all in one transaction."""

from datetime import date, time
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from agenda import services as agenda_services
from agenda.models import Event
from announcements import services as announcement_services
from announcements.models import Announcement
from chat.models import Message
from conference.models import Meeting, Room
from documents import services as document_services
from documents.models import Document
from documents.tests.factories import PDF_BYTES, upload
from forums import services as forum_services
from forums.models import Forum, Post
from groups.models import Group
from groups.tests.factories import GroupFactory, MembershipFactory
from wiki import services as wiki_services
from wiki.models import WikiPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_group(course_roles):
    course, learner, teacher = (
        course_roles["course"],
        course_roles["learner"],
        course_roles["teacher"],
    )
    group = GroupFactory(course=course, name="Team A")
    MembershipFactory(group=group, user=learner)
    folder = document_services.group_folder_ensure(course=course, group_id=group.pk, name="Team A")
    file = document_services.file_upload(
        course=course, parent=folder, upload=upload("plan.pdf", PDF_BYTES), user=learner
    )
    forum = forum_services.group_forum_ensure(course=course, group_id=group.pk, name="Team A")
    forum_services.thread_create(
        forum=forum, author=learner, title="Ours", content="<p>x</p>", moderator=False
    )
    wiki_services.page_create(
        course=course, group_id=group.pk, title="Plan", content="<p>g</p>", author=learner
    )
    wiki_services.page_create(
        course=course, group_id=None, title="Plan", content="<p>c</p>", author=teacher
    )
    Message.objects.create(course=course, group_id=group.pk, author=learner, text="hello")
    announcement_services.announcement_create(
        course=course, author=teacher, title="Meet", content="<p>m</p>", group_id=group.pk
    )
    agenda_services.event_save(
        kind=Event.Kind.COURSE,
        owner=teacher,
        course=course,
        title="Team meeting",
        start_date=date(2027, 3, 1),
        start_time=time(9),
        audience=Event.Audience.GROUPS,
        groups=[group.pk],
    )
    room = Room.objects.create(course=course, group_id=group.pk, name="Team A")
    Meeting.objects.create(room=room, started_by=teacher)
    return {**course_roles, "group": group, "file": file, "forum": forum}


def test_the_confirmation_lists_what_the_group_holds(full_group, client_for):
    url = reverse("groups:delete", args=[full_group["course"].code, full_group["group"].pk])
    page = client_for(full_group["teacher"]).get(url).content.decode()
    for label in (
        "Documents",
        "Forum messages",
        "Wiki pages",
        "Chat messages",
        "Announcements",
        "Agenda events",
        "Virtual classroom meetings",
    ):
        assert label in page, label
    assert 'value="keep"' in page and 'value="delete"' in page
    assert client_for(full_group["learner"]).get(url).status_code == 403
    assert client_for(full_group["learner"]).post(url, {"content": "delete"}).status_code == 403
    assert Group.objects.filter(pk=full_group["group"].pk).exists()


def test_moving_the_content_to_the_course(full_group, client_for):
    course, group, learner = full_group["course"], full_group["group"], full_group["learner"]
    url = reverse("groups:delete", args=[course.code, group.pk])
    assert client_for(full_group["teacher"]).post(url, {"content": "keep"}).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    folder = Document.objects.get(course=course, parent=None, name="Team A")
    assert folder.group_id is None and not folder.visible
    assert Document.objects.filter(parent=folder, name="plan.pdf").exists()
    assert default_storage.exists(Document.objects.get(name="plan.pdf").file.name)
    forum = Forum.objects.get(pk=full_group["forum"].pk)
    assert forum.group_id is None and not forum.visible and Post.objects.count() == 1
    titles = set(WikiPage.objects.filter(course=course).values_list("title", "group_id"))
    assert titles == {("Plan", None), ("Plan (Team A)", None)}
    assert Message.objects.get().group_id is None
    announcement = Announcement.objects.get()
    assert announcement.group_id is None
    assert list(announcement.recipients.all()) == [learner]
    event = Event.objects.get()
    assert event.audience == Event.Audience.USERS and list(event.recipients.all()) == [learner]
    assert Meeting.objects.count() == 1
    # The teacher reaches everything from the course.
    teacher = client_for(full_group["teacher"])
    assert (
        teacher.get(reverse("documents:folder", args=[course.code, folder.pk])).status_code == 200
    )
    assert teacher.get(reverse("forums:forum", args=[course.code, forum.pk])).status_code == 200


def test_deleting_the_content_with_the_group(
    full_group, client_for, django_capture_on_commit_callbacks
):
    course, group = full_group["course"], full_group["group"]
    blob = full_group["file"].file.name
    url = reverse("groups:delete", args=[course.code, group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(full_group["teacher"]).post(url, {"content": "delete"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Document.objects.filter(course=course).exists()
    assert not default_storage.exists(blob)
    assert not Forum.objects.filter(course=course).exists()
    assert list(WikiPage.objects.values_list("title", flat=True)) == ["Plan"]  # the course's
    assert not Message.objects.exists()
    assert not Announcement.objects.exists()
    assert not Event.objects.exists()
    assert not Room.objects.filter(group_id=group.pk).exists()


def test_all_or_nothing(full_group, client_for):
    """A tool failing half-way leaves the group and everything it holds as they were."""
    course, group = full_group["course"], full_group["group"]
    url = reverse("groups:delete", args=[course.code, group.pk])
    boom = mock.patch("wiki.services.group_content_release", side_effect=RuntimeError("disk"))
    from groups.api import _CONTENTS, GroupContent

    original = _CONTENTS["wiki"]
    _CONTENTS["wiki"] = GroupContent(**{**original.__dict__, "release": boom.start()})
    try:
        with pytest.raises(RuntimeError):
            client_for(full_group["teacher"]).post(url, {"content": "keep"})
    finally:
        boom.stop()
        _CONTENTS["wiki"] = original
    assert Group.objects.filter(pk=group.pk).exists()
    assert Document.objects.get(parent=None, course=course).group_id == group.pk
    assert Forum.objects.get().group_id == group.pk


def test_a_choice_is_required(full_group, client_for):
    url = reverse("groups:delete", args=[full_group["course"].code, full_group["group"].pk])
    response = client_for(full_group["teacher"]).post(url, {})
    assert response.status_code == 200
    assert Group.objects.filter(pk=full_group["group"].pk).exists()
