from django import template

register = template.Library()


@register.filter
def duration_hms(seconds) -> str:
    """3725 -> "1:02:05" (hours may exceed 24)."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
