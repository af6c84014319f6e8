"""Writes: the question bank, tests, and the attempt engine.

The attempt engine keeps the server as the only truth: the deadline is stored when an attempt
starts; saves lock the attempt row and refuse anything once it is closed or past its deadline;
submitting twice (two tabs, a double click) grades once, because the state is checked under
``select_for_update``.
"""

import random
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import compiled
from assessments.accommodations import attempt_deadline
from assessments.api import report_to_learning_paths
from assessments.models import Answer, Attempt, AttemptAnswer, Question, Quiz, QuizQuestion
from assessments.question_types import (
    ZERO,
    get_type,
    q2,
    shuffled_not_identity,
    validate_upload,
)


class AttemptRefused(Exception):
    """The learner may not start an attempt (closed, no attempts left, wrong password)."""


class AttemptClosed(Exception):
    """The attempt is no longer open for answers (submitted, or its time ran out)."""


# --- Question bank --------------------------------------------------------------------------


@transaction.atomic
def question_save(
    *,
    question: Question,
    answers: list[dict] | None = None,
) -> Question:
    """Save a question and replace its answer rows (dicts of Answer fields, in order)."""
    question.save()
    if answers is not None:
        kept = []
        for position, data in enumerate(answers):
            data = dict(data)
            pk = data.pop("id", None)
            answer = question.answers.filter(pk=pk).first() if pk else None
            answer = answer or Answer(question=question)
            for name, value in data.items():
                setattr(answer, name, value)
            answer.position = position
            answer.save()
            kept.append(answer.pk)
        question.answers.exclude(pk__in=kept).delete()
    return question


@transaction.atomic
def quiz_add_question(*, quiz: Quiz, question: Question) -> QuizQuestion:
    last = quiz.quiz_questions.order_by("-position").values_list("position", flat=True).first()
    link, _created = QuizQuestion.objects.get_or_create(
        quiz=quiz, question=question, defaults={"position": (last or 0) + 1}
    )
    return link


@transaction.atomic
def quiz_reorder(*, quiz: Quiz, question_ids: list[int]) -> None:
    links = {link.question_id: link for link in quiz.quiz_questions.all()}
    order = [pk for pk in question_ids if pk in links]
    order += [pk for pk in links if pk not in order]
    for position, pk in enumerate(order, start=1):
        if links[pk].position != position:
            links[pk].position = position
            links[pk].save(update_fields=["position"])


@transaction.atomic
def quiz_remove_question(*, quiz: Quiz, question_id: int) -> None:
    quiz.quiz_questions.filter(question_id=question_id).delete()


# --- Starting -------------------------------------------------------------------------------


def open_attempt(quiz: Quiz, user) -> Attempt | None:
    """The learner's attempt in progress at this test, or None (SQL compiled once: every start
    of a test, resumed or not, reads it)."""
    attempt = compiled.OPEN_ATTEMPT.first(quiz_id=quiz.pk, user_id=user.pk)
    if attempt is not None:
        attempt.quiz = quiz  # as ``quiz.attempts`` sets it
    return attempt


def submitted_attempts_count(quiz: Quiz, user) -> int:
    return quiz.attempts.filter(user=user).exclude(state=Attempt.State.IN_PROGRESS).count()


def _draw_questions(quiz: Quiz, rng: random.Random) -> list[Question]:
    questions = [
        link.question
        for link in quiz.quiz_questions.select_related("question").order_by("position", "pk")
    ]
    if quiz.selection == Quiz.Selection.RANDOM and quiz.random_count:
        count = min(quiz.random_count, len(questions))
        picked = {q.pk for q in rng.sample(questions, count)}
        chosen = [q for q in questions if q.pk in picked]
        rng.shuffle(chosen)
        return chosen
    if quiz.selection == Quiz.Selection.RANDOM_PER_CATEGORY and quiz.random_count:
        by_category: dict = {}
        for question in questions:
            by_category.setdefault(question.category_id, []).append(question)
        chosen = []
        for group in by_category.values():
            chosen += rng.sample(group, min(quiz.random_count, len(group)))
        rng.shuffle(chosen)
        return chosen
    return questions


