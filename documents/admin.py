from django.contrib import admin

from documents.models import Document, DocumentSettings


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "kind", "content_type", "size", "visible", "updated_at"]
    list_filter = ["kind", "visible"]
    search_fields = ["name", "course__code", "course__title"]
    list_select_related = ["course"]
    raw_id_fields = ["course", "parent", "created_by"]
    readonly_fields = ["path", "size", "content_type", "file", "thumbnail"]


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ["course", "quota_mb"]
    search_fields = ["course__code", "course__title"]
    list_select_related = ["course"]
    raw_id_fields = ["course"]
