import logging
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def send_reminder_mail(*, event, user, start) -> None:
    """One reminder e-mail, in the recipient's language and time zone."""
    from agenda.selectors import event_url

    with translation.override(user.language or settings.LANGUAGE_CODE):
        try:
            tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            tz = zoneinfo.ZoneInfo("UTC")
        local = start.astimezone(tz)
        when = formats.date_format(local, "DATE_FORMAT")
        if not event.all_day:
            when += " " + formats.time_format(local, "TIME_FORMAT")
        subject = _("Reminder: %(title)s, %(when)s") % {"title": event.title, "when": when}
        body = _("%(title)s\n%(when)s\n%(course)s\n\n%(url)s") % {
            "title": event.title,
            "when": when,
            "course": event.course.title if event.course_id else "",
            "url": settings.PLATFORM_URL + event_url(event),
        }
    send_mail(" ".join(subject.split()), body, None, [user.email])


@shared_task
def send_reminders_task() -> int:
    """Celery beat, every five minutes: e-mail the agenda reminders that are due."""
    from agenda.services import reminders_send

    count = reminders_send(now=timezone.now())
    if count:
        logger.info("agenda: %d reminders sent", count)
    return count
