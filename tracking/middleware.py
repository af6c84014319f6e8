"""Counts a visit for every course page a signed-in person opens (one buffer append)."""

from tracking import buffer
from tracking.services import hit_record, hits_flush


class CourseHitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        course = getattr(request, "course", None)
        if (
            course is not None
            and request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
            # htmx fragments and polls are parts of a page already counted
            and "HX-Request" not in request.headers
        ):
            hit_record(
                user_id=request.user.pk,
                course_id=course.pk,
                tool=getattr(request, "course_tool_key", None),
            )
        if buffer.should_flush():
            hits_flush()
        return response
