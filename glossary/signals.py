"""Cache invalidation only: whether a course highlights its glossary terms in documents
(glossary/api.py) is cached by the course's version (courses/caching.py)."""

from django.db.models.signals import post_delete, post_save

from courses.caching import touch_instance_course
from glossary.models import GlossarySettings


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            touch_instance_course, sender=GlossarySettings, dispatch_uid="glossary_touch"
        )
