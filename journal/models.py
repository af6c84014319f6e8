"""The class journal (Chamilo's "course progress"): themes with their plan, and dated advances
the teacher ticks off as they are done."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from courses.models import Course

PLAN_FIELDS = ("objectives", "skills", "methodology", "infrastructure", "assessment", "other")


class Theme(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="journal_themes"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    skills = models.TextField(_("skills to acquire"), blank=True)
    methodology = models.TextField(_("methodology"), blank=True)
    infrastructure = models.TextField(_("infrastructure"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    other = models.TextField(_("other"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("journal theme")
        verbose_name_plural = _("journal themes")
        ordering = ["course", "position", "pk"]

    def __str__(self):
        return self.title

    def plan(self) -> list[tuple[str, str]]:
        """(label, text) of the plan's filled sections, in order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in PLAN_FIELDS
            if getattr(self, name).strip()
        ]


class Advance(models.Model):
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="advances"
    )
    date = models.DateTimeField(_("date"))
    duration_hours = DecimalField(_("duration (hours)"), max_digits=5, decimal_places=2, default=1)
    content = models.TextField(_("content"), blank=True)
    done = models.BooleanField(_("done"), default=False)
    # An attendance date of the course (attendance.api.course_dates), kept by id: the journal
    # never imports the attendance tool's models.
    attendance_date_id = models.PositiveBigIntegerField(_("attendance date"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal advance")
        verbose_name_plural = _("journal advances")
        ordering = ["theme", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_hours__gte=0), name="advance_duration_positive"
            )
        ]

    def __str__(self):
        return f"{self.theme} · {self.date:%Y-%m-%d}"
