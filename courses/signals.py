"""Cache invalidation only (courses/caching.py): writes themselves live in services.

Signals rather than calls in each service, so the admin and every future write path invalidate
too; bulk writes (which send no signal) call ``course_touch`` themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.caching import courses_touch, touch_instance_course
from courses.models import Category, Course, CourseTool, Enrollment

for _model in (CourseTool, Enrollment):
    receiver([post_save, post_delete], sender=_model)(touch_instance_course)


@receiver([post_save, post_delete], sender=Category)
def _touch_category_courses(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    courses_touch(Course.objects.filter(category=instance).values_list("pk", flat=True))
