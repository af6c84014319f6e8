"""What other apps may use from the class journal: the course home's progress line."""

from django.core.cache import caches
from django.utils.translation import gettext as _

from courses.caching import FRAGMENT_SECONDS, course_version
from journal.selectors import progress_percent


def home_summary(course) -> str:
    """ "42 % done" for the course home's journal card; "" when the journal has no advance.
    The percentage is kept per course version (journal/signals.py moves it on a change): no
    query on a course home seen before."""
    key = f"journal:{course.pk}:{course_version(course)}:percent"
    cache = caches["versioned"]
    percent = cache.get(key)
    if percent is None:
        computed = progress_percent(course)
        percent = "" if computed is None else f"{computed:.0f}"
        cache.set(key, percent, FRAGMENT_SECONDS)
    if not percent:
        return ""
    return _("%(percent)s %% done") % {"percent": percent}
