from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chat import services
from courses.permissions import Access, course_view

TOOL = "chat"


def _moderator(request) -> bool:
    if request.group_access is not None:
        return request.group_access.can_moderate
    return request.course_access.can_tutor


@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
@require_GET
def index(request, code, group_id=None):
    socket_path = f"/ws/courses/{code}/chat/" + (f"group/{group_id}/" if group_id else "")
    return render(
        request,
        "chat/room.html",
        {
            "group": request.group_access,
            "socket_path": socket_path,
            "moderator": _moderator(request),
            "max_length": services.MAX_LENGTH,
        },
    )


@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
@require_POST
def clear(request, code, group_id=None):
    if not _moderator(request):
        raise PermissionDenied
    services.room_clear(course=request.course, group_id=group_id)
    layer = get_channel_layer()
    if layer is not None:
        group = f"chat.{request.course.pk}.{group_id or 0}"
        async_to_sync(layer.group_send)(group, {"type": "chat.event", "event": {"type": "cleared"}})
    messages.success(request, _("The chat room has been cleared."))
    if group_id:
        return redirect("chat:group_index", code=code, group_id=group_id)
    return redirect("chat:index", code=code)
