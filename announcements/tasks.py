import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from announcements.models import Announcement, Delivery
from announcements.services import announcement_recipients
from core.html import html_to_text

logger = logging.getLogger(__name__)


def build_message(announcement: Announcement, user) -> EmailMultiAlternatives:
    """The e-mail copy for one recipient; call it inside the recipient's language."""
    path = reverse(
        "announcements:detail",
        kwargs={"code": announcement.course.code, "announcement_id": announcement.pk},
    )
    context = {
        "announcement": announcement,
        "course": announcement.course,
        "user": user,
        "url": settings.PLATFORM_URL + path,
        "platform_name": settings.PLATFORM_NAME,
        # Plain text: tags dropped and entities decoded ("AT&T", not "AT&amp;T").
        "text_content": html_to_text(announcement.content, keep_lines=True),
    }
    subject = _("[%(course)s] %(title)s") % {
        "course": announcement.course.code,
        "title": announcement.title,
    }
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("announcements/email.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("announcements/email.html", context), "text/html")
    return message


def _claim(delivery: Delivery) -> bool:
    """Take the delivery for this run; False if it was sent or another run holds it."""
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
        ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1)
    )


def _record(delivery: Delivery, status: str, error: str = "") -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        error=error[:500],
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
    )


@shared_task(acks_late=True)
def announcement_email_task(announcement_id: int) -> dict[str, int]:
    """Send one e-mail per recipient, each in the recipient's language, each at most once.

    A Delivery row per recipient (unique per announcement and user) records the outcome; a run
    that is retried or delivered twice skips the copies already sent, and tries failed ones again.
    """
    announcement = (
        Announcement.objects.select_related("course", "author").filter(pk=announcement_id).first()
    )
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    if announcement is None:
        return counts
    for user in announcement_recipients(announcement):
        delivery, _created = Delivery.objects.get_or_create(
            announcement=announcement, user=user, defaults={"email": user.email}
        )
        if not _claim(delivery):
            counts["skipped"] += 1
            continue
        Delivery.objects.filter(pk=delivery.pk).update(email=user.email)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if not user.email:
                _record(delivery, Delivery.Status.FAILED, _("This member has no e-mail address."))
                counts["failed"] += 1
                continue
            try:
                build_message(announcement, user).send()
            except Exception as error:  # an SMTP or address error: record it, go on
                logger.warning(
                    "Announcement %s to user %s failed: %s", announcement.pk, user.pk, error
                )
                _record(delivery, Delivery.Status.FAILED, str(error) or error.__class__.__name__)
                counts["failed"] += 1
                continue
        _record(delivery, Delivery.Status.SENT)
        counts["sent"] += 1
    return counts
