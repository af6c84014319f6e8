"""Tests in course backups (backups.api): the question bank (categories, questions with their
images and answer keys) and the tests with their settings and ordered questions; never
attempts or answers given.

Chosen tests take the questions they use; the whole tool also takes the bank's unused
questions. A test is in conflict with the course's test of the same title; question
categories of the same name are the course's own.
"""

from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Question, QuestionCategory, Quiz, QuizQuestion
from backups.api import (
    Provider,
    delete_files_on_commit,
    dump,
    numbered,
    plan_conflicts,
    restore_rows,
    select,
)


def items(course) -> list[tuple[int, str]]:
    return list(Quiz.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    quizzes = select(Quiz.objects.filter(course=course), selection)
    links = dump(QuizQuestion.objects.filter(quiz__in=quizzes))
    questions = Question.objects.filter(course=course)
    if selection is not None:
        questions = questions.filter(pk__in={row["question_id"] for row in links})
    question_rows = dump(questions, writer=writer, tool="assessments")
    categories = QuestionCategory.objects.filter(
        pk__in={row["category_id"] for row in question_rows if row["category_id"]}
    )
    return {
        "categories": dump(categories),
        "questions": question_rows,
        "answers": dump(Answer.objects.filter(question__in=questions)),
        "quizzes": dump(quizzes),
        "quiz_questions": links,
    }


def _delete_quizzes(course, ids) -> None:
    """Delete tests with the questions only they used (and the questions' images)."""
    if not ids:
        return
    used = set(QuizQuestion.objects.filter(quiz_id__in=ids).values_list("question_id", flat=True))
    elsewhere = set(
        QuizQuestion.objects.filter(question_id__in=used)
        .exclude(quiz_id__in=ids)
        .values_list("question_id", flat=True)
    )
    orphans = Question.objects.filter(course=course, pk__in=used - elsewhere)
    images = list(orphans.values_list("image", flat=True))
    Quiz.objects.filter(course=course, pk__in=ids).delete()
    orphans.delete()
    delete_files_on_commit(images)


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Quiz.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("quizzes", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=255)),
        policy=conflict_policy,
    )
    _delete_quizzes(course, plan.replaced)
    context.remember("assessments.quiz", plan.kept)
    # The questions of skipped tests stay out; those of no test (the bank's) come in.
    links = data.get("quiz_questions", [])
    skipped = set(plan.kept)
    of_skipped = {row["question_id"] for row in links if row["quiz_id"] in skipped}
    of_kept = {row["question_id"] for row in links if row["quiz_id"] not in skipped}
    question_rows = [
        row
        for row in data.get("questions", [])
        if row["id"] in of_kept or row["id"] not in of_skipped
    ]
    category_rows = data.get("categories", [])
    known = {category.name: category for category in QuestionCategory.objects.filter(course=course)}
    categories = {row["id"]: known[row["name"]] for row in category_rows if row["name"] in known}
    categories.update(
        restore_rows(
            QuestionCategory,
            [row for row in category_rows if row["name"] not in known],
            context=context,
            course_id=course.pk,
        )
    )
    for row in question_rows:
        category = categories.get(row.get("category_id"))
        row["category_id"] = category.pk if category else None
    questions = restore_rows(
        Question,
        question_rows,
        context=context,
        files=files,
        file_fields=["image"],
        html=["statement"],
        course_id=course.pk,
    )
    answers = restore_rows(
        Answer,
        data.get("answers", []),
        context=context,
        html=["text", "feedback"],
        parent="question",
        parents=questions,
    )
    quizzes = restore_rows(
        Quiz,
        plan.rows,
        context=context,
        html=["description", "pass_message", "fail_message"],
        course_id=course.pk,
    )
    placed = []
    for row in links:
        quiz, question = quizzes.get(row["quiz_id"]), questions.get(row["question_id"])
        if quiz and question:
            placed.append({**row, "quiz_id": quiz.pk, "question_id": question.pk})
    restore_rows(QuizQuestion, placed, context=context)
    return {"tests": len(quizzes), "questions": len(questions), "answers": len(answers)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (str(_("Tests, with their attempts")), Quiz.objects.filter(course=course).count()),
        (str(_("Questions of the bank")), Question.objects.filter(course=course).count()),
    ]


def empty(course) -> None:
    images = list(Question.objects.filter(course=course).values_list("image", flat=True))
    Quiz.objects.filter(course=course).delete()
    Question.objects.filter(course=course).delete()
    QuestionCategory.objects.filter(course=course).delete()
    delete_files_on_commit(images)


PROVIDER = Provider(
    key="assessments",
    label=_("Tests"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=10,
)
