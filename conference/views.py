"""The virtual classroom: the course's room, and one room per group (``group/<id>/``).

A group's room is the group's space of the "conference" tool: courses.permissions lets in its
members and tutors and the course's teachers and tutors (403 for everybody else); the group's
tutors and the course's staff are its moderators.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from conference import selectors, services
from courses.permissions import Access, course_view

TOOL = "conference"


def _room(request):
    if request.group_access is None:
        return services.course_room(request.course)
    return services.group_room(
        request.course, request.group_access.group_id, name=request.group_access.name
    )


def _moderator(request) -> bool:
    """Course rooms: teachers. Group rooms: also the group's tutors and the course's tutors."""
    if request.group_access is None:
        return request.course_access.can_manage
    return request.group_access.can_moderate


def _back(request, code):
    if request.group_access is None:
        return reverse("conference:index", args=[code])
    return reverse("conference:group_index", args=[code, request.group_access.group_id])


def _url(request, code, name):
    if request.group_access is None:
        return reverse(f"conference:{name}", args=[code])
    return reverse(f"conference:group_{name}", args=[code, request.group_access.group_id])


def _index(request, code):
    room = _room(request)
    manager = _moderator(request)
    status = services.room_status(room, for_manager=manager)
    recordings, recordings_error = ([], "")
    if not status.error:
        recordings, recordings_error = services.recordings(room, for_manager=manager)
    can_join = (
        request.group_access.can_participate(TOOL)
        if request.group_access is not None
        else request.course_access.can_participate
    )
    context = {
        "room": room,
        "status": status,
        "recordings": recordings,
        "recordings_error": recordings_error,
        "moderator": manager,
        "can_join": can_join,
        "group": request.group_access,
        "urls": {name: _url(request, code, name) for name in ("start", "join", "end")},
    }
    if manager or request.course_access.can_tutor:
        context["meetings"] = selectors.meetings_of(room)
    response = render(request, "conference/index.html", context)
    origin = services.server_origin()
    if origin:
        # The start and join forms post here and are redirected to the server: the page's
        # form-action must allow that origin (Chromium checks redirects after a form post).
        response._csp_update = {"form-action": [origin]}
    return response


def _start(request, code):
    room = _room(request)
    try:
        services.meeting_start(
            room=room,
            user=request.user,
            logout_url=request.build_absolute_uri(_back(request, code)),
        )
        url = services.meeting_join(room=room, user=request.user, moderator=True)
    except services.ConferenceError as error:
        messages.error(request, str(error))
        return redirect(_back(request, code))
    return redirect(url)


def _join(request, code):
    room = _room(request)
    try:
        url = services.meeting_join(room=room, user=request.user, moderator=_moderator(request))
    except services.ConferenceError as error:
        messages.warning(request, str(error))
        return redirect(_back(request, code))
    return redirect(url)


def _end(request, code):
    try:
        services.meeting_end(room=_room(request))
    except services.ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The meeting has been ended for everybody."))
    return redirect(_back(request, code))


# --- The course's room -------------------------------------------------------------------------


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def index(request, code):
    return _index(request, code)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def start(request, code):
    return _start(request, code)


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL)
def join(request, code):
    """Teachers join as moderators, everybody else as attendees."""
    return _join(request, code)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def end(request, code):
    return _end(request, code)


# --- A group's room ----------------------------------------------------------------------------


@require_GET
@course_view(Access.VIEW, tool=TOOL, group=True)
def group_index(request, code, group_id):
    return _index(request, code)


@require_POST
@course_view(Access.TUTOR, tool=TOOL, group=True)
def group_start(request, code, group_id):
    return _start(request, code)


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_join(request, code, group_id):
    """The group's tutors (and the course's staff) join as moderators, members as attendees."""
    return _join(request, code)


@require_POST
@course_view(Access.TUTOR, tool=TOOL, group=True)
def group_end(request, code, group_id):
    return _end(request, code)
