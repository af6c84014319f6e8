"""Change notifications from graded tools: "these learners' results in this course changed".

A tool calls ``gradebook.api.grades_changed`` when it records something a grade source reads (a
test graded, a learning path's progress or score, an assignment corrected, attendance taken);
the gradebook's own typed and imported marks and structure changes call it too. Nothing is read
here: the learners are remembered for the current transaction and, once it commits, one Celery
task per course (``gradebook.tasks.certificates_check_task``) recomputes their rows of the grid
in bulk and issues the certificates of those who now pass (gradebook.services
.certificates_issue_for). A transaction that rolls back leaves its learners for the next
commit's task, which only costs a check: issuing reads the grid, never trusts the caller.
"""

import threading

from django.db import transaction

EVERYONE = None  # user_ids=None: every learner of the course (a pass mark or weight changed)

_local = threading.local()


def _pending() -> dict:
    found = getattr(_local, "pending", None)
    if found is None:
        found = _local.pending = {}
    return found


def grades_changed(*, course_id: int, user_ids=EVERYONE, source: str = "", item_id=None) -> None:
    """Tell the gradebook that ``user_ids`` (an iterable of user ids; None: every learner) of
    course ``course_id`` may have new results, e.g. from ``source`` "test" item ``item_id``.

    No query. Once the current transaction commits (at once outside one), certificates are
    issued in bulk to those who now reach the pass mark, by a Celery task (eager in tests).
    ``source`` and ``item_id`` say what changed, for the log; the check always reads the whole
    standing of each learner. Never raises for a course without a gradebook."""
    pending = _pending()
    if user_ids is EVERYONE:
        pending[course_id] = EVERYONE
    elif course_id not in pending:
        pending[course_id] = set(user_ids)
    elif pending[course_id] is not EVERYONE:
        pending[course_id].update(user_ids)
    # One callback per call is cheap; the first to run sends everything gathered so far and
    # the others find nothing left. Robust: a broker that cannot be reached is logged, and
    # never turns the tool's committed change into an error page.
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    from gradebook.tasks import certificates_check_task

    pending, _local.pending = _pending(), {}
    for course_id, user_ids in pending.items():
        if user_ids is EVERYONE:
            certificates_check_task.delay(course_id, None)
        elif user_ids:
            certificates_check_task.delay(course_id, sorted(user_ids))
