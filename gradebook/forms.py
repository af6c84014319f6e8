import json
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.numbers import number_for_input
from gradebook.models import OFFLINE, Category, Evaluation, GradebookSettings
from gradebook.services import GradebookError, level_weights, link_choices, parse_scale

WEIGHT_HELP = _(
    "The weights of the categories and evaluations of one level add up to 100 %. "
    "A new one takes what remains at its level."
)


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


class _LevelWeightMixin:
    """A new category or evaluation weighs, by default, what remains at its level (100 % minus
    its siblings, never below 0): the weight starts at that for the level chosen first, the
    page's script (gradebook/weights.js) follows a change of level until the teacher types a
    weight, and a weight left empty is filled in the same way when saving."""

    level_field = ""

    def setup_weight(self, course, level_id):
        instance = self.instance
        sums = level_weights(
            course,
            exclude_category=instance.pk if isinstance(instance, Category) else None,
            exclude_evaluation=instance.pk if isinstance(instance, Evaluation) else None,
        )
        self.remaining = {key: max(Decimal(0), Decimal(100) - total) for key, total in sums.items()}
        weight = self.fields["weight"]
        weight.help_text = WEIGHT_HELP
        if instance.pk:
            return
        weight.required = False
        valid = {pk for pk, _label in self.fields[self.level_field].choices if pk != ""}
        level = level_id if level_id in valid else None
        if level is not None:
            self.initial[self.level_field] = level
        # "40", not "40.00" (PostgreSQL gives decimals their column's scale); "37,5" in French.
        self.initial["weight"] = self._remaining(level)
        weight.widget.attrs["data-remaining-weights"] = json.dumps(
            {("" if k is None else str(k)): number_for_input(v) for k, v in self.remaining.items()}
        )
        weight.widget.attrs["data-level-field"] = f"id_{self.level_field}"

    def _remaining(self, level_id) -> Decimal:
        return self.remaining.get(level_id, Decimal(100))

    def clean_weight(self):
        value = self.cleaned_data.get("weight")
        if value is None:
            level = self.data.get(self.level_field) or None
            try:
                level = int(level) if level is not None else None
            except ValueError:
                level = None
            value = self._remaining(level)
        return value


class CategoryForm(_LevelWeightMixin, forms.ModelForm):
    level_field = "parent"

    class Meta:
        model = Category
        fields = ["name", "weight", "parent"]

    def __init__(self, *args, course, level_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        _categories, choices = _category_choices(
            course, exclude=self.instance if self.instance.pk else None
        )
        self.fields["parent"].queryset = Category.objects.filter(course=course)
        self.fields["parent"].choices = [("", _("(top level)"))] + choices
        self.setup_weight(course, level_id)


class EvaluationForm(_LevelWeightMixin, forms.ModelForm):
    level_field = "category"
    link = forms.ChoiceField(label=_("Linked to"))

    class Meta:
        model = Evaluation
        fields = ["name", "category", "link", "weight", "max_score", "min_score", "visible"]

    def __init__(self, *args, course, level_id=None, **kwargs):
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
        self.setup_weight(course, level_id)


class MarksImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One line per learner: username, mark (comma or semicolon)."),
    )
