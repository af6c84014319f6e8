"""What other apps may use from the announcements tool."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement
from announcements.selectors import visible_announcements

__all__ = ["register_path_kinds", "visible_announcements"]


# --- Learning paths: an announcement as a path item ----------------------------------------


def _pickables(course):
    from learnpaths.api import Pickable

    everyone = Announcement.Audience.ALL
    return [
        Pickable(
            id=announcement.pk,
            title=announcement.title,
            icon="megaphone",
            learner_can_open=announcement.audience == everyone,
            detail="" if announcement.audience == everyone else str(_("Some learners only")),
        )
        for announcement in Announcement.objects.filter(course=course)
        .only("pk", "title", "audience")
        .order_by("-created_at")
    ]


def _learner_can_open(course, announcement_id: int) -> bool:
    """Only announcements for every member: one for named learners is not for the path."""
    return Announcement.objects.filter(
        course=course, pk=announcement_id, audience=Announcement.Audience.ALL
    ).exists()


def _launch_url(item) -> str:
    return reverse(
        "announcements:detail",
        kwargs={"code": item.path.course.code, "announcement_id": item.target_id},
    )


def register_path_kinds() -> None:
    """An announcement as a learning path item (done when read)."""
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="announcement",
            label=_("Announcement"),
            icon="megaphone",
            launch_url=_launch_url,
            field="target",
            learner_can_open=_learner_can_open,
            pickables=_pickables,
            tool="announcements",
        )
    )
