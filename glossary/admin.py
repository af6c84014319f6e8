from django.contrib import admin

from glossary.models import GlossarySettings, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["term", "course", "letter", "updated_at"]
    list_filter = ["letter"]
    search_fields = ["term", "definition", "course__code", "course__title"]
    raw_id_fields = ["course"]


@admin.register(GlossarySettings)
class GlossarySettingsAdmin(admin.ModelAdmin):
    list_display = ["course", "highlight_in_documents"]
    list_filter = ["highlight_in_documents"]
    search_fields = ["course__code", "course__title"]
    raw_id_fields = ["course"]
