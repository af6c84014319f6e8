import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.models import PlatformSettings
from courses import services
from courses.models import Course, CourseTool, DescriptionSection, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Creating courses -------------------------------------------------------------------------


def test_a_teacher_creates_a_course_and_becomes_its_teacher(client_for):
    teacher = UserFactory(platform_role="teacher")
    response = client_for(teacher).post(
        reverse("course_create"),
        {
            "code": "bio-101",
            "title": "Biology",
            "language": "en",
            "visibility": "members",
            "self_enrollment": "on",
        },
    )
    course = Course.objects.get()
    assert course.code == "BIO-101"  # codes are kept in capitals
    assert response.url == reverse("courses:home", kwargs={"code": "BIO-101"})
    assert Enrollment.objects.get(course=course).role == Enrollment.Role.TEACHER


def test_a_duplicate_course_code_is_refused_with_a_message(client_for):
    CourseFactory(code="BIO101")
    teacher = UserFactory(platform_role="teacher")
    response = client_for(teacher).post(
        reverse("course_create"),
        {"code": "bio101", "title": "Another", "language": "en", "visibility": "members"},
    )
    assert response.status_code == 200
    assert "A course with the code BIO101 already exists." in response.content.decode()
    assert Course.objects.count() == 1


def test_a_malformed_course_code_is_refused(client_for):
    teacher = UserFactory(platform_role="teacher")
    response = client_for(teacher).post(
        reverse("course_create"),
        {"code": "no spaces/please", "title": "X", "language": "en", "visibility": "members"},
    )
    assert response.status_code == 200
    assert not Course.objects.exists()
    assert response.context["form"].errors["code"]


def test_who_may_create_courses_follows_the_platform_setting(client_for):
    learner = UserFactory()
    assert client_for(learner).get(reverse("course_create")).status_code == 403
    settings_row = PlatformSettings.load()
    settings_row.course_creation = PlatformSettings.CourseCreation.ANYONE
    settings_row.save()
    assert client_for(learner).get(reverse("course_create")).status_code == 200


# --- Self-enrolment ---------------------------------------------------------------------------


def test_self_enrolment_with_the_right_key_and_only_once(client_for):
    course = CourseFactory(enrollment_key="s3same", visibility=Course.Visibility.OPEN_PLATFORM)
    user = UserFactory()
    client = client_for(user)
    url = reverse("courses:enroll", kwargs={"code": course.code})

    response = client.post(url, {"key": "wrong"}, follow=True)
    assert "The enrolment key is not correct." in messages_of(response)
    assert not Enrollment.objects.filter(user=user).exists()

    client.post(url, {"key": "s3same"})
    client.post(url, {"key": "s3same"})  # a double click
    assert Enrollment.objects.filter(user=user, course=course).count() == 1


def test_self_enrolment_closed_is_refused(client_for):
    course = CourseFactory(self_enrollment=False)
    user = UserFactory()
    response = client_for(user).post(
        reverse("courses:enroll", kwargs={"code": course.code}), follow=True
    )
    assert "This course does not accept self-enrolment." in messages_of(response)
    assert not Enrollment.objects.exists()


def test_self_unenrolment_only_when_allowed(client_for):
    enrollment = EnrollmentFactory(course__self_unenrollment=False)
    client = client_for(enrollment.user)
    url = reverse("courses:unenroll", kwargs={"code": enrollment.course.code})
    client.post(url)
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
    Course.objects.filter(pk=enrollment.course_id).update(self_unenrollment=True)
    client.post(url)
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()


def test_a_post_without_csrf_token_is_refused(course_roles):
    client = Client(enforce_csrf_checks=True)
    client.force_login(course_roles["teacher"])
    course = course_roles["course"]
    response = client.post(
        reverse("courses:settings", kwargs={"code": course.code}),
        {"title": "Hijacked", "language": "en", "visibility": "open_world"},
    )
    assert response.status_code == 403
    course.refresh_from_db()
    assert course.title == "Course one"


# --- Members ----------------------------------------------------------------------------------


def test_teacher_adds_changes_and_removes_members(course_roles, client_for):
    course, teacher = course_roles["course"], course_roles["teacher"]
    client = client_for(teacher)
    newcomer = UserFactory(username="newcomer", email="New.Comer@example.org")
    client.post(
        reverse("courses:member_add", kwargs={"code": course.code}),
        {"user": "new.comer@example.org", "role": "tutor"},
    )
    enrollment = Enrollment.objects.get(user=newcomer, course=course)
    assert enrollment.role == "tutor"

    client.post(
        reverse("courses:member_role", args=[course.code, enrollment.pk]), {"role": "learner"}
    )
    enrollment.refresh_from_db()
    assert enrollment.role == "learner"

    response = client.post(
        reverse("courses:member_role", args=[course.code, enrollment.pk]),
        {"role": "emperor"},
        follow=True,
    )
    assert "Unknown role." in messages_of(response)

    client.post(reverse("courses:member_remove", args=[course.code, enrollment.pk]))
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()


