"""Issue #10: self-enrolment only on open courses, closed courses on the members' home page,
category names per language, description sections in Chamilo's order, the course language."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses import selectors, services
from courses.models import Course, DescriptionSection, Enrollment
from courses.tests.factories import CategoryFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "visibility,allowed",
    [
        (Course.Visibility.OPEN_WORLD, True),
        (Course.Visibility.OPEN_PLATFORM, True),
        (Course.Visibility.MEMBERS, False),
        (Course.Visibility.CLOSED, False),
    ],
)
def test_only_open_courses_take_self_enrolment_whatever_the_switch(client_for, visibility, allowed):
    course = CourseFactory(visibility=visibility, self_enrollment=True)
    user = UserFactory()
    client = client_for(user)
    about = client.get(reverse("courses:about", args=[course.code]))
    client.post(reverse("courses:enroll", args=[course.code]))
    assert Enrollment.objects.filter(user=user, course=course).exists() is allowed
    if about.status_code == 200:
        assert about.context["request"].course_access.can_self_enroll is allowed
    with pytest.raises(services.EnrollmentError) if not allowed else _nothing():
        services.enrollment_self_enroll(user=UserFactory(), course=course)
    catalogue = client_for(UserFactory()).get(reverse("catalogue")).content.decode()
    if visibility != Course.Visibility.CLOSED:
        assert ("Enrolment by the teachers" in catalogue) is not allowed


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_closed_course_is_greyed_on_its_learners_home_page(client_for):
    course = CourseFactory(title="Shut", visibility=Course.Visibility.CLOSED)
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    page = client_for(learner).get(reverse("home")).content.decode()
    assert "Closed by its teacher" in page and "data-closed" in page
    assert f'href="{reverse("courses:home", args=[course.code])}"' not in page
    # The teacher still works in it.
    page = client_for(teacher).get(reverse("home")).content.decode()
    assert f'href="{reverse("courses:home", args=[course.code])}"' in page
    assert "data-closed" not in page
    # A learner who follows an old link is told the course is closed, not refused a role.
    response = client_for(learner).get(reverse("courses:home", args=[course.code]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "closed by its teacher" in body and "role you do not have" not in body
    outsider = client_for(UserFactory()).get(reverse("courses:home", args=[course.code]))
    assert outsider.status_code == 403
    assert "closed by its teacher" not in outsider.content.decode()


def test_category_names_show_in_the_viewers_language(client_for):
    category = CategoryFactory(name="Mathematics", names={"fr": "Mathématiques"})
    course = CourseFactory(category=category, visibility=Course.Visibility.OPEN_WORLD)
    english = UserFactory(language="en")
    french = UserFactory(language="fr")
    for user, shown, hidden in [
        (english, "Mathematics", "Mathématiques"),
        (french, "Mathématiques", "Mathematics"),
    ]:
        client = client_for(user)
        client.cookies["django_language"] = user.language
        page = client.get(reverse("catalogue"), HTTP_ACCEPT_LANGUAGE=user.language)
        body = page.content.decode()
        assert shown in body and hidden not in body, user.language
    course.refresh_from_db()
    assert CategoryFactory(name="Physics").localized_name == "Physics"  # no French name


def test_the_admin_edits_the_names_per_language(client_for):
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = client_for(admin).post(
        reverse("admin:courses_category_add"),
        {"code": "maths", "name": "Mathematics", "name_fr": "Mathématiques", "position": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from courses.models import Category

    assert Category.objects.get(code="maths").names == {"fr": "Mathématiques"}


def test_description_sections_follow_chamilos_order(course):
    written = ["custom", "assessment", "objectives", "human_resources", "description"]
    written += ["material", "methodology", "topics"]
    for kind in written:
        services.description_section_save(
            course=course, kind=kind, title="", content="<p>x</p>", section=None
        )
    services.description_section_save(
        course=course, kind="custom", title="Second custom", content="x", section=None
    )
    kinds = [section.kind for section in selectors.description_sections(course)]
    assert kinds == [
        "description",
        "objectives",
        "topics",
        "methodology",
        "material",
        "human_resources",
        "assessment",
        "custom",
        "custom",
    ]
    titles = [s.title for s in selectors.description_sections(course) if s.kind == "custom"]
    assert titles == ["Other section", "Second custom"]  # custom ones as written
    assert DescriptionSection.objects.count() == 9


def test_a_course_may_speak_its_own_language(course_roles, client_for):
    course = course_roles["course"]
    course.language = "fr"
    course.save()
    learner = course_roles["learner"]
    client = client_for(learner)
    home = reverse("courses:home", args=[course.code])
    assert "Members" in client.get(home).content.decode()  # the learner's English
    Course.objects.filter(pk=course.pk).update(use_course_language=True)
    page = client.get(home)
    assert page["Content-Language"] == "fr"
    assert "Membres" in page.content.decode()
    # Outside the course, the person's own language again.
    assert client.get(reverse("home"))["Content-Language"] == "en"
