"""The virtual classroom: rooms, meetings on the BigBlueButton server, attendance."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.client import BBBClient, BBBError, BBBUnavailable, MeetingInfo, Recording
from conference.models import Attendance, ConferenceServer, Meeting, Room
from courses.models import Course


class ConferenceError(Exception):
    """What went wrong, in words for the person on the page (never a traceback)."""


def explain(error: Exception, *, for_manager: bool) -> str:
    if isinstance(error, BBBError) and error.key == "checksumError":
        if for_manager:
            return _(
                "The video-conference server refused the platform's request: the shared "
                "secret is wrong. Ask the administrator to check the server's settings."
            )
        return _("The virtual classroom is not available at the moment.")
    if isinstance(error, BBBUnavailable):
        return _("The video-conference server cannot be reached. Try again in a moment.")
    if isinstance(error, BBBError):
        return _("The video-conference server refused the request (%(key)s).") % {"key": error.key}
    return str(error)


def client() -> BBBClient:
    server = ConferenceServer.objects.filter(active=True).order_by("position", "pk").first()
    if server is None:
        raise ConferenceError(
            _("No video-conference server is set up. An administrator adds one in the admin.")
        )
    return BBBClient(server.url, server.secret, server.checksum_algorithm)


def server_origin() -> str:
    """The BigBlueButton server's origin ("https://host:port"), or "" when none is set up."""
    from urllib.parse import urlsplit

    server = ConferenceServer.objects.filter(active=True).order_by("position", "pk").first()
    if server is None:
        return ""
    parts = urlsplit(server.url)
    return f"{parts.scheme}://{parts.netloc}"


def course_room(course: Course) -> Room:
    room, _created = Room.objects.get_or_create(
        course=course, group_id=None, defaults={"name": course.title}
    )
    return room


def group_room(course: Course, group_id: int, *, name: str) -> Room:
    """A group's room (made the first time it is opened); the caller checked the group."""
    room, _created = Room.objects.get_or_create(
        course=course, group_id=group_id, defaults={"name": name}
    )
    return room


def _call(function, *args, for_manager: bool, **kwargs):
    try:
        return function(*args, **kwargs)
    except (BBBError, BBBUnavailable) as error:
        raise ConferenceError(explain(error, for_manager=for_manager)) from error


@dataclass
class RoomStatus:
    running: bool
    participants: int = 0
    moderators: int = 0
    names: tuple[str, ...] = ()
    error: str = ""


def room_status(room: Room, *, for_manager: bool) -> RoomStatus:
    """Whether the room is running and who is in it; a server problem becomes ``error``."""
    try:
        bbb = client()
        info: MeetingInfo = _call(bbb.get_meeting_info, room.meeting_id, for_manager=for_manager)
    except ConferenceError as error:
        return RoomStatus(running=False, error=str(error))
    if not info.running:
        Meeting.objects.filter(room=room, ended_at__isnull=True).update(ended_at=timezone.now())
    return RoomStatus(
        running=info.running,
        participants=info.participant_count,
        moderators=info.moderator_count,
        names=tuple(a.full_name for a in info.attendees),
    )


@transaction.atomic
def meeting_start(*, room: Room, user, logout_url: str = "") -> Meeting:
    """Create the meeting on the server (BBB answers "duplicate" harmlessly when it runs
    already) and record it. Raises ConferenceError with a message for the teacher."""
    internal = _call(
        client().create,
        meeting_id=room.meeting_id,
        name=room.name,
        attendee_pw=room.attendee_pw,
        moderator_pw=room.moderator_pw,
        record=room.record,
        logout_url=logout_url,
        for_manager=True,
    )
    meeting = Meeting.objects.filter(room=room, ended_at__isnull=True).first()
    if meeting is None:
        meeting = Meeting.objects.create(room=room, started_by=user, internal_id=internal)
    return meeting


@transaction.atomic
def meeting_join(*, room: Room, user, moderator: bool) -> str:
    """The signed join address for ``user``, recorded as attendance. Attendees may join only
    a running meeting (ConferenceError otherwise)."""
    bbb = client()
    if not moderator and not _call(bbb.is_meeting_running, room.meeting_id, for_manager=False):
        raise ConferenceError(
            _("The class has not started yet: wait for the teacher, then try again.")
        )
    meeting = Meeting.objects.filter(room=room, ended_at__isnull=True).first()
    if meeting is None:  # started from elsewhere (another platform page, the server itself)
        meeting = Meeting.objects.create(room=room, started_by=user if moderator else None)
    Attendance.objects.create(
        meeting=meeting,
        user=user,
        role=Attendance.Role.MODERATOR if moderator else Attendance.Role.ATTENDEE,
    )
    return bbb.join_url(
        meeting_id=room.meeting_id,
        full_name=user.display_name,
        password=room.moderator_pw if moderator else room.attendee_pw,
        user_id=str(user.pk),
    )


@transaction.atomic
def meeting_end(*, room: Room) -> None:
    _call(
        client().end, meeting_id=room.meeting_id, moderator_pw=room.moderator_pw, for_manager=True
    )
    Meeting.objects.filter(room=room, ended_at__isnull=True).update(ended_at=timezone.now())


def recordings(room: Room, *, for_manager: bool) -> tuple[list[dict], str]:
    """([{name, start, end, participants, links}], error message or "")."""
    try:
        found: list[Recording] = _call(
            client().get_recordings, room.meeting_id, for_manager=for_manager
        )
    except ConferenceError as error:
        return [], str(error)
    rows = []
    for recording in found:
        if not recording.published and not for_manager:
            continue
        rows.append(
            {
                "name": recording.name,
                "published": recording.published,
                "start": datetime.fromtimestamp(recording.start_time / 1000, tz=UTC),
                "end": datetime.fromtimestamp(recording.end_time / 1000, tz=UTC),
                "participants": recording.participants,
                "links": recording.playback,
            }
        )
    return rows, ""


# --- A deleted group's room (groups.api.GroupContent) ------------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    """Meetings held in the group's room."""
    return Meeting.objects.filter(room__course=course, room__group_id=group_id).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the room's meetings and who joined them stay in the course's statistics (the room
    is renamed after the group and nobody can enter it any more). Else they go with the room."""
    rooms = Room.objects.filter(course=course, group_id=group_id)
    if keep:
        rooms.update(name=group_name[:250])
    else:
        rooms.delete()
