from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assignments.models import Assignment
from core.forms import DecimalField
from core.numbers import number_shown

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AssignmentForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attach a file to the instructions"),
        required=False,
        help_text=_("Add more files after saving, one at a time."),
    )

    class Meta:
        model = Assignment
        fields = [
            "title",
            "instructions",
            "max_score",
            "deadline",
            "end_date",
            "kind",
            "allowed_extensions",
            "max_file_size_mb",
            "share_works",
            "in_gradebook",
            "in_agenda",
            "visible",
        ]
        widgets = {
            "instructions": forms.Textarea(attrs={"class": "rich-text", "rows": 8}),
            "deadline": DATETIME,
            "end_date": DATETIME,
        }

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The maximum score must be above 0."))
        return value

    def clean(self):
        data = super().clean()
        deadline, end_date = data.get("deadline"), data.get("end_date")
        if deadline and end_date and end_date < deadline:
            self.add_error("end_date", _("The end date cannot come before the deadline."))
        return data


class HandInForm(forms.Form):
    text = forms.CharField(
        label=_("Online text"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 8}),
    )
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        if not assignment.accepts_text:
            del self.fields["text"]
        if not assignment.accepts_file:
            del self.fields["file"]
        else:
            parts = []
            if assignment.extension_set():
                parts.append(
                    _("Allowed types: %(types)s.")
                    % {"types": ", ".join(sorted(assignment.extension_set()))}
                )
            if assignment.max_file_size_mb:
                parts.append(_("At most %(size)s MB.") % {"size": assignment.max_file_size_mb})
            self.fields["file"].help_text = " ".join(str(p) for p in parts)


class GradeForm(forms.Form):
    score = DecimalField(label=_("Score"), required=False, min_value=0, decimal_places=2)
    feedback = forms.CharField(
        # Not "Commentaire" in French: the comment thread under the work already is.
        label=pgettext_lazy("a teacher's appreciation of a work", "Feedback"),
        required=False,
        widget=forms.Textarea(attrs={"class": "rich-text", "rows": 6}),
    )
    corrected_file = forms.FileField(label=_("Corrected file"), required=False)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]
        score.max_value = assignment.max_score
        score.validators.append(MaxValueValidator(assignment.max_score))
        self.fields["score"].help_text = _("Out of %(max)s.") % {
            "max": number_shown(assignment.max_score)
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Attach a file"), required=False)

    def __init__(self, *args, with_file: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_file:
            del self.fields["file"]


class CorrectionsForm(forms.Form):
    archive = forms.FileField(
        label=_("Zip of corrected files"),
        help_text=_(
            "Keep the file names of the “Download all works” archive: they tell which work each"
            " correction belongs to."
        ),
    )
