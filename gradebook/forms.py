from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gradebook.models import OFFLINE, Category, Evaluation, GradebookSettings
from gradebook.services import GradebookError, link_choices, parse_scale


class SettingsForm(forms.ModelForm):
    scale = forms.CharField(
        label=_("Scale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "90 A\n75 B\n50 C\n0 D"}),
        help_text=_("One level per line: the lowest percentage of the level, then its label."),
    )

    class Meta:
        model = GradebookSettings
        fields = ["pass_mark", "use_scale", "certificates_enabled", "certificate_template"]
        widgets = {"certificate_template": forms.Textarea(attrs={"class": "rich-text"})}

    def clean_pass_mark(self):
        value = self.cleaned_data["pass_mark"]
        if not Decimal(0) <= value <= Decimal(100):
            raise forms.ValidationError(_("The pass mark is a percentage between 0 and 100."))
        return value

    def clean_scale(self):
        try:
            return parse_scale(self.cleaned_data["scale"])
        except GradebookError as error:
            raise forms.ValidationError(str(error)) from error


def _category_choices(course, exclude=None):
    categories = list(Category.objects.filter(course=course).order_by("position", "pk"))
    by_parent = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    choices = []

    def walk(parent_id, depth):
        for category in by_parent.get(parent_id, []):
            if exclude is not None and category.pk == exclude.pk:
                continue
            choices.append((category.pk, "— " * depth + category.name))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return categories, choices


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "weight", "parent"]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        _categories, choices = _category_choices(
            course, exclude=self.instance if self.instance.pk else None
        )
        self.fields["parent"].queryset = Category.objects.filter(course=course)
        self.fields["parent"].choices = [("", _("(top level)"))] + choices
        self.fields["weight"].help_text = _(
            "The weights of the categories and evaluations of one level add up to 100 %."
        )


class EvaluationForm(forms.ModelForm):
    link = forms.ChoiceField(label=_("Linked to"))

    class Meta:
        model = Evaluation
        fields = ["name", "category", "link", "weight", "max_score", "min_score", "visible"]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        _categories, choices = _category_choices(course)
        self.fields["category"].queryset = Category.objects.filter(course=course)
        self.fields["category"].choices = [("", _("(top level)"))] + choices
        self.fields["link"].choices = link_choices(course)
        if self.instance.pk:
            self.initial["link"] = (
                OFFLINE
                if self.instance.source == OFFLINE
                else f"{self.instance.source}:{self.instance.item_id}"
            )
        self.fields["weight"].help_text = _(
            "The weights of the categories and evaluations of one level add up to 100 %."
        )


class MarksImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One line per learner: username, mark (comma or semicolon)."),
    )
