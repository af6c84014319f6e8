from django.contrib import admin

from attendance.models import Record, Session, Sheet


@admin.register(Sheet)
class SheetAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "in_gradebook", "created_at"]
    list_filter = ["in_gradebook"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["sheet", "starts_at", "duration_minutes"]
    search_fields = ["sheet__title", "sheet__course__code"]
    raw_id_fields = ["sheet"]


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "status", "comment"]
    list_filter = ["status"]
    search_fields = ["user__username", "session__sheet__title"]
    raw_id_fields = ["session", "user"]
