from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.uploads import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_SIZE, check_upload
from projects.models import Assignment, ProjectMember, Task, colour_validator


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


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 5}),
    )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Course member"), queryset=get_user_model().objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ProjectMember.Role.choices, initial=ProjectMember.Role.MEMBER
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(enrollments__course=course)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    colour = forms.CharField(
        label=_("Colour"),
        initial="#0d6efd",
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    assignees = forms.ModelMultipleChoiceField(
        label=_("Given to"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = (
            get_user_model()
            .objects.filter(project_memberships__project=project)
            .exclude(project_memberships__role=ProjectMember.Role.READER)
            .order_by("last_name", "username")
        )
        self.fields["assignees"].label_from_instance = lambda u: u.display_name


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    content = forms.CharField(
        label=_("Article"), widget=forms.Textarea(attrs={"class": "rich-text", "rows": 8})
    )
    task = forms.ModelChoiceField(
        label=_("About the task"), queryset=Task.objects.none(), required=False
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = project.tasks.order_by("title")

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for upload in files:
            try:
                check_upload(upload, max_size=ATTACHMENT_MAX_SIZE, extensions=ATTACHMENT_EXTENSIONS)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class CommentForm(forms.Form):
    content = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Assignment.Status.choices)


class RatingForm(forms.Form):
    value = forms.IntegerField(min_value=1, max_value=5)
