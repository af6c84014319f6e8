"""Question bank, tests, attempts and the answers given in them.

A question's type is a key into ``assessments.question_types`` (the registry): the type class
grades, renders and edits it; the models only store what every type needs (a statement, a score,
ordered answer rows, and a JSON ``config`` for type-specific settings).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from core.html import html_to_text, sanitize_html
from courses.models import Course


class QuestionCategory(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="qcategory_unique_name")
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Easy")
        MEDIUM = 2, _("Medium")
        HARD = 3, _("Hard")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(_("type"), max_length=30, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    statement = models.TextField(_("statement"), blank=True)
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    score = DecimalField(
        _("score"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("Points for a fully correct answer (types scored per answer ignore it)."),
    )
    config = models.JSONField(_("settings"), default=dict, blank=True)
    image = models.ImageField(_("image"), upload_to="assessments/images/", blank=True)
    # What the image shows, for those who cannot see it (WCAG 1.1.1): rendered as its alt.
    image_alt = models.CharField(
        _("text alternative of the image"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, read to learners who cannot see it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.statement = sanitize_html(self.statement)
        super().save(*args, **kwargs)

    @property
    def kind(self):
        from assessments.question_types import get_type

        return get_type(self.type)


class Answer(models.Model):
    """One row of a question's answer key: a choice, a statement, a pair, a zone..."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("answer"), blank=True)
    correct = models.BooleanField(_("correct"), default=False)
    score = DecimalField(
        _("score"), max_digits=7, decimal_places=2, default=Decimal("0")
    )  # may be negative
    feedback = models.TextField(_("feedback"), blank=True)
    # Type-specific: the matching item, a hotspot zone...
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["position", "pk"]

    def __str__(self):
        return html_to_text(self.text)[:60]

    def save(self, *args, **kwargs):
        self.text = sanitize_html(self.text)
        self.feedback = sanitize_html(self.feedback)
        super().save(*args, **kwargs)


