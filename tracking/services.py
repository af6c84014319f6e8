"""Recording use of the platform: hits, heartbeats, sign-ins; and folding them into rows."""

import time
from collections import defaultdict
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Enrollment
from tracking import buffer
from tracking.models import CourseDay, FollowedLearner, LoginDay, ToolDay


def hit_record(*, user_id: int, course_id: int, tool: str | None, at: float | None = None) -> None:
    """A course page was opened (``tool`` is the tool's key, "" for the course's own pages).

    Costs one buffer append; the daily rows move when the buffer is flushed.
    """
    buffer.push(("hit", user_id, course_id, tool or "", at if at is not None else time.time()))


def login_record(sender=None, *, user, **kwargs) -> None:
    """Receiver of Django's ``user_logged_in`` signal."""
    buffer.push(("login", user.pk, time.time()))


def beat_record(*, user_id: int, course_id: int, state: str, now: float | None = None) -> int:
    """A heartbeat from a visible, active course page; returns the seconds credited.

    ``state``: "start" (a page opened or woke up: nothing credited, the clock starts),
    "beat" (still here: the time since the last beat), "end" (leaving, hidden or idle: the time
    since the last beat, and the clock stops). A beat is credited at most
    ``TRACKING_BEAT_CAP_SECONDS`` (twice the page's beat interval), so a tab left open in the
    background, a sleeping laptop or a lost "end" never adds more than one interval.
    """
    now = time.time() if now is None else now
    key = f"tracking:beat:{user_id}:{course_id}"
    last = cache.get(key)
    credit = 0
    if state in {"beat", "end"} and last is not None:
        credit = int(min(max(0.0, now - last), settings.TRACKING_BEAT_CAP_SECONDS))
    if state == "end":
        cache.delete(key)
    else:
        cache.set(key, now, timeout=settings.TRACKING_BEAT_CAP_SECONDS * 4)
    if credit:
        buffer.push(("time", user_id, course_id, credit, now))
    return credit


def _day(stamp: float):
    return timezone.localdate(datetime.fromtimestamp(stamp, tz=UTC))


def _moment(stamp: float) -> datetime:
    return datetime.fromtimestamp(stamp, tz=UTC)


def hits_flush(limit: int = 50_000) -> int:
    """Fold buffered records into the daily rows; returns how many records were folded.

    A few queries per model whatever the number of records: existing rows are read in one
    query, updated with ``bulk_update`` and the missing ones created with ``bulk_create``.
    """
    records = buffer.drain(limit)
    if not records:
        return 0
    # People and courses deleted since their hits were buffered are dropped, not an error.
    users = set(
        get_user_model().objects.filter(pk__in={r[1] for r in records}).values_list("pk", flat=True)
    )
    course_ids = {r[2] for r in records if r[0] in {"hit", "time"}}
    live_courses = set(Course.objects.filter(pk__in=course_ids).values_list("pk", flat=True))
    courses: dict[tuple, list] = defaultdict(lambda: [0, 0, None, None])
    tools: dict[tuple, int] = defaultdict(int)
    logins: dict[tuple, list] = defaultdict(lambda: [0, None, None])
    for record in records:
        kind = record[0]
        if record[1] not in users or (kind in {"hit", "time"} and record[2] not in live_courses):
            continue
        if kind == "hit":
            _kind, user_id, course_id, tool, stamp = record
            row = courses[(user_id, course_id, _day(stamp))]
            row[0] += 1
            row[2] = min(stamp, row[2] or stamp)
            row[3] = max(stamp, row[3] or stamp)
            if tool:
                tools[(user_id, course_id, tool, _day(stamp))] += 1
        elif kind == "time":
            _kind, user_id, course_id, seconds, stamp = record
            row = courses[(user_id, course_id, _day(stamp))]
            row[1] += int(seconds)
            row[2] = min(stamp, row[2] or stamp)
            row[3] = max(stamp, row[3] or stamp)
        elif kind == "login":
            _kind, user_id, stamp = record
            row = logins[(user_id, _day(stamp))]
            row[0] += 1
            row[1] = min(stamp, row[1] or stamp)
            row[2] = max(stamp, row[2] or stamp)
    for attempt in range(2):  # a concurrent flush may create a row first: read again once
        try:
            with transaction.atomic():
                _fold_courses(courses)
                _fold_tools(tools)
                _fold_logins(logins)
            break
        except IntegrityError:
            if attempt:
                raise
    return len(records)


