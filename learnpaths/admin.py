from django.contrib import admin

from learnpaths.models import ItemProgress, LearningPath, PathAttempt, PathItem


class PathItemInline(admin.TabularInline):
    model = PathItem
    extra = 0
    fields = ["rank", "title", "kind", "parent", "visible"]
    readonly_fields = ["rank"]
    fk_name = "path"
    show_change_link = True


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "source", "visible", "item_count", "created_at"]
    list_filter = ["source", "visible"]
    search_fields = ["title", "course__code", "course__title"]
    list_select_related = ["course"]
    autocomplete_fields = ["course"]
    raw_id_fields = ["requires", "created_by"]
    inlines = [PathItemInline]


@admin.register(PathItem)
class PathItemAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "kind", "rank", "depth", "visible"]
    list_filter = ["kind", "visible"]
    search_fields = ["title", "identifier", "path__title"]
    list_select_related = ["path"]
    raw_id_fields = ["path", "parent", "prerequisite"]


@admin.register(PathAttempt)
class PathAttemptAdmin(admin.ModelAdmin):
    list_display = ["path", "user", "number", "status", "done_count", "seconds", "updated_at"]
    list_filter = ["status"]
    search_fields = ["path__title", "user__username", "user__email"]
    list_select_related = ["path", "user"]
    raw_id_fields = ["path", "user", "last_item"]


@admin.register(ItemProgress)
class ItemProgressAdmin(admin.ModelAdmin):
    list_display = ["item", "attempt", "status", "score", "seconds", "updated_at"]
    list_filter = ["status"]
    search_fields = ["item__title", "attempt__user__username"]
    list_select_related = ["item", "attempt__user"]
    raw_id_fields = ["attempt", "item"]
