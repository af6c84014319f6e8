"""A new category or evaluation weighs what remains at its level by default (100 % minus its
siblings, never below 0), and the teacher is told when a level does not add up to 100 %."""

from decimal import Decimal

from gradebook import services
from gradebook.models import Category, Evaluation


def test_remaining_weight_by_level(course_roles):
    course = course_roles["course"]
    assert services.remaining_weight(course, None) == 100
    exams = services.category_create(course=course, name="Exams", weight=Decimal(60))
    assert services.remaining_weight(course, None) == 40
    assert services.remaining_weight(course, exams) == 100
    services.evaluation_create(course=course, name="Oral", category=exams, weight=Decimal(70))
    assert services.remaining_weight(course, exams) == 30
    # Categories and evaluations of one level share it.
    services.evaluation_create(course=course, name="Quiz", category=None, weight=Decimal(30))
    assert services.remaining_weight(course, None) == 10
    # Never below 0.
    services.evaluation_create(course=course, name="Essay", category=None, weight=Decimal(25))
    assert services.remaining_weight(course, None) == 0
    # Leaving out the one being edited.
    exams_id = exams.pk
    assert services.remaining_weight(course, None, exclude_category=exams_id) == 45


def test_services_without_a_weight_take_what_remains(course_roles):
    course = course_roles["course"]
    first = services.category_create(course=course, name="Exams", weight=Decimal(70))
    second = services.category_create(course=course, name="Work")
    assert second.weight == 30
    third = services.category_create(course=course, name="Bonus")
    assert third.weight == 0
    inside = services.evaluation_create(course=course, name="Oral", category=first)
    assert inside.weight == 100


def test_new_forms_start_at_what_remains_at_the_chosen_level(course_roles, client_for):
    course = course_roles["course"]
    exams = services.category_create(course=course, name="Exams", weight=Decimal(60))
    services.evaluation_create(course=course, name="Oral", category=exams, weight=Decimal(25))
    teacher = client_for(course_roles["teacher"])

    page = teacher.get("/courses/CRS1/gradebook/evaluations/new/").content.decode()
    assert 'name="weight" value="40"' in page  # the top level: 100 - 60
    page = teacher.get(f"/courses/CRS1/gradebook/evaluations/new/?category={exams.pk}")
    page = page.content.decode()
    assert 'name="weight" value="75"' in page  # inside Exams: 100 - 25
    assert f'<option value="{exams.pk}" selected>' in page
    assert "data-remaining-weights" in page and "gradebook/weights.js" in page
    page = teacher.get(f"/courses/CRS1/gradebook/categories/new/?parent={exams.pk}")
    assert 'name="weight" value="75"' in page.content.decode()
    # A level id from elsewhere is ignored: the top level.
    page = teacher.get("/courses/CRS1/gradebook/categories/new/?parent=99999").content.decode()
    assert 'name="weight" value="40"' in page


def test_a_weight_left_empty_is_what_remains_and_an_unbalanced_level_is_said(
    course_roles, client_for
):
    course = course_roles["course"]
    exams = services.category_create(course=course, name="Exams", weight=Decimal(60))
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(
        "/courses/CRS1/gradebook/evaluations/new/",
        {"name": "Oral", "category": exams.pk, "link": "offline", "weight": "", "max_score": "20"},
        follow=True,
    )
    assert Evaluation.objects.get(name="Oral").weight == 100
    page = response.content.decode()
    assert "The weights of the top level add up to 60 %, not 100 %." in page
    # The next category at the top level defaults to 40 and balances it: no warning left.
    response = teacher.post(
        "/courses/CRS1/gradebook/categories/new/",
        {"name": "Work", "parent": "", "weight": ""},
        follow=True,
    )
    assert Category.objects.get(name="Work").weight == 40
    assert "not 100 %" not in response.content.decode()
    # Editing keeps the typed weight and warns about its level.
    work = Category.objects.get(name="Work")
    response = teacher.post(
        f"/courses/CRS1/gradebook/categories/{work.pk}/",
        {"name": "Work", "parent": "", "weight": "50"},
        follow=True,
    )
    page = response.content.decode()
    assert "The weights of the top level add up to 110 %, not 100 %." in page
    assert 'data-testid="weights-warning"' in page


def test_level_warning_in_french(course_roles):
    from django.utils import translation

    course = course_roles["course"]
    exams = services.category_create(course=course, name="Exams", weight=Decimal(60))
    services.evaluation_create(course=course, name="Oral", category=exams, weight=Decimal(50))
    assert services.level_warning(course, exams) == (
        "The weights inside “Exams” add up to 50 %, not 100 %."
    )
    with translation.override("fr"):
        assert services.level_warning(course, exams) == (
            "Les poids dans « Exams » font 50\u00a0% au total, pas 100\u00a0%."
        )
        assert services.level_warning(course, None) == (
            "Les poids du premier niveau font 60\u00a0% au total, pas 100\u00a0%."
        )
