"""What other tools may use from the groups tool; nothing else of it is public.

Tools reach groups' names and memberships here (listed edges in pyproject's import-linter
contract), never through the groups models.
"""

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
