from django.contrib import admin

from links.models import Link, LinkCategory


@admin.register(LinkCategory)
class LinkCategoryAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position"]
    list_filter = ["course"]
    search_fields = ["title", "course__code", "course__title"]
    raw_id_fields = ["course"]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "course", "category", "visible", "status", "checked_at"]
    list_filter = ["visible", "status", "new_window"]
    search_fields = ["title", "url", "course__code", "course__title"]
    raw_id_fields = ["course", "category"]
    readonly_fields = ["status", "status_message", "checked_at", "created_at", "updated_at"]
