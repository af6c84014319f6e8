"""``{% load numbers %}``: the one way pages show scores, marks, weights and percentages
(core.numbers). ``{{ work.score|num }} / {{ assignment.max_score|num }}`` -> "15.5 / 20";
``{{ attempt.percent|percent }}`` -> "87.5 %" ("87,5 %" in French, a no-break space);
``value="{{ cell.score|num_input }}"`` for an input a page writes by hand (exact, no rounding)."""

from django import template

from core.numbers import number_for_input, number_shown, percent_shown

register = template.Library()


@register.filter
def num(value, places=2):
    """A score, mark or weight: at most ``places`` decimals, no trailing zeros, localized;
    None gives "" (chain ``|default:"—"`` for a dash)."""
    return number_shown(value, int(places))


@register.filter
def percent(value, places=2):
    """A percentage with its sign, as the language writes it; None gives ""."""
    return percent_shown(value, int(places))


@register.filter
def num_input(value):
    """The value of a hand-written ``<input>`` editing a number: exact, no trailing zeros,
    localized ("15,5" in French); None gives "". Read it back with core.numbers.number_parsed."""
    return number_for_input(value)
