from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Course


class Announcement(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("All members of the course")
        USERS = "users", _("Chosen learners")
        # Extension point: once groups exist, add GROUPS = "groups" with a `groups` many-to-many
        # here, and one branch in selectors.audience_filter and services.announcement_recipients.

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="announcements"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=250)
    content = models.TextField(_("content"), blank=True)  # sanitised HTML
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen learners"),
        blank=True,
        related_name="targeted_announcements",
    )
    send_email = models.BooleanField(_("send a copy by e-mail"), default=False)
    # A group's announcement (its members read it, courses.permissions decides); None: course.
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(
        pgettext_lazy("date", "published"), auto_now_add=True, db_index=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["course", "-created_at"], name="announcement_course_idx")]

    def __str__(self):
        return self.title


def attachment_path(instance: "Attachment", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return f"announcements/{instance.announcement.course_id}/{uuid4().hex}{suffix}"


class Attachment(models.Model):
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Delivery(models.Model):
    """The e-mail copy of an announcement for one recipient: sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="announcement_deliveries",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["announcement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.announcement} → {self.user} ({self.get_status_display()})"
