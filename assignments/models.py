"""Assignments (Chamilo's "student publications"): a task, the work each learner hands in, the
teacher's correction, and comments on a work."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from courses.models import Course


def _path(folder: str, filename: str) -> str:
    return f"assignments/{folder}/{uuid.uuid4().hex}/{filename}"


def attachment_path(instance, filename: str) -> str:
    return _path("attachments", filename)


def work_path(instance, filename: str) -> str:
    return _path("works", filename)


def correction_path(instance, filename: str) -> str:
    return _path("corrections", filename)


def comment_path(instance, filename: str) -> str:
    return _path("comments", filename)


class Assignment(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("A file")
        TEXT = "text", _("Online text")
        EITHER = "either", _("A file or online text")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    max_score = DecimalField(_("maximum score"), max_digits=7, decimal_places=2, default=20)
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Work handed in after it is marked late.")
    )
    end_date = models.DateTimeField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("No work is accepted after it, not even a replacement."),
    )
    kind = models.CharField(
        _("what is handed in"), max_length=10, choices=Kind.choices, default=Kind.FILE
    )
    allowed_extensions = models.CharField(
        _("allowed file types"),
        max_length=300,
        blank=True,
        help_text=_("Extensions separated by spaces, e.g. “pdf docx odt”. Empty: the platform's."),
    )
    max_file_size_mb = models.PositiveIntegerField(
        _("maximum file size (MB)"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform's limit, which also caps any value given here."),
    )
    share_works = models.BooleanField(_("learners see each other's work"), default=False)
    in_gradebook = models.BooleanField(_("offer to the gradebook"), default=True)
    in_agenda = models.BooleanField(_("show the deadline in the agenda"), default=True)
    visible = models.BooleanField(_("visible to learners"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["course", "end_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("deadline")),
                name="assignment_end_after_deadline",
            )
        ]

    def __str__(self):
        return self.title

    def is_closed(self, now=None) -> bool:
        return self.end_date is not None and (now or timezone.now()) > self.end_date

    def is_late(self, now=None) -> bool:
        return self.deadline is not None and (now or timezone.now()) > self.deadline

    @property
    def accepts_file(self) -> bool:
        return self.kind in {self.Kind.FILE, self.Kind.EITHER}

    @property
    def accepts_text(self) -> bool:
        return self.kind in {self.Kind.TEXT, self.Kind.EITHER}

    def extension_set(self) -> frozenset[str] | None:
        found = {e.strip().lower().lstrip(".") for e in self.allowed_extensions.split()}
        return frozenset(e for e in found if e) or None

    def max_bytes(self) -> int | None:
        return self.max_file_size_mb * 1024 * 1024 if self.max_file_size_mb else None


class Attachment(models.Model):
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["assignment", "name", "pk"]

    def __str__(self):
        return self.name


class Submission(models.Model):
    """A learner's work: one per learner and assignment; handing in again replaces it."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="assignment_submissions",
    )
    text = models.TextField(_("online text"), blank=True)
    file = models.FileField(_("file"), upload_to=work_path, max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    submitted_at = models.DateTimeField(_("handed in"))
    late = models.BooleanField(_("late"), default=False)
    versions = models.PositiveIntegerField(_("times handed in"), default=1)
    score = DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    corrected_file = models.FileField(
        _("corrected file"), upload_to=correction_path, max_length=500, blank=True
    )
    corrected_name = models.CharField(_("corrected file name"), max_length=200, blank=True)
    graded_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    reopened = models.BooleanField(
        _("may hand in again"),
        default=False,
        help_text=_("Set by the teacher: the learner may replace a corrected work once."),
    )
    notified_at = models.DateTimeField(_("learner notified"), null=True, blank=True)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("work handed in")
        verbose_name_plural = _("works handed in")
        ordering = ["assignment", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user"], name="assignment_one_work_per_learner"
            )
        ]

    def __str__(self):
        return f"{self.assignment} · {self.user}"

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None

    @property
    def is_locked(self) -> bool:
        """Corrected and not reopened by the teacher: the learner can no longer replace it."""
        return self.graded_at is not None and not self.reopened


class Comment(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("work"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("comment"), blank=True)
    file = models.FileField(_("file"), upload_to=comment_path, max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a work")
        verbose_name_plural = _("comments on works")
        ordering = ["submission", "created_at", "pk"]

    def __str__(self):
        return f"{self.author} · {self.created_at:%Y-%m-%d}"
