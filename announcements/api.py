"""What other apps may use from the announcements tool."""

from announcements.selectors import visible_announcements

__all__ = ["visible_announcements"]