def test_the_last_teacher_cannot_be_removed_or_demoted(course_roles, client_for):
    course, teacher = course_roles["course"], course_roles["teacher"]
    enrollment = Enrollment.objects.get(user=teacher, course=course)
    client = client_for(teacher)
    response = client.post(
        reverse("courses:member_remove", args=[course.code, enrollment.pk]), follow=True
    )
    assert "A course keeps at least one teacher." in messages_of(response)
    client.post(
        reverse("courses:member_role", args=[course.code, enrollment.pk]), {"role": "learner"}
    )
    enrollment.refresh_from_db()
    assert enrollment.role == "teacher"


def test_a_member_of_another_course_cannot_be_reached_through_this_one(course_roles, client_for):
    other = EnrollmentFactory()  # another course, another member
    client = client_for(course_roles["teacher"])
    code = course_roles["course"].code
    assert client.post(reverse("courses:member_remove", args=[code, other.pk])).status_code == 404
    assert Enrollment.objects.filter(pk=other.pk).exists()


def test_adding_an_unknown_user_says_so(course_roles, client_for):
    response = client_for(course_roles["teacher"]).post(
        reverse("courses:member_add", kwargs={"code": course_roles["course"].code}),
        {"user": "nobody", "role": "learner"},
        follow=True,
    )
    assert "No user has this username or e-mail address." in messages_of(response)


# --- Tools ------------------------------------------------------------------------------------


def test_switched_off_and_hidden_tools(course_roles, client_for):
    course = course_roles["course"]
    learner, teacher = client_for(course_roles["learner"]), client_for(course_roles["teacher"])
    url = reverse("courses:description", kwargs={"code": course.code})
    home = reverse("courses:home", kwargs={"code": course.code})
    assert learner.get(url).status_code == 200

    services.course_tool_set(course=course, tool_key="description", visible=False)
    assert learner.get(url).status_code == 403
    assert 'data-tool="description"' not in learner.get(home).content.decode()
    assert teacher.get(url).status_code == 200

    services.course_tool_set(course=course, tool_key="description", enabled=False)
    assert learner.get(url).status_code == 404
    assert teacher.get(url).status_code == 200  # teachers still reach it to set it up
    assert 'data-tool="description"' in teacher.get(home).content.decode()


def test_teacher_toggles_a_tool_from_the_course_home(course_roles, client_for):
    course = course_roles["course"]
    client_for(course_roles["teacher"]).post(
        reverse("courses:tool_toggle", args=[course.code, "members"]),
        {"field": "enabled", "value": "0"},
    )
    assert CourseTool.objects.get(course=course, tool_key="members").enabled is False


def test_the_settings_tool_cannot_be_switched_off(course_roles, client_for):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        reverse("courses:tool_toggle", args=[course.code, "settings"]),
        {"field": "enabled", "value": "0"},
        follow=True,
    )
    assert "This tool cannot be switched off." in messages_of(response)
    assert not CourseTool.objects.filter(tool_key="settings").exists()


# --- Description ------------------------------------------------------------------------------


def test_description_sections_are_sanitised_and_one_per_kind(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    client.post(
        reverse("courses:description_add", args=[course.code, "objectives"]),
        {
            "title": "Goals",
            "content": '<p onclick="x()">Learn <script>alert(1)</script>'
            '<a href="javascript:alert(1)">this</a></p>',
        },
    )
    section = DescriptionSection.objects.get(course=course)
    assert "script" not in section.content
    assert "onclick" not in section.content
    assert "javascript:" not in section.content
    assert "Learn" in section.content
    # Adding the same kind again opens the existing section instead of a duplicate.
    response = client.get(reverse("courses:description_add", args=[course.code, "objectives"]))
    assert response.url == reverse("courses:description_edit", args=[course.code, section.pk])
    about = Client().get(reverse("courses:about", kwargs={"code": course.code}))
    assert "Goals" in about.content.decode()


# --- Catalogue --------------------------------------------------------------------------------


def test_catalogue_search_and_category_filter(client):
    from courses.tests.factories import CategoryFactory

    sciences = CategoryFactory(code="sci")
    physics = CategoryFactory(code="phys", parent=sciences)
    CourseFactory(title="Quantum physics", category=physics, visibility="open_platform")
    CourseFactory(title="Poetry", visibility="open_world")
    CourseFactory(title="Secret", visibility="closed")
    titles = lambda r: [c.title for c in r.context["page"].object_list]  # noqa: E731
    assert titles(client.get(reverse("catalogue"))) == ["Poetry", "Quantum physics"]
    assert titles(client.get(reverse("catalogue"), {"q": "quant"})) == ["Quantum physics"]
    # A parent category finds the courses of its sub-categories.
    assert titles(client.get(reverse("catalogue"), {"category": "sci"})) == ["Quantum physics"]


def test_teacher_updates_the_course_settings(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    url = reverse("courses:settings", kwargs={"code": course.code})
    data = {"title": "Renamed", "language": "fr", "visibility": "open_world", "enrollment_key": "k"}
    assert client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert (course.title, course.language, course.visibility) == ("Renamed", "fr", "open_world")
    response = client.post(url, {**data, "title": "", "visibility": "everyone"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "visibility"}
    assert '<h1 class="h3 mb-3">Course settings</h1>' in response.content.decode()
    course.refresh_from_db()
    assert course.title == "Renamed"
