"""What the wiki publishes to other apps: a learning-path item kind (done once viewed)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _launch_url(item) -> str:
    from wiki.models import WikiPage

    page = WikiPage.objects.filter(pk=item.target_id).only("key").first()
    return reverse(
        "wiki:page", kwargs={"code": item.path.course.code, "key": page.key if page else "-"}
    )


def _choices(course) -> list[tuple[int, str]]:
    from wiki.models import WikiPage

    return list(
        WikiPage.objects.filter(course=course, group_id__isnull=True)
        .order_by("title")
        .values_list("pk", "title")
    )


def _learner_can_open(course, target_id) -> bool:
    from wiki.models import WikiPage

    return WikiPage.objects.filter(
        course=course, pk=target_id, group_id__isnull=True, visible=True
    ).exists()


def register() -> None:
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="wiki_page",
            label=_("Wiki page"),
            icon="journal-text",
            launch_url=_launch_url,
            field="target",
            choices=_choices,
            completion="open",
            learner_can_open=_learner_can_open,
        )
    )
