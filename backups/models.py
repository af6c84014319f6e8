from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Backup(models.Model):
    """A finished backup of a course: a zip under MEDIA_ROOT/backups/ (see backups.services).

    The row is written only once the zip is complete and in place, so a listed backup is
    always a whole one; a backup whose worker died leaves no row (and a failed job)."""

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.CASCADE, related_name="backups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    # Relative to MEDIA_ROOT; never under a URL of the media folder (served by a view).
    file = models.CharField(_("file"), max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    tools = models.JSONField(_("tools"), default=list, blank=True)
    whole_course = models.BooleanField(_("whole course"), default=True)
    format_version = models.PositiveSmallIntegerField(_("format version"), default=1)
    # The job that made it: a job taken back after its worker died writes the same row again.
    job = models.OneToOneField(
        "core.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backup",
    )

    class Meta:
        verbose_name = _("course backup")
        verbose_name_plural = _("course backups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["course", "-created_at"], name="backup_course_idx")]

    def __str__(self):
        return self.name

    @property
    def path(self):
        return settings.MEDIA_ROOT / self.file
