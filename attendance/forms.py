from django import forms
from django.utils.translation import gettext_lazy as _

from attendance.models import Sheet

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SheetForm(forms.ModelForm):
    class Meta:
        model = Sheet
        fields = ["title", "description", "in_gradebook"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SessionsForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, initial=60
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        required=False,
        choices=[
            ("", _("Once")),
            ("daily", _("Every day")),
            ("weekly", _("Every week")),
            ("biweekly", _("Every two weeks")),
            ("monthly", _("Every month")),
        ],
    )
    until = forms.DateTimeField(label=_("Until"), required=False, widget=DATETIME)
