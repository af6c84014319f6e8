from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_SIZE, check_upload
from forums.models import Forum, ForumCategory, NotificationPreference, Thread

ATTACHMENT_MAX_COUNT = 5


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


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ForumCategory
        fields = ["title", "position"]


class ForumForm(forms.ModelForm):
    class Meta:
        model = Forum
        fields = [
            "title",
            "category",
            "description",
            "moderated",
            "locked",
            "visible",
            "allow_anonymous",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"class": "rich-text", "rows": 4})}

    group_id = forms.TypedChoiceField(
        label=_("Group"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A group's forum is read by that group (or the whole course if public)."),
    )

    def __init__(self, *args, course, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ForumCategory.objects.filter(course=course)
        # groups: (id, name) of the course's groups that have a forum space.
        self.fields["group_id"].choices = [("", _("The whole course")), *groups]
        self.initial.setdefault("group_id", self.instance.group_id or "")
        if not groups:
            del self.fields["group_id"]


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    content = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"class": "rich-text", "rows": 10})
    )
    anonymous = forms.BooleanField(label=_("Post anonymously"), required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, with_title: bool, allow_anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]
        if not allow_anonymous:
            del self.fields["anonymous"]
        self.fields["attachments"].help_text = _(
            "Up to %(count)d files of %(size)s at most each."
        ) % {"count": ATTACHMENT_MAX_COUNT, "size": filesizeformat(ATTACHMENT_MAX_SIZE)}

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > ATTACHMENT_MAX_COUNT:
            raise forms.ValidationError(
                _("At most %(count)d attachments.") % {"count": ATTACHMENT_MAX_COUNT}
            )
        for upload in files:
            check_upload(upload, max_size=ATTACHMENT_MAX_SIZE, extensions=ATTACHMENT_EXTENSIONS)
        return files


class ThreadModerationForm(forms.ModelForm):
    class Meta:
        model = Thread
        fields = ["forum", "pinned", "locked", "graded", "score_max"]
        labels = {"forum": _("Move to forum")}

    def __init__(self, *args, forums, grading: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        if not grading:
            # A group's tutor moderates; grading stays with the course's teachers and tutors.
            del self.fields["graded"], self.fields["score_max"]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["mode"]
        widgets = {"mode": forms.RadioSelect}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=100, required=False)
