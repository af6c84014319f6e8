"""Template filters of the tests tool."""

from django import template

from assessments.selectors import points_shown
from core.html import html_to_text

register = template.Library()


@register.filter
def points(value):
    """An amount of points without trailing zeros: 6.50 -> 6.5, 3.00 -> 3 (None stays)."""
    return None if value is None else points_shown(value)


@register.filter
def plain_text(value):
    """Stored (sanitised) HTML as plain text, for an attribute the template escapes once."""
    return html_to_text(value or "")
