from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.csv_reader import CsvFileError, decode_text
from courses.models import Category, Course, DescriptionSection, Enrollment

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
