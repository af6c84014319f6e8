"""Attendance sheets: dated sessions of a course and who was there."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class Sheet(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="attendance_sheets"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    in_gradebook = models.BooleanField(_("offer to the gradebook"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance sheet")
        verbose_name_plural = _("attendance sheets")
        ordering = ["course", "title", "pk"]

    def __str__(self):
        return self.title


class Session(models.Model):
    """One dated session of a sheet."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)

    class Meta:
        verbose_name = _("attendance date")
        verbose_name_plural = _("attendance dates")
        ordering = ["sheet", "starts_at", "pk"]

    def __str__(self):
        return f"{self.sheet} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Record(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        Session, verbose_name=_("date"), on_delete=models.CASCADE, related_name="records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="attendance_records",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_one_per_date")
        ]

    def __str__(self):
        return f"{self.session} · {self.user}: {self.status}"
