"""Imported packages, the runtime data SCOs commit, and AICC sessions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Package(models.Model):
    class Kind(models.TextChoices):
        SCORM12 = "scorm12", _("SCORM 1.2")
        SCORM2004 = "scorm2004", _("SCORM 2004")
        AICC = "aicc", _("AICC")

    path = models.OneToOneField(
        "learnpaths.LearningPath",
        verbose_name=_("learning path"),
        on_delete=models.CASCADE,
        related_name="package",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    edition = models.CharField(_("edition"), max_length=20, blank=True)
    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    # The folder under MEDIA_ROOT/scorm/ holding the extracted files.
    folder = models.CharField(_("folder"), max_length=64, unique=True)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    original_name = models.CharField(_("uploaded file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    # SCORM 2004: the activity tree with its whole sequencing definition
    # (scorm.sequencing.definition.sequencing_tree); empty for other packages.
    sequencing = models.JSONField(_("sequencing"), default=dict, blank=True)

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.path} ({self.get_kind_display()})"

    @property
    def root(self):
        return settings.MEDIA_ROOT / "scorm" / self.folder


class ScoData(models.Model):
    """The CMI data model a SCO committed, for one learner, one item, one attempt."""

    progress = models.OneToOneField(
        "learnpaths.ItemProgress",
        verbose_name=_("item progress"),
        on_delete=models.CASCADE,
        related_name="sco_data",
    )
    version = models.CharField(_("SCORM version"), max_length=10)
    cmi = models.JSONField(_("data model elements"), default=dict, blank=True)
    commits = models.PositiveIntegerField(_("commits"), default=0)
    # Time of the current launch already added to the item (commits repeat the session time).
    session_seconds = models.PositiveIntegerField(_("seconds of this session"), default=0)
    finished = models.BooleanField(_("session finished"), default=False)
    # cmi.entry of the current session, decided at launch from the previous session's exit
    # (which, being write-only, is not kept into the new session).
    entry = models.CharField(_("entry"), max_length=20, blank=True, default="ab-initio")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SCO data")
        verbose_name_plural = _("SCO data")

    def __str__(self):
        return str(self.progress)


class AiccSession(models.Model):
    """One launch of an AICC unit; content authenticates with its unguessable session id."""

    session_id = models.CharField(_("session id"), max_length=64, unique=True)
    progress = models.ForeignKey(
        "learnpaths.ItemProgress",
        verbose_name=_("item progress"),
        on_delete=models.CASCADE,
        related_name="aicc_sessions",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last message"), null=True, blank=True)
    # The session's Time already added to the unit (the last PutParam's Time replaces earlier).
    seconds = models.PositiveIntegerField(_("seconds of this session"), default=0)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("AICC session")
        verbose_name_plural = _("AICC sessions")

    def __str__(self):
        return self.session_id[:8]


class SharedDataStore(models.Model):
    """A SCORM 2004 shared data store (adlcp:data/adlcp:map, RTE 4.3): one learner's value
    for one target id of a package, kept across its SCOs and across attempts."""

    path = models.ForeignKey(
        "learnpaths.LearningPath",
        verbose_name=_("learning path"),
        on_delete=models.CASCADE,
        related_name="shared_data",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=255)
    store = models.TextField(_("store"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shared data store")
        verbose_name_plural = _("shared data stores")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "user", "target_id"], name="scorm_shared_data_once"
            )
        ]

    def __str__(self):
        return self.target_id


class SequencingState(models.Model):
    """One learner's SCORM 2004 sequencing state for one attempt on a package: the tracking
    model of every activity (scorm.sequencing.engine), one JSON document written at once."""

    attempt = models.OneToOneField(
        "learnpaths.PathAttempt",
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="sequencing_state",
    )
    state = models.JSONField(_("state"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sequencing state")
        verbose_name_plural = _("sequencing states")

    def __str__(self):
        return str(self.attempt_id)


class GlobalObjectives(models.Model):
    """A learner's shared (global) objectives (SN 3.10.2): ``{target id: objective}``, for
    every package (scope "") or, for an organization whose objectives are not global to the
    system, for its path alone (scope "path:<id>")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    objectives = models.JSONField(_("objectives"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("global objectives")
        verbose_name_plural = _("global objectives")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope"], name="scorm_global_objectives_once")
        ]

    def __str__(self):
        return f"{self.user_id} {self.scope}"
