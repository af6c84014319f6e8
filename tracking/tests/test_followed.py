"""HR managers and tutors see the progress of the learners given to them, and nobody else's."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from learnpaths.models import LearningPath, PathAttempt
from learnpaths.tests.factories import LearningPathFactory
from tracking import buffer
from tracking.models import FollowedLearner
from tracking.services import FollowError, followed_add, hit_record, hits_flush

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_buffer():
    buffer.drain()
    yield
    buffer.drain()


def hr_manager(**kwargs):
    return UserFactory(platform_role="hr_manager", **kwargs)


def learner_in(courses, seconds=0):
    user = UserFactory()
    for course in courses:
        EnrollmentFactory(course=course, user=user, role=Enrollment.Role.LEARNER)
        if seconds:
            hit_record(user_id=user.pk, course_id=course.pk, tool="", at=time.time())
            buffer.push(("time", user.pk, course.pk, seconds, time.time()))
    return user


def test_only_hr_managers_and_tutors_may_follow(course_roles):
    learner = course_roles["learner"]
    with pytest.raises(FollowError):
        followed_add(follower=UserFactory(), learners=[learner])
    with pytest.raises(FollowError):
        followed_add(follower=course_roles["teacher"], learners=[learner])
    assert followed_add(follower=course_roles["tutor"], learners=[learner]) == 1
    manager = hr_manager()
    assert followed_add(follower=manager, learners=[learner, learner, manager]) == 1
    assert followed_add(follower=manager, learners=[learner]) == 0  # already followed


def test_the_follower_sees_progress_across_courses(client_for):
    maths, physics = CourseFactory(title="Maths"), CourseFactory(title="Physics")
    path = LearningPathFactory(course=maths)
    LearningPath.objects.filter(pk=path.pk).update(item_count=4)
    ann = learner_in([maths, physics], seconds=120)
    PathAttempt.objects.create(path=path, user=ann, done_count=2, seconds=600)
    bob = learner_in([physics], seconds=30)
    stranger = learner_in([maths, physics], seconds=999)
    hits_flush()
    manager = hr_manager()
    followed_add(follower=manager, learners=[ann, bob])
    client = client_for(manager)
    page = client.get(reverse("tracking_followed"))
    rows = {row.user.pk: row for row in page.context["rows"]}
    assert set(rows) == {ann.pk, bob.pk}  # never the stranger
    assert rows[ann.pk].seconds == 600 + 120  # Maths: the path's time wins; Physics: 120
    assert rows[ann.pk].progress == 50 and len(rows[ann.pk].courses) == 2
    assert rows[bob.pk].seconds == 30 and rows[bob.pk].progress is None
    assert stranger.username not in page.content.decode()
    detail = client.get(reverse("tracking_followed_detail", args=[ann.pk]))
    assert [item.course.title for item in detail.context["row"].courses] == ["Maths", "Physics"]
    assert f'data-course="{maths.code}"' in detail.content.decode()
    # Someone they do not follow: the same 404 as someone who does not exist.
    assert client.get(reverse("tracking_followed_detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("tracking_followed_detail", args=[999999])).status_code == 404
    # Another follower sees their own learners only; a plain user has no such page.
    other = hr_manager()
    followed_add(follower=other, learners=[stranger])
    rows = client_for(other).get(reverse("tracking_followed")).context["rows"]
    assert [row.user for row in rows] == [stranger]
    assert client_for(ann).get(reverse("tracking_followed")).status_code == 403
    assert (
        client_for(ann).get(reverse("tracking_followed_detail", args=[bob.pk])).status_code == 404
    )


def test_the_follower_page_costs_the_same_queries_for_5_and_50_learners(client_for):
    courses = [CourseFactory(), CourseFactory()]
    LearningPathFactory(course=courses[0])
    manager = hr_manager()
    client = client_for(manager)
    client.get(reverse("tracking_followed"))
    counts = []
    for size in (5, 45):
        followed_add(follower=manager, learners=[learner_in(courses, 60) for _ in range(size)])
        hits_flush()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("tracking_followed"))
        counts.append(len(queries))
    assert len(response.context["rows"]) == 50
    assert counts[0] == counts[1], counts


def test_administrators_give_learners_to_follow(client_for, course_roles):
    url = reverse("tracking_followers")
    assert client_for(course_roles["teacher"]).get(url).status_code == 302
    admin = client_for(course_roles["admin"])
    manager = hr_manager(username="hr")
    response = admin.post(url, {"follower": "hr", "users": "learner\noutsider"}, follow=True)
    assert "2 learners added to those hr follows." in response.content.decode()
    assert set(
        FollowedLearner.objects.filter(follower=manager).values_list("learner__username", flat=True)
    ) == {"learner", "outsider"}
    response = admin.post(url, {"follower": "outsider", "users": "learner"})
    assert response.status_code == 400
    assert "outsider is neither an HR manager nor a tutor." in response.content.decode()
    response = admin.post(url, {"follower": "hr", "users": "ghost"})
    assert response.status_code == 400 and "Unknown users: ghost." in response.content.decode()
    link = FollowedLearner.objects.get(follower=manager, learner__username="outsider")
    admin.post(reverse("tracking_follower_remove", args=[link.pk]))
    assert not FollowedLearner.objects.filter(pk=link.pk).exists()
    # The Django admin checks the follower the same way.
    add = reverse("admin:tracking_followedlearner_add")
    response = admin.post(
        add, {"follower": course_roles["outsider"].pk, "learner": course_roles["learner"].pk}
    )
    assert response.status_code == 200 and "neither an HR manager nor a tutor" in (
        response.content.decode()
    )
