"""Writes of the surveys tool: surveys and questions, responses, invitations."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.html import sanitize_html
from courses.models import Course
from surveys.answering import Cleaned
from surveys.models import (
    Answer,
    Invitation,
    Option,
    Participation,
    Question,
    Respondent,
    Response,
    Survey,
)


class AnsweringRefused(Exception):
    """The answer cannot be taken; ``str(error)`` is for the respondent."""


SURVEY_FIELDS = (
    "title",
    "intro",
    "thanks",
    "anonymous",
    "published",
    "opens_at",
    "closes_at",
    "one_question_per_page",
    "results_visible",
    "reminder_start",
    "reminder_every_days",
)


@transaction.atomic
def survey_save(*, survey: Survey | None = None, course: Course, author, **fields) -> Survey:
    """Create or update a survey. Anonymity cannot change once someone has answered: answers
    given anonymously must stay so, and named answers were given knowingly."""
    if survey is None:
        survey = Survey(course=course, created_by=author)
    elif survey.responses.exists():
        fields["anonymous"] = survey.anonymous
    for name in SURVEY_FIELDS:
        if name in fields:
            setattr(survey, name, fields[name])
    survey.intro = sanitize_html(survey.intro)
    survey.thanks = sanitize_html(survey.thanks)
    survey.save()
    return survey


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    survey.delete()


@transaction.atomic
def question_save(
    *,
    question: Question | None = None,
    survey: Survey,
    kind: str,
    text: str = "",
    required: bool = False,
    allow_other: bool = False,
    score_max: int = 5,
    options: Iterable[str] = (),
    condition_option: Option | None = None,
) -> Question:
    """Create or update a question; ``options`` are the answers offered, one per line (yes/no
    questions get "Yes" and "No"). Options whose text is unchanged keep their answers."""
    if question is None:
        last = survey.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(survey=survey, position=(last or 0) + 1)
    question.kind = kind
    question.text = sanitize_html(text)
    question.required = required and question.answerable
    question.allow_other = allow_other and kind in (
        Question.Kind.SINGLE,
        Question.Kind.MULTIPLE,
        Question.Kind.DROPDOWN,
    )
    question.score_max = score_max or 5
    if condition_option is not None and condition_option.question.survey_id != survey.pk:
        condition_option = None
    question.condition_option = condition_option
    question.save()
    if kind == Question.Kind.YES_NO:
        options = (
            [_("Yes"), _("No")]
            if not question.options.exists()
            else [o.text for o in question.options.all()]
        )
    if question.has_options:
        wanted = [line.strip()[:500] for line in options if line.strip()]
        existing = {option.text: option for option in question.options.all()}
        for position, line in enumerate(wanted, start=1):
            option = existing.pop(line, None) or Option(question=question, text=line)
            option.position = position
            option.save()
        for option in existing.values():
            option.delete()
    else:
        question.options.all().delete()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    siblings = list(question.survey.questions.order_by("position", "pk"))
    index = siblings.index(question)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            Question.objects.filter(pk=item.pk).update(position=position)


def has_answered(survey: Survey, *, user=None, invitation: Invitation | None = None) -> bool:
    signed_in = user is not None and user.is_authenticated
    if signed_in and Participation.objects.filter(survey=survey, user=user).exists():
        return True
    return invitation is not None and Participation.objects.filter(invitation=invitation).exists()


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    answers: list[Cleaned],
    user=None,
    invitation: Invitation | None = None,
) -> Response:
    """Store a complete questionnaire once per person (or personal link).

    Raises AnsweringRefused when the survey is closed or was already answered. For an
    anonymous survey the Response keeps neither user nor invitation nor time; the
    Participation marker keeps who answered and nothing else (see models).
    """
    if not survey.is_open():
        raise AnsweringRefused(_("This survey is not open for answers."))
    user = user if user is not None and user.is_authenticated else None
    if invitation is not None and invitation.user_id and user is None:
        user = invitation.user
    if has_answered(survey, user=user, invitation=invitation):
        raise AnsweringRefused(_("You have already answered this survey."))
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, user=user, invitation=invitation)
    except IntegrityError as error:  # two tabs submitting at once
        raise AnsweringRefused(_("You have already answered this survey.")) from error
    response = Response.objects.create(survey=survey)
    if not survey.anonymous:
        Respondent.objects.create(
            response=response,
            user=user,
            email=(user.email if user else "") or (invitation.email if invitation else ""),
        )
    rows = []
    for answer in answers:
        for option_id in answer.option_ids:
            rows.append(Answer(response=response, question=answer.question, option_id=option_id))
        if answer.other_text:
            rows.append(Answer(response=response, question=answer.question, text=answer.other_text))
        if answer.text:
            rows.append(Answer(response=response, question=answer.question, text=answer.text))
        if answer.number is not None:
            rows.append(Answer(response=response, question=answer.question, number=answer.number))
    Answer.objects.bulk_create(rows)
    if user is not None:
        from learnpaths.api import report_outcome

        report_outcome(kind="survey", target_id=survey.pk, user=user, course_id=survey.course_id)
    return response


@transaction.atomic
def invitations_create(*, survey: Survey, users: Iterable = (), emails: Iterable[str] = ()) -> int:
    """Invite members (by their account's address) and outside addresses, each once; the
    e-mails leave after the commit. Returns how many new invitations were made."""
    from surveys.tasks import send_invitations_task

    known = set(survey.invitations.values_list("email", flat=True))
    created = 0
    for user in users:
        if user.email and user.email.lower() not in known:
            Invitation.objects.create(survey=survey, user=user, email=user.email.lower())
            known.add(user.email.lower())
            created += 1
    for email in emails:
        email = email.strip().lower()
        if email and email not in known:
            Invitation.objects.create(survey=survey, email=email)
            known.add(email)
            created += 1
    transaction.on_commit(lambda: send_invitations_task.delay(survey.pk))
    return created


def pending_invitations(survey: Survey):
    """Invitations of people who have not answered yet."""
    answered_users = Participation.objects.filter(survey=survey, user__isnull=False).values(
        "user_id"
    )
    return (
        survey.invitations.filter(participation__isnull=True)
        .exclude(user_id__in=answered_users)
        .order_by("pk")
    )


@transaction.atomic
def invitations_remind(*, survey: Survey) -> int:
    """Queue a reminder to everybody invited who has not answered; returns how many."""
    from surveys.tasks import send_reminders_task

    count = pending_invitations(survey).filter(sent_at__isnull=False).count()
    if count:
        transaction.on_commit(lambda: send_reminders_task.delay(survey.pk))
    return count


def invitation_mark(*, invitation: Invitation, reminder: bool, error: str = "") -> None:
    now = timezone.now()
    if error:
        Invitation.objects.filter(pk=invitation.pk).update(error=error[:300])
    elif reminder:
        Invitation.objects.filter(pk=invitation.pk).update(
            reminded_at=now, reminders=invitation.reminders + 1, error=""
        )
    else:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=now, error="")


def reminder_round_claim(*, invitation: Invitation, round_at) -> bool:
    """Mark ``invitation`` reminded for the round at ``round_at``; False if it already was.

    One conditional UPDATE, so two beats running at once cannot both claim the same round.
    """
    earlier = Q(reminder_round__isnull=True) | Q(reminder_round__lt=round_at)
    return bool(
        Invitation.objects.filter(earlier, pk=invitation.pk).update(reminder_round=round_at)
    )


def reminder_round_release(*, invitation: Invitation, round_at) -> None:
    """Give a claimed round back when its e-mail could not leave (the next beat retries)."""
    Invitation.objects.filter(pk=invitation.pk, reminder_round=round_at).update(reminder_round=None)


def scheduled_reminders_due(now=None) -> list[tuple[Invitation, object]]:
    """(invitation, round moment) of every reminder due at ``now`` and not yet claimed.

    Surveys with a reminder schedule that are published, open and whose round has come; their
    invitations already sent to people who have not answered (``pending_invitations``).
    """
    now = now or timezone.now()
    due = []
    surveys = Survey.objects.filter(
        published=True, reminder_start__isnull=False, reminder_start__lte=now
    ).exclude(closes_at__lt=now)
    for survey in surveys:
        round_at = survey.reminder_round(now)
        if round_at is None:
            continue
        pending = (
            pending_invitations(survey)
            .filter(sent_at__isnull=False)
            .filter(Q(reminder_round__isnull=True) | Q(reminder_round__lt=round_at))
            .select_related("survey__course", "user")
        )
        due += [(invitation, round_at) for invitation in pending]
    return due
