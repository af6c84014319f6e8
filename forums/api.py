"""What forums publish to other apps: a learning-path item kind and a grade source."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _launch_url(item) -> str:
    return reverse(
        "forums:thread", kwargs={"code": item.path.course.code, "thread_id": item.target_id}
    )


def _thread_choices(course) -> list[tuple[int, str]]:
    from forums.models import Thread

    return [
        (thread.pk, f"{thread.forum.title} › {thread.title}")
        for thread in Thread.objects.filter(forum__course=course, forum__group_id__isnull=True)
        .select_related("forum")
        .order_by("forum__position", "forum__title", "title")
    ]


def _learner_can_open(course, target_id) -> bool:
    from forums.models import Thread

    return Thread.objects.filter(
        pk=target_id, forum__course=course, forum__visible=True, forum__group_id__isnull=True
    ).exists()


def _graded_threads(course) -> list[tuple[int, str]]:
    from forums.models import Thread

    return list(
        Thread.objects.filter(forum__course=course, graded=True)
        .order_by("title")
        .values_list("pk", "title")
    )


def _scores(*, item_ids, user_ids) -> dict:
    from forums.models import ThreadGrade
    from gradebook.api import GradeScore

    grades = ThreadGrade.objects.filter(
        thread_id__in=list(item_ids), user_id__in=list(user_ids), thread__graded=True
    ).select_related("thread")
    return {
        (g.thread_id, g.user_id): GradeScore(
            score=Decimal(g.score), max_score=Decimal(g.thread.score_max)
        )
        for g in grades
    }


def report_posts(*, course, user_ids) -> dict[int, int]:
    """{user id: published posts signed with their name} in the course's forums (its groups'
    too): the course report's column (tracking/api.py); one query for every learner."""
    from django.db.models import Count

    from forums.models import Post

    return dict(
        Post.objects.filter(
            thread__forum__course=course,
            author_id__in=list(user_ids),
            status=Post.Status.APPROVED,
            anonymous=False,  # an anonymous post stays so in the report
        )
        .values("author_id")
        .annotate(count=Count("pk"))
        .values_list("author_id", "count")
    )


def register() -> None:
    from gradebook.api import GradeSource, register_grade_source
    from learnpaths.api import ItemKind, register_item_kind
    from tracking.api import ReportColumn, register_report_column

    register_report_column(
        ReportColumn(key="forum_posts", label=_("Forum posts"), tool="forums", values=report_posts)
    )

    register_item_kind(
        ItemKind(
            key="forum_thread",
            label=_("Forum thread"),
            icon="chat-square-text",
            launch_url=_launch_url,
            field="target",
            choices=_thread_choices,
            completion="report",
            learner_can_open=_learner_can_open,
        )
    )
    register_grade_source(
        GradeSource(
            key="forum_thread",
            label=_("Forum thread"),
            icon="chat-square-text",
            items=_graded_threads,
            scores=_scores,
        )
    )
