from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Course


class ToolMode(models.TextChoices):
    OFF = "off", _("Off")
    PRIVATE = "private", _("Private (group members)")
    PUBLIC = "public", _("Public (whole course)")


class GroupCategory(models.Model):
    """A set of groups: learners join at most ``groups_per_learner`` groups of a category."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="group_categories"
    )
    name = models.CharField(_("name"), max_length=200)
    groups_per_learner = models.PositiveSmallIntegerField(
        _("groups per learner"),
        default=1,
        help_text=_("How many groups of this category a learner may belong to (0: no limit)."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("group category")
        verbose_name_plural = _("group categories")
        ordering = ["course", "position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="groupcategory_unique_name")
        ]

    def __str__(self):
        return self.name


class Group(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="course_groups"
    )
    category = models.ForeignKey(
        GroupCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    max_members = models.PositiveIntegerField(
        _("maximum members"), default=0, help_text=_("0: no limit.")
    )
    self_registration = models.BooleanField(_("learners may join on their own"), default=False)
    self_unregistration = models.BooleanField(_("learners may leave on their own"), default=False)
    registration_opens = models.DateTimeField(_("joining opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("joining closes"), null=True, blank=True)
    documents = models.CharField(
        _("documents"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    forums = models.CharField(
        _("forum"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    wiki = models.CharField(
        _("wiki"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    chat = models.CharField(
        _("chat"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    announcements = models.CharField(
        _("announcements"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    agenda = models.CharField(
        _("agenda"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    conference = models.CharField(
        _("virtual classroom"), max_length=10, choices=ToolMode.choices, default=ToolMode.PRIVATE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    TOOL_FIELDS = (
        "documents",
        "forums",
        "wiki",
        "chat",
        "announcements",
        "agenda",
        "conference",
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["course", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="group_unique_name")]

    def __str__(self):
        return self.name

    @property
    def tool_modes(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in self.TOOL_FIELDS}

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now > self.registration_closes)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        TUTOR = "tutor", _("Group tutor")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"
