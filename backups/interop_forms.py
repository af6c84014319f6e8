from django import forms
from django.utils.translation import gettext_lazy as _


class CartridgeImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Common Cartridge file"),
        help_text=_("An .imscc file (IMS Common Cartridge 1.0 to 1.3) from Moodle, Canvas..."),
        widget=forms.ClearableFileInput(attrs={"accept": ".imscc,.zip"}),
    )


class MoodleImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Moodle course backup"),
        help_text=_("An .mbz file made by Moodle 3.x or 4.x."),
        widget=forms.ClearableFileInput(attrs={"accept": ".mbz,.zip"}),
    )
