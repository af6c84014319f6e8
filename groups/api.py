"""What the groups app offers other apps: a registry of what each tool keeps in a group's space.

When a group is deleted its content must not become unreachable: each tool that keeps rows
carrying a ``group_id`` registers one ``GroupContent`` (in its ``AppConfig.ready``), and the
groups app asks every registered tool what the group holds (for the confirmation page) and then
tells each to delete that content or to move it to the course, in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from courses.models import Course


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
