"""Course groups in course backups (backups.api): group categories, groups with their
settings (size, joining rules and window, which group tools are on) and their members and
tutors, by username: restored to the accounts of the same username
(backups.api.restore_user_links), so that what is addressed to a group (agenda events) reaches
the same people again. Someone with no account of that name is left out (and counted).

Names are unique in a course, so a category or a group is in conflict with the course's one of
the same name; a group kept by "skip" keeps its own members.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import (
    Provider,
    dump,
    dump_user_links,
    numbered,
    plan_conflicts,
    restore_rows,
    restore_user_links,
    select,
)
from groups.models import Group, GroupCategory, Membership

KIND = "groups.group"
CATEGORY_KIND = "groups.groupcategory"


def items(course) -> list[tuple[int, str]]:
    return list(Group.objects.filter(course=course).values_list("pk", "name"))


def export(course, selection, writer) -> dict:
    groups = select(Group.objects.filter(course=course), selection)
    categories = GroupCategory.objects.filter(course=course)
    if selection is not None:  # only the categories of the chosen groups
        categories = categories.filter(pk__in=groups.values("category_id"))
    return {
        "categories": dump(categories),
        "groups": dump(groups),
        "members": dump_user_links(
            Membership.objects.filter(group__in=groups), owner="group", fields=("role",)
        ),
    }


def _plan(rows, queryset, policy):
    existing = dict(queryset.values_list("name", "pk"))
    return plan_conflicts(
        rows,
        existing,
        key=lambda row: row["name"],
        rename=lambda row, n: row.update(name=numbered(row["name"], n)),
        policy=policy,
    )


def restore(course, data, files, conflict_policy, context) -> dict:
    categories_plan = _plan(
        data.get("categories", []), GroupCategory.objects.filter(course=course), conflict_policy
    )
    groups_plan = _plan(
        data.get("groups", []), Group.objects.filter(course=course), conflict_policy
    )
    Group.objects.filter(course=course, pk__in=groups_plan.replaced).delete()
    GroupCategory.objects.filter(course=course, pk__in=categories_plan.replaced).delete()
    context.remember(CATEGORY_KIND, categories_plan.kept)
    context.remember(KIND, groups_plan.kept)
    categories = restore_rows(
        GroupCategory,
        categories_plan.rows,
        context=context,
        map_as=CATEGORY_KIND,
        course_id=course.pk,
    )
    groups = restore_rows(
        Group,
        [
            # A group's category: restored with it, or the course's own it was kept for.
            {**row, "category_id": context.new_id(CATEGORY_KIND, row.get("category_id"))}
            for row in groups_plan.rows
        ],
        context=context,
        map_as=KIND,
        course_id=course.pk,
    )
    members, left_out = restore_user_links(
        Membership, data.get("members", []), owner="group", owners=groups, fields=("role",)
    )
    return {
        "categories": len(categories),
        "groups": len(groups),
        "members": members,
        "left_out": left_out,
    }


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Groups, with their members")),
            Group.objects.filter(course=course).count(),
        ),
        (str(_("Group categories")), GroupCategory.objects.filter(course=course).count()),
    ]


def empty(course) -> None:
    Group.objects.filter(course=course).delete()
    GroupCategory.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="groups",
    label=_("Groups"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=15,
)
