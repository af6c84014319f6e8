from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    package = forms.FileField(
        label=_("Package (zip)"),
        help_text=_("A SCORM 1.2, SCORM 2004 or AICC package, as a zip file."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Empty: the title given by the package."),
    )
