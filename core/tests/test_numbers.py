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
