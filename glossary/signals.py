"""Cache invalidation only: whether a course highlights its glossary terms in documents
(glossary/api.py) is cached by the course's version (courses/caching.py)."""

from django.db.models.signals import post_delete, post_save

from courses.caching import course_touch
from glossary.models import GlossarySettings


def _touch_course(sender, instance, **kwargs):
    if not kwargs.get("raw"):  # loaddata
        course_touch(instance.course_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_touch_course, sender=GlossarySettings, dispatch_uid="glossary_touch")
