from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class Message(models.Model):
    """A line said in a course's chat room, or a group's (``group_id``). Plain text."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="chat_messages"
    )
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["course", "created_at", "pk"]
        indexes = [
            models.Index(fields=["course", "group_id", "created_at"], name="chat_room_idx"),
            models.Index(fields=["author", "created_at"], name="chat_author_idx"),
        ]

    def __str__(self):
        return self.text[:50]


class Presence(models.Model):
    """One open connection to a room: who is connected is who has a row."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    channel_name = models.CharField(_("connection"), max_length=200, unique=True)
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat presence")
        verbose_name_plural = _("chat presences")
        indexes = [models.Index(fields=["course", "group_id"], name="chat_presence_room_idx")]

    def __str__(self):
        return f"{self.user} in {self.course_id}/{self.group_id}"
