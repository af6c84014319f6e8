from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment
from surveys.models import CHOICE_KINDS, Option, Question, Survey


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "anonymous",
            "opens_at",
            "closes_at",
            "one_question_per_page",
            "results_visible",
            "thanks",
            "published",
            "reminder_start",
            "reminder_every_days",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"class": "rich-text", "rows": 5}),
            "thanks": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "reminder_start": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.responses.exists():
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _(
                "Answers have been given: this can no longer change."
            )

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The survey closes before it opens."))
        start, closes = data.get("reminder_start"), data.get("closes_at")
        if data.get("reminder_every_days") and not start:
            self.add_error("reminder_start", _("Give the day of the first reminder."))
        if data.get("reminder_every_days") and start and not closes:
            self.add_error("closes_at", _("Repeated reminders need a closing date to stop at."))
        if start and closes and start >= closes:
            self.add_error("reminder_start", _("The reminder comes after the survey closes."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    text = forms.CharField(
        label=_("Question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    options = forms.CharField(
        label=_("Answers offered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. For multiple choice, multiple response and drop-down lists."),
    )
    allow_other = forms.BooleanField(label=_("Offer “Other, please specify”"), required=False)
    score_max = forms.IntegerField(
        label=_("Highest score"),
        min_value=2,
        max_value=20,
        initial=5,
        required=False,
        help_text=_("For scores: the scale goes from 1 to this number."),
    )
    required = forms.BooleanField(label=_("Mandatory"), required=False)
    condition_option = forms.ModelChoiceField(
        label=_("Show only if an earlier question was answered with"),
        queryset=Option.objects.none(),
        required=False,
        empty_label=_("Always show"),
    )

    def __init__(self, *args, survey, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = Option.objects.filter(
            question__survey=survey, question__kind__in=CHOICE_KINDS
        ).select_related("question")
        if question is not None:
            earlier = earlier.filter(question__position__lt=question.position)
        self.fields["condition_option"].queryset = earlier.order_by(
            "question__position", "position"
        )
        self.fields["condition_option"].label_from_instance = lambda option: (
            f"{option.question.position}. {_strip(option.question.text)[:60]} → {option.text}"
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line for line in (data.get("options") or "").splitlines() if line.strip()]
        choices = kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.DROPDOWN)
        enough = len(lines) >= 2 or (len(lines) == 1 and data.get("allow_other"))
        if choices and not enough:
            self.add_error("options", _("Offer at least two answers."))
        if kind not in (Question.Kind.PAGE_BREAK,) and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the question."))
        data["option_lines"] = lines
        return data


def _strip(html: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html or "")


class InvitationForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Course members"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    emails = forms.CharField(
        label=_("Other e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("People outside the course: one address per line, or separated by commas."),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            get_user_model()
            .objects.filter(enrollments__course=course, enrollments__role=Enrollment.Role.LEARNER)
            .exclude(email="")
            .order_by("last_name", "first_name", "username")
        )
        self.fields["members"].label_from_instance = lambda user: (
            f"{user.display_name} <{user.email}>"
        )

    def clean_emails(self):
        raw = (self.cleaned_data.get("emails") or "").replace(",", "\n").replace(";", "\n")
        emails, invalid = [], []
        for line in raw.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                validate_email(line)
            except ValidationError:
                invalid.append(line)
            else:
                emails.append(line.lower())
        if invalid:
            raise ValidationError(
                _("These are not valid e-mail addresses: %(list)s"),
                params={"list": ", ".join(invalid)},
            )
        return emails

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("members") and not data.get("emails"):
            raise ValidationError(_("Choose members or give addresses to invite."))
        return data


class CrossTabForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Rows"), queryset=Question.objects.none())
    second = forms.ModelChoiceField(label=_("Columns"), queryset=Question.objects.none())

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        choice_questions = survey.questions.filter(kind__in=CHOICE_KINDS).order_by("position")
        for name in ("first", "second"):
            self.fields[name].queryset = choice_questions
            self.fields[name].label_from_instance = lambda q: f"{q.position}. {_strip(q.text)[:80]}"
