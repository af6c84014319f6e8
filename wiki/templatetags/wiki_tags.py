from django import template
from django.urls import reverse

register = template.Library()


def space_url(code: str, group_id: int | None, name: str, **kwargs) -> str:
    """A wiki address in the course's wiki or in a group's (same names, group_id added)."""
    if group_id:
        kwargs["group_id"] = group_id
    return reverse(f"wiki:{name}", kwargs={"code": code, **kwargs})


@register.simple_tag(takes_context=True)
def wiki_url(context, name, key=None, number=None):
    """{% wiki_url 'page' page.key %}: an address in the wiki space the page shows."""
    kwargs = {}
    if key is not None:
        kwargs["key"] = key
    if number is not None:
        kwargs["number"] = number
    return space_url(context["request"].course.code, context.get("wiki_group_id"), name, **kwargs)
