"""What the platform records of its use, one row per person, course (and tool) and day.

Hits are not written one INSERT per request: they are buffered (``tracking.buffer``) and
folded into these daily rows in bulk, so a day of a learner in a course is one row whatever
the number of pages they opened.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginDay(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_days"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("sign-ins"), default=0)
    first_at = models.DateTimeField(_("first sign-in"))
    last_at = models.DateTimeField(_("last sign-in"))

    class Meta:
        verbose_name = _("sign-ins of a day")
        verbose_name_plural = _("sign-ins per day")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="tracking_login_day")]
        indexes = [models.Index(fields=["day"], name="tracking_login_day_idx")]

    def __str__(self):
        return f"{self.user_id} {self.day}: {self.count}"


class CourseDay(models.Model):
    """A person's visits to one course in one day, and the time they spent in it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_days"
    )
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="tracking_days"
    )
    day = models.DateField(_("day"))
    visits = models.PositiveIntegerField(_("pages opened"), default=0)
    seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    first_at = models.DateTimeField(_("first access"))
    last_at = models.DateTimeField(_("last access"))

    class Meta:
        verbose_name = _("course day")
        verbose_name_plural = _("course days")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "day"], name="tracking_course_day")
        ]
        indexes = [models.Index(fields=["course", "day"], name="tracking_course_day_idx")]

    def __str__(self):
        return f"{self.user_id}@{self.course_id} {self.day}"


class ToolDay(models.Model):
    """Visits to one tool of one course in one day (the most used tools)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tool_days"
    )
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="tracking_tool_days"
    )
    tool = models.CharField(_("tool"), max_length=40)
    day = models.DateField(_("day"))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("tool day")
        verbose_name_plural = _("tool days")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "tool", "day"], name="tracking_tool_day"
            )
        ]
        indexes = [models.Index(fields=["day", "tool"], name="tracking_tool_day_idx")]

    def __str__(self):
        return f"{self.tool}@{self.course_id} {self.day}"


class FollowedLearner(models.Model):
    """A learner whose progress across courses ``follower`` may read: an HR manager's or a
    tutor's set of learners (Chamilo's "users followed"), given by an administrator."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follower"),
        on_delete=models.CASCADE,
        related_name="followed_learners",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed learner")
        verbose_name_plural = _("followed learners")
        constraints = [
            models.UniqueConstraint(fields=["follower", "learner"], name="tracking_follow_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("learner")), name="tracking_follow_other"
            ),
        ]

    def __str__(self):
        return f"{self.follower} → {self.learner}"
