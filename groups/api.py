"""What the groups app offers other apps; nothing else of it is public (each edge is listed
in pyproject's import-linter contract).

- Groups' names and memberships, for tools' forms and accommodations.
- A registry of what each tool keeps in a group's space: when a group is deleted its content must
  not become unreachable. Each tool that keeps rows carrying a ``group_id`` registers one
  ``GroupContent`` (in its ``AppConfig.ready``), and the groups app asks every registered tool
  what the group holds (for the confirmation page) and then tells each to delete that content or
  to move it to the course, in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from courses.models import Course
from groups.models import Group, Membership


def course_group_choices(course_id: int) -> list[tuple[int, str]]:
    """(id, name) of every group of the course, by name: for a tool's forms. One query."""
    return list(
        Group.objects.filter(course_id=course_id).order_by("name", "pk").values_list("pk", "name")
    )


def member_group_ids(*, course_id: int, user_id: int) -> set[int]:
    """The ids of the course's groups the user belongs to as a member (not as the group's
    tutor). One query."""
    return set(
        Membership.objects.filter(
            group__course_id=course_id, user_id=user_id, role=Membership.Role.MEMBER
        ).values_list("group_id", flat=True)
    )


@dataclass(frozen=True)
class GroupContent:
    """One tool's content in groups' spaces.

    ``count(course, group_id) -> int``: how many items the group holds (0: nothing to say).
    ``release(*, course, group_id, group_name, keep) -> None``: called inside the deletion's
    transaction, before the group goes; ``keep`` True moves the content to the course (as
    ``kept_as`` tells the teacher), False deletes it. Must not fail on a group with nothing.
    """

    key: str
    label: str  # what the items are, plural ("Documents", "Wiki pages")
    kept_as: str  # what "move to the course" does with them, one sentence
    count: Callable[[Course, int], int]
    release: Callable[..., None]
    position: int = 100


_CONTENTS: dict[str, GroupContent] = {}


def register_group_content(content: GroupContent) -> None:
    """Called once per tool at start-up; registering the same key again replaces it."""
    _CONTENTS[content.key] = content


def group_contents() -> list[GroupContent]:
    """Every registered tool's content, in display order."""
    return sorted(_CONTENTS.values(), key=lambda content: (content.position, content.key))
