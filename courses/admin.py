from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from courses import services
from courses.models import (
    Category,
    Course,
    CourseSession,
    CourseTool,
    DescriptionSection,
    Enrollment,
    SessionCourse,
    SessionLearner,
)

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
    list_display = ["user", "course", "role", "session", "created_at"]
    list_filter = ["role", "session", "course"]
    search_fields = [
        "user__username",
        "user__email",
        "user__last_name",
        "course__code",
        "course__title",
    ]
    list_select_related = ["user", "course", "session"]
    autocomplete_fields = ["user", "course"]
    # A session's enrolments follow its learners and courses (the session's page and admin).
    readonly_fields = ["session"]


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


class SessionCourseInline(admin.TabularInline):
    model = SessionCourse
    extra = 0
    autocomplete_fields = ["course", "coach"]


class SessionLearnerInline(admin.TabularInline):
    model = SessionLearner
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    """Courses and learners added here are enrolled like on the session's page: the inlines
    are saved through the session services, so the course enrolments follow."""

    list_display = ["name", "starts_on", "ends_on", "general_coach", "created_at"]
    list_filter = ["starts_on", "ends_on"]
    search_fields = ["name", "description", "general_coach__username"]
    list_select_related = ["general_coach"]
    autocomplete_fields = ["general_coach"]
    date_hierarchy = "starts_on"
    inlines = [SessionCourseInline, SessionLearnerInline]

    def save_formset(self, request, form, formset, change):
        session = form.instance
        # What the admin's history message reads; the rows themselves come from the services.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            row = deleted.instance
            if row.pk is None:
                continue
            if isinstance(row, SessionCourse):
                services.session_remove_course(link=row)
            else:
                services.session_remove_learner(session=session, user=row.user)
        for row_form in formset.forms:
            if row_form in formset.deleted_forms or not row_form.has_changed():
                continue
            row = row_form.instance
            try:
                if row.pk is not None:  # an existing row: only its coach or position changes
                    if isinstance(row, SessionCourse):
                        services.session_set_coach(link=row, coach=row.coach)
                        SessionCourse.objects.filter(pk=row.pk).update(position=row.position)
                elif isinstance(row, SessionCourse):
                    services.session_add_course(session=session, course=row.course, coach=row.coach)
                else:
                    _added, refused = services.session_add_learners(
                        session=session, users=[row.user]
                    )
                    for reason in refused:
                        self.message_user(request, reason, level="warning")
            except services.SessionError as error:
                self.message_user(request, str(error), level="error")
