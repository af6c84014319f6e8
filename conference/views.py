from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from conference import selectors, services
from courses.permissions import Access, course_view


@require_GET
@course_view(Access.VIEW, tool="conference")
def index(request, code):
    room = services.course_room(request.course)
    manager = request.course_access.can_manage
    status = services.room_status(room, for_manager=manager)
    recordings, recordings_error = ([], "")
    if not status.error:
        recordings, recordings_error = services.recordings(room, for_manager=manager)
    context = {
        "room": room,
        "status": status,
        "recordings": recordings,
        "recordings_error": recordings_error,
    }
    if request.course_access.can_tutor:
        context["meetings"] = selectors.meetings_of(room)
    response = render(request, "conference/index.html", context)
    origin = services.server_origin()
    if origin:
        # The start and join forms post here and are redirected to the server: the page's
        # form-action must allow that origin (Chromium checks redirects after a form post).
        response._csp_update = {"form-action": [origin]}
    return response


@require_POST
@course_view(Access.MANAGE, tool="conference")
def start(request, code):
    room = services.course_room(request.course)
    try:
        services.meeting_start(
            room=room,
            user=request.user,
            logout_url=request.build_absolute_uri(reverse("conference:index", args=[code])),
        )
        url = services.meeting_join(room=room, user=request.user, moderator=True)
    except services.ConferenceError as error:
        messages.error(request, str(error))
        return redirect("conference:index", code=code)
    return redirect(url)


@require_POST
@course_view(Access.PARTICIPATE, tool="conference")
def join(request, code):
    """Teachers join as moderators, everybody else as attendees."""
    room = services.course_room(request.course)
    try:
        url = services.meeting_join(
            room=room, user=request.user, moderator=request.course_access.can_manage
        )
    except services.ConferenceError as error:
        messages.warning(request, str(error))
        return redirect("conference:index", code=code)
    return redirect(url)


@require_POST
@course_view(Access.MANAGE, tool="conference")
def end(request, code):
    room = services.course_room(request.course)
    try:
        services.meeting_end(room=room)
    except services.ConferenceError as error:
        messages.error(request, str(error))
    else:
        from django.utils.translation import gettext as _

        messages.success(request, _("The meeting has been ended for everybody."))
    return redirect("conference:index", code=code)
