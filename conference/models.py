import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class ConferenceServer(models.Model):
    """A BigBlueButton server, set up by an administrator in the admin. The active one with
    the lowest position is used."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("server address"),
        help_text=_("The BigBlueButton address, e.g. https://bbb.example.org/bigbluebutton/"),
    )
    secret = models.CharField(
        _("shared secret"), max_length=200, help_text=_("Shown by “bbb-conf --secret”.")
    )
    checksum_algorithm = models.CharField(
        _("checksum algorithm"),
        max_length=10,
        choices=[("sha1", "SHA-1"), ("sha256", "SHA-256")],
        default="sha1",
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("video-conference server")
        verbose_name_plural = _("video-conference servers")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


def new_password() -> str:
    return secrets.token_urlsafe(12)


def new_meeting_id() -> str:
    return "chamilo-" + secrets.token_hex(12)


class Room(models.Model):
    """A course's virtual classroom: one BigBlueButton meeting ID, reused for every session."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="rooms"
    )
    # A group's room sets group_id (courses.permissions checks who may enter it); the course's
    # own room keeps it empty.
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=250)
    meeting_id = models.CharField(
        _("meeting ID"), max_length=100, unique=True, default=new_meeting_id
    )
    attendee_pw = models.CharField(_("attendee password"), max_length=50, default=new_password)
    moderator_pw = models.CharField(_("moderator password"), max_length=50, default=new_password)
    record = models.BooleanField(_("may be recorded"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("virtual classroom")
        verbose_name_plural = _("virtual classrooms")
        ordering = ["course", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=models.Q(group_id__isnull=True),
                name="conference_one_course_room",
            ),
            models.UniqueConstraint(
                fields=["course", "group_id"],
                condition=models.Q(group_id__isnull=False),
                name="conference_one_group_room",
            ),
        ]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """One session of a room: from the teacher's start until it was seen ended."""

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="meetings"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    internal_id = models.CharField(_("server's meeting ID"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.room} · {self.started_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    """Somebody joined a meeting (every join is kept: who, when, as what)."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        ATTENDEE = "attendee", _("Attendee")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="conference_attendances",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["-joined_at", "pk"]

    def __str__(self):
        return f"{self.user} → {self.meeting}"
