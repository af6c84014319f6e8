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


# --- Course interchange (backups.cartridge, backups.moodle) -------------------------------


def import_forums(*, course, forums: list[dict], category: str = "") -> list:
    """Create forums from dicts ``{"title", "description", "visible"?}`` (HTML sanitised), in
    a forum category titled ``category`` (created when missing; "" for none). Returns the forums."""
    from forums.models import ForumCategory
    from forums.services import forum_save

    group = None
    if category:
        group = ForumCategory.objects.filter(course=course, title=category).first()
        group = group or ForumCategory.objects.create(course=course, title=category)
    return [
        forum_save(
            course=course,
            category=group,
            title=(data.get("title") or "")[:200],
            description=data.get("description") or "",
            visible=data.get("visible", True),
        )
        for data in forums
    ]


def export_forums(course) -> list[dict]:
    """The course's forums (groups' forums left out): ``{"title", "description"}``; one query."""
    from forums.models import Forum

    return [
        {"title": forum.title, "description": forum.description}
        for forum in Forum.objects.filter(course=course, group_id__isnull=True).order_by(
            "position", "pk"
        )
    ]
