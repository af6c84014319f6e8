from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each one is checked by the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        if isinstance(data, list | tuple):
            data = None  # nothing chosen: the usual "required" message
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files"))


class ZipUploadForm(forms.Form):
    archive = forms.FileField(
        label=_("Zip archive"),
        help_text=_("Its folders and files are added to this folder."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class ReplaceForm(forms.Form):
    file = forms.FileField(label=_("New file"))


class NameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class PageForm(forms.Form):
    name = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 20}),
    )


class MoveForm(forms.Form):
    target = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, document: Document, folders: list[Document], labels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(top of the documents)"))]
        for folder in folders:
            if document.is_folder and folder.path.startswith(document.path):
                continue  # not into itself or below
            choices.append((str(folder.pk), labels[folder.pk]))
        self.fields["target"].choices = choices
        self.fields["target"].required = False
        self.folders_by_id = {folder.pk: folder for folder in folders}

    def clean_target(self):
        value = self.cleaned_data["target"]
        return self.folders_by_id.get(int(value)) if value else None


class VisibilityForm(forms.Form):
    visible = forms.BooleanField(required=False)
