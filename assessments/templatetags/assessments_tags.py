"""Template filters of the tests tool (scores and points: core's {% load numbers %})."""

from django import template

from core.html import html_to_text

register = template.Library()


@register.filter
def plain_text(value):
    """Stored (sanitised) HTML as plain text, for an attribute the template escapes once."""
    return html_to_text(value or "")
