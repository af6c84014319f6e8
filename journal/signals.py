"""Cache invalidation only: the course home's "42 % done" (journal/api.py) is cached by the
course's version (courses/caching.py), so a change to the journal's advances moves it on."""

from django.db.models.signals import post_delete, post_save

from courses.caching import course_touch
from journal.models import Advance, Theme


def _touch_theme_course(sender, instance, **kwargs):
    if not kwargs.get("raw"):  # loaddata
        course_touch(instance.course_id)


def _touch_advance_course(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if Advance.theme.is_cached(instance):  # saved through journal.services: no query
        course_id = instance.theme.course_id
    else:
        course_id = (
            Theme.objects.filter(pk=instance.theme_id).values_list("course_id", flat=True).first()
        )
    # None: the theme itself is being deleted, and its own signal touches the course.
    if course_id is not None:
        course_touch(course_id)


def connect() -> None:
    post_save.connect(_touch_theme_course, sender=Theme, dispatch_uid="journal_theme_touch")
    post_delete.connect(_touch_theme_course, sender=Theme, dispatch_uid="journal_theme_touch")
    post_save.connect(_touch_advance_course, sender=Advance, dispatch_uid="journal_advance_touch")
    post_delete.connect(_touch_advance_course, sender=Advance, dispatch_uid="journal_advance_touch")
