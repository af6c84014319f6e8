import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import validate_timezone
from courses.models import Course


class Event(models.Model):
    """A dated entry of the agenda: a course's, one person's, or the whole platform's.

    ``start``/``end`` are aware datetimes of the first occurrence. ``timezone`` is the zone the
    event was written in: recurrences are expanded in it, so a weekly 09:00 Europe/Paris event
    stays at 09:00 Paris time on both sides of a change to or from summer time. ``rrule`` is an
    RFC 5545 (section 3.3.10) recurrence rule without "RRULE:", empty for a single event.
    All-day events keep ``start`` at midnight of their first day in ``timezone`` and are shown
    as dates, never shifted to the viewer's zone.
    """

    class Kind(models.TextChoices):
        COURSE = "course", _("Course event")
        PERSONAL = "personal", _("Personal event")
        PLATFORM = "platform", _("Platform event")

    class Audience(models.TextChoices):
        ALL = "all", _("All members of the course")
        USERS = "users", _("Chosen learners")
        GROUPS = "groups", _("Chosen groups")  # their members: rows of EventGroup

    class Repeat(models.TextChoices):
        NONE = "", _("Does not repeat")
        DAILY = "DAILY", _("Every day")
        WEEKLY = "WEEKLY", _("Every week")
        MONTHLY = "MONTHLY", _("Every month")

    uid = models.CharField(_("iCalendar UID"), max_length=255, default="", blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_events",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_events",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)  # sanitised HTML
    location = models.CharField(_("location"), max_length=250, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    rrule = models.CharField(_("recurrence rule (RFC 5545)"), max_length=500, blank=True)
    # The last moment an occurrence may start (from the rule's UNTIL), for range queries.
    repeat_until = models.DateTimeField(_("repeats until"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen learners"),
        blank=True,
        related_name="targeted_agenda_events",
    )
    reminder_minutes = models.PositiveIntegerField(
        _("e-mail reminder (minutes before)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agenda event")
        verbose_name_plural = _("agenda events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["course", "start"], name="agenda_event_course_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="course") | models.Q(course__isnull=False),
                name="agenda_course_event_has_course",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@chamilo"
        super().save(*args, **kwargs)

    @property
    def repeat(self) -> str:
        for part in self.rrule.split(";"):
            if part.startswith("FREQ="):
                return part[5:]
        return ""


class EventGroup(models.Model):
    """A group a course event is addressed to (audience "Chosen groups").

    ``group_id`` is the groups app's id (no foreign key: tools never import groups); who belongs
    to it is asked of courses.permissions.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="group_links"
    )
    group_id = models.PositiveIntegerField(_("group"), db_index=True)

    class Meta:
        verbose_name = _("event group")
        verbose_name_plural = _("event groups")
        constraints = [
            models.UniqueConstraint(fields=["event", "group_id"], name="eventgroup_unique")
        ]

    def __str__(self):
        return f"{self.event_id} → {self.group_id}"


def attachment_path(instance: "EventAttachment", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return f"agenda/{instance.event_id}/{uuid.uuid4().hex}{suffix}"


class EventAttachment(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ReminderSent(models.Model):
    """One reminder e-mail for one occurrence and one person: sent at most once."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="reminders_sent"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    occurrence = models.DateTimeField(_("occurrence"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "occurrence"], name="agenda_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.user} ({self.occurrence:%Y-%m-%d %H:%M})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret in a user's private iCalendar subscription address; replaced to revoke."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agenda_feed",
    )
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("agenda feed address")
        verbose_name_plural = _("agenda feed addresses")

    def __str__(self):
        return str(self.user)
