"""E-mail about new posts: one per post right away, or a daily digest (the reader's choice)."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from chamilo.celery import app
from forums.models import Notification, Post
from forums.services import notifications_create


def _claim(ids: list[int]) -> bool:
    """Take unsent notifications for this run (a retry or a second worker sends nothing)."""
    with transaction.atomic():
        return bool(
            Notification.objects.filter(pk__in=ids, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
        )


def _post_url(post: Post) -> str:
    thread = post.thread
    path = reverse(
        "forums:thread",
        kwargs={"code": thread.forum.course.code, "thread_id": thread.pk},
    )
    return f"{settings.PLATFORM_URL}{path}#post-{post.pk}"


def _author(post: Post) -> str:
    if post.anonymous or post.author is None:
        return _("Anonymous")
    return post.author.display_name


@shared_task
def notify_post_task(post_id: int) -> int:
    """Create the post's notifications and mail the readers who want one mail per post."""
    post = Post.objects.select_related("thread__forum__course", "author").filter(pk=post_id).first()
    if post is None:
        return 0
    sent = 0
    for notification in notifications_create(post=post):
        if notification.digest or notification.sent_at or not notification.user.email:
            continue
        if not _claim([notification.pk]):
            continue
        user = notification.user
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            context = {
                "post": post,
                "author": _author(post),
                "url": _post_url(post),
                "text": strip_tags(post.content),
            }
            send_mail(
                subject=_("[%(course)s] %(thread)s")
                % {"course": post.thread.forum.course.code, "thread": post.thread.title},
                message=render_to_string("forums/email_post.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


@shared_task
def daily_digest_task() -> int:
    """One e-mail per reader listing the posts waiting in their digest; returns mails sent."""
    pending = (
        Notification.objects.filter(digest=True, sent_at__isnull=True)
        .select_related("user", "post__thread__forum__course", "post__author")
        .order_by("user_id", "post__created_at")
    )
    by_user: dict = {}
    for notification in pending:
        by_user.setdefault(notification.user, []).append(notification)
    sent = 0
    for user, notifications in by_user.items():
        if not user.email or not _claim([n.pk for n in notifications]):
            continue
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            items = [
                {
                    "post": n.post,
                    "author": _author(n.post),
                    "url": _post_url(n.post),
                    "text": strip_tags(n.post.content)[:300],
                }
                for n in notifications
            ]
            send_mail(
                subject=_("Your forum digest: %(count)d new posts") % {"count": len(items)},
                message=render_to_string("forums/email_digest.txt", {"items": items}),
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


@app.on_after_finalize.connect
def _schedule_digest(sender, **kwargs):
    # Registered here rather than in settings, so the forum's schedule lives with the forum.
    sender.add_periodic_task(
        crontab(hour=6, minute=0), daily_digest_task.s(), name="forums-daily-digest"
    )
