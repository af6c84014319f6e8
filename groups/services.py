"""Writes of the groups tool: categories, groups, memberships, self-registration, filling."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Enrollment
from groups import selectors
from groups.api import group_contents
from groups.models import Group, GroupCategory, Membership

MAX_BULK_GROUPS = 100


class GroupRefused(Exception):
    """A self-registration or a membership the rules refuse; the message says why."""


@transaction.atomic
def category_save(
    *,
    course: Course,
    name: str,
    groups_per_learner: int = 1,
    category: GroupCategory | None = None,
) -> GroupCategory:
    category = category or GroupCategory(course=course)
    category.name, category.groups_per_learner = name, groups_per_learner
    category.save()
    return category


@transaction.atomic
def category_delete(*, category: GroupCategory) -> None:
    """The category goes; its groups stay, without a category."""
    category.delete()


@transaction.atomic
def group_save(*, course: Course, group: Group | None = None, **fields) -> Group:
    """Create (group=None) or change a group; ``fields`` are Group's editable fields."""
    group = group or Group(course=course)
    for key, value in fields.items():
        setattr(group, key, value)
    if group.category_id and group.category.course_id != course.pk:
        raise GroupRefused(_("This category belongs to another course."))
    group.save()
    return group


@transaction.atomic
def groups_create_bulk(*, course: Course, count: int, prefix: str, **fields) -> list[Group]:
    """N groups named "<prefix> 1", "<prefix> 2"..., skipping names already taken.

    ``fields`` are applied to every group (category, max_members, tool modes, windows).
    """
    if not 1 <= count <= MAX_BULK_GROUPS:
        raise GroupRefused(_("Between 1 and %(max)d groups at once.") % {"max": MAX_BULK_GROUPS})
    taken = set(Group.objects.filter(course=course).values_list("name", flat=True))
    created, number = [], 0
    while len(created) < count:
        number += 1
        name = f"{prefix} {number}"
        if name in taken:
            continue
        created.append(Group(course=course, name=name, **fields))
    return Group.objects.bulk_create(created)


@transaction.atomic
def group_delete(*, group: Group, keep_content: bool) -> None:
    """Delete a group and decide the fate of what its spaces hold, all or nothing.

    ``keep_content`` True: every tool moves the group's content to the course (documents into
    a folder named after the group, and so on: ``groups.api.GroupContent.kept_as``); False:
    every tool deletes it. Files are removed from the disk only once the transaction commits.
    """
    for content in group_contents():
        content.release(
            course=group.course, group_id=group.pk, group_name=group.name, keep=keep_content
        )
    group.delete()


def _check_category_limit(group: Group, user) -> None:
    category = group.category
    if category is None or not category.groups_per_learner:
        return
    joined = (
        Membership.objects.filter(group__category=category, user=user, role=Membership.Role.MEMBER)
        .exclude(group=group)
        .count()
    )
    if joined >= category.groups_per_learner:
        raise GroupRefused(
            _("You already belong to %(count)d group(s) of “%(category)s”.")
            % {"count": joined, "category": category.name}
        )


def _check_room(group: Group) -> None:
    if group.max_members:
        members = group.memberships.filter(role=Membership.Role.MEMBER).count()
        if members >= group.max_members:
            raise GroupRefused(_("The group is full."))


@transaction.atomic
def member_add(*, group: Group, user, role: str = Membership.Role.MEMBER) -> Membership:
    """Add a course member to a group (a teacher's act: the category limit does not apply)."""
    if not Enrollment.objects.filter(course_id=group.course_id, user=user).exists():
        raise GroupRefused(_("Only members of the course can join its groups."))
    group = Group.objects.select_for_update().get(pk=group.pk)
    if role == Membership.Role.MEMBER:
        _check_room(group)
    membership, _created = Membership.objects.update_or_create(
        group=group, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def member_remove(*, group: Group, user) -> None:
    Membership.objects.filter(group=group, user=user).delete()


@transaction.atomic
def group_self_register(*, group: Group, user, now=None) -> Membership:
    """A learner joins a group on their own: it must allow it, be open, have room."""
    # Only the group row is locked: PostgreSQL cannot lock the nullable side of the join.
    group = (
        Group.objects.select_for_update(of=("self",)).select_related("category").get(pk=group.pk)
    )
    if not group.self_registration:
        raise GroupRefused(_("This group does not take members on their own."))
    if not group.registration_open(now or timezone.now()):
        raise GroupRefused(_("Joining this group is closed at the moment."))
    if Membership.objects.filter(group=group, user=user).exists():
        raise GroupRefused(_("You already belong to this group."))
    if not Enrollment.objects.filter(
        course_id=group.course_id, user=user, role=Enrollment.Role.LEARNER
    ).exists():
        raise GroupRefused(_("Only learners of the course can join its groups."))
    _check_room(group)
    _check_category_limit(group, user)
    return Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)


@transaction.atomic
def group_self_unregister(*, group: Group, user, now=None) -> None:
    if not group.self_unregistration:
        raise GroupRefused(_("You cannot leave this group on your own."))
    if not group.registration_open(now or timezone.now()):
        raise GroupRefused(_("The group's membership is settled: ask a teacher."))
    deleted, _rows = Membership.objects.filter(
        group=group, user=user, role=Membership.Role.MEMBER
    ).delete()
    if not deleted:
        raise GroupRefused(_("You are not a member of this group."))


@transaction.atomic
def groups_fill(*, course: Course, category: GroupCategory | None = None) -> int:
    """Share the learners in no group (of the category) among its groups that have room.

    Each learner goes to the least-filled group, respecting maximum sizes. Returns how many
    learners were placed; learners left over when every group is full stay out.
    """
    groups = Group.objects.select_for_update().filter(course=course)
    groups = groups.filter(category=category) if category else groups.filter(category__isnull=True)
    groups = list(groups.order_by("pk"))
    if not groups:
        return 0
    sizes = {
        group.pk: group.memberships.filter(role=Membership.Role.MEMBER).count() for group in groups
    }
    placed = []
    for enrollment in selectors.learners_without_group(course, category):
        room = [g for g in groups if not g.max_members or sizes[g.pk] < g.max_members]
        if not room:
            break
        target = min(room, key=lambda g: (sizes[g.pk], g.pk))
        sizes[target.pk] += 1
        placed.append(Membership(group=target, user=enrollment.user))
    Membership.objects.bulk_create(placed)
    return len(placed)
