from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.permissions import (
    GroupToolMode,
    course_groups,
    get_course_access,
    group_scope_filter,
    readable_group_ids,
    require_group_tool,
)
from courses.tests.factories import EnrollmentFactory
from groups import services
from groups.models import Group, Membership
from groups.tests.factories import GroupCategoryFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def learners(course, n):
    return [EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user for _ in range(n)]


def test_bulk_creation_skips_taken_names_and_applies_settings(course):
    GroupFactory(course=course, name="Team 2")
    category = GroupCategoryFactory(course=course)
    created = services.groups_create_bulk(
        course=course, count=3, prefix="Team", category=category, max_members=4, wiki="public"
    )
    assert [g.name for g in created] == ["Team 1", "Team 3", "Team 4"]
    assert {
        (g.max_members, g.wiki, g.category_id) for g in Group.objects.filter(category=category)
    } == {(4, "public", category.pk)}
    with pytest.raises(services.GroupRefused):
        services.groups_create_bulk(course=course, count=0, prefix="x")


def test_self_registration_window_room_and_category_limit(course):
    now = timezone.now()
    category = GroupCategoryFactory(course=course, groups_per_learner=1)
    open_group = GroupFactory(
        course=course,
        category=category,
        self_registration=True,
        max_members=1,
        self_unregistration=True,
    )
    other = GroupFactory(course=course, category=category, self_registration=True)
    closed = GroupFactory(
        course=course, self_registration=True, registration_closes=now - timedelta(hours=1)
    )
    not_open = GroupFactory(course=course, self_registration=False)
    a, b = learners(course, 2)
    services.group_self_register(group=open_group, user=a)
    with pytest.raises(services.GroupRefused, match="full"):
        services.group_self_register(group=open_group, user=b)
    with pytest.raises(services.GroupRefused, match="already belong"):
        services.group_self_register(group=other, user=a)  # one group per learner here
    with pytest.raises(services.GroupRefused, match="closed"):
        services.group_self_register(group=closed, user=b)
    with pytest.raises(services.GroupRefused):
        services.group_self_register(group=not_open, user=b)
    services.group_self_unregister(group=open_group, user=a)
    services.group_self_register(group=other, user=a)
    with pytest.raises(services.GroupRefused):
        services.group_self_unregister(group=other, user=a)  # no leaving on one's own here


def test_fill_shares_learners_without_group_evenly_up_to_the_maximum(course):
    g1 = GroupFactory(course=course, max_members=3)
    g2 = GroupFactory(course=course, max_members=3)
    people = learners(course, 8)
    MembershipFactory(group=g1, user=people[0])
    EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER)  # teachers are not placed
    placed = services.groups_fill(course=course)
    assert placed == 5  # 6 places, one taken already; two learners stay out
    sizes = sorted(g.memberships.count() for g in (g1, g2))
    assert sizes == [3, 3]
    assert services.groups_fill(course=course) == 0  # idempotent when full


def test_member_add_refuses_outsiders_and_full_groups(course_roles):
    course = course_roles["course"]
    group = GroupFactory(course=course, max_members=1)
    with pytest.raises(services.GroupRefused):
        services.member_add(group=group, user=course_roles["outsider"])
    services.member_add(group=group, user=course_roles["learner"])
    with pytest.raises(services.GroupRefused, match="full"):
        services.member_add(group=group, user=course_roles["tutor"])
    services.member_add(group=group, user=course_roles["tutor"], role=Membership.Role.TUTOR)


