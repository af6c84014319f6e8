"""Events addressed to groups: their members (and the course's staff) see them, nobody else."""

from datetime import UTC, datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from agenda import selectors, services
from agenda.models import Event, FeedToken
from agenda.tests.test_agenda import _frozen, weekly_paris
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from groups.models import Membership
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db
START, END = datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 5, 1, tzinfo=UTC)


@pytest.fixture
def groups(course_roles):
    course = course_roles["course"]
    team_a, team_b = GroupFactory(course=course, name="A"), GroupFactory(course=course, name="B")
    MembershipFactory(group=team_a, user=course_roles["learner"])
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    MembershipFactory(group=team_b, user=other)
    tutor = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    MembershipFactory(group=team_a, user=tutor, role=Membership.Role.TUTOR)
    event = weekly_paris(
        course, course_roles["teacher"], audience=Event.Audience.GROUPS, groups=[team_a.pk]
    )
    return {
        **course_roles,
        "a": team_a,
        "b": team_b,
        "other": other,
        "gtutor": tutor,
        "event": event,
    }


def test_members_of_the_group_see_it_and_others_do_not(groups, client_for):
    learner, other = groups["learner"], groups["other"]
    assert len(selectors.personal_items(learner, START, END)) == 5
    assert len(selectors.personal_items(groups["gtutor"], START, END)) == 5
    assert selectors.personal_items(other, START, END) == []
    assert len(selectors.personal_items(groups["teacher"], START, END)) == 5
    url = reverse("agenda:event", kwargs={"code": "CRS1", "event_id": groups["event"].pk})
    assert client_for(learner).get(url).status_code == 200
    assert client_for(other).get(url).status_code == 404
    assert "Chosen groups: A" in client_for(groups["teacher"]).get(url).content.decode()
    course_page = reverse("agenda:index", args=["CRS1"]) + "?view=list&date=2027-03-15"
    assert b"Weekly seminar" in client_for(learner).get(course_page).content
    assert b"Weekly seminar" not in client_for(other).get(course_page).content


def test_feeds_follow_the_groups(groups, client_for):
    def feed_titles(user):
        token = FeedToken.objects.create(user=user)
        with _frozen(datetime(2027, 3, 1, tzinfo=UTC)):
            response = client_for(None).get(
                reverse("agenda_personal:feed", kwargs={"token": token.token})
            )
        calendar = icalendar.Calendar.from_ical(response.content)
        return [str(e["summary"]) for e in calendar.walk("VEVENT")]

    assert feed_titles(groups["learner"]).count("Weekly seminar") == 5
    assert "Weekly seminar" not in feed_titles(groups["other"])
    course_feed = client_for(groups["other"]).get(reverse("agenda:export", args=["CRS1"]))
    assert b"Weekly seminar" not in course_feed.content


def test_reminders_go_to_the_group_and_staff(groups):
    ids = set(services.event_recipients(groups["event"]).values_list("pk", flat=True))
    assert groups["learner"].pk in ids and groups["teacher"].pk in ids
    assert groups["other"].pk not in ids
    mail.outbox.clear()


def test_another_courses_group_is_dropped(groups):
    stranger = GroupFactory(course=CourseFactory())
    event = weekly_paris(
        groups["course"],
        groups["teacher"],
        audience=Event.Audience.GROUPS,
        groups=[groups["b"].pk, stranger.pk],
    )
    assert set(event.group_links.values_list("group_id", flat=True)) == {groups["b"].pk}


def test_the_form_and_the_groups_agenda(groups, client_for):
    teacher = client_for(groups["teacher"])
    create = reverse("agenda:create", kwargs={"code": "CRS1"})
    data = {
        "title": "Team meeting",
        "start_date": "2027-06-01",
        "start_time": "10:00",
        "audience": "groups",
    }
    response = teacher.post(create, data)
    assert response.status_code == 200 and b"Choose at least one group" in response.content
    response = teacher.post(create, {**data, "groups": [groups["b"].pk]})
    assert response.status_code == 302
    event = Event.objects.get(title="Team meeting")
    assert list(event.group_links.values_list("group_id", flat=True)) == [groups["b"].pk]
    # The group's agenda space.
    space = reverse("agenda:group_index", kwargs={"code": "CRS1", "group_id": groups["a"].pk})
    with _frozen(datetime(2027, 3, 1, tzinfo=UTC)):
        assert b"Weekly seminar" in client_for(groups["learner"]).get(space).content
        assert client_for(groups["other"]).get(space).status_code == 403
    groups["a"].agenda = "off"
    groups["a"].save()
    assert client_for(groups["learner"]).get(space).status_code == 404
