"""What other apps (the gradebook) may use from the tests tool; nothing else is public."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt, Quiz
from core.html import sanitize_html


@dataclass(frozen=True)
class TestScore:
    quiz_id: int
    title: str
    score: Decimal
    max_score: Decimal
    percent: Decimal | None
    passed: bool | None
    attempts: int


def course_tests(course) -> list[tuple[int, str]]:
    """(id, title) of a course's tests, for a gradebook to offer as items."""
    return list(Quiz.objects.filter(course=course).values_list("pk", "title"))


def learner_score(*, quiz_id: int, user) -> TestScore | None:
    """The learner's best or last graded score on a test (the test's setting), or None."""
    return learner_scores(quiz_id=quiz_id, user_ids=[user.pk]).get(user.pk)


def learner_scores(*, quiz_id: int, user_ids) -> dict[int, TestScore]:
    """The same for many learners at once (two queries), keyed by user id."""
    return {
        user_id: found
        for (_quiz_id, user_id), found in tests_scores(
            quiz_ids=[quiz_id], user_ids=user_ids
        ).items()
    }


def tests_scores(*, quiz_ids, user_ids) -> dict[tuple[int, int], TestScore]:
    """Each learner's counted score in each test (the test's rule: best or last graded
    attempt), in two queries whatever the number of tests and learners (the gradebook's
    columns at once): {(quiz id, user id): TestScore}."""
    quizzes = Quiz.objects.in_bulk(list(quiz_ids))
    if not quizzes:
        return {}
    graded: dict[tuple[int, int], list[Attempt]] = {}
    attempts = (
        Attempt.objects.filter(
            quiz_id__in=list(quizzes), user_id__in=list(user_ids), state=Attempt.State.GRADED
        )
        .only("score", "max_score", "submitted_at", "quiz_id", "user_id")
        .order_by("submitted_at", "pk")
    )
    for attempt in attempts:
        attempt.quiz = quizzes[attempt.quiz_id]
        graded.setdefault((attempt.quiz_id, attempt.user_id), []).append(attempt)
    scores = {}
    for key, attempts_of in graded.items():
        quiz = quizzes[key[0]]
        if quiz.gradebook_score == Quiz.GradebookScore.LAST:
            chosen = attempts_of[-1]
        else:
            # Compared exactly (score / max), not on the rounded percentage.
            chosen = max(
                attempts_of,
                key=lambda a: (a.score / a.max_score if a.max_score else 0, a.submitted_at),
            )
        scores[key] = TestScore(
            quiz_id=quiz.pk,
            title=quiz.title,
            score=chosen.score,
            max_score=chosen.max_score,
            percent=chosen.percent,
            passed=chosen.passed,
            attempts=len(attempts_of),
        )
    return scores


# --- Learning paths: tests as path items ---------------------------------------------------


def _pickables(course):
    from learnpaths.api import Pickable

    return [
        Pickable(
            id=quiz.pk,
            title=quiz.title,
            icon="ui-checks",
            learner_can_open=quiz.published,
            detail="" if quiz.published else str(_("Not published")),
        )
        for quiz in Quiz.objects.filter(course=course).only("pk", "title", "published")
    ]


def _learner_can_open(course, quiz_id: int) -> bool:
    return Quiz.objects.filter(course=course, pk=quiz_id, published=True).exists()


def _launch_url(item) -> str:
    return reverse(
        "assessments:start", kwargs={"code": item.path.course.code, "pk": item.target_id}
    )


def _create(*, course, user, title: str, text: str = "") -> int:
    """An empty, unpublished test (learning paths' "create on the spot"): the teacher adds
    its questions and publishes it in the tests tool."""
    return Quiz.objects.create(course=course, title=title[:250]).pk


def report_to_learning_paths(attempt: Attempt) -> None:
    """A graded attempt completes the test's items in the learner's paths, with the test's
    verdict (passed/failed against its pass mark) and score (learnpaths.api.report_outcome),
    and tells the gradebook the learner's test score changed (gradebook.api.grades_changed:
    certificates issued once the grading commits)."""
    from gradebook.api import grades_changed
    from learnpaths.api import report_outcome

    if attempt.state != Attempt.State.GRADED:
        return
    grades_changed(
        course_id=attempt.quiz.course_id,
        user_ids=[attempt.user_id],
        source="test",
        item_id=attempt.quiz_id,
    )
    passed = attempt.passed
    report_outcome(
        kind="test",
        target_id=attempt.quiz_id,
        user=attempt.user,
        course_id=attempt.quiz.course_id,
        status="completed" if passed is None else ("passed" if passed else "failed"),
        score=attempt.score,
        score_max=attempt.max_score or None,
    )


def _edit_url(course_code: str, target_id: int) -> str:
    """The object's own page in its tool, linked from the learning-path builder."""
    return reverse("assessments:quiz", kwargs={"code": course_code, "pk": target_id})


