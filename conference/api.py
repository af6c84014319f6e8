"""What other apps (tracking, course statistics) may use from the virtual classroom."""


def course_attendance(course_id: int) -> list[dict]:
    """Per person who joined the course's rooms: {"user_id", "user__username",
    "user__first_name", "user__last_name", "meetings" (how many distinct meetings),
    "last" (aware datetime of the last join)}, in one query."""
    from conference.selectors import course_attendance as read

    return read(course_id)