def test_permission_module_learns_group_scopes(course_roles):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    course = course_roles["course"]
    learner, other = course_roles["learner"], learners(course, 1)[0]
    group = GroupFactory(course=course, forums="private", wiki="public", chat="off")
    MembershipFactory(group=group, user=learner)
    mine = get_course_access(learner, course)
    theirs = get_course_access(other, course)
    teacher = get_course_access(course_roles["teacher"], course)
    assert require_group_tool(mine, group.pk, tool="forums", participate=True).is_member
    with pytest.raises(PermissionDenied):
        require_group_tool(theirs, group.pk, tool="forums")
    assert require_group_tool(theirs, group.pk, tool="wiki").can_view("wiki")
    with pytest.raises(PermissionDenied):
        require_group_tool(theirs, group.pk, tool="wiki", participate=True)
    with pytest.raises(Http404):
        require_group_tool(mine, group.pk, tool="chat")
    with pytest.raises(Http404):
        require_group_tool(mine, GroupFactory().pk, tool="forums")  # another course's group
    assert require_group_tool(teacher, group.pk, tool="forums", participate=True).can_moderate
    assert readable_group_ids(theirs, "forums") == set()
    assert readable_group_ids(mine, "forums") == {group.pk}
    assert [g.mode("chat") for g in course_groups(mine)] == [GroupToolMode.OFF]
    assert "group_id__isnull" in str(group_scope_filter(theirs, "forums"))


def test_pages(course_roles, client_for):
    course = course_roles["course"]
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(
        reverse("groups:bulk", kwargs={"code": course.code}),
        {
            "count": 2,
            "prefix": "Lab",
            "max_members": 0,
            "documents": "private",
            "forums": "private",
            "wiki": "public",
            "chat": "private",
            "announcements": "off",
            "agenda": "private",
            "conference": "off",
        },
    )
    assert response.status_code == 302, response.content
    assert Group.objects.filter(course=course).count() == 2
    group = Group.objects.get(name="Lab 1")
    group.self_registration = True
    group.save()
    learner = client_for(course_roles["learner"])
    index = learner.get(reverse("groups:index", kwargs={"code": course.code}))
    assert b"Lab 1" in index.content and b"Join" in index.content
    learner.post(reverse("groups:register", kwargs={"code": course.code, "group_id": group.pk}))
    assert Membership.objects.filter(group=group, user=course_roles["learner"]).exists()
    space = learner.get(reverse("groups:space", kwargs={"code": course.code, "group_id": group.pk}))
    assert space.status_code == 200
    assert (
        reverse("forums:group_index", kwargs={"code": course.code, "group_id": group.pk}).encode()
        in space.content
    )
    members = teacher.get(
        reverse("groups:members", kwargs={"code": course.code, "group_id": group.pk})
    )
    assert members.status_code == 200


def test_group_announcements_reach_only_the_group(course_roles, client_for):
    from announcements import selectors as announcement_selectors
    from announcements import services as announcement_services

    course = course_roles["course"]
    group = GroupFactory(course=course, announcements="private")
    member, other = course_roles["learner"], learners(course, 1)[0]
    MembershipFactory(group=group, user=member)
    item = announcement_services.announcement_create(
        course=course,
        author=course_roles["teacher"],
        title="Team news",
        content="<p>x</p>",
        group_id=group.pk,
    )
    announcement_services.announcement_create(
        course=course, author=course_roles["teacher"], title="For all", content="<p>y</p>"
    )

    def titles(user):
        access = get_course_access(user, course)
        return sorted(
            a.title for a in announcement_selectors.visible_announcements(course, access, user)
        )

    assert titles(member) == ["For all", "Team news"]
    assert titles(other) == ["For all"]
    assert titles(course_roles["teacher"]) == ["For all", "Team news"]
    assert list(announcement_services.announcement_recipients(item)) == [member]
    detail = reverse(
        "announcements:detail", kwargs={"code": course.code, "announcement_id": item.pk}
    )
    assert client_for(other).get(detail).status_code == 404
    assert client_for(member).get(detail).status_code == 200
    form = (
        client_for(course_roles["teacher"])
        .get(reverse("announcements:create", kwargs={"code": course.code}))
        .context["form"]
    )
    assert ("", "The whole course") in [(str(k), str(v)) for k, v in form.fields["group"].choices]
