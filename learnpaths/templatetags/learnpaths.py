from django import template

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as H:MM:SS, the way time spent is shown everywhere in the tool."""
    try:
        seconds = max(0, int(seconds or 0))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@register.filter
def get_kind_label(kinds, key) -> str:
    """The label of an item kind from the builder's {key: kind} map."""
    kind = kinds.get(key) if kinds else None
    return kind.label if kind else key
