from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from courses.models import Category, Course, CourseTool, DescriptionSection, Enrollment

OTHER_LANGUAGES = [
    (code, label) for code, label in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]


class CategoryForm(forms.ModelForm):
    """One field per language for the category's name, kept in Category.names."""

    class Meta:
        model = Category
        fields = ["code", "name", "parent", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _label in OTHER_LANGUAGES:
            self.initial.setdefault(f"name_{code}", (self.instance.names or {}).get(code, ""))

    def save(self, commit=True):
        self.instance.names = {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code, _label in OTHER_LANGUAGES
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }
        return super().save(commit=commit)


for _code, _label in OTHER_LANGUAGES:
    # Declared on the class, so the admin lays them out like the model's own fields.
    CategoryForm.base_fields[f"name_{_code}"] = CategoryForm.declared_fields[f"name_{_code}"] = (
        forms.CharField(
            label=format_lazy("{} ({})", _("name"), _label),
            max_length=200,
            required=False,
        )
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["name", "code", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    prepopulated_fields = {"code": ["name"]}


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ["user"]


class CourseToolInline(admin.TabularInline):
    model = CourseTool
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "category",
        "language",
        "visibility",
        "self_enrollment",
        "created_at",
    ]
    list_filter = ["visibility", "language", "self_enrollment", "category"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["category"]
    date_hierarchy = "created_at"
    inlines = [EnrollmentInline, CourseToolInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "role", "created_at"]
    list_filter = ["role", "course"]
    search_fields = [
        "user__username",
        "user__email",
        "user__last_name",
        "course__code",
        "course__title",
    ]
    list_select_related = ["user", "course"]
    autocomplete_fields = ["user", "course"]


@admin.register(CourseTool)
class CourseToolAdmin(admin.ModelAdmin):
    list_display = ["course", "tool_key", "enabled", "visible"]
    list_filter = ["tool_key", "enabled", "visible"]
    search_fields = ["course__code", "course__title"]
    list_select_related = ["course"]


@admin.register(DescriptionSection)
class DescriptionSectionAdmin(admin.ModelAdmin):
    list_display = ["course", "kind", "title", "position", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["course__code", "title", "content"]
    list_select_related = ["course"]
