"""Extra time as an accommodation (WCAG 2.1 success criterion 2.2.1, "Timing adjustable").

A teacher grants a learner, or a group of the course, extra time: a percentage of each test's
time limit and/or a number of minutes. It applies to every timed test of the course and to the
tests' closing dates, through the one place the server sets an attempt's deadline
(``attempt_deadline``, called when the attempt starts). A learner's own accommodation wins over
their groups'; among their groups', the most generous one counts (as Moodle's overrides).
Groups are reached through ``groups.api`` only.
"""

from datetime import datetime, timedelta

from django.db import transaction

from assessments.models import Accommodation, Quiz
from courses.models import Course, Enrollment
from groups import api as groups_api


def extra_seconds(*, quiz: Quiz, user) -> int:
    """Seconds of extra time ``user`` has on ``quiz`` (0: none). At most two queries (three
    with groups)."""
    own = Accommodation.objects.filter(course_id=quiz.course_id, user_id=user.pk).first()
    if own is not None:
        return own.extra_seconds(quiz.time_limit)
    group_ids = groups_api.member_group_ids(course_id=quiz.course_id, user_id=user.pk)
    if not group_ids:
        return 0
    rows = Accommodation.objects.filter(course_id=quiz.course_id, group_id__in=group_ids)
    return max((row.extra_seconds(quiz.time_limit) for row in rows), default=0)


def extra_minutes_shown(*, quiz: Quiz, user) -> int:
    """The learner's extra time on this test in whole minutes (rounded), to tell them before
    they start; 0 on a test with neither a time limit nor a closing date."""
    if not quiz.time_limit and not quiz.closes_at:
        return 0
    return round(extra_seconds(quiz=quiz, user=user) / 60)


def attempt_deadline(*, quiz: Quiz, user, now: datetime) -> datetime | None:
    """When an attempt started ``now`` closes: the start plus the time limit plus the learner's
    extra time, and never after the test's closing date plus that same extra time. None when
    the test has neither a time limit nor a closing date."""
    if not quiz.time_limit and not quiz.closes_at:
        return None
    extra = timedelta(seconds=extra_seconds(quiz=quiz, user=user))
    deadline = now + timedelta(minutes=quiz.time_limit) + extra if quiz.time_limit else None
    if quiz.closes_at:
        closing = quiz.closes_at + extra  # the test closing ends every open attempt
        if deadline is None or deadline > closing:
            deadline = closing
    return deadline


# --- The teacher's page ------------------------------------------------------------------------


def learner_choices(course: Course) -> list[tuple[int, str]]:
    """(user id, "Last First (username)") of the course's learners, by name. One query."""
    rows = (
        Enrollment.objects.filter(course=course, role=Enrollment.Role.LEARNER)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return [(row.user_id, _display(row.user)) for row in rows]


def group_choices(course: Course) -> list[tuple[int, str]]:
    """(group id, name) of the course's groups. One query."""
    return groups_api.course_group_choices(course.pk)


def _display(user) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{name} ({user.username})" if name else user.username


def course_accommodations(course: Course) -> list[dict]:
    """The course's accommodations as rows {"row", "who", "is_group"}, groups first, then
    learners by name. Two queries."""
    groups = dict(groups_api.course_group_choices(course.pk))
    rows = []
    for row in Accommodation.objects.filter(course=course).select_related("user"):
        if row.group_id is not None:
            who = groups.get(row.group_id)
            if who is None:  # the group was deleted: its accommodation means nothing now
                continue
        else:
            who = _display(row.user)
        rows.append({"row": row, "who": who, "is_group": row.group_id is not None})
    rows.sort(key=lambda r: (not r["is_group"], r["who"].casefold()))
    return rows


@transaction.atomic
def accommodation_save(
    *,
    course: Course,
    extra_percent: int,
    extra_minutes: int,
    user_id: int | None = None,
    group_id: int | None = None,
) -> Accommodation:
    """Grant (or change) the extra time of one learner or one group of ``course``; exactly one
    of ``user_id`` / ``group_id`` (ValueError otherwise). The caller checked that they belong
    to the course (the form's choices). Attempts already started keep their deadline."""
    if (user_id is None) == (group_id is None):
        raise ValueError("one of user_id or group_id")
    row, _created = Accommodation.objects.update_or_create(
        course=course,
        user_id=user_id,
        group_id=group_id,
        defaults={"extra_percent": extra_percent, "extra_minutes": extra_minutes},
    )
    return row


@transaction.atomic
def accommodation_delete(*, course: Course, pk: int) -> bool:
    """Remove one accommodation of ``course``; False when there is none of that id there."""
    deleted, _rows = Accommodation.objects.filter(course=course, pk=pk).delete()
    return bool(deleted)
