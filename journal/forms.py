from django import forms
from django.utils.translation import gettext_lazy as _

from journal.models import Advance, Theme

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = [
            "title",
            "description",
            "objectives",
            "skills",
            "methodology",
            "infrastructure",
            "assessment",
            "other",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "description",
                "objectives",
                "skills",
                "methodology",
                "infrastructure",
                "assessment",
                "other",
            )
        }


class AdvanceForm(forms.ModelForm):
    attendance_date_id = forms.TypedChoiceField(
        label=_("Attendance date"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Advance
        fields = ["date", "duration_hours", "content", "done", "attendance_date_id"]
        widgets = {"date": DATETIME, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, attendance_dates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance_date_id"].choices = [("", _("(none)"))] + [
            (str(pk), label) for pk, label in attendance_dates
        ]
        self.fields["duration_hours"].min_value = 0
