from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.csv_reader import CsvFileError, decode_text
from courses.models import Category, Course, CourseSession, DescriptionSection, Enrollment

User = get_user_model()

COURSE_FIELDS = [
    "title",
    "category",
    "language",
    "use_course_language",
    "description",
    "visibility",
    "self_enrollment",
    "self_unenrollment",
    "enrollment_key",
]


class CourseCreateForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["code", *COURSE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "code": _(
                "Short and unique, such as MATH101. It appears in the course's "
                "address and cannot be changed later."
            )
        }

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if Course.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("A course with the code %(code)s already exists."), params={"code": code}
            )
        return code


class CourseSettingsForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = COURSE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EnrollForm(forms.Form):
    key = forms.CharField(
        label=_("Enrolment key"),
        max_length=100,
        required=False,
        widget=forms.PasswordInput(render_value=True),
    )


class AddMemberForm(forms.Form):
    user = forms.CharField(label=_("Username or e-mail"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Enrollment.Role.choices, initial=Enrollment.Role.LEARNER
    )

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        matches = list(User.objects.filter(Q(username=value) | Q(email__iexact=value))[:2])
        if not matches:
            raise forms.ValidationError(_("No user has this username or e-mail address."))
        if len(matches) > 1:
            raise forms.ValidationError(_("Several users match; use the username."))
        return matches[0]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Enrollment.Role.choices)


class BulkEnrollForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "First line: username, email, first_name, last_name, role, official_code "
            "(only username is required; email for new users). Comma, semicolon or tab "
            "separated, as spreadsheets save CSV."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Send a .csv file."))
        if upload.size > settings.BULK_ENROLL_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            text, _encoding = decode_text(upload.read())
        except CsvFileError as error:
            raise forms.ValidationError(str(error)) from error
        return text


class DescriptionSectionForm(forms.ModelForm):
    class Meta:
        model = DescriptionSection
        fields = ["title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 12, "class": "rich-text"})}
        help_texts = {"content": _("HTML is allowed; scripts and unsafe attributes are removed.")}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


# --- Sessions ---------------------------------------------------------------------------------


def _user_by_name(value: str):
    value = value.strip()
    matches = list(User.objects.filter(Q(username=value) | Q(email__iexact=value))[:2])
    if not matches:
        raise forms.ValidationError(
            _("No user has the username or e-mail address %(value)s."), params={"value": value}
        )
    if len(matches) > 1:
        raise forms.ValidationError(
            _("Several users match %(value)s; use the username."), params={"value": value}
        )
    return matches[0]


class UserField(forms.CharField):
    """A username or an e-mail address, cleaned to the one user it names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("help_text", _("Username or e-mail address."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return _user_by_name(value) if value else None


class SessionForm(forms.ModelForm):
    general_coach = UserField(label=_("General coach"), required=False)

    class Meta:
        model = CourseSession
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.general_coach_id:
            self.initial["general_coach"] = self.instance.general_coach.username

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A session cannot end before it starts."))
        return data


class SessionCourseForm(forms.Form):
    course = forms.CharField(label=_("Course code"), max_length=40)
    coach = UserField(label=_("Course coach"), required=False)

    def clean_course(self):
        code = self.cleaned_data["course"].strip().upper()
        course = Course.objects.filter(code=code).first()
        if course is None:
            raise forms.ValidationError(
                _("No course has the code %(code)s."), params={"code": code}
            )
        return course


class SessionCoachForm(forms.Form):
    coach = UserField(label=_("Course coach"), required=False)


class SessionLearnersForm(forms.Form):
    users = forms.CharField(
        label=_("Learners"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Usernames or e-mail addresses, one per line or separated by commas."),
    )

    def clean_users(self):
        names = [
            name.strip()
            for name in self.cleaned_data["users"].replace(",", "\n").splitlines()
            if name.strip()
        ]
        if len(names) > 1000:
            raise forms.ValidationError(_("Add at most 1,000 learners at a time."))
        found = {}
        for user in User.objects.filter(Q(username__in=names) | Q(email__in=names)):
            found[user.username] = user
            found[user.email.lower()] = user
        missing = [name for name in names if name.lower() not in found and name not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown users: %(names)s."), params={"names": ", ".join(missing)}
            )
        users = {}
        for name in names:
            user = found.get(name) or found[name.lower()]
            users[user.pk] = user
        return list(users.values())
