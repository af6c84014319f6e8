from django.contrib import admin

from scorm.models import (
    AiccSession,
    GlobalObjectives,
    Package,
    ScoData,
    SequencingState,
    SharedDataStore,
)


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["path", "kind", "edition", "file_count", "size", "created_at"]
    list_filter = ["kind", "edition"]
    search_fields = ["path__title", "identifier", "original_name"]
    list_select_related = ["path"]
    raw_id_fields = ["path"]


@admin.register(ScoData)
class ScoDataAdmin(admin.ModelAdmin):
    list_display = ["progress", "version", "commits", "finished", "updated_at"]
    list_filter = ["version", "finished"]
    search_fields = ["progress__item__title", "progress__attempt__user__username"]
    raw_id_fields = ["progress"]


@admin.register(AiccSession)
class AiccSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "progress", "created_at", "last_seen", "ended_at"]
    list_filter = ["ended_at"]
    search_fields = ["progress__attempt__user__username"]
    raw_id_fields = ["progress"]


@admin.register(SharedDataStore)
class SharedDataStoreAdmin(admin.ModelAdmin):
    list_display = ["target_id", "path", "user", "updated_at"]
    search_fields = ["target_id", "user__username", "path__title"]
    raw_id_fields = ["path", "user"]


@admin.register(SequencingState)
class SequencingStateAdmin(admin.ModelAdmin):
    """A SCORM 2004 attempt's activity tree state (scorm/sequencing): for support, read-only."""

    list_display = ["attempt", "updated_at"]
    search_fields = ["attempt__user__username", "attempt__path__title"]
    raw_id_fields = ["attempt"]
    readonly_fields = ["state", "updated_at"]


@admin.register(GlobalObjectives)
class GlobalObjectivesAdmin(admin.ModelAdmin):
    """A learner's global objectives (imsss/adlseq mapInfo) for one objectives scope."""

    list_display = ["user", "scope"]
    search_fields = ["user__username", "scope"]
    raw_id_fields = ["user"]
    readonly_fields = ["objectives"]
