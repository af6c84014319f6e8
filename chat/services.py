"""The chat's rules: who may enter a room, what a message may be, clearing, presence."""

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.models import Message, Presence
from courses.models import Course
from courses.permissions import CourseAccess, get_course_access, require_group_tool

MAX_LENGTH = 1000  # characters
RATE_COUNT, RATE_SECONDS = 5, 10  # at most 5 messages in 10 seconds per person and room
HISTORY = 50  # messages shown on entry
PRESENCE_MAX_AGE = timedelta(hours=12)  # rows older than this come from a server that died


_BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class ChatRefused(Exception):
    """The message or the entry is refused; the message says why."""


@dataclass(frozen=True)
class Room:
    course: Course
    group_id: int | None
    access: CourseAccess
    moderator: bool  # may clear the room

    @property
    def layer_group(self) -> str:
        return f"chat.{self.course.pk}.{self.group_id or 0}"


def room_for(*, user, code: str, group_id: int | None) -> Room:
    """The room a user asks to enter: Course.DoesNotExist, PermissionDenied or Http404 if not.

    The same rules as the chat pages: members who may take part in the course (and, for a
    group's room, in the group), the chat tool switched on and usable for them.
    """
    from courses.selectors import course_tool_states

    course = Course.objects.get(code=code)
    access = get_course_access(user, course)
    from django.core.exceptions import PermissionDenied

    if not access.can_participate:
        raise PermissionDenied
    state = next((s for s in course_tool_states(course) if s.key == "chat"), None)
    if state is None or not access.can_use_tool(state) or not state.enabled:
        raise PermissionDenied
    moderator = access.can_tutor
    if group_id is not None:
        scope = require_group_tool(access, group_id, tool="chat", participate=True)
        moderator = scope.can_moderate
    return Room(course=course, group_id=group_id, access=access, moderator=moderator)


def clean_text(text) -> str:
    """Plain text, control characters out, length-limited; ChatRefused if empty or too long."""
    if not isinstance(text, str):
        raise ChatRefused(_("A message is text."))
    # Control characters and the bidirectional overrides that can disguise a message go;
    # joiners stay (emoji sequences need them).
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI_OVERRIDES)
    ).strip()
    if not text:
        raise ChatRefused(_("The message is empty."))
    if len(text) > MAX_LENGTH:
        raise ChatRefused(_("A message has at most %(max)d characters.") % {"max": MAX_LENGTH})
    return text


@transaction.atomic
def message_post(*, room: Room, user, text: str, now=None) -> Message:
    text = clean_text(text)
    now = now or timezone.now()
    recent = Message.objects.filter(
        course=room.course,
        group_id=room.group_id,
        author=user,
        created_at__gte=now - timedelta(seconds=RATE_SECONDS),
    ).count()
    if recent >= RATE_COUNT:
        raise ChatRefused(_("Not so fast: wait a few seconds."))
    return Message.objects.create(
        course=room.course, group_id=room.group_id, author=user, text=text
    )


def history(room: Room) -> list[Message]:
    messages = (
        Message.objects.filter(course=room.course, group_id=room.group_id)
        .select_related("author")
        .order_by("-created_at", "-pk")[:HISTORY]
    )
    return list(reversed(messages))


@transaction.atomic
def room_clear(*, course: Course, group_id: int | None) -> int:
    deleted, _rows = Message.objects.filter(course=course, group_id=group_id).delete()
    return deleted


@transaction.atomic
def presence_enter(*, room: Room, user, channel_name: str) -> None:
    Presence.objects.filter(connected_at__lt=timezone.now() - PRESENCE_MAX_AGE).delete()
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={"course": room.course, "group_id": room.group_id, "user": user},
    )


@transaction.atomic
def presence_leave(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).delete()


def present(course: Course, group_id: int | None) -> list[str]:
    """Display names of who is connected to the room, each once, sorted."""
    rows = Presence.objects.filter(course=course, group_id=group_id).select_related("user")
    return sorted({row.user.display_name for row in rows}, key=str.casefold)


def as_event(message: Message) -> dict:
    """What clients receive for a message (they show it as text, never as HTML)."""
    return {
        "type": "message",
        "id": message.pk,
        "author": message.author.display_name if message.author else "",
        "author_id": message.author_id,
        "text": message.text,
        "time": message.created_at.isoformat(),
    }


# --- A deleted group's chat room (groups.api.GroupContent) -------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    return Message.objects.filter(course=course, group_id=group_id).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's history joins the course's room (shown in time order with the rest).
    Else it is deleted. Either way nobody is connected to the group's room any more."""
    Presence.objects.filter(course=course, group_id=group_id).delete()
    messages = Message.objects.filter(course=course, group_id=group_id)
    if keep:
        messages.update(group_id=None)
    else:
        messages.delete()
