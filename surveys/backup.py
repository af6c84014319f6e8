"""Surveys in course backups (backups.api): each survey's settings, its questions with their
options and conditions ("shown only if this answer was given"); never responses, answers,
invitations or who has answered.

A survey is in conflict with the course's survey of the same title (case aside). Learning-path
items and gradebook evaluations drawn from a survey find its restored copy through the id map
"surveys.survey".
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, numbered, plan_conflicts, restore_rows, select
from surveys.models import Option, Question, Survey

KIND = "surveys.survey"


def items(course) -> list[tuple[int, str]]:
    return list(Survey.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    surveys = select(Survey.objects.filter(course=course), selection)
    return {
        "surveys": dump(surveys),
        "questions": dump(Question.objects.filter(survey__in=surveys)),
        "options": dump(Option.objects.filter(question__survey__in=surveys)),
    }


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Survey.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("surveys", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=250)),
        policy=conflict_policy,
    )
    Survey.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember(KIND, plan.kept)
    surveys = restore_rows(
        Survey,
        plan.rows,
        context=context,
        map_as=KIND,
        html=["intro", "thanks"],
        course_id=course.pk,
    )
    question_rows = data.get("questions", [])
    conditions = {row["id"]: row.get("condition_option_id") for row in question_rows}
    questions = restore_rows(
        Question,
        [{**row, "condition_option_id": None} for row in question_rows],
        context=context,
        html=["text"],
        parent="survey",
        parents=surveys,
    )
    options = restore_rows(
        Option, data.get("options", []), context=context, parent="question", parents=questions
    )
    # A condition names an option of an earlier question: restored above, so its new id is
    # known now; one that was not restored leaves the question always shown.
    for old_id, question in questions.items():
        option = options.get(conditions[old_id])
        question.condition_option_id = option.pk if option else None
    Question.objects.bulk_update(list(questions.values()), ["condition_option_id"], batch_size=500)
    return {"surveys": len(surveys), "questions": len(questions), "options": len(options)}


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Surveys, with their answers and invitations")),
            Survey.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    Survey.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="surveys",
    label=_("Surveys"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
