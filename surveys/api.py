"""What other apps may use from surveys: nothing but what the registrations below publish.

- Gradebook source "survey": answering a survey counts 1 out of 1 (whatever the answers, and
  without revealing them: only the "has answered" marker is read).
- Learning-path item kind "survey": completed when the learner sends the questionnaire
  (services.response_submit calls learnpaths.api.report_outcome).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _items(course) -> list[tuple[int, str]]:
    from surveys.models import Survey

    return list(Survey.objects.filter(course=course).values_list("pk", "title"))


def _scores(*, item_ids, user_ids) -> dict:
    from gradebook.api import GradeScore
    from surveys.models import Participation

    answered = Participation.objects.filter(
        survey_id__in=list(item_ids), user_id__in=list(user_ids)
    ).values_list("survey_id", "user_id")
    return {
        (survey_id, user_id): GradeScore(score=Decimal(1), max_score=Decimal(1), passed=True)
        for survey_id, user_id in answered
    }


def _launch_url(item) -> str:
    return reverse("surveys:answer", args=[item.path.course.code, item.target_id])


def _learner_can_open(course, target_id) -> bool:
    from surveys.models import Survey

    return Survey.objects.filter(course=course, pk=target_id, published=True).exists()


def register() -> None:
    from gradebook.api import GradeSource, register_grade_source
    from learnpaths.api import ItemKind, register_item_kind

    register_grade_source(
        GradeSource(
            key="survey", label=_("Survey"), icon="clipboard-data", items=_items, scores=_scores
        )
    )
    register_item_kind(
        ItemKind(
            key="survey",
            label=_("Survey"),
            icon="clipboard-data",
            launch_url=_launch_url,
            field="target",
            choices=_items,
            completion="report",
            learner_can_open=_learner_can_open,
        )
    )
