"""Cache invalidation only: the course home's "42 % done" (journal/api.py) is cached by the
course's version (courses/caching.py), so a change to the journal's advances moves it on."""

from django.db.models.signals import post_delete, post_save

from courses.caching import course_touch, touch_instance_course
from journal.models import Advance, Theme


def _touch_advance_course(sender, instance, **kwargs):
    # A theme's deletion takes its advances with it: the theme's own signal touches the
    # course once, instead of a read and an UPDATE per advance.
    if kwargs.get("raw") or isinstance(kwargs.get("origin"), Theme):
        return
    if Advance.theme.is_cached(instance):  # saved through journal.services: no query
        course_id = instance.theme.course_id
    else:
        course_id = (
            Theme.objects.filter(pk=instance.theme_id).values_list("course_id", flat=True).first()
        )
    if course_id is not None:
        course_touch(course_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(touch_instance_course, sender=Theme, dispatch_uid="journal_theme_touch")
        signal.connect(_touch_advance_course, sender=Advance, dispatch_uid="journal_advance_touch")
