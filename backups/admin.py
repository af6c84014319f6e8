from django.contrib import admin

from backups.models import Backup


@admin.register(Backup)
class BackupAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "created_by", "created_at", "size", "whole_course"]
    list_filter = ["whole_course", "format_version", "created_at"]
    search_fields = ["name", "course__code", "course__title"]
    raw_id_fields = ["course", "created_by", "job"]
    readonly_fields = ["file", "size", "tools", "format_version", "created_at"]
