from django import forms
from django.utils.translation import gettext_lazy as _

from glossary.models import GlossarySettings, Term, normalize_term
from glossary.services import IMPORT_MAX_BYTES


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["term", "definition"]
        widgets = {"definition": forms.Textarea(attrs={"class": "rich-text", "rows": 8})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        clash = Term.objects.filter(course=self.course, normalized=normalize_term(term))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This term is already in the glossary."))
        return term


class ImportForm(forms.Form):
    class OnDuplicate:
        choices = [
            ("skip", _("Keep the existing definition")),
            ("replace", _("Replace the existing definition")),
            ("error", _("Refuse the file")),
        ]

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns: term, definition (an optional header row “term,definition”). UTF-8, "
            "comma or semicolon separated, 2 MB at most."
        ),
    )
    on_duplicate = forms.ChoiceField(
        label=_("When a term is already in the glossary"),
        choices=OnDuplicate.choices,
        initial="skip",
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload.read()


class GlossarySettingsForm(forms.ModelForm):
    class Meta:
        model = GlossarySettings
        fields = ["highlight_in_documents"]
