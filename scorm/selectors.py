"""Reads of the packages tool."""

from django.db.models import Sum

from scorm.models import Package


def course_package_bytes(course) -> int:
    """Bytes of the course's unpacked packages (they count against its disk quota)."""
    return Package.objects.filter(path__course=course).aggregate(total=Sum("size"))["total"] or 0
