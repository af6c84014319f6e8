from backups.models import Backup
from courses.models import Course, Enrollment


def course_backups(course):
    """The course's finished backups, newest first, with who made them (one query)."""
    return Backup.objects.filter(course=course).select_related("created_by")


def get_backup(course, backup_id: int) -> Backup | None:
    return Backup.objects.filter(course=course, pk=backup_id).first()


def managed_courses(user):
    """The courses this user may restore or copy into: those they teach, every course for a
    platform administrator."""
    courses = Course.objects.order_by("title", "code")
    if user.is_staff or user.is_superuser:
        return courses
    return courses.filter(
        enrollments__user=user, enrollments__role=Enrollment.Role.TEACHER
    ).distinct()