class Quiz(models.Model):
    """A test: the settings around an ordered selection of bank questions."""

    class Selection(models.TextChoices):
        ORDERED = "ordered", _("All questions, in order")
        RANDOM = "random", _("N random questions")
        RANDOM_PER_CATEGORY = "random_category", _("N random questions per category")

    class Layout(models.TextChoices):
        ONE_PAGE = "one_page", _("All questions on one page")
        PER_PAGE = "per_page", _("One question per page")

    class Feedback(models.TextChoices):
        END = "end", _("At the end of the test")
        IMMEDIATE = "immediate", _("Immediately after each question (self-evaluation)")
        NONE = "none", _("None (exam)")

    class ResultsDisplay(models.TextChoices):
        SCORE = "score", _("Score only")
        SCORE_ANSWERS = "score_answers", _("Score and correct answers")
        AFTER_DATE = "after_date", _("Nothing until a date, then score and answers")

    class GradebookScore(models.TextChoices):
        BEST = "best", _("Best attempt")
        LAST = "last", _("Last attempt")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Learners see only published tests.")
    )
    selection = models.CharField(
        _("questions"), max_length=20, choices=Selection.choices, default=Selection.ORDERED
    )
    random_count = models.PositiveIntegerField(
        _("number of random questions"),
        default=0,
        help_text=_("For random selections: how many questions (per category when so set)."),
    )
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=False)
    layout = models.CharField(
        _("layout"), max_length=20, choices=Layout.choices, default=Layout.ONE_PAGE
    )
    allow_back = models.BooleanField(_("learners may go back"), default=True)
    feedback = models.CharField(
        _("feedback"), max_length=20, choices=Feedback.choices, default=Feedback.END
    )
    results_display = models.CharField(
        _("shown after the attempt"),
        max_length=20,
        choices=ResultsDisplay.choices,
        default=ResultsDisplay.SCORE_ANSWERS,
    )
    results_date = models.DateTimeField(_("results shown from"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    allow_negative_total = models.BooleanField(
        _("totals may be negative"),
        default=False,
        help_text=_(
            "By default an attempt's total is never below 0, whatever the penalties of wrong "
            "answers (as in Moodle)."
        ),
    )
    pass_message = models.TextField(_("message when passed"), blank=True)
    fail_message = models.TextField(_("message when failed"), blank=True)
    opens_at = models.DateTimeField(_("available from"), null=True, blank=True)
    closes_at = models.DateTimeField(_("available until"), null=True, blank=True)
    time_limit = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    max_attempts = models.PositiveIntegerField(
        _("maximum attempts"), default=0, help_text=_("0: unlimited.")
    )
    time_warnings = models.CharField(
        _("time warnings (minutes left)"),
        max_length=50,
        blank=True,
        default="5, 1",
        help_text=_(
            "With a time limit: learners are warned (shown and read out) when this many "
            "minutes are left; separate several values with commas, e.g. 5, 1."
        ),
    )
    password = models.CharField(_("access password"), max_length=100, blank=True)
    gradebook_score = models.CharField(
        _("score for the gradebook"),
        max_length=10,
        choices=GradebookScore.choices,
        default=GradebookScore.BEST,
    )
    questions = models.ManyToManyField(
        Question, through="QuizQuestion", related_name="quizzes", verbose_name=_("questions")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description = sanitize_html(self.description)
        self.pass_message = sanitize_html(self.pass_message)
        self.fail_message = sanitize_html(self.fail_message)
        super().save(*args, **kwargs)

    @property
    def warning_minutes(self) -> list[int]:
        """The warning thresholds in minutes, largest first (form-validated; junk ignored)."""
        try:
            return parse_minutes(self.time_warnings)
        except ValueError:
            return []

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now > self.closes_at)


def parse_minutes(text: str) -> list[int]:
    """'5, 1' -> [5, 1]: distinct positive whole minutes, largest first; raises ValueError on
    anything else (the form's check; the model reads only what the form let through)."""
    values = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError(part)
        values.add(int(part))
    return sorted(values, reverse=True)


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique")
        ]

    def __str__(self):
        return f"{self.quiz_id}:{self.question_id}"


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        PENDING = "pending", _("Awaiting manual grading")
        GRADED = "graded", _("Graded")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("test"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    expired = models.BooleanField(_("closed when time ran out"), default=False)
    # The questions drawn for this attempt, in order, and each question's answer order.
    question_ids = models.JSONField(default=list)
    answer_orders = models.JSONField(default=dict)
    page = models.PositiveIntegerField(_("current page"), default=0)
    # Immediate feedback: the questions whose answer keys the learner has been shown (their
    # pages were answered and left; their answers are frozen), and those of the page just
    # left, whose feedback the next page shows. The server decides; no URL parameter does.
    revealed_ids = models.JSONField(default=list, blank=True)
    feedback_ids = models.JSONField(default=list, blank=True)
    score = DecimalField(_("score"), max_digits=9, decimal_places=2, null=True)
    max_score = DecimalField(_("maximum"), max_digits=9, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(state="in_progress"),
                name="attempt_one_open_per_learner",
            )
        ]

    def __str__(self):
        return f"{self.quiz} – {self.user}"

    @property
    def percent(self) -> Decimal | None:
        """For display only, rounded to 0.1; decisions use ``passed`` (exact)."""
        if self.score is None or not self.max_score:
            return None
        return (self.score * 100 / self.max_score).quantize(Decimal("0.1"))

    @property
    def passed(self) -> bool | None:
        """Whether score / max_score reaches the pass mark, compared exactly (no rounding:
        499.50 / 1000 with a pass mark of 50 % is not passed, though shown as 50.0 %)."""
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 >= self.quiz.pass_mark * self.max_score

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


def _upload_path(instance, filename):
    return f"assessments/uploads/{instance.attempt_id}/{filename}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    response = models.JSONField(_("response"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to=_upload_path, blank=True)
    # Per-attempt data a type draws at the start (the calculated answer's variables).
    context = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    score = DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    max_score = DecimalField(_("maximum"), max_digits=7, decimal_places=2, default=0)
    needs_grading = models.BooleanField(_("needs manual grading"), default=False)
    comment = models.TextField(_("teacher's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("given answer")
        verbose_name_plural = _("given answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="attemptanswer_unique")
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.question_id}"


class Accommodation(models.Model):
    """Extra time a teacher grants one learner, or every member of one group of the course
    (an accommodation, Moodle's "user and group overrides"). It applies to every timed test
    of the course and to the tests' closing dates: see ``assessments.accommodations``.

    ``group_id`` is a group of the groups app, reached through ``groups.api`` only.
    """

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    extra_percent = models.PositiveSmallIntegerField(
        _("extra time (percent of the time limit)"),
        default=0,
        validators=[MaxValueValidator(400)],
    )
    extra_minutes = models.PositiveIntegerField(
        _("extra time (minutes)"), default=0, validators=[MaxValueValidator(24 * 60)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, group_id__isnull=True)
                | models.Q(user__isnull=True, group_id__isnull=False),
                name="accommodation_user_or_group",
            ),
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=models.Q(user__isnull=False),
                name="accommodation_one_per_learner",
            ),
            models.UniqueConstraint(
                fields=["course", "group_id"],
                condition=models.Q(group_id__isnull=False),
                name="accommodation_one_per_group",
            ),
        ]

    def __str__(self):
        return f"{self.course_id}: +{self.extra_percent} % +{self.extra_minutes} min"

    def extra_seconds(self, time_limit: int | None) -> int:
        """Seconds added for a test of ``time_limit`` minutes (None: untimed, where only the
        minutes count: a percentage of no limit is nothing)."""
        seconds = self.extra_minutes * 60
        if time_limit:
            seconds += time_limit * 60 * self.extra_percent // 100
        return seconds