@transaction.atomic
def attempt_start(*, quiz: Quiz, user, password: str = "", now=None) -> Attempt:
    """The learner's open attempt on this test, resumed, or a new one."""
    now = now or timezone.now()
    close_expired_attempts(quiz=quiz, user=user, now=now)
    current = open_attempt(quiz, user)
    if current is not None:
        return current
    if not quiz.is_open(now):
        raise AttemptRefused(_("This test is not available at the moment."))
    if quiz.max_attempts and submitted_attempts_count(quiz, user) >= quiz.max_attempts:
        raise AttemptRefused(_("You have used all your attempts at this test."))
    if quiz.password and password != quiz.password:
        raise AttemptRefused(_("The access password is not right."))
    rng = random.Random()
    questions = _draw_questions(quiz, rng)
    if not questions:
        raise AttemptRefused(_("This test has no questions yet."))
    # The time limit and closing date, with the learner's extra time (accommodations).
    deadline = attempt_deadline(quiz=quiz, user=user, now=now)
    answer_orders = {}
    for question in questions:
        kind = get_type(question.type)
        if kind.always_shuffle:
            # Ordering and matching: shuffled whatever the setting, never the right order.
            ids = list(question.answers.order_by("position", "pk").values_list("pk", flat=True))
            answer_orders[str(question.pk)] = shuffled_not_identity(ids, rng)
        elif quiz.shuffle_answers and kind.shuffle:
            ids = list(question.answers.values_list("pk", flat=True))
            rng.shuffle(ids)
            answer_orders[str(question.pk)] = ids
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                started_at=now,
                deadline=deadline,
                question_ids=[q.pk for q in questions],
                answer_orders=answer_orders,
            )
    except IntegrityError:  # another request started one at the same moment
        return quiz.attempts.get(user=user, state=Attempt.State.IN_PROGRESS)
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=question,
            context=get_type(question.type).start_context(question, rng),
            max_score=get_type(question.type).max_score(question),
        )
        for question in questions
    )
    return attempt


# --- Saving ---------------------------------------------------------------------------------


def _lock(attempt: Attempt) -> Attempt:
    """The attempt's row, with its test, locked until the transaction ends (SQL compiled once:
    every autosave locks it)."""
    return compiled.locked_attempt(attempt.pk)


def attempt_save(
    *,
    attempt: Attempt,
    data,
    files=None,
    question_ids: list[int],
    page: int | None = None,
    now=None,
) -> dict[int, str]:
    """Upsert the answers to ``question_ids`` found in POST ``data``; errors by question id.

    Raises AttemptClosed when the attempt is not open any more (its time ran out: it is then
    closed and graded here, and what arrived late is not counted).
    """
    now = now or timezone.now()
    errors: dict[int, str] = {}
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.state != Attempt.State.IN_PROGRESS:
            raise AttemptClosed
        if locked.deadline and now > locked.deadline:
            _finish(locked, now=now, expired=True)
            expired = True
        else:
            expired = False
            # Questions whose keys the learner was shown (immediate feedback) are frozen.
            allowed = set(locked.question_ids) - set(locked.revealed_ids or [])
            wanted = [pk for pk in question_ids if pk in allowed]
            rows = {}
            for row in compiled.attempt_answers(locked.pk, wanted):
                row.attempt = locked  # as ``locked.answers`` sets it
                rows[row.question_id] = row
            changed = []
            for pk in wanted:
                row = rows.get(pk)
                if row is None:
                    continue
                kind = get_type(row.question.type)
                prefix = f"q{pk}-"
                response = kind.parse(data, prefix)
                upload = files.get(f"{prefix}file") if files else None
                if upload is not None and hasattr(kind, "allowed"):
                    try:
                        validate_upload(upload, allowed=kind.allowed)
                    except ValueError as error:
                        errors[pk] = str(error)
                        continue
                    row.file.save(upload.name, upload, save=False)
                if row.file:
                    response["file"] = row.file.name
                if row.response == response and upload is None:
                    continue
                row.response = response
                row.saved_at = now
                changed.append(row)
            # One UPDATE whatever the number of answers that changed (usually the one the
            # learner just gave).
            fields = ["response", "file", "saved_at"]
            if len(changed) == 1:
                changed[0].save(update_fields=fields)
            elif changed:
                AttemptAnswer.objects.bulk_update(changed, fields)
            if page is not None and page != locked.page:
                locked.page = max(0, page)
                locked.save(update_fields=["page"])
    if expired:
        raise AttemptClosed
    return errors


@transaction.atomic
def attempt_leave_page(*, attempt: Attempt, question_ids: list[int], target_page: int) -> Attempt:
    """Immediate feedback: the learner answered these questions and left their page. Their
    keys may now be shown, so their answers are frozen, and the next page shows their
    feedback (``feedback_ids``). Only questions of the attempt count; the state is the
    server's, never a URL parameter."""
    locked = _lock(attempt)
    if locked.state != Attempt.State.IN_PROGRESS:
        raise AttemptClosed
    ids = [pk for pk in question_ids if pk in set(locked.question_ids)]
    revealed = list(locked.revealed_ids or [])
    revealed += [pk for pk in ids if pk not in revealed]
    locked.revealed_ids = revealed
    locked.feedback_ids = ids
    locked.page = max(0, target_page)
    locked.save(update_fields=["revealed_ids", "feedback_ids", "page"])
    return locked


