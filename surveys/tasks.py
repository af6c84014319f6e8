import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(invitation, *, reminder: bool) -> bool:
    """E-mail an invitation (or a reminder) in the invitee's language; False if it failed."""
    from surveys.services import invitation_mark

    survey = invitation.survey
    language = (invitation.user.language if invitation.user_id else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.PLATFORM_URL + reverse("surveys_public:answer", args=[invitation.token])
        if reminder:
            subject = _("Reminder: your opinion on “%(title)s”") % {"title": survey.title}
        else:
            subject = _("Your opinion on “%(title)s”") % {"title": survey.title}
        body = _(
            "Hello,\n\nYou are invited to answer the survey “%(title)s” of the course "
            "%(course)s.\n\nYour personal link (do not share it):\n%(url)s\n"
        ) % {"title": survey.title, "course": survey.course.title, "url": url}
        if survey.anonymous:
            body += "\n" + _("Your answers are anonymous: nobody can know what you answered.")
    try:
        send_mail(" ".join(subject.split()), body, None, [invitation.email])
    except Exception as error:  # an SMTP failure is recorded on the invitation, not raised
        logger.warning("survey invitation %s failed: %s", invitation.pk, error)
        invitation_mark(invitation=invitation, reminder=reminder, error=str(error))
        return False
    invitation_mark(invitation=invitation, reminder=reminder)
    return True


@shared_task
def send_invitations_task(survey_id: int) -> int:
    """Send every invitation of the survey not sent yet (idempotent: sent ones are skipped)."""
    from surveys.models import Invitation

    invitations = Invitation.objects.filter(
        survey_id=survey_id, sent_at__isnull=True
    ).select_related("survey__course", "user")
    count = 0
    for invitation in invitations:
        _send(invitation, reminder=False)
        count += 1
    return count


@shared_task
def send_reminders_task(survey_id: int) -> int:
    """Remind those invited who have not answered."""
    from surveys.models import Survey
    from surveys.services import pending_invitations

    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        return 0
    count = 0
    for invitation in (
        pending_invitations(survey)
        .filter(sent_at__isnull=False)
        .select_related("survey__course", "user")
    ):
        _send(invitation, reminder=True)
        count += 1
    return count


@shared_task
def send_scheduled_reminders_task() -> int:
    """Celery beat (CELERY_BEAT_SCHEDULE["surveys-send-reminders"]): send the reminders that
    surveys' schedules make due, one per invitee who has not answered and per round, never two
    for the same round (each is claimed on its invitation before it leaves). Returns how many
    were sent."""
    from surveys.services import (
        reminder_round_claim,
        reminder_round_release,
        scheduled_reminders_due,
    )

    sent = 0
    for invitation, round_at in scheduled_reminders_due():
        if not reminder_round_claim(invitation=invitation, round_at=round_at):
            continue  # another run took it
        if _send(invitation, reminder=True):
            sent += 1
        else:
            reminder_round_release(invitation=invitation, round_at=round_at)
    return sent
