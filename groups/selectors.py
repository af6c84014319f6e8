"""Reads of the groups tool, and the directory the permission module asks about groups."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from courses.models import Course, Enrollment
from courses.permissions import GroupFacts
from groups.api import group_contents
from groups.models import Group, GroupCategory, Membership


def _facts_queryset(course_id: int, user_id: int | None) -> QuerySet[Group]:
    groups = Group.objects.filter(course_id=course_id).order_by("name", "pk")
    if user_id is None:
        return groups
    mine = Membership.objects.filter(group=OuterRef("pk"), user_id=user_id)
    return groups.annotate(
        viewer_member=Exists(mine.filter(role=Membership.Role.MEMBER)),
        viewer_tutor=Exists(mine.filter(role=Membership.Role.TUTOR)),
    )


def _facts(group: Group) -> GroupFacts:
    return GroupFacts(
        id=group.pk,
        course_id=group.course_id,
        name=group.name,
        tool_modes=group.tool_modes,
        is_member=bool(getattr(group, "viewer_member", False)),
        is_tutor=bool(getattr(group, "viewer_tutor", False)),
    )


class Directory:
    """What courses.permissions learns of groups (registered in GroupsConfig.ready)."""

    def group(self, *, course_id: int, group_id: int, user_id: int | None) -> GroupFacts | None:
        group = _facts_queryset(course_id, user_id).filter(pk=group_id).first()
        return _facts(group) if group else None

    def groups(self, *, course_id: int, user_id: int | None) -> list[GroupFacts]:
        return [_facts(group) for group in _facts_queryset(course_id, user_id)]

    def member_ids(self, *, course_id: int, group_id: int) -> set[int]:
        return set(
            Membership.objects.filter(group_id=group_id, group__course_id=course_id).values_list(
                "user_id", flat=True
            )
        )

    def user_group_ids(self, *, user_id: int) -> set[int]:
        return set(Membership.objects.filter(user_id=user_id).values_list("group_id", flat=True))


def course_categories(course: Course) -> list[GroupCategory]:
    """Categories with their groups, member counts and members, in three queries."""
    groups = Group.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__role=Membership.Role.MEMBER))
    ).order_by("name", "pk")
    return list(
        GroupCategory.objects.filter(course=course).prefetch_related(
            Prefetch("groups", queryset=groups)
        )
    )


def uncategorised_groups(course: Course) -> list[Group]:
    return list(
        Group.objects.filter(course=course, category__isnull=True)
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__role=Membership.Role.MEMBER))
        )
        .order_by("name", "pk")
    )


def user_group_ids(course: Course, user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(group__course=course, user=user).values_list(
            "group_id", flat=True
        )
    )


def group_members(group: Group) -> list[Membership]:
    return list(group.memberships.select_related("user").order_by("role", "user__username"))


def learners_without_group(course: Course, category: GroupCategory | None = None):
    """The course's learners in no group (of the category, when one is given)."""
    in_group = Membership.objects.filter(group__course=course, user=OuterRef("user"))
    if category is not None:
        in_group = in_group.filter(group__category=category)
    return (
        Enrollment.objects.filter(course=course, role=Enrollment.Role.LEARNER)
        .filter(~Exists(in_group))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def group_holdings(group: Group) -> list[dict]:
    """What the group's spaces hold, per tool that has something: key, label, count, kept_as
    (what moving it to the course does). One count query per registered tool."""
    holdings = []
    for content in group_contents():
        count = content.count(group.course, group.pk)
        if count:
            holdings.append(
                {
                    "key": content.key,
                    "label": content.label,
                    "count": count,
                    "kept_as": content.kept_as,
                }
            )
    return holdings