@transaction.atomic
def attempt_clear_feedback(*, attempt: Attempt) -> None:
    """The feedback of the page just left has been shown once with the next page."""
    Attempt.objects.filter(pk=attempt.pk).exclude(feedback_ids=[]).update(feedback_ids=[])


# --- Submitting and grading -----------------------------------------------------------------


def _questions_with_answers(question_ids):
    return {
        q.pk: q
        for q in Question.objects.filter(pk__in=question_ids).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("position", "pk"))
        )
    }


def _grade_rows(attempt: Attempt, *, keep_manual: bool) -> None:
    rows = list(attempt.answers.all())
    questions = _questions_with_answers([row.question_id for row in rows])
    for row in rows:
        question = questions[row.question_id]
        kind = get_type(question.type)
        if keep_manual and kind.manual and row.graded_by_id:
            row.max_score = kind.max_score(question)
            row.save(update_fields=["max_score"])
            continue
        grade = kind.grade(question, row.response or {}, row.context or {})
        row.score, row.max_score, row.needs_grading = (
            grade.score,
            grade.max_score,
            grade.needs_grading,
        )
        row.save(update_fields=["score", "max_score", "needs_grading"])
    _total(attempt, rows)


def _total(attempt: Attempt, rows=None) -> None:
    """The attempt's total: the sum of its answers' scores, floored at 0 unless the test
    allows negative totals (Moodle does the same); pass mark and gradebook use this value."""
    rows = rows if rows is not None else list(attempt.answers.all())
    total = q2(sum((row.score or ZERO for row in rows), ZERO))
    if not attempt.quiz.allow_negative_total:
        total = max(total, ZERO)
    attempt.score = total
    attempt.max_score = q2(sum((row.max_score or ZERO for row in rows), ZERO))
    pending = any(row.needs_grading for row in rows)
    attempt.state = Attempt.State.PENDING if pending else Attempt.State.GRADED
    attempt.save(update_fields=["score", "max_score", "state", "submitted_at", "expired"])
    if attempt.state == Attempt.State.GRADED:
        report_to_learning_paths(attempt)


def _finish(attempt: Attempt, *, now, expired: bool) -> None:
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
    attempt.expired = expired
    _grade_rows(attempt, keep_manual=False)


def attempt_submit(*, attempt: Attempt, now=None) -> Attempt:
    """Close and grade the attempt; a second call (another tab) changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.state == Attempt.State.IN_PROGRESS:
            expired = bool(locked.deadline and now > locked.deadline)
            _finish(locked, now=now, expired=expired)
    return locked


def attempt_close_if_expired(*, attempt: Attempt, now=None) -> bool:
    now = now or timezone.now()
    if attempt.state != Attempt.State.IN_PROGRESS or not attempt.deadline:
        return False
    if now <= attempt.deadline:
        return False
    with transaction.atomic():
        locked = _lock(attempt)
        if locked.state != Attempt.State.IN_PROGRESS:
            return False
        _finish(locked, now=now, expired=True)
    attempt.refresh_from_db()
    return True


def close_expired_attempts(*, quiz: Quiz | None = None, user=None, now=None) -> int:
    """Close and grade every open attempt whose deadline has passed (the periodic task)."""
    now = now or timezone.now()
    if quiz is not None and user is not None:
        # One learner's, on every start of a test: SQL compiled once.
        attempts = compiled.EXPIRED_ATTEMPTS.all(quiz_id=quiz.pk, user_id=user.pk, now=now)
    else:
        attempts = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline__lt=now)
        if quiz is not None:
            attempts = attempts.filter(quiz=quiz)
        if user is not None:
            attempts = attempts.filter(user=user)
        attempts = attempts.only("pk", "state", "deadline")
    closed = 0
    for attempt in attempts:
        closed += attempt_close_if_expired(attempt=attempt, now=now)
    return closed


@transaction.atomic
def answer_grade_manually(*, row: AttemptAnswer, score: Decimal, comment: str, grader) -> Attempt:
    """The teacher's score and comment for one answer; the attempt's total follows."""
    attempt = _lock(row.attempt)
    if attempt.state == Attempt.State.IN_PROGRESS:
        raise AttemptClosed
    row.refresh_from_db()
    row.score = q2(max(min(score, row.max_score), -row.max_score))
    row.comment = comment
    row.needs_grading = False
    row.graded_by = grader
    row.save(update_fields=["score", "comment", "needs_grading", "graded_by"])
    _total(attempt)
    return attempt


@transaction.atomic
def quiz_regrade(*, quiz: Quiz) -> int:
    """Grade again every submitted attempt (after an answer key changed); manual grades stay."""
    count = 0
    attempts = quiz.attempts.exclude(state=Attempt.State.IN_PROGRESS).select_for_update()
    for attempt in attempts:
        _grade_rows(attempt, keep_manual=True)
        count += 1
    return count
