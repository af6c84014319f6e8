"""A room per group: its members, its tutors and the course's staff only; moderators are the
group's tutors and the course's teachers and tutors."""

from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest
from django.urls import reverse

from conference import services
from conference.models import Attendance, Room
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from groups.models import Membership
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(course_roles):
    course = course_roles["course"]
    group = GroupFactory(course=course, name="Team A")
    MembershipFactory(group=group, user=course_roles["learner"])
    tutor = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    MembershipFactory(group=group, user=tutor, role=Membership.Role.TUTOR)
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    return {**course_roles, "group": group, "gtutor": tutor, "other": other}


def _url(team, name):
    suffix = "" if name == "index" else f"_{name}"
    return reverse(
        f"conference:group{suffix if suffix else '_index'}", args=["CRS1", team["group"].pk]
    )


def test_the_group_tutor_starts_and_a_member_joins(team, client_for, bbb_configured):
    tutor, member = client_for(team["gtutor"]), client_for(team["learner"])
    assert b"Team A" in tutor.get(_url(team, "index")).content
    started = tutor.post(_url(team, "start"))
    assert started.status_code == 302
    room = Room.objects.get(group_id=team["group"].pk)
    assert room != services.course_room(team["course"])
    assert parse_qs(urlsplit(started.url).query)["password"] == [room.moderator_pw]
    urlopen(started.url).read()
    joined = member.post(_url(team, "join"))
    assert joined.status_code == 302
    assert parse_qs(urlsplit(joined.url).query)["password"] == [room.attendee_pw]
    teacher = client_for(team["teacher"]).post(_url(team, "join"))
    assert parse_qs(urlsplit(teacher.url).query)["password"] == [room.moderator_pw]
    roles = dict(Attendance.objects.values_list("user__username", "role"))
    assert roles[team["gtutor"].username] == "moderator"
    assert roles[team["learner"].username] == "attendee"
    assert roles[team["teacher"].username] == "moderator"


def test_outsiders_are_refused(team, client_for, bbb_configured):
    other = client_for(team["other"])
    assert other.get(_url(team, "index")).status_code == 403
    assert other.post(_url(team, "join")).status_code == 403
    assert other.post(_url(team, "start")).status_code == 403
    # A member who is not the group's tutor may not start or end it.
    member = client_for(team["learner"])
    assert member.post(_url(team, "start")).status_code == 403
    assert member.post(_url(team, "end")).status_code == 403
    # Even a public room is joined by the group only.
    team["group"].conference = "public"
    team["group"].save()
    assert other.get(_url(team, "index")).status_code == 200
    assert other.post(_url(team, "join")).status_code == 403
    assert not Attendance.objects.exists()
    team["group"].conference = "off"
    team["group"].save()
    assert member.get(_url(team, "index")).status_code == 404
