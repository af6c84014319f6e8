"""The gradebook of a course: a tree of weighted categories holding evaluations (linked to a
graded tool through a grade source, or offline with typed marks), a pass mark, an optional
scale of labels, and the certificates issued to learners who pass."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from courses.models import Course

DEFAULT_CERTIFICATE = (
    '<h1 style="text-align: center;">Certificate of achievement</h1>'
    '<p style="text-align: center;">This certifies that</p>'
    '<h2 style="text-align: center;">{learner_name}</h2>'
    '<p style="text-align: center;">has completed the course <strong>{course}</strong> '
    "with a score of {score}.</p>"
    '<p style="text-align: center;">{date}</p>'
    '<p style="text-align: center; font-size: small;">Verification code: {code}<br>'
    "{verification_url}</p>"
)
PLACEHOLDERS = ("learner_name", "course", "score", "date", "code", "verification_url")

OFFLINE = "offline"


class GradebookSettings(models.Model):
    course = models.OneToOneField(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="gradebook"
    )
    pass_mark = DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        help_text=_("A learner whose weighted total reaches it passes the course."),
    )
    use_scale = models.BooleanField(_("show the scale's labels"), default=False)
    certificates_enabled = models.BooleanField(
        _("issue certificates to learners who pass"), default=False
    )
    certificate_template = models.TextField(
        _("certificate"),
        blank=True,
        default=DEFAULT_CERTIFICATE,
        help_text=_(
            "Placeholders: {learner_name}, {course}, {score}, {date}, {code}, {verification_url}."
        ),
    )

    class Meta:
        verbose_name = _("gradebook settings")
        verbose_name_plural = _("gradebook settings")

    def __str__(self):
        return str(self.course)


class Category(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="grade_categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    weight = DecimalField(_("weight (%)"), max_digits=6, decimal_places=2, default=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("gradebook category")
        verbose_name_plural = _("gradebook categories")
        ordering = ["course", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="grade_category_weight")
        ]

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="evaluations"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    name = models.CharField(_("name"), max_length=200)
    weight = DecimalField(_("weight (%)"), max_digits=6, decimal_places=2, default=100)
    # "offline" or the key of a registered grade source ("test", "learnpath", "assignment"...)
    source = models.CharField(_("source"), max_length=40, default=OFFLINE)
    item_id = models.PositiveBigIntegerField(_("linked item"), null=True, blank=True)
    max_score = DecimalField(
        _("maximum score"),
        max_digits=7,
        decimal_places=2,
        default=20,
        help_text=_("For offline evaluations: the marks are typed out of it."),
    )
    min_score = DecimalField(
        _("minimum to pass (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A learner below it does not pass the course, whatever the total."),
    )
    visible = models.BooleanField(_("visible to learners"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["course", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="evaluation_weight"),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0), name="evaluation_max_score_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_offline(self) -> bool:
        return self.source == OFFLINE


class Mark(models.Model):
    """A typed mark of an offline evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="grade_marks",
    )
    score = DecimalField(_("score"), max_digits=7, decimal_places=2)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="mark_one_per_learner")
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.user}: {self.score}"


class ScaleLevel(models.Model):
    """A label ("A", "Very good") for totals from ``min_percent`` up to the next level."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="grade_scale"
    )
    label = models.CharField(_("label"), max_length=60)
    min_percent = DecimalField(_("from (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["course", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["course", "min_percent"], name="scale_level_unique")
        ]

    def __str__(self):
        return f"{self.label} ≥ {self.min_percent}%"


def new_certificate_code() -> str:
    # 16 characters without look-alikes: unguessable, and readable over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def certificate_path(instance, filename: str) -> str:
    return f"gradebook/certificates/{instance.course_id}/{instance.code}.pdf"


class Certificate(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_certificate_code
    )
    score = DecimalField(_("score (%)"), max_digits=9, decimal_places=4)
    issued_at = models.DateTimeField(_("issued"))
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, max_length=300, blank=True)
    generated_at = models.DateTimeField(_("PDF generated"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="certificate_one_per_learner")
        ]

    def __str__(self):
        return f"{self.code} · {self.user}"
