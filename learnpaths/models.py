"""Learning paths: a tree of sections and items, and each learner's progress through it.

The tree is stored twice on purpose: ``parent`` + ``position`` say where an item sits, and
``rank`` + ``depth`` give the whole path in reading order, rewritten each time a teacher
changes the tree. The player reads the path in one ordered query and finds the next item with
one indexed lookup, whatever the path's length.

Progress is kept incrementally: each attempt stores its counters (items done, seconds spent,
score sum) and each item progress row changes them by a delta when its own status changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import DecimalField


class LearningPath(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Built in the course")
        SCORM12 = "scorm12", _("SCORM 1.2 package")
        SCORM2004 = "scorm2004", _("SCORM 2004 package")
        AICC = "aicc", _("AICC package")

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="learning_paths",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    visible = models.BooleanField(
        _("visible to learners"), default=True, help_text=_("Hidden paths are for teachers only.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires the path"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="required_by",
        help_text=_("Learners must complete this other path before they start."),
    )

    class Display(models.TextChoices):
        EMBEDDED = "embedded", _("In the course page")
        FULLSCREEN = "fullscreen", _("Full screen")

    forced_order = models.BooleanField(
        _("forced order"),
        default=False,
        help_text=_("Each item opens only once the one before it is done."),
    )
    display = models.CharField(
        _("display"), max_length=20, choices=Display.choices, default=Display.EMBEDDED
    )
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    max_attempts = models.PositiveIntegerField(
        _("maximum attempts"), default=0, help_text=_("0: as many as the learner wants.")
    )
    # SCORM 2004 control modes of the organization (apply to its top-level items).
    seq_choice = models.BooleanField(_("free choice in the table of contents"), default=True)
    seq_flow = models.BooleanField(_("previous/next navigation"), default=True)
    seq_forward_only = models.BooleanField(_("forward only"), default=False)
    # Counted when the tree changes, read by the player for the progress bar.
    item_count = models.PositiveIntegerField(_("trackable items"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class PathItem(models.Model):
    path = models.ForeignKey(
        LearningPath,
        verbose_name=_("learning path"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position among siblings"), default=0)
    rank = models.PositiveIntegerField(_("rank in the path"), default=0, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    visible = models.BooleanField(_("visible"), default=True)
    # What the item shows, by kind: a URL inside the course, a text, a file in a package...
    url = models.CharField(_("address"), max_length=1000, blank=True)
    text = models.TextField(_("text"), blank=True)
    target_id = models.PositiveIntegerField(_("target object"), null=True, blank=True)
    # From a package: its identifier and launch details.
    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    launch = models.CharField(_("launch file"), max_length=1000, blank=True)
    parameters = models.CharField(_("launch parameters"), max_length=1000, blank=True)
    launch_data = models.TextField(_("launch data"), blank=True)
    mastery_score = DecimalField(
        _("mastery score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    prerequisites_expression = models.CharField(
        _("prerequisites (package expression)"), max_length=1000, blank=True
    )
    # Control modes for this item's children (SCORM 2004 sequencing).
    seq_choice = models.BooleanField(_("free choice among children"), default=True)
    seq_flow = models.BooleanField(_("previous/next among children"), default=True)
    seq_forward_only = models.BooleanField(_("forward only among children"), default=False)
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("requires the item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="required_by",
    )
    prerequisite_min_score = DecimalField(
        _("with at least the score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the required item only has to be completed."),
    )
    extra = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("learning path item")
        verbose_name_plural = _("learning path items")
        ordering = ["path", "rank"]
        indexes = [models.Index(fields=["path", "rank"])]

    def __str__(self):
        return self.title


class Status(models.TextChoices):
    NOT_ATTEMPTED = "not_attempted", _("Not attempted")
    INCOMPLETE = "incomplete", _("Incomplete")
    COMPLETED = "completed", _("Completed")
    PASSED = "passed", _("Passed")
    FAILED = "failed", pgettext_lazy("learner status", "Failed")


DONE_STATUSES = frozenset({Status.COMPLETED, Status.PASSED, Status.FAILED})
SUCCESS_STATUSES = frozenset({Status.COMPLETED, Status.PASSED})


class PathAttempt(models.Model):
    path = models.ForeignKey(
        LearningPath,
        verbose_name=_("learning path"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="path_attempts",
    )
    number = models.PositiveIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_ATTEMPTED
    )
    done_count = models.PositiveIntegerField(_("items done"), default=0)
    seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    score_sum = DecimalField(_("sum of scores"), max_digits=10, decimal_places=2, default=0)
    max_score_sum = DecimalField(
        _("sum of maximum scores"), max_digits=10, decimal_places=2, default=0
    )
    last_item = models.ForeignKey(
        PathItem,
        verbose_name=_("last item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plain item open in the player and since when: its time counts until the learner
    # moves on or leaves (one row, whatever the session).
    open_item = models.ForeignKey(
        PathItem,
        verbose_name=_("item open"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning path attempt")
        verbose_name_plural = _("learning path attempts")
        ordering = ["path", "user", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["path", "user", "number"], name="learnpaths_attempt_unique"
            )
        ]

    def __str__(self):
        return f"{self.path} · {self.user} · {self.number}"


class ItemProgress(models.Model):
    attempt = models.ForeignKey(
        PathAttempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        PathItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="progress"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_ATTEMPTED
    )
    score = DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_min = DecimalField(
        _("minimum score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    score_max = DecimalField(
        _("maximum score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    location = models.CharField(pgettext_lazy("lesson", "location"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("item progress")
        verbose_name_plural = _("item progress")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="learnpaths_progress_unique")
        ]

    def __str__(self):
        return f"{self.item} · {self.get_status_display()}"