def register_path_kinds() -> None:
    """Tests as learning path items: done only when an attempt is graded (completion
    "report"); the test's own rules (attempts, timer, feedback) hold inside the player."""
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="test",
            label=_("Test"),
            icon="ui-checks",
            launch_url=_launch_url,
            field="target",
            completion="report",
            learner_can_open=_learner_can_open,
            pickables=_pickables,
            tool="assessments",
            scored=True,
            create=_create,
            create_label=_("New test"),
            edit_url=_edit_url,
        )
    )


def agenda_closing_dates(*, course_ids, user, start, end) -> list:
    """The closing dates of the published tests of these courses between start and end, as
    agenda entries (one query for every course). Registered as an agenda event source."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from agenda.api import AgendaEntry

    quizzes = Quiz.objects.filter(
        course_id__in=list(course_ids),
        published=True,
        closes_at__gte=start,
        closes_at__lt=end,
    ).select_related("course")
    return [
        AgendaEntry(
            key=f"quiz-{quiz.pk}",
            course_id=quiz.course_id,
            title=_("Test closes: %(title)s") % {"title": quiz.title},
            start=quiz.closes_at,
            url=reverse("assessments:quiz", kwargs={"code": quiz.course.code, "pk": quiz.pk}),
        )
        for quiz in quizzes
    ]


# --- Course interchange (backups.cartridge, backups.moodle) -------------------------------

QUIZ_IMPORT_FIELDS = ("description", "time_limit", "max_attempts", "opens_at", "closes_at")


def parsed_question(**fields):
    """A question to import, as the QTI/GIFT importers build them: ``type`` (a key of
    ``assessments.question_types``), ``title``, ``statement`` (HTML), ``score``, ``config``
    and ``answers`` (dicts of Answer fields: text, correct, score, feedback, data)."""
    from assessments.qti import ParsedQuestion

    return ParsedQuestion(**fields)


def check_question(parsed) -> None:
    """Check a parsed question's settings and answer rows as its type's editor would; raises
    ValueError with the reason (e.g. "Mark exactly one answer as correct.")."""
    from assessments.question_types import get_type

    try:
        kind = get_type(parsed.type)
    except KeyError:
        raise ValueError(parsed.type) from None
    kind.clean_config(dict(parsed.config))
    kind.clean_answers(None, parsed.answers)


def import_test(*, course, title: str, questions: list, user=None, **settings):
    """Create an unpublished test titled ``title`` holding the parsed questions (see
    ``parsed_question``; check each with ``check_question`` first), in order; ``settings``
    are Quiz fields among QUIZ_IMPORT_FIELDS. Returns the Quiz."""
    from assessments.qti import import_questions

    for parsed in questions:
        check_question(parsed)
    fields = {key: value for key, value in settings.items() if key in QUIZ_IMPORT_FIELDS}
    fields["description"] = sanitize_html(fields.get("description") or "")
    quiz = Quiz.objects.create(course=course, title=title[:250], **fields)
    import_questions(course=course, quiz=quiz, questions=questions, user=user)
    return quiz


@dataclass(frozen=True)
class ExportedQuestion:
    type: str
    title: str
    statement: str
    score: Decimal
    config: dict
    answers: list[dict]  # text, correct, score, feedback, data


@dataclass(frozen=True)
class ExportedTest:
    title: str
    description: str
    time_limit: int | None
    max_attempts: int | None
    questions: list[ExportedQuestion]


def export_tests(course) -> list[ExportedTest]:
    """The course's tests with their questions in order and answer keys; three queries."""
    from django.db.models import Prefetch

    from assessments.models import Answer, QuizQuestion

    rows = (
        QuizQuestion.objects.filter(quiz__course=course)
        .select_related("question")
        .prefetch_related(
            Prefetch("question__answers", queryset=Answer.objects.order_by("position", "pk"))
        )
        .order_by("quiz_id", "position", "pk")
    )
    by_quiz: dict[int, list[ExportedQuestion]] = {}
    for row in rows:
        question = row.question
        by_quiz.setdefault(row.quiz_id, []).append(
            ExportedQuestion(
                type=question.type,
                title=question.title,
                statement=question.statement,
                score=question.score,
                config=dict(question.config),
                answers=[
                    {
                        "text": answer.text,
                        "correct": answer.correct,
                        "score": answer.score,
                        "feedback": answer.feedback,
                        "data": dict(answer.data),
                    }
                    for answer in question.answers.all()
                ],
            )
        )
    return [
        ExportedTest(
            title=quiz.title,
            description=quiz.description,
            time_limit=quiz.time_limit,
            max_attempts=quiz.max_attempts,
            questions=by_quiz.get(quiz.pk, []),
        )
        for quiz in Quiz.objects.filter(course=course).order_by("pk")
    ]
