from django import forms
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from announcements.models import Announcement
from core.uploads import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_SIZE, check_upload
from courses.models import Enrollment

# Attachments go through the platform's upload check, limited to 10 MB each and to documents,
# pictures and sound (no web pages or scripts, which a browser could run).
ATTACHMENT_MAX_COUNT = 5


def validate_attachment(upload) -> None:
    check_upload(upload, max_size=ATTACHMENT_MAX_SIZE, extensions=ATTACHMENT_EXTENSIONS)


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

    group = forms.TypedChoiceField(label=_("Space"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, course, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        # groups: (id, name) of the course's groups that have an announcements space.
        self.fields["group"].choices = [("", _("The whole course")), *groups]
        if self.instance.pk:
            self.initial.setdefault("group", self.instance.group_id or "")
        if not groups:
            del self.fields["group"]
        self.fields["recipients"].queryset = (
            get_user_model()
            .objects.filter(enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["recipients"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.username})"
        )
        self.fields["content"].required = True
        self.fields["attachments"].help_text = ngettext(
            "Up to %(count)d file of %(size)s at most.",
            "Up to %(count)d files of %(size)s at most each.",
            ATTACHMENT_MAX_COUNT,
        ) % {"count": ATTACHMENT_MAX_COUNT, "size": filesizeformat(ATTACHMENT_MAX_SIZE)}

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        existing = self.instance.attachments.count() if self.instance.pk else 0
        if len(files) + existing > ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(
                ngettext(
                    "An announcement has at most %(count)d attachment.",
                    "An announcement has at most %(count)d attachments.",
                    ATTACHMENT_MAX_COUNT,
                )
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
