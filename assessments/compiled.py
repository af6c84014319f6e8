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

from assessments.models import Answer, Attempt, AttemptAnswer, Question, Quiz
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

# FOR UPDATE OF the attempt only: without OF, PostgreSQL also locks the joined test row, and
# every learner saving an answer in the same test would wait for the others in turn.
_LOCKED_ATTEMPT = CompiledQuery(
    lambda attempt_id: (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .filter(pk=attempt_id)
        .order_by()
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


# Reads of a list of ids: one compiled query per number of ids (an ``IN`` list's SQL has one
# parameter per value), the ids as placeholders -2, -3...; past this many ids the ORM builds
# the query as usual.
_MOST_COMPILED = 64
_BY_COUNT: dict[tuple[str, int], CompiledQuery] = {}


def _in_list(name: str, build, ids: list[int], **values) -> list:
    """The rows of ``build(ids, **values)``, a queryset; ``ids`` distinct, at least one."""
    if len(ids) > _MOST_COMPILED:
        return list(build(ids, **values))
    count = len(ids)
    query = _BY_COUNT.get((name, count))
    if query is None:
        query = CompiledQuery(
            lambda **given: build(
                [given[f"id{n}"] for n in range(count)], **{key: given[key] for key in values}
            ),
            many=True,
            **{f"id{n}": -2 - n for n in range(count)},
            **dict.fromkeys(values, -1),
        )
        query = _BY_COUNT.setdefault((name, count), query)
    return query.all(**{f"id{n}": pk for n, pk in enumerate(ids)}, **values)


def _answer_rows(question_ids, attempt_id):
    return (
        AttemptAnswer.objects.filter(attempt_id=attempt_id, question_id__in=question_ids)
        .select_related("question")
        .order_by()
    )


def attempt_answers(attempt_id: int, question_ids: list[int]) -> list[AttemptAnswer]:
    """The attempt's answer rows for these question ids (each row once, with its question,
    in no particular order); no query for an empty list, as the ORM does."""
    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return []
    return _in_list("answer_rows", _answer_rows, ids, attempt_id=attempt_id)


# Every answer row of an attempt (the test page, the result, the review).
ATTEMPT_ROWS = CompiledQuery(
    lambda attempt_id: AttemptAnswer.objects.filter(attempt_id=attempt_id),
    many=True,
    attempt_id=-1,
)


def _questions(question_ids):
    return Question.objects.filter(pk__in=question_ids)


def _answers(question_ids):
    return Answer.objects.filter(question_id__in=question_ids).order_by("position", "pk")


def questions_with_answers(question_ids) -> dict[int, Question]:
    """Question id -> the question, in the questions' order (newest first), each with its
    answers in order prefetched (``question.answers.all()`` reads no more), as
    ``prefetch_related(Prefetch("answers", Answer.objects.order_by("position", "pk")))`` would
    leave them; two queries, none for no id."""
    ids = list(dict.fromkeys(question_ids))
    if not ids:
        return {}
    questions = _in_list("questions", _questions, ids)
    answers: dict[int, list[Answer]] = {}
    if questions:
        for answer in _in_list("answers", _answers, [q.pk for q in questions]):
            answers.setdefault(answer.question_id, []).append(answer)
    ordered = Answer.objects.order_by("position", "pk")
    for question in questions:
        rows = answers.get(question.pk, [])
        for answer in rows:
            answer.question = question  # as the prefetch sets it
        # What prefetch_related leaves (django.db.models.query.prefetch_one_level): the
        # relation's queryset, its rows already read.
        cached = question.answers._apply_rel_filters(ordered)
        cached._result_cache = rows
        cached._prefetch_done = True
        question._prefetched_objects_cache = {"answers": cached}
    return {question.pk: question for question in questions}


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
