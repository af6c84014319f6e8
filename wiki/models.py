from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Course


class WikiPage(models.Model):
    """A page of a course's wiki, or of a group's (``group_id``), with its revisions."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="wiki_pages"
    )
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    key = models.CharField(_("address"), max_length=200)  # wiki.links.page_key(title)
    content = models.TextField(_("content"), blank=True)  # the current revision's, sanitised
    links = models.JSONField(_("links to"), default=list, blank=True)  # keys, current revision
    revision = models.PositiveIntegerField(_("revision"), default=0)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Only teachers may change a locked page.")
    )
    visible = models.BooleanField(_("visible to learners"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        ordering = ["course", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "key"],
                condition=models.Q(group_id__isnull=True),
                name="wikipage_unique_key_course",
            ),
            models.UniqueConstraint(
                fields=["course", "group_id", "key"],
                condition=models.Q(group_id__isnull=False),
                name="wikipage_unique_key_group",
            ),
        ]

    def __str__(self):
        return self.title


class Revision(models.Model):
    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(pgettext_lazy("revision", "number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.CharField(_("summary of the change"), max_length=250, blank=True)
    merged = models.BooleanField(_("merged with a concurrent edit"), default=False)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="revision_unique_number")
        ]

    def __str__(self):
        return f"{self.page} #{self.number}"


class Comment(models.Model):
    """The discussion of a page: plain text, shown escaped."""

    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("wiki comment")
        verbose_name_plural = _("wiki comments")
        ordering = ["page", "created_at", "pk"]

    def __str__(self):
        return f"{self.page}: {self.pk}"
