"""The learner's per-request reads of an attempt, compiled once per process.

Every save of a learner's answers (autosave, every few seconds while a test is taken) reads
the attempt for the permission check, locks it, and reads the answer rows it changes. Building
those queries' SQL cost the ORM about as much CPU as the rest of the request
(``bench.profile "test autosave"``); ``core.compiled.CompiledQuery`` builds it once and only
substitutes the values. Same SQL, same rows, same model instances, same query counts as the
querysets written out below.
"""

import datetime

from django.db import connections
from django.db.transaction import TransactionManagementError

from assessments.models import Attempt, AttemptAnswer, Quiz
from core.compiled import CompiledQuery

# Placeholders: distinct negative ids per name, never real rows (see core.compiled).

# The attempt ``attempt_id`` if it is ``user_id``'s in a test of ``course_id``, with its test.
OWN_ATTEMPT = CompiledQuery(
    lambda attempt_id, course_id, user_id: (
        Attempt.objects.select_related("quiz")
        .filter(pk=attempt_id, quiz__course_id=course_id, user_id=user_id)
        .order_by()
    ),
    attempt_id=-1,
    course_id=-2,
    user_id=-3,
)

_LOCKED_ATTEMPT = CompiledQuery(
    lambda attempt_id: (
        Attempt.objects.select_for_update().select_related("quiz").filter(pk=attempt_id).order_by()
    ),
    attempt_id=-1,
)


def locked_attempt(attempt_id: int, using: str = "default") -> Attempt:
    """The attempt row with its test, locked until the transaction ends (``SELECT ... FOR
    UPDATE`` where the database has it; SQLite locks the whole database on the first write).

    Raises TransactionManagementError outside a transaction (the lock would end with the
    statement), Attempt.DoesNotExist when the row is gone (as ``get`` does).
    """
    if connections[using].get_autocommit():
        raise TransactionManagementError("locked_attempt() outside of a transaction")
    attempt = _LOCKED_ATTEMPT.first(using, attempt_id=attempt_id)
    if attempt is None:
        raise Attempt.DoesNotExist("Attempt matching query does not exist.")
    return attempt


# The answer rows of a few questions of an attempt, with their questions: one compiled query
# per number of questions (an ``IN`` list's SQL has one parameter per value). Past this many,
# the ORM builds the query as usual.
_MOST_COMPILED = 64
_ANSWERS_BY_COUNT: dict[int, CompiledQuery] = {}


def _answers_query(count: int) -> CompiledQuery:
    query = _ANSWERS_BY_COUNT.get(count)
    if query is None:
        placeholders = {f"q{n}": -2 - n for n in range(count)}
        query = CompiledQuery(
            lambda attempt_id, **ids: (
                AttemptAnswer.objects.filter(
                    attempt_id=attempt_id, question_id__in=list(ids.values())
                )
                .select_related("question")
                .order_by()
            ),
            many=True,
            attempt_id=-1,
            **placeholders,
        )
        query = _ANSWERS_BY_COUNT.setdefault(count, query)
    return query


def attempt_answers(attempt_id: int, question_ids: list[int]) -> list[AttemptAnswer]:
    """The attempt's answer rows for these question ids (each row once, with its question,
    in no particular order); no query for an empty list, as the ORM does."""
    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return []
    if len(ids) > _MOST_COMPILED:
        return list(
            AttemptAnswer.objects.filter(attempt_id=attempt_id, question_id__in=ids)
            .select_related("question")
            .order_by()
        )
    values = {f"q{n}": pk for n, pk in enumerate(ids)}
    return _answers_query(len(ids)).all(attempt_id=attempt_id, **values)


# Starting (or resuming) a test: the test, the learner's attempts past their deadline (closed
# first) and their open attempt.
QUIZ = CompiledQuery(
    lambda quiz_id, course_id: Quiz.objects.filter(pk=quiz_id, course_id=course_id).order_by(),
    quiz_id=-1,
    course_id=-2,
)

EXPIRED_ATTEMPTS = CompiledQuery(
    lambda quiz_id, user_id, now: Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, deadline__lt=now, quiz_id=quiz_id, user_id=user_id
    ).only("pk", "state", "deadline"),
    many=True,
    quiz_id=-1,
    user_id=-3,
    now=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
)

OPEN_ATTEMPT = CompiledQuery(
    lambda quiz_id, user_id: Attempt.objects.filter(
        quiz_id=quiz_id, user_id=user_id, state=Attempt.State.IN_PROGRESS
    ),
    quiz_id=-1,
    user_id=-3,
)
