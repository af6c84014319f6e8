"""Surveys: questions, answers, and who has answered.

Anonymity (anonymous surveys): an answer must never be traceable to a person, not even by an
administrator reading the database. So ``Response`` and ``Answer`` rows of an anonymous survey
carry no user, no invitation and no time (only the day), and their keys are random UUIDs, so
neither a key order nor a timestamp can be matched with the ``Participation`` marker, which
says who has answered (to refuse a second answer, for reminders and for the gradebook) and
nothing about what. Nothing links a Participation to a Response.
"""

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class Survey(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=250)
    intro = models.TextField(_("introduction"), blank=True)  # sanitised HTML
    thanks = models.TextField(_("message after answering"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Nobody, not even an administrator, can know who gave which answer."),
    )
    published = models.BooleanField(_("published"), default=False)
    opens_at = models.DateTimeField(_("available from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("available until"), null=True, blank=True)
    one_question_per_page = models.BooleanField(_("one question per page"), default=False)
    results_visible = models.BooleanField(_("learners see the results"), default=False)
    # Scheduled reminders to those invited who have not answered: a first round at
    # ``reminder_start``, then (``reminder_every_days``) one every N days until the survey
    # closes. Each round reaches each invitation at most once (Invitation.reminder_round).
    reminder_start = models.DateTimeField(
        _("send a reminder on"),
        null=True,
        blank=True,
        help_text=_("To those invited who have not answered by then. Empty: no reminder."),
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("then every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Repeat the reminder every so many days until the survey closes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.title

    def reminder_round(self, now: datetime) -> datetime | None:
        """The moment of the latest reminder round due at ``now`` (None: none is due).

        Rounds fall at ``reminder_start`` + k × ``reminder_every_days`` days (k = 0 only without
        a repetition), never after the survey closes; only an open survey reminds anybody.
        """
        start = self.reminder_start
        if start is None or now < start or not self.is_open(now):
            return None
        if not self.reminder_every_days:
            return start
        step = timedelta(days=self.reminder_every_days)
        return start + step * ((now - start) // step)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.published:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now > self.closes_at)


class Question(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yesno", _("Yes / no")
        SINGLE = "single", _("Multiple choice (one answer)")
        MULTIPLE = "multiple", _("Multiple response (several answers)")
        DROPDOWN = "dropdown", _("Drop-down list")
        OPEN = "open", _("Open answer")
        SCORE = "score", _("Score (1 to N)")
        PERCENTAGE = "percentage", _("Percentage")
        COMMENT = "comment", _("Comment (text only, no answer)")
        PAGE_BREAK = "pagebreak", _("Page break")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("question"), blank=True)
    required = models.BooleanField(_("mandatory"), default=False)
    allow_other = models.BooleanField(_("offer “Other, please specify”"), default=False)
    score_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    # Shown only when the answer to an earlier question includes this option.
    condition_option = models.ForeignKey(
        "Option",
        verbose_name=_("shown only if this answer was given"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text[:80] or self.get_kind_display()

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def score_scale(self) -> range:
        return range(1, self.score_max + 1)

    @property
    def answerable(self) -> bool:
        return self.kind not in (Question.Kind.COMMENT, Question.Kind.PAGE_BREAK)


CHOICE_KINDS = (
    Question.Kind.YES_NO,
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.DROPDOWN,
)


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("answer"), max_length=500)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.text


class Response(models.Model):
    """One submitted questionnaire: a random key, only the day; no person (see Respondent)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    submitted_on = models.DateField(_("answered on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "id"]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on}"


class Respondent(models.Model):
    """Who gave a response, for named surveys only: anonymous responses never get one, and
    Response and Answer rows have no column that could hold a person."""

    response = models.OneToOneField(
        Response,
        verbose_name=_("response"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="respondent",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("named respondent")
        verbose_name_plural = _("named respondents")

    def __str__(self):
        return str(self.user or self.email)


class Answer(models.Model):
    """One answer to one question: a chosen option (one row per option), a text, a number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option,
        verbose_name=_("option"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)  # open answer, or "other, please specify"
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["question", "id"]

    def __str__(self):
        return str(self.option or self.number or self.text[:50])


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """An invitation by e-mail with a personal link, to a member or to an outside address."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(
        _("personal link secret"), max_length=64, unique=True, default=new_token
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    # The scheduled round (its moment) this invitation was last reminded for: a round is
    # claimed here before its e-mail leaves, so no round reaches anybody twice. Only whether
    # they were reminded, never what they answered (that is not linked to invitations).
    reminder_round = models.DateTimeField(_("last reminder round"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["survey", "email"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="survey_invitation_once")
        ]

    def __str__(self):
        return f"{self.survey} → {self.email}"


class Participation(models.Model):
    """The marker "this person (or this invitation) has answered": never what they answered.

    A random key and no time, so it cannot be matched with a Response by order or date.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_participations",
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participation",
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_answered_once"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.user or self.invitation}"
