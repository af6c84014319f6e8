from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Question, QuestionCategory, Quiz, parse_minutes
from assessments.question_types import parse_zone
from core.forms import DecimalField
from core.html import html_for_editing
from core.numbers import number_shown

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "title",
            "description",
            "published",
            "selection",
            "random_count",
            "shuffle_answers",
            "layout",
            "allow_back",
            "feedback",
            "results_display",
            "results_date",
            "pass_mark",
            "allow_negative_total",
            "pass_message",
            "fail_message",
            "opens_at",
            "closes_at",
            "time_limit",
            "max_attempts",
            "password",
            "gradebook_score",
            "time_warnings",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4, "class": "rich-text"}),
            "pass_message": forms.Textarea(attrs={"rows": 2}),
            "fail_message": forms.Textarea(attrs={"rows": 2}),
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "results_date": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "password": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "title",
            "description",
            "published",
            Fieldset(
                _("Questions and pages"),
                Row(Column("selection", css_class="col-md-8"), Column("random_count")),
                Row(Column("layout", css_class="col-md-8"), Column("allow_back")),
                "shuffle_answers",
            ),
            Fieldset(
                _("Feedback and results"),
                Row(Column("feedback"), Column("results_display")),
                Row(Column("results_date"), Column("pass_mark"), Column("gradebook_score")),
                "allow_negative_total",
                Row(Column("pass_message"), Column("fail_message")),
            ),
            Fieldset(
                _("Availability"),
                Row(Column("opens_at"), Column("closes_at")),
                Row(Column("time_limit"), Column("max_attempts"), Column("password")),
                "time_warnings",
            ),
        )

    def clean_time_warnings(self):
        text = self.cleaned_data.get("time_warnings") or ""
        try:
            minutes = parse_minutes(text)
        except ValueError:
            raise forms.ValidationError(
                _("Give whole numbers of minutes separated by commas, e.g. 5, 1.")
            ) from None
        return ", ".join(str(m) for m in minutes)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The end must come after the start."))
        if data.get("selection") != Quiz.Selection.ORDERED and not data.get("random_count"):
            self.add_error("random_count", _("Say how many questions to draw."))
        if data.get("results_display") == Quiz.ResultsDisplay.AFTER_DATE and not data.get(
            "results_date"
        ):
            self.add_error("results_date", _("Give the date from which results are shown."))
        return data


class QuestionForm(forms.ModelForm):
    """The fields every type shares, plus the type's own settings (``cfg_<name>``)."""

    class Meta:
        model = Question
        fields = ["title", "statement", "category", "difficulty", "score", "image", "image_alt"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5, "class": "rich-text"})}

    def __init__(self, *args, kind, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["category"].queryset = QuestionCategory.objects.filter(course=course)
        if not kind.uses_question_score or not kind.scored:
            del self.fields["score"]
        if not kind.needs_image:
            del self.fields["image"]
            del self.fields["image_alt"]
        else:
            # Learners who cannot see the image are told what it shows (WCAG 1.1.1).
            self.fields["image_alt"].required = True
            self.fields["image"].required = True
            self.fields["image"].help_text = _(
                "Zones are given in this image's own pixels, from its top-left corner."
            )
        config = self.instance.config or {}
        for name, (label, field_kind, default) in kind.config_fields.items():
            initial = config.get(name, default)
            if field_kind == "bool":
                field = forms.BooleanField(label=label, required=False, initial=initial)
            elif field_kind == "decimal":
                field = DecimalField(label=label, initial=initial, max_digits=7)
            elif field_kind == "text":
                field = forms.CharField(
                    label=label, initial=initial, widget=forms.Textarea(attrs={"rows": 4})
                )
            else:
                field = forms.CharField(label=label, initial=initial, max_length=300)
            self.fields[f"cfg_{name}"] = field

    def clean(self):
        data = super().clean()
        config = {}
        for name, (_label, field_kind, _default) in self.kind.config_fields.items():
            value = data.get(f"cfg_{name}")
            if field_kind == "decimal" and value is not None:
                value = str(value)
            config[name] = value
        try:
            config = self.kind.clean_config(config)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        self.instance.config = config
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), required=False, widget=forms.TextInput)
    correct = forms.BooleanField(label=_("Correct"), required=False)
    match = forms.CharField(label=_("Matches"), required=False, max_length=500)
    shape = forms.ChoiceField(
        label=_("Shape"),
        required=False,
        choices=[("rect", _("Rectangle")), ("circle", _("Circle")), ("poly", _("Polygon"))],
    )
    coords = forms.CharField(label=_("Coordinates"), required=False, max_length=1000)
    tolerance = DecimalField(
        label=_("Tolerance"), required=False, min_value=0, max_digits=12, decimal_places=6
    )
    score = DecimalField(label=_("Score"), required=False, max_digits=7, decimal_places=2)
    feedback = forms.CharField(label=_("Feedback"), required=False, max_length=2000)
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "id" and name not in kind.answer_fields:
                del self.fields[name]
        self.kind = kind

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("text") or "").strip() and not (data.get("coords") or "").strip()

    def clean(self):
        data = super().clean()
        if "coords" in self.fields and (data.get("coords") or "").strip():
            try:
                data["zone"] = parse_zone(data.get("shape") or "rect", data["coords"])
            except ValueError as error:
                self.add_error("coords", str(error))
        return data

    def to_row(self) -> dict:
        data = self.cleaned_data
        row = {"text": (data.get("text") or "").strip()}
        if data.get("id"):
            row["id"] = data["id"]
        if "correct" in self.fields:
            row["correct"] = bool(data.get("correct"))
        row["score"] = data.get("score") or Decimal("0")
        if "feedback" in self.fields:
            row["feedback"] = data.get("feedback") or ""
        if "match" in self.fields:
            row["data"] = {"match": (data.get("match") or "").strip()}
        if "coords" in self.fields:
            row["data"] = data.get("zone") or {}
        if "tolerance" in self.fields:
            tolerance = data.get("tolerance") or Decimal("0")
            row["data"] = {"tolerance": format(tolerance.normalize(), "f")}
        return row


