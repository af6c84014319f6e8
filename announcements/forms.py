from pathlib import PurePosixPath

from django import forms
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from announcements.models import Announcement
from courses.models import Enrollment

# --- Attachment validation ---------------------------------------------------------------------
# A small, local validator until the shared one (core.uploads, from the documents tool) is merged;
# it should then replace this block. Size limit, extension allow-list, and for the common binary
# formats a look at the first bytes so a renamed executable is not accepted as a PDF.
ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5
_ANY = None
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
    ".mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ".txt": _ANY,
    ".csv": _ANY,
    ".rtf": (b"{\\rtf",),
}


def validate_attachment(upload) -> None:
    """Refuse an uploaded attachment that is too big, of a refused type, or not what it says."""
    name = PurePosixPath(upload.name or "").name
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ATTACHMENT_SIGNATURES:
        raise forms.ValidationError(
            _("%(name)s: this type of file is not accepted (allowed: %(allowed)s).")
            % {"name": name, "allowed": ", ".join(sorted(e[1:] for e in ATTACHMENT_SIGNATURES))}
        )
    if upload.size > ATTACHMENT_MAX_SIZE:
        raise forms.ValidationError(
            _("%(name)s is too big (%(size)s); the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(ATTACHMENT_MAX_SIZE),
            }
        )
    signatures = ATTACHMENT_SIGNATURES[extension]
    if signatures is not None:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(signatures):
            raise forms.ValidationError(
                _("%(name)s does not look like a %(type)s file.")
                % {"name": name, "type": extension[1:].upper()}
            )
    elif b"\x00" in upload.read(4096):
        upload.seek(0)
        raise forms.ValidationError(_("%(name)s is not a text file.") % {"name": name})
    upload.seek(0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AnnouncementForm(forms.ModelForm):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Learners who receive it"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for the audience “Chosen learners”."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
    )

    class Meta:
        model = Announcement
        fields = ["title", "content", "audience", "recipients", "send_email"]
        widgets = {
            "content": forms.Textarea(attrs={"class": "rich-text", "rows": 10}),
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["recipients"].queryset = (
            get_user_model()
            .objects.filter(enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["recipients"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.username})"
        )
        self.fields["content"].required = True
        self.fields["attachments"].help_text = _(
            "Up to %(count)d files of %(size)s at most each."
        ) % {"count": ATTACHMENT_MAX_COUNT, "size": filesizeformat(ATTACHMENT_MAX_SIZE)}

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        existing = self.instance.attachments.count() if self.instance.pk else 0
        if len(files) + existing > ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(
                _("An announcement has at most %(count)d attachments.")
                % {"count": ATTACHMENT_MAX_COUNT}
            )
        errors = []
        for upload in files:
            try:
                validate_attachment(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self):
        data = super().clean()
        if data.get("audience") == Announcement.Audience.USERS and not data.get("recipients"):
            self.add_error("recipients", _("Choose at least one learner."))
        return data
