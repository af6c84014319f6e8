from django.contrib import admin

from tracking.models import CourseDay, LoginDay, ToolDay


@admin.register(LoginDay)
class LoginDayAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "count", "first_at", "last_at"]
    list_filter = ["day"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
    date_hierarchy = "day"


@admin.register(CourseDay)
class CourseDayAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "day", "visits", "seconds", "last_at"]
    list_filter = ["day"]
    search_fields = ["user__username", "course__code"]
    raw_id_fields = ["user", "course"]
    date_hierarchy = "day"


@admin.register(ToolDay)
class ToolDayAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "tool", "day", "visits"]
    list_filter = ["tool", "day"]
    search_fields = ["user__username", "course__code", "tool"]
    raw_id_fields = ["user", "course"]
    date_hierarchy = "day"