AnswerFormSet = forms.formset_factory(AnswerForm, extra=0, max_num=50, absolute_max=50)


def answer_formset(*, kind, question=None, data=None):
    initial = []
    if question is not None and question.pk:
        for answer in question.answers.all():
            row = {
                "id": answer.pk,
                "text": html_for_editing(answer.text),
                "correct": answer.correct,
                "score": answer.score,
                "feedback": html_for_editing(answer.feedback),
                "tolerance": answer.data.get("tolerance", ""),
                "match": answer.data.get("match", ""),
                "shape": answer.data.get("shape", "rect"),
                "coords": ",".join(f"{c:g}" for c in answer.data.get("coords", [])),
            }
            initial.append(row)
    if data is not None and kind.single_correct:
        # One radio button group ("answers-correct" = the row's index) marks the right answer.
        data = data.copy()
        chosen = data.get("answers-correct", "")
        total = data.get("answers-TOTAL_FORMS", "0")
        for index in range(min(int(total) if total.isdigit() else 0, 50)):
            data[f"answers-{index}-correct"] = "on" if chosen == str(index) else ""
    extra = max(kind.min_answers, 4) - len(initial) if kind.answer_fields else 0
    formset = forms.formset_factory(
        AnswerForm, extra=max(extra, 1 if kind.answer_fields else 0), max_num=50, absolute_max=50
    )
    return formset(data=data, initial=initial, prefix="answers", form_kwargs={"kind": kind})


class CategoryForm(forms.ModelForm):
    class Meta:
        model = QuestionCategory
        fields = ["name"]


class ManualGradeForm(forms.Form):
    score = DecimalField(label=_("Score"), max_digits=7, decimal_places=2)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, max_score=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_score = max_score
        if max_score is not None:
            self.fields["score"].help_text = _("Out of %(max)s.") % {"max": number_shown(max_score)}

    def clean_score(self):
        score = self.cleaned_data["score"]
        if self.max_score is not None and abs(score) > self.max_score:
            raise forms.ValidationError(_("The score cannot exceed the question's maximum."))
        return score


class StartForm(forms.Form):
    password = forms.CharField(
        label=_("Access password"), required=False, widget=forms.PasswordInput
    )


class ResultsFilterForm(forms.Form):
    q = forms.CharField(label=_("Learner"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        from assessments.models import Attempt

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All"))] + list(Attempt.State.choices)


class AikenImportForm(forms.Form):
    file = forms.FileField(label=_("Aiken file (.txt)"))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=QuestionCategory.objects.none(), required=False
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = QuestionCategory.objects.filter(course=course)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class GiftImportForm(AikenImportForm):
    file = forms.FileField(label=_("GIFT file (.txt or .gift)"))


class QtiImportForm(forms.Form):
    file = forms.FileField(label=_("QTI 2.1 or 2.2 package (.zip) or item (.xml)"))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=QuestionCategory.objects.none(), required=False
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = QuestionCategory.objects.filter(course=course)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class SpreadsheetImportForm(QtiImportForm):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))


class AccommodationForm(forms.Form):
    """Extra time for one learner or one group of the course (one of the two)."""

    learner = forms.TypedChoiceField(
        label=_("Learner"), required=False, coerce=int, empty_value=None
    )
    group = forms.TypedChoiceField(
        label=_("or group"), required=False, coerce=int, empty_value=None
    )
    extra_percent = forms.IntegerField(
        label=_("Extra time (percent of each time limit)"),
        min_value=0,
        max_value=400,
        initial=0,
        help_text=_("For example 33 or 50: a 60-minute test then lasts 80 or 90 minutes."),
    )
    extra_minutes = forms.IntegerField(
        label=_("Extra minutes"),
        min_value=0,
        max_value=24 * 60,
        initial=0,
        help_text=_("Added to every timed test, and to the tests' closing dates."),
    )

    def __init__(self, *args, learners, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].choices = [("", "—")] + list(learners)
        self.fields["group"].choices = [("", "—")] + list(groups)
        if not groups:
            del self.fields["group"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        learner, group = data.get("learner"), data.get("group")
        if (learner is None) == (group is None):
            raise forms.ValidationError(_("Choose a learner or a group (one of the two)."))
        if not data.get("extra_percent") and not data.get("extra_minutes"):
            self.add_error("extra_percent", _("Give a percentage or a number of minutes."))
        return data
