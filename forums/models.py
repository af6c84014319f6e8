from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from courses.models import Course


class ForumCategory(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="forum_categories"
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["course", "position", "title", "pk"]

    def __str__(self):
        return self.title


class Forum(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="forums"
    )
    category = models.ForeignKey(
        ForumCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
    )
    # A group's forum (courses.permissions decides who reads it); None: the whole course's.
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    moderated = models.BooleanField(
        _("moderated"), default=False, help_text=_("Learners' posts wait for a teacher's approval.")
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Nobody but teachers may post.")
    )
    visible = models.BooleanField(_("visible to learners"), default=True)
    allow_anonymous = models.BooleanField(_("anonymous posts allowed"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    thread_count = models.PositiveIntegerField(_("threads"), default=0)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    last_post_at = models.DateTimeField(_("last post"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["course", "position", "title", "pk"]

    def __str__(self):
        return self.title


class Thread(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=250)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    graded = models.BooleanField(_("graded"), default=False)
    score_max = DecimalField(_("maximum score"), max_digits=6, decimal_places=2, default=10)
    post_count = models.PositiveIntegerField(_("posts"), default=0)  # approved ones
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(fields=["forum", "-pinned", "-last_post_at"], name="thread_list_idx")
        ]

    def __str__(self):
        return self.title


class Post(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("Published")
        PENDING = "pending", _("Waiting for approval")

    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_posts",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    content = models.TextField(_("content"))  # sanitised HTML
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "created_at", "pk"]

    def __str__(self):
        return f"{self.thread}: {self.pk}"


def attachment_path(instance: "PostAttachment", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return f"forums/{instance.post.thread.forum.course_id}/{uuid4().hex}{suffix}"


class PostAttachment(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["post", "name", "pk"]

    def __str__(self):
        return self.name


class ReadMark(models.Model):
    """Up to when a user has read a thread: newer posts are unread for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="read_marks"
    )
    read_at = models.DateTimeField(_("read up to"))

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="readmark_unique")]

    def __str__(self):
        return f"{self.user} – {self.thread}"


class Subscription(models.Model):
    """A user follows a whole forum, or one thread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    thread = models.ForeignKey(
        Thread,
        verbose_name=_("thread"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="subscription_unique_forum"),
            models.UniqueConstraint(fields=["user", "thread"], name="subscription_unique_thread"),
            models.CheckConstraint(
                condition=models.Q(forum__isnull=False, thread__isnull=True)
                | models.Q(forum__isnull=True, thread__isnull=False),
                name="subscription_forum_or_thread",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.forum or self.thread}"


class NotificationPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("One e-mail per new post")
        DAILY = "daily", _("A daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    mode = models.CharField(
        _("e-mail"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("forum e-mail preference")
        verbose_name_plural = _("forum e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="forumpref_unique")]

    def __str__(self):
        return f"{self.user} – {self.course}: {self.mode}"


class Notification(models.Model):
    """One post to tell one user about: at most one row (and one e-mail) per user and post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="notifications"
    )
    digest = models.BooleanField(_("in the daily digest"), default=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="notification_unique")]

    def __str__(self):
        return f"{self.user} – {self.post_id}"


class ThreadGrade(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="grades"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = DecimalField(_("score"), max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("thread grade")
        verbose_name_plural = _("thread grades")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="threadgrade_unique")
        ]

    def __str__(self):
        return f"{self.thread}: {self.user} {self.score}"
