"""Every decimal a page edits goes through the one field in core (core.forms.DecimalField):
its input shows "15" and "15,5", not "15.00". A model's DecimalField or a form's DecimalField
declared the plain Django way would bring "15.00" back; these tests find any."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from core import fields as core_fields
from core import forms as core_forms


def _project_apps():
    for config in apps.get_app_configs():
        if str(settings.BASE_DIR) in str(config.path):
            yield config


def test_every_model_decimal_field_is_the_core_one():
    plain = [
        f"{model._meta.label}.{field.name}"
        for config in _project_apps()
        for model in config.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField)
        and not isinstance(field, core_fields.DecimalField)
    ]
    assert plain == []


def test_every_form_decimal_field_is_the_core_one():
    plain = []
    for config in _project_apps():
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.DecimalField) and not (
                    isinstance(field, core_forms.DecimalField)
                    and isinstance(field.widget, core_forms.DecimalInput)
                ):
                    plain.append(f"{module.__name__}.{name}.{field_name}")
    assert plain == []


def test_model_forms_edit_decimals_as_typed():
    from gradebook.forms import SettingsForm
    from gradebook.models import GradebookSettings

    instance = GradebookSettings(pass_mark=Decimal("62.50"))
    with translation.override("fr"):
        html = str(SettingsForm(instance=instance)["pass_mark"])
        assert 'value="62,5"' in html and "62.50" not in html
        form = SettingsForm(instance=instance, data={"pass_mark": "62,75", "scale": ""})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["pass_mark"] == Decimal("62.75")


@pytest.mark.django_db
def test_question_and_assignment_and_evaluation_pages_show_scores_without_zeros(
    course_roles, client_for
):
    from assignments.models import Assignment
    from gradebook import services as gradebook

    course = course_roles["course"]
    teacher = course_roles["teacher"]
    type(teacher).objects.filter(pk=teacher.pk).update(language="fr")
    assignment = Assignment.objects.create(course=course, title="Essay", max_score=Decimal("15.5"))
    evaluation = gradebook.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    client = client_for(teacher)
    page = client.get(f"/courses/{course.code}/assignments/{assignment.pk}/edit/").content.decode()
    assert 'value="15,5"' in page and "15.50" not in page
    page = client.get(
        f"/courses/{course.code}/gradebook/evaluations/{evaluation.pk}/"
    ).content.decode()
    assert 'name="max_score" value="20"' in page and "20.00" not in page
    assert 'name="weight" value="100"' in page


@pytest.mark.django_db
def test_hand_written_mark_inputs_show_and_read_french_numbers(course_roles, client_for):
    """The gradebook's marks page writes its inputs itself: same numbers as the form field."""
    from gradebook import services as gradebook
    from gradebook.grid import gradebook_grid

    course, learner = course_roles["course"], course_roles["learner"]
    teacher = course_roles["teacher"]
    type(teacher).objects.filter(pk=teacher.pk).update(language="fr")
    evaluation = gradebook.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    gradebook.marks_save(evaluation=evaluation, marks={learner.pk: Decimal("12.50")})
    url = f"/courses/{course.code}/gradebook/evaluations/{evaluation.pk}/marks/"
    client = client_for(teacher)
    page = client.get(url).content.decode()
    assert f'name="mark-{learner.pk}" value="12,5"' in page and "12.50" not in page
    response = client.post(url, {f"mark-{learner.pk}": "15,25"})
    assert response.status_code == 302
    assert gradebook_grid(course).cell(evaluation.pk, learner.pk).score == Decimal("15.25")
    response = client.post(url, {f"mark-{learner.pk}": "quinze"})
    assert response.status_code == 400
