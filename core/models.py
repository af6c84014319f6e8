from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlatformSettings(models.Model):
    """Site-wide switches an administrator changes in the admin (a single row)."""

    CACHE_KEY = "core:platform-settings"

    class CourseCreation(models.TextChoices):
        TEACHERS = "teachers", _("Teachers and administrators")
        ANYONE = "anyone", _("Any registered user")

    allow_signup = models.BooleanField(
        _("allow sign-up"), default=True, help_text=_("Visitors may create their own account.")
    )
    course_creation = models.CharField(
        _("who may create courses"),
        max_length=20,
        choices=CourseCreation.choices,
        default=CourseCreation.TEACHERS,
    )
    default_course_language = models.CharField(
        _("default course language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("platform settings")
        verbose_name_plural = _("platform settings")

    def __str__(self):
        return str(_("Platform settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls) -> "PlatformSettings":
        current = cache.get(cls.CACHE_KEY)
        if current is None:
            current, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, current, 300)
        return current


class Job(models.Model):
    """A piece of background work whose progress a person can watch."""

    class State(models.TextChoices):
        # With a context: in French a job ("tâche") is feminine, other "Done"s need not be.
        QUEUED = "queued", pgettext_lazy("job state", "Queued")
        RUNNING = "running", pgettext_lazy("job state", "Running")
        DONE = "done", pgettext_lazy("job state", "Done")
        FAILED = "failed", pgettext_lazy("job state", "Failed")

    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.TextField(_("message"), blank=True)
    payload = models.JSONField(_("input"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written every few seconds while a worker runs the job: a running job whose heartbeat
    # is older than JOB_STALE_SECONDS lost its worker (see core.jobs).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Uploaded files the job reads (storage names, or absolute paths): removed when it ends.
    files = models.JSONField(_("input files"), default=list, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def lost_worker(self) -> bool:
        return self.state == self.State.FAILED and bool(self.result.get("worker_lost"))

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    def get_kind_display(self) -> str:
        from core.jobs import job_kind_label

        return job_kind_label(self.kind)
