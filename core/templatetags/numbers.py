"""``{% load numbers %}``: the one way pages show scores, marks, weights and percentages
(core.numbers). ``{{ work.score|num }} / {{ assignment.max_score|num }}`` -> "15.5 / 20";
``{{ attempt.percent|percent }}`` -> "87.5 %" ("87,5 %" in French, a no-break space)."""

from django import template

from core.numbers import number_shown, percent_shown

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
