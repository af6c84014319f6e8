import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course


def _blob_path(instance: "Document", filename: str) -> str:
    # Stored under a random name: the person's file name lives in the database only, and no
    # URL of the media folder leads here (files are served by a view that checks access).
    return f"documents/{instance.course_id}/{uuid.uuid4().hex}"


def _thumbnail_path(instance: "Document", filename: str) -> str:
    return f"documents/{instance.course_id}/thumbs/{uuid.uuid4().hex}.jpg"


class Document(models.Model):
    """A folder, an uploaded file or an HTML page in a course's tree.

    ``path`` lists the ids from the top of the tree down to this node ("/3/7/12/"), so a
    node's ancestors and descendants are found in one query. Replacing a file keeps the row
    (and its id), so links and learning-path items that point to it still work.
    """

    class Kind(models.TextChoices):
        FOLDER = "folder", _("Folder")
        FILE = "file", _("File")
        PAGE = "page", _("Web page")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="documents"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("folder"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        limit_choices_to={"kind": "folder"},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(_("tree path"), max_length=1000, blank=True, db_index=True)
    visible = models.BooleanField(
        _("visible to learners"),
        default=True,
        help_text=_("Hidden documents (and everything in a hidden folder) stay with teachers."),
    )
    file = models.FileField(_("file"), upload_to=_blob_path, max_length=300, blank=True)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=_thumbnail_path, max_length=300, blank=True
    )
    # Set on a group's documents folder only (a folder at the top of the tree): everything
    # under it belongs to that group's space, which courses.permissions guards.
    group_id = models.PositiveIntegerField(_("group"), null=True, blank=True, db_index=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    content = models.TextField(_("content"), blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
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
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["course", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(parent__isnull=False),
                name="document_unique_name_in_folder",
            ),
            models.UniqueConstraint(
                fields=["course", "name"],
                condition=models.Q(parent__isnull=True),
                name="document_unique_name_at_top",
            ),
        ]
        indexes = [models.Index(fields=["course", "parent"], name="document_folder_idx")]

    def __str__(self):
        return self.name

    @property
    def is_folder(self) -> bool:
        return self.kind == self.Kind.FOLDER

    @property
    def is_page(self) -> bool:
        return self.kind == self.Kind.PAGE

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def media_kind(self) -> str:
        """How the file is shown: image, audio, video, pdf, html, text or other."""
        if self.kind != self.Kind.FILE:
            return self.kind
        major, _slash, minor = self.content_type.partition("/")
        if major in {"audio", "video"}:
            return major
        if major == "image" and minor in {"jpeg", "png", "gif", "webp", "bmp"}:
            return "image"
        if self.content_type == "application/pdf":
            return "pdf"
        if self.content_type == "text/html":
            return "html"
        if self.content_type in {"text/plain", "text/csv", "text/markdown", "text/vtt"}:
            return "text"
        return "other"

    @property
    def icon(self) -> str:
        return {
            "folder": "folder-fill",
            "page": "file-earmark-richtext",
            "image": "file-earmark-image",
            "audio": "file-earmark-music",
            "video": "file-earmark-play",
            "pdf": "file-earmark-pdf",
            "html": "file-earmark-code",
            "text": "file-earmark-text",
        }.get(self.media_kind, "file-earmark")


class DocumentSettings(models.Model):
    """A course's own limits for its documents; without a row the platform defaults apply."""

    course = models.OneToOneField(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="document_settings",
    )
    quota_mb = models.PositiveIntegerField(
        _("disk quota (MB)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the platform's default quota."),
    )

    class Meta:
        verbose_name = _("documents settings")
        verbose_name_plural = _("documents settings")

    def __str__(self):
        return str(self.course)

    @property
    def quota_bytes(self) -> int | None:
        return None if self.quota_mb is None else self.quota_mb * 1024 * 1024
