from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backups.api import ConflictPolicy
from backups.services import backup_choices, max_upload_bytes, recycle_preview
from core.uploads import UploadValidator
from courses.models import Course, course_code_validator

CONFLICT_CHOICES = [
    (ConflictPolicy.SKIP, _("Skip it: keep what the course has")),
    (ConflictPolicy.RENAME, _("Rename: add the copy beside it, with a number")),
    (ConflictPolicy.OVERWRITE, _("Overwrite: replace what the course has")),
]


class SelectionForm(forms.Form):
    """A checkbox per tool (all of it) and, for tools whose items can be picked, a checkbox
    per item. ``selection`` (cleaned): {tool key: None | [ids]}."""

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool_choices = backup_choices(course)
        for choice in self.tool_choices:
            key = choice.provider.key
            self.fields[f"tool_{key}"] = forms.BooleanField(
                label=choice.provider.label, required=False, initial=not self.is_bound
            )
            if choice.items:
                self.fields[f"items_{key}"] = forms.MultipleChoiceField(
                    label=_("Only these items of %(tool)s") % {"tool": choice.provider.label},
                    choices=[(str(pk), label) for pk, label in choice.items],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )

    def tool_rows(self):
        """For the template: (tool field, items field or None, item count) per tool."""
        for choice in self.tool_choices:
            key = choice.provider.key
            yield (
                self[f"tool_{key}"],
                self[f"items_{key}"] if choice.items else None,
                len(choice.items),
            )

    def clean(self):
        cleaned = super().clean()
        selection = {}
        for choice in self.tool_choices:
            key = choice.provider.key
            if cleaned.get(f"tool_{key}"):
                selection[key] = None
            elif cleaned.get(f"items_{key}"):
                selection[key] = [int(pk) for pk in cleaned[f"items_{key}"]]
        if not selection:
            raise ValidationError(_("Choose at least one tool or one item."))
        cleaned["selection"] = selection
        return cleaned


class BackupForm(SelectionForm):
    pass


class RestoreTargetForm(forms.Form):
    """Where a backup goes: a new course (for those who may create courses) or one of the
    courses the teacher teaches, and what to do on a conflict."""

    NEW = "new"

    target = forms.ChoiceField(label=_("Restore into"))
    new_code = forms.CharField(
        label=_("Code of the new course"),
        max_length=40,
        required=False,
        help_text=_("Capital letters, digits, hyphens or underscores."),
    )
    new_title = forms.CharField(label=_("Title of the new course"), max_length=250, required=False)
    conflict = forms.ChoiceField(
        label=_("When the course already holds an item of the same name"),
        choices=CONFLICT_CHOICES,
        initial=ConflictPolicy.SKIP,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, courses, may_create: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {str(course.pk): course for course in courses}
        choices = [(pk, f"{course.title} ({course.code})") for pk, course in self.courses.items()]
        if may_create:
            choices.insert(0, (self.NEW, _("A new course")))
        self.fields["target"].choices = choices
        self.may_create = may_create

    def clean_new_code(self):
        code = self.cleaned_data.get("new_code", "").strip().upper()
        if code:
            course_code_validator(code)
            if Course.objects.filter(code=code).exists():
                raise ValidationError(_("A course with this code exists already."))
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target") == self.NEW:
            if not cleaned.get("new_code") and "new_code" not in self.errors:
                self.add_error("new_code", _("Give the new course a code."))
            if not cleaned.get("new_title", "").strip():
                self.add_error("new_title", _("Give the new course a title."))
        elif cleaned.get("target"):
            cleaned["target_course"] = self.courses[cleaned["target"]]
        return cleaned


class RestoreForm(RestoreTargetForm):
    """Restore an uploaded backup: the file, checked as any upload (core.uploads)."""

    field_order = ["archive"]

    archive = forms.FileField(
        label=_("Backup file (.zip)"),
        validators=[UploadValidator(extensions={"zip"}, max_size=max_upload_bytes())],
    )


class CopyForm(SelectionForm):
    def __init__(self, *args, course, courses, **kwargs):
        super().__init__(*args, course=course, **kwargs)
        self.courses = {str(other.pk): other for other in courses if other.pk != course.pk}
        self.fields["target"] = forms.ChoiceField(
            label=_("Copy into the course"),
            choices=[("", "---------")]
            + [(pk, f"{other.title} ({other.code})") for pk, other in self.courses.items()],
            help_text=_("Only the courses you teach are listed."),
        )
        self.fields["conflict"] = forms.ChoiceField(
            label=_("When that course already holds an item of the same name"),
            choices=CONFLICT_CHOICES,
            initial=ConflictPolicy.RENAME,
            widget=forms.RadioSelect,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target"):
            cleaned["target_course"] = self.courses[cleaned["target"]]
        return cleaned


class RecycleForm(forms.Form):
    """Choose the tools to empty; the second step must tick the confirmation."""

    tools = forms.MultipleChoiceField(
        label=_("Tools to empty"), widget=forms.CheckboxSelectMultiple
    )
    confirm = forms.BooleanField(
        label=_("I understand that this content and the learners' results it holds are deleted."),
        required=False,
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = recycle_preview(course)
        self.fields["tools"].choices = [
            (provider.key, provider.label) for provider, _lines in self.preview
        ]
