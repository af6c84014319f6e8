from django.contrib import admin

from courses.models import Category, Course, CourseTool, DescriptionSection, Enrollment


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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
