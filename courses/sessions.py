"""The session context of a course page: which session's learners a page is about.

A learner enrolled through a session is always in that session. A coach sees the sessions they
coach in the course, one at a time. Teachers, tutors and administrators see the whole course
or, after entering it through a session (``?session=<id>`` on the course home or a page that
reads the context, such as the report; remembered in the visitor's session for that course),
that session only. Reports and tools narrow their
learners with ``context.learners()`` (courses.selectors.course_learners).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from courses.models import CourseSession
from courses.permissions import Role
from courses.selectors import course_learners

# request.session[KEY]: {"<course id>": session id, or 0 for the whole course}
KEY = "course_sessions"


@dataclass(frozen=True)
class SessionContext:
    course: object
    session: CourseSession | None  # None: the whole course
    choices: tuple  # the sessions this viewer may switch to in this course
    whole_course: bool  # whether this viewer may see the whole course

    def learners(self) -> QuerySet:
        """The learner enrolments the page is about (users joined, by name)."""
        return course_learners(self.course, session=self.session)


def session_context(request) -> SessionContext:
    """The session context of a course page (after ``course_view``); one query at most.

    ``?session=<id>`` chooses a session (Http404 when it is not one this viewer may look at in
    this course), ``?session=all`` the whole course (ignored by whom it is closed to).
    """
    course, access = request.course, request.course_access
    if access.role == Role.LEARNER or not access.can_tutor:
        session = None
        if access.session_id is not None:
            session = CourseSession.objects.filter(pk=access.session_id).first()
        return SessionContext(course, session, (session,) if session else (), session is None)
    sessions = course.sessions.all()
    whole = access.role != Role.COACH
    if not whole:
        sessions = sessions.filter(
            Q(general_coach_id=access.user_id) | Q(session_courses__coach_id=access.user_id),
            session_courses__course=course,
        )
    choices = tuple(sessions.distinct().order_by("-starts_on", "name"))
    by_id = {s.pk: s for s in choices}
    stored = request.session.get(KEY, {}) if hasattr(request, "session") else {}
    wanted = request.GET.get("session")
    if wanted is not None:
        if wanted == "all":
            chosen = 0
        elif wanted.isdigit() and int(wanted) in by_id:
            chosen = int(wanted)
        else:
            raise Http404
        if hasattr(request, "session"):
            request.session[KEY] = {**stored, str(course.pk): chosen}
    else:
        chosen = stored.get(str(course.pk), 0)
    session = by_id.get(chosen)
    if session is None and not whole:
        session = choices[0] if choices else None
    return SessionContext(course, session, choices, whole)
