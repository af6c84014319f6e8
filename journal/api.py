"""What other apps may use from the class journal: the course home's progress line."""

from django.utils.translation import gettext as _

from courses.caching import course_cached
from journal.selectors import progress_percent


def home_summary(course) -> str:
    """ "42 % done" for the course home's journal card; "" when the journal has no advance.
    The percentage is kept per course version (journal/signals.py moves it on a change): no
    query on a course home seen before."""
    percent = course_cached(course, "journal-percent", lambda: progress_percent(course))
    if percent is None:
        return ""
    return _("%(percent)s %% done") % {"percent": f"{percent:.0f}"}
