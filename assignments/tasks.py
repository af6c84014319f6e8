import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Submission

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def correction_email_task(submission_id: int) -> bool:
    """Tell the learner their work was corrected, in their language; once per correction (a
    retry or a second delivery of the same message sends nothing)."""
    submission = (
        Submission.objects.select_related("assignment__course", "user")
        .filter(pk=submission_id, graded_at__isnull=False)
        .first()
    )
    if submission is None or not submission.user.email:
        return False
    claimed = (
        Submission.objects.filter(pk=submission.pk)
        .filter(Q(notified_at__isnull=True) | Q(notified_at__lt=F("graded_at")))
        .update(notified_at=timezone.now())
    )
    if not claimed:
        return False
    assignment = submission.assignment
    path = reverse("assignments:work", args=[assignment.course.code, assignment.pk, submission.pk])
    context = {
        "submission": submission,
        "assignment": assignment,
        "course": assignment.course,
        "user": submission.user,
        "url": settings.PLATFORM_URL + path,
        "platform_name": settings.PLATFORM_NAME,
    }
    with translation.override(submission.user.language or settings.LANGUAGE_CODE):
        subject = _("[%(course)s] Your work for “%(title)s” has been corrected") % {
            "course": assignment.course.code,
            "title": assignment.title,
        }
        body = render_to_string("assignments/correction_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [submission.user.email])
    return True
