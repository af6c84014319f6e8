import asyncio
import concurrent.futures
from datetime import timedelta

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.models import Message, Presence
from chat.routing import websocket_urlpatterns
from courses.models import CourseTool
from courses.tests.factories import EnrollmentFactory
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(user):
    """The chat's URL router, with the signed-in user the session middleware would give."""
    router = URLRouter(websocket_urlpatterns)

    async def app(scope, receive, send):
        return await router({**scope, "user": user}, receive, send)

    return app


async def connect(user, path):
    communicator = WebsocketCommunicator(as_user(user), path)
    connected, code = await communicator.connect(timeout=5)
    return communicator, connected, code


async def receive_until(communicator, kind, timeout=5):
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


def run(coroutine):
    # In a thread of its own: a browser test earlier in this worker leaves Playwright's event
    # loop running in the main thread, where asyncio.run() refuses to start another.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_learners_chat_live_and_see_who_is_there(course_roles, channel_layer_kind):
    course = course_roles["course"]
    Message.objects.create(course=course, author=course_roles["teacher"], text="Earlier")
    ann, bob = course_roles["learner"], EnrollmentFactory(course=course).user
    path = f"/ws/courses/{course.code}/chat/"

    async def scenario():
        first, ok, _code = await connect(ann, path)
        assert ok
        history = await receive_until(first, "history")
        assert [m["text"] for m in history["messages"]] == ["Earlier"]
        second, ok, _code = await connect(bob, path)
        assert ok
        await receive_until(second, "history")
        presence = await receive_until(first, "presence")
        while len(presence["names"]) < 2:
            presence = await receive_until(first, "presence")
        assert sorted(presence["names"]) == sorted([ann.display_name, bob.display_name])
        await first.send_json_to({"type": "message", "text": "<b>hi</b> <script>x()</script>"})
        received = await receive_until(second, "message")
        assert received["text"] == "<b>hi</b> <script>x()</script>"  # text, shown as text
        assert received["author"] == ann.display_name
        await second.disconnect()
        presence = await receive_until(first, "presence")
        assert presence["names"] == [ann.display_name]
        await first.disconnect()

    run(scenario())
    assert Message.objects.filter(author=ann).count() == 1
    assert not Presence.objects.exists()


def test_outsiders_and_switched_off_chat_are_refused(course_roles, channel_layer_kind):
    course = course_roles["course"]
    path = f"/ws/courses/{course.code}/chat/"

    async def refused(user):
        communicator, ok, code = await connect(user, path)
        return (ok, code)

    assert run(refused(course_roles["outsider"])) == (False, 4403)
    CourseTool.objects.create(course=course, tool_key="chat", enabled=False)
    assert run(refused(course_roles["learner"])) == (False, 4403)


def test_group_room_is_for_its_members(course_roles, channel_layer_kind):
    course = course_roles["course"]
    group = GroupFactory(course=course, chat="private")
    MembershipFactory(group=group, user=course_roles["learner"])
    path = f"/ws/courses/{course.code}/chat/group/{group.pk}/"
    other = EnrollmentFactory(course=course).user

    async def scenario():
        member, ok, _ = await connect(course_roles["learner"], path)
        assert ok
        await receive_until(member, "history")
        await member.send_json_to({"type": "message", "text": "group only"})
        await receive_until(member, "message")
        await member.disconnect()
        _c, ok, code = await connect(other, path)
        assert (ok, code) == (False, 4403)

    run(scenario())
    assert Message.objects.get().group_id == group.pk


def test_teacher_clears_the_room_learners_cannot(course_roles, channel_layer_kind):
    course = course_roles["course"]
    path = f"/ws/courses/{course.code}/chat/"

    async def scenario():
        learner, _ok, _ = await connect(course_roles["learner"], path)
        await receive_until(learner, "history")
        await learner.send_json_to({"type": "message", "text": "one"})
        await receive_until(learner, "message")
        await learner.send_json_to({"type": "clear"})  # ignored: not a moderator
        teacher, _ok, _ = await connect(course_roles["teacher"], path)
        history = await receive_until(teacher, "history")
        assert history["moderator"] and len(history["messages"]) == 1
        await teacher.send_json_to({"type": "clear"})
        await receive_until(learner, "cleared")
        await learner.disconnect()
        await teacher.disconnect()

    run(scenario())
    assert not Message.objects.exists()


def test_length_and_rate_limits(course_roles, channel_layer_kind):
    course = course_roles["course"]
    path = f"/ws/courses/{course.code}/chat/"

    async def scenario():
        learner, _ok, _ = await connect(course_roles["learner"], path)
        await receive_until(learner, "history")
        await learner.send_json_to({"type": "message", "text": "x" * (services.MAX_LENGTH + 1)})
        error = await receive_until(learner, "error")
        assert "at most" in error["error"]
        for i in range(services.RATE_COUNT):
            await learner.send_json_to({"type": "message", "text": f"m{i}"})
            await receive_until(learner, "message")
        await learner.send_json_to({"type": "message", "text": "too many"})
        error = await receive_until(learner, "error")
        assert "fast" in error["error"]
        await learner.disconnect()

    run(scenario())
    assert Message.objects.count() == services.RATE_COUNT


def test_clean_text():
    assert services.clean_text("  a\x00b\u202ec  ") == "abc"  # controls and bidi overrides out
    assert services.clean_text("\U0001f469\u200d\U0001f4bb") == "\U0001f469\u200d\U0001f4bb"
    with pytest.raises(services.ChatRefused):
        services.clean_text("   ")
    with pytest.raises(services.ChatRefused):
        services.clean_text(42)


def test_room_page_and_http_clear(course_roles, client_for):
    course = course_roles["course"]
    Message.objects.create(course=course, author=course_roles["learner"], text="hello")
    page = client_for(course_roles["learner"]).get(
        reverse("chat:index", kwargs={"code": course.code})
    )
    assert page.status_code == 200 and b'data-socket-path="/ws/courses/CRS1/chat/"' in page.content
    clear = reverse("chat:clear", kwargs={"code": course.code})
    assert client_for(course_roles["learner"]).post(clear).status_code == 403
    assert client_for(course_roles["teacher"]).post(clear).status_code == 302
    assert not Message.objects.exists()


def test_stale_presence_is_swept(course_roles):
    course = course_roles["course"]
    Presence.objects.create(course=course, user=course_roles["tutor"], channel_name="old")
    Presence.objects.filter(channel_name="old").update(
        connected_at=timezone.now() - timedelta(days=1)
    )
    room = services.room_for(user=course_roles["learner"], code=course.code, group_id=None)
    services.presence_enter(room=room, user=course_roles["learner"], channel_name="new")
    assert services.present(course, None) == [course_roles["learner"].display_name]
