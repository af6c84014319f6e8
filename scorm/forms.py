from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ImportForm(forms.Form):
    package = MultipleFileField(
        label=_("Package"),
        help_text=_(
            "A SCORM 1.2, SCORM 2004 or AICC package as a zip file, or the files of an AICC "
            "course (.crs, .au, .des, .cst and its pages) selected together."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Empty: the title given by the package."),
    )
