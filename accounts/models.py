import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.compiled import CompiledQuery


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def avatar_path(instance: "User", filename: str) -> str:
    return f"avatars/{instance.pk or 'new'}/{filename}"


class UserManager(DjangoUserManager):
    """Django's user manager, whose ``get(pk=...)`` reads the row with SQL compiled once.

    Every signed-in request loads its user: the authentication backends (Django's and
    allauth's, whatever the session names) call ``User._default_manager.get(pk=user_id)``.
    Building that one-row query's SQL was half the CPU of a bare signed-in view (~0.3 ms of
    ~1.15 ms, bench.profile); ``core.compiled.CompiledQuery`` builds it once per process and
    returns the same instance the queryset would, or raises ``User.DoesNotExist`` as ``get``
    does. Anything else (other lookups, another database, related managers, which subclass
    this class and add their own filters) goes to Django's ``get``.
    """

    def get(self, *args, **kwargs):
        pk = kwargs.get("pk")
        if (
            type(self) is UserManager  # not a related manager (they filter on the relation)
            and not args
            and len(kwargs) == 1
            and type(pk) is int
            and -(2**63) <= pk < 2**63
            and self._db is None
        ):
            user = _USER_BY_PK.first(pk=pk)
            if user is None:
                raise self.model.DoesNotExist(
                    f"{self.model._meta.object_name} matching query does not exist."
                )
            return user
        return super().get(*args, **kwargs)


class User(AbstractUser):
    """Everyone on the platform. Course roles live on Enrollment; this is the platform role."""

    objects = UserManager()

    class PlatformRole(models.TextChoices):
        LEARNER = "learner", _("Learner")
        TEACHER = "teacher", _("Teacher")
        # Sees the progress of the learners assigned to them (their pages come later).
        HR_MANAGER = "hr_manager", _("HR manager")

    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    platform_role = models.CharField(
        _("platform role"),
        max_length=20,
        choices=PlatformRole.choices,
        default=PlatformRole.LEARNER,
        help_text=_("Administrators are the staff users; teachers may create courses."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    official_code = models.CharField(
        _("official code"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Student number or staff number."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # One account per address, whatever its case (allauth and bulk enrolment look
            # addresses up without case); accounts without an address are many.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            )
        ]

    def __str__(self):
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.is_staff

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


_USER_BY_PK = CompiledQuery(lambda pk: User._default_manager.get_queryset().filter(pk=pk), pk=-1)
