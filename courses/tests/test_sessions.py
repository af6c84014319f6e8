"""Course sessions: dated editions of courses with their own learners and coaches."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses import services
from courses.models import Course, CourseSession, Enrollment, SessionCourse, SessionLearner
from courses.permissions import Role, get_course_access
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def make_session(name, *, starts=-10, ends=10, coach=None):
    today = timezone.localdate()
    return services.session_save(
        name=name,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
        general_coach=coach,
    )


@pytest.fixture
def two_sessions(course_roles):
    course = course_roles["course"]
    spring, autumn = make_session("Spring"), make_session("Autumn")
    coach_a, coach_b = UserFactory(username="coach-a"), UserFactory(username="coach-b")
    services.session_add_course(session=spring, course=course, coach=coach_a)
    services.session_add_course(session=autumn, course=course, coach=coach_b)
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    services.session_add_learners(session=spring, users=[ann])
    services.session_add_learners(session=autumn, users=[bob])
    return {
        "course": course,
        "spring": spring,
        "autumn": autumn,
        "coach_a": coach_a,
        "coach_b": coach_b,
        "ann": ann,
        "bob": bob,
    }


def test_learners_of_a_session_follow_each_of_its_courses(two_sessions):
    other = CourseFactory()
    spring = two_sessions["spring"]
    services.session_add_course(session=spring, course=other)
    enrolments = Enrollment.objects.filter(user=two_sessions["ann"]).order_by("course__code")
    assert {(e.course_id, e.session_id, e.role) for e in enrolments} == {
        (two_sessions["course"].pk, spring.pk, "learner"),
        (other.pk, spring.pk, "learner"),
    }
    # Removing the course takes the session's learners out of it, not the others.
    services.session_remove_course(link=SessionCourse.objects.get(session=spring, course=other))
    assert not Enrollment.objects.filter(course=other).exists()
    assert Enrollment.objects.filter(user=two_sessions["ann"]).count() == 1


def test_a_learner_follows_a_course_in_one_session_at_most(two_sessions, course_roles):
    autumn = two_sessions["autumn"]
    added, refused = services.session_add_learners(
        session=autumn, users=[two_sessions["ann"], course_roles["learner"], UserFactory()]
    )
    assert added == 1
    assert sorted(refused) == [
        "ann already follows CRS1 in the session Spring.",
        "learner already follows CRS1 outside any session.",
    ]
    # Adding a course some learner already follows elsewhere is refused as a whole.
    services.session_add_learners(session=two_sessions["spring"], users=[UserFactory(username="c")])
    second = make_session("Second spring")
    services.session_add_learners(session=second, users=[two_sessions["ann"]])
    with pytest.raises(services.SessionError, match="ann already follows CRS1"):
        services.session_add_course(session=second, course=two_sessions["course"])
    assert not SessionCourse.objects.filter(session=second).exists()


def test_a_coach_may_not_be_a_learner_of_the_course(two_sessions):
    link = SessionCourse.objects.get(session=two_sessions["spring"])
    with pytest.raises(services.SessionError):
        services.session_set_coach(link=link, coach=two_sessions["bob"])
    services.session_set_coach(link=link, coach=None)
    assert SessionCourse.objects.get(pk=link.pk).coach is None


def test_removing_a_learner_from_the_session_takes_them_out_of_its_courses(two_sessions):
    services.session_remove_learner(session=two_sessions["spring"], user=two_sessions["ann"])
    assert not Enrollment.objects.filter(user=two_sessions["ann"]).exists()
    assert not SessionLearner.objects.filter(user=two_sessions["ann"]).exists()


def test_dates_must_be_in_order():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.session_save(name="Wrong", starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1))
    same_day = services.session_save(
        name="One day", starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 2)
    )
    assert same_day.is_open_on(date(2026, 5, 2))


@pytest.mark.parametrize(
    "starts,ends,open_",
    [(0, 0, True), (-5, 0, True), (0, 5, True), (1, 5, False), (-5, -1, False)],
)
def test_a_session_learner_enters_from_the_first_to_the_last_day(
    two_sessions, client_for, starts, ends, open_
):
    today = timezone.localdate()
    CourseSession.objects.filter(pk=two_sessions["spring"].pk).update(
        starts_on=today + timedelta(days=starts), ends_on=today + timedelta(days=ends)
    )
    home = reverse("courses:home", kwargs={"code": two_sessions["course"].code})
    response = client_for(two_sessions["ann"]).get(home)
    if open_:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "open from" in response.content.decode()
    # The same answer without course_view's query (get_course_access reads it itself).
    access = get_course_access(
        two_sessions["ann"], Course.objects.get(pk=two_sessions["course"].pk)
    )
    assert access.can_participate is open_


def test_coaches_have_a_tutors_rights_in_their_sessions_courses(two_sessions, client_for):
    course = two_sessions["course"]
    general = UserFactory(username="general")
    CourseSession.objects.filter(pk=two_sessions["autumn"].pk).update(general_coach=general)
    for coach in (two_sessions["coach_a"], general):
        access = get_course_access(coach, course)
        assert access.role == Role.COACH and access.can_tutor and not access.can_manage
    report = reverse("tracking:course", kwargs={"code": course.code})
    assert client_for(two_sessions["coach_a"]).get(report).status_code == 200
    assert client_for(UserFactory()).get(report).status_code == 403
    settings_url = reverse("courses:settings", kwargs={"code": course.code})
    assert client_for(two_sessions["coach_a"]).get(settings_url).status_code == 403


def test_my_courses_lists_the_sessions_with_their_courses(two_sessions, client_for, course_roles):
    page = client_for(two_sessions["ann"]).get(reverse("home")).content.decode()
    assert "My sessions" in page and "Spring" in page and "Autumn" not in page
    entry = (
        reverse("courses:home", kwargs={"code": "CRS1"}) + f"?session={two_sessions['spring'].pk}"
    )
    assert entry in page
    # The coach sees the session they coach; a learner outside sessions sees no session.
    assert "Spring" in client_for(two_sessions["coach_a"]).get(reverse("home")).content.decode()
    plain = client_for(course_roles["learner"]).get(reverse("home")).content.decode()
    assert "My sessions" not in plain and "Course one" in plain


def test_entering_through_a_session_sets_the_context_for_the_visit(
    two_sessions, course_roles, client_for
):
    teacher = client_for(course_roles["teacher"])
    course, spring = two_sessions["course"], two_sessions["spring"]
    home = reverse("courses:home", kwargs={"code": course.code})
    report = reverse("tracking:course", kwargs={"code": course.code})
    names = lambda response: {row.user.username for row in response.context["rows"]}  # noqa: E731
    assert names(teacher.get(report)) == {"learner", "ann", "bob"}
    assert "Spring" in teacher.get(home, {"session": spring.pk}).content.decode()
    assert names(teacher.get(report)) == {"ann"}  # remembered for the course
    assert names(teacher.get(report, {"session": "all"})) == {"learner", "ann", "bob"}
    assert teacher.get(home, {"session": "999999"}).status_code == 404


def test_session_pages_are_for_administrators(client_for, course_roles):
    url = reverse("course_sessions:list")
    assert client_for(course_roles["teacher"]).get(url).status_code == 302
    admin = client_for(course_roles["admin"])
    assert admin.get(url).status_code == 200
    response = admin.post(
        reverse("course_sessions:create"),
        {"name": "Summer", "starts_on": "2026-06-01", "ends_on": "2026-05-01"},
    )
    assert (
        response.status_code == 200 and "cannot end before it starts" in response.content.decode()
    )
    response = admin.post(
        reverse("course_sessions:create"),
        {
            "name": "Summer",
            "starts_on": "2026-06-01",
            "ends_on": "2026-08-31",
            "general_coach": "tutor",
        },
    )
    session = CourseSession.objects.get(name="Summer")
    assert response["Location"] == reverse("course_sessions:detail", args=[session.pk])
    assert session.general_coach == course_roles["tutor"]
    admin.post(
        reverse("course_sessions:course_add", args=[session.pk]),
        {"course": "crs1", "coach": "outsider"},
    )
    assert SessionCourse.objects.get(session=session).coach == course_roles["outsider"]
    newcomer = UserFactory(username="newcomer")
    response = admin.post(
        reverse("course_sessions:learners_add", args=[session.pk]),
        {"users": "newcomer, learner"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "1 learner added." in page and "learner already follows CRS1 outside any session." in page
    )
    assert Enrollment.objects.get(user=newcomer).session == session
    response = admin.post(
        reverse("course_sessions:learners_add", args=[session.pk]), {"users": "nobody-here"}
    )
    assert (
        response.status_code == 400 and "Unknown users: nobody-here." in response.content.decode()
    )
    detail = admin.get(reverse("course_sessions:detail", args=[session.pk])).content.decode()
    assert 'data-learner="newcomer"' in detail and 'data-course="CRS1"' in detail
    admin.post(reverse("course_sessions:learner_remove", args=[session.pk, newcomer.pk]))
    assert not Enrollment.objects.filter(user=newcomer).exists()
    assert admin.get(reverse("course_sessions:detail", args=[999999])).status_code == 404


def test_the_admin_adds_courses_and_learners_through_the_services(client_for, course_roles):
    admin = client_for(course_roles["admin"])
    newcomer = UserFactory(username="newcomer")
    data = {
        "name": "Admin made",
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "general_coach": "",
        "session_courses-TOTAL_FORMS": "1",
        "session_courses-INITIAL_FORMS": "0",
        "session_courses-0-course": str(course_roles["course"].pk),
        "session_courses-0-coach": "",
        "session_courses-0-position": "0",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": str(newcomer.pk),
    }
    response = admin.post(reverse("admin:courses_coursesession_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = CourseSession.objects.get(name="Admin made")
    assert Enrollment.objects.get(user=newcomer, course=course_roles["course"]).session == session


def test_the_members_page_shows_a_session_learner_and_leaves_them_to_the_session(
    two_sessions, course_roles, client_for
):
    course = two_sessions["course"]
    teacher = client_for(course_roles["teacher"])
    members = reverse("courses:members", kwargs={"code": course.code})
    assert "Session Spring" in teacher.get(members).content.decode()
    enrollment = Enrollment.objects.get(user=two_sessions["ann"], course=course)
    response = teacher.post(
        reverse(
            "courses:member_remove", kwargs={"code": course.code, "enrollment_id": enrollment.pk}
        ),
        follow=True,
    )
    assert "ann follows this course in the session Spring; change it there." in (
        response.content.decode()
    )
    teacher.post(
        reverse(
            "courses:member_role", kwargs={"code": course.code, "enrollment_id": enrollment.pk}
        ),
        {"role": "tutor"},
    )
    assert Enrollment.objects.get(pk=enrollment.pk).role == "learner"


def test_my_sessions_lists_running_and_coming_sessions_before_ended_ones():
    from courses.selectors import user_sessions

    learner = UserFactory()
    ended = make_session("Ended", starts=-30, ends=-1)
    coming = make_session("Coming", starts=5, ends=20)
    running = make_session("Running", starts=-1, ends=40)
    for session in (ended, coming, running):
        services.session_add_learners(session=session, users=[learner])
    assert [s.name for s in user_sessions(learner)] == ["Running", "Coming", "Ended"]


def test_administrators_find_their_pages_on_the_home_page(client_for, course_roles):
    """Sessions, who follows which learners and the platform's statistics: linked for
    administrators (the tutors' empty page says an administrator gives them learners)."""
    pages = [
        reverse("course_sessions:list"),
        reverse("tracking_followers"),
        reverse("tracking_platform"),
    ]
    home = client_for(course_roles["admin"]).get(reverse("home")).content.decode()
    assert all(f'href="{url}"' in home for url in pages)
    home = client_for(course_roles["teacher"]).get(reverse("home")).content.decode()
    assert not any(f'href="{url}"' in home for url in pages)
