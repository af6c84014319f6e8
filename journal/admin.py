from django.contrib import admin

from journal.models import Advance, Theme


class AdvanceInline(admin.TabularInline):
    model = Advance
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course"]
    inlines = [AdvanceInline]


@admin.register(Advance)
class AdvanceAdmin(admin.ModelAdmin):
    list_display = ["theme", "date", "duration_hours", "done", "attendance_date_id"]
    list_filter = ["done"]
    search_fields = ["theme__title", "content"]
    raw_id_fields = ["theme"]
