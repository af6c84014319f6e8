"""Scores, marks, weights and percentages on pages (core.numbers, {% load numbers %})."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.numbers import number_shown, percent_shown


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("15.00"), "15"),
        (Decimal("15.50"), "15.5"),
        (Decimal("15.25"), "15.25"),
        (Decimal("87.456"), "87.46"),
        (Decimal("87.455"), "87.46"),  # half up, not to even
        (Decimal("87.454"), "87.45"),
        (Decimal("20"), "20"),  # never "2E+1"
        (Decimal("100.00"), "100"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.001"), "0"),  # never "-0"
        (Decimal("-0.25"), "-0.25"),
        (12.5, "12.5"),
        (7, "7"),
        ("3.10", "3.1"),
        (None, ""),
        ("", ""),
        ("n/a", "n/a"),
    ],
)
def test_numbers_are_shown_without_useless_zeros(value, shown):
    with translation.override("en"):
        assert number_shown(value) == shown


def test_french_uses_a_comma_and_a_no_break_space_before_percent():
    with translation.override("fr"):
        assert number_shown(Decimal("15.50")) == "15,5"
        assert number_shown(Decimal("15.00")) == "15"
        assert percent_shown(Decimal("87.50")) == "87,5\u00a0%"
    with translation.override("en"):
        assert percent_shown(Decimal("87.50")) == "87.5 %"
        assert percent_shown(None) == ""


def test_places_can_be_fewer():
    with translation.override("en"):
        assert number_shown(Decimal("33.333"), 0) == "33"
        assert percent_shown(Decimal("66.5"), 0) == "67 %"


def test_template_filters():
    template = Template(
        "{% load numbers %}{{ score|num }} / {{ max|num }} ({{ pct|percent }}){{ none|num }}"
    )
    context = Context(
        {"score": Decimal("15.50"), "max": Decimal("20.00"), "pct": Decimal("77.50"), "none": None}
    )
    with translation.override("en"):
        assert template.render(context) == "15.5 / 20 (77.5 %)"
    with translation.override("fr"):
        assert template.render(context) == "15,5 / 20 (77,5\u00a0%)"


@pytest.mark.parametrize(
    "value, en, fr",
    [
        (Decimal("15.00"), "15", "15"),
        (Decimal("15.50"), "15.5", "15,5"),
        (Decimal("87.4567"), "87.4567", "87,4567"),  # exact: never rounded
        (Decimal("100.00"), "100", "100"),  # never "1E+2"
        (Decimal("12345.60"), "12345.6", "12345,6"),  # no grouping in an input
        (Decimal("-0.00"), "0", "0"),
        (Decimal("-2.50"), "-2.5", "-2,5"),
        (7.25, "7.25", "7,25"),
        (None, "", ""),
        ("abc", "abc", "abc"),
    ],
)
def test_inputs_show_numbers_exactly_without_useless_zeros(value, en, fr):
    from core.numbers import number_for_input

    with translation.override("en"):
        assert number_for_input(value) == en
    with translation.override("fr"):
        assert number_for_input(value) == fr


@pytest.mark.parametrize(
    "text, number",
    [
        ("15", Decimal("15")),
        ("15.5", Decimal("15.5")),
        ("15,5", Decimal("15.5")),
        (" 1 000,25 ", Decimal("1000.25")),
        ("1\u202f000.5", Decimal("1000.5")),
        ("-0.25", Decimal("-0.25")),
        (",5", Decimal("0.5")),
        ("87.4567", Decimal("87.4567")),
    ],
)
def test_typed_numbers_are_read_exactly(text, number):
    from core.numbers import number_parsed

    for language in ("en", "fr"):
        with translation.override(language):
            parsed = number_parsed(text)
            assert parsed == number and str(parsed) == str(number)


@pytest.mark.parametrize("text", ["", "abc", "1.000,5", "1e3", "NaN", "Infinity", "1..5", "--1"])
def test_what_is_not_a_typed_number_is_refused(text):
    from core.numbers import number_parsed

    with pytest.raises(ValueError):
        number_parsed(text)


def test_the_decimal_form_field_shows_and_reads_back_the_language_s_numbers():
    from django import forms

    from core.forms import DecimalField

    class Form(forms.Form):
        score = DecimalField(max_digits=7, decimal_places=2)

    with translation.override("fr"):
        html = str(Form(initial={"score": Decimal("15.50")})["score"])
        assert 'value="15,5"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
        form = Form(data={"score": "15,5"})
        assert form.is_valid() and form.cleaned_data["score"] == Decimal("15.5")
        # What was typed comes back as typed when the form is shown again with its errors.
        bad = Form(data={"score": "quinze"})
        assert not bad.is_valid() and 'value="quinze"' in str(bad["score"])
    with translation.override("en"):
        assert 'value="15.5"' in str(Form(initial={"score": Decimal("15.50")})["score"])
        # Django's checks still hold: three decimals do not fit two places.
        assert not Form(data={"score": "15.555"}).is_valid()
