import re

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course

# Only web addresses: javascript:, data:, file: and the like are refused.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)

# "www.example.org" or "example.org/page": a host name with a dot, an optional port and path.
_BARE_HOST = re.compile(r"^(?!-)[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}(:\d{1,5})?([/?#]\S*)?$")


def complete_url(value: str) -> str:
    """An address typed without its scheme ("www.example.org") gets https://, as a browser's
    address bar does; anything else is left for the validator to judge."""
    value = value.strip()
    if "://" not in value and _BARE_HOST.match(value):
        return f"https://{value}"
    return value


class LinkCategory(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="link_categories"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link category")
        verbose_name_plural = _("link categories")
        ordering = ["course", "position", "pk"]

    def __str__(self):
        return self.title


class Link(models.Model):
    class Status(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked")
        OK = "ok", _("Reachable")
        BROKEN = "broken", _("Broken")
        REFUSED = "refused", _("Not checked: private address")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="links"
    )
    category = models.ForeignKey(
        LinkCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links",
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("URL"), max_length=2000, validators=[http_url_validator])
    description = models.TextField(_("description"), blank=True)
    new_window = models.BooleanField(_("open in a new window"), default=True)
    visible = models.BooleanField(_("visible to learners"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(
        _("check status"), max_length=10, choices=Status.choices, default=Status.UNCHECKED
    )
    status_message = models.CharField(_("check result"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["course", "position", "pk"]
        indexes = [models.Index(fields=["course", "category", "position"], name="link_order_idx")]

    def __str__(self):
        return self.title