def _fold_courses(courses: dict) -> None:
    if not courses:
        return
    existing = {
        (row.user_id, row.course_id, row.day): row
        for row in CourseDay.objects.select_for_update().filter(
            user_id__in={key[0] for key in courses},
            course_id__in={key[1] for key in courses},
            day__in={key[2] for key in courses},
        )
    }
    changed, created = [], []
    for (user_id, course_id, day), (visits, seconds, first, last) in courses.items():
        row = existing.get((user_id, course_id, day))
        if row is None:
            created.append(
                CourseDay(
                    user_id=user_id,
                    course_id=course_id,
                    day=day,
                    visits=visits,
                    seconds=seconds,
                    first_at=_moment(first),
                    last_at=_moment(last),
                )
            )
            continue
        row.visits += visits
        row.seconds += seconds
        row.first_at = min(row.first_at, _moment(first))
        row.last_at = max(row.last_at, _moment(last))
        changed.append(row)
    CourseDay.objects.bulk_update(changed, ["visits", "seconds", "first_at", "last_at"])
    CourseDay.objects.bulk_create(created)


def _fold_tools(tools: dict) -> None:
    if not tools:
        return
    existing = {
        (row.user_id, row.course_id, row.tool, row.day): row
        for row in ToolDay.objects.select_for_update().filter(
            user_id__in={key[0] for key in tools},
            course_id__in={key[1] for key in tools},
            tool__in={key[2] for key in tools},
            day__in={key[3] for key in tools},
        )
    }
    changed, created = [], []
    for key, visits in tools.items():
        row = existing.get(key)
        if row is None:
            user_id, course_id, tool, day = key
            created.append(
                ToolDay(user_id=user_id, course_id=course_id, tool=tool, day=day, visits=visits)
            )
        else:
            row.visits += visits
            changed.append(row)
    ToolDay.objects.bulk_update(changed, ["visits"])
    ToolDay.objects.bulk_create(created)


def _fold_logins(logins: dict) -> None:
    if not logins:
        return
    existing = {
        (row.user_id, row.day): row
        for row in LoginDay.objects.select_for_update().filter(
            user_id__in={key[0] for key in logins}, day__in={key[1] for key in logins}
        )
    }
    changed, created = [], []
    for (user_id, day), (count, first, last) in logins.items():
        row = existing.get((user_id, day))
        if row is None:
            created.append(
                LoginDay(
                    user_id=user_id,
                    day=day,
                    count=count,
                    first_at=_moment(first),
                    last_at=_moment(last),
                )
            )
            continue
        row.count += count
        row.first_at = min(row.first_at, _moment(first))
        row.last_at = max(row.last_at, _moment(last))
        changed.append(row)
    LoginDay.objects.bulk_update(changed, ["count", "first_at", "last_at"])
    LoginDay.objects.bulk_create(created)


# --- Followed learners (HR managers and tutors) -----------------------------------------------


class FollowError(Exception):
    """A refusal to show as it is (already translated)."""


def may_follow(user) -> bool:
    """HR managers, and tutors (a tutor in some course), may be given learners to follow."""
    if user.platform_role == user.PlatformRole.HR_MANAGER:
        return True
    return Enrollment.objects.filter(user=user, role=Enrollment.Role.TUTOR).exists()


@transaction.atomic
def followed_add(*, follower, learners) -> int:
    """Give ``follower`` these learners to follow; returns how many were new. FollowError when
    the follower is neither an HR manager nor a tutor. Two queries whatever the number."""
    if not may_follow(follower):
        raise FollowError(
            _("%(user)s is neither an HR manager nor a tutor.") % {"user": follower.username}
        )
    known = set(
        FollowedLearner.objects.filter(follower=follower).values_list("learner_id", flat=True)
    )
    known.add(follower.pk)  # nobody follows themselves
    new = []
    for user in learners:
        if user.pk not in known:
            known.add(user.pk)
            new.append(FollowedLearner(follower=follower, learner=user))
    FollowedLearner.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def followed_remove(*, link: FollowedLearner) -> None:
    link.delete()
