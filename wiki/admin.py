from django.contrib import admin

from wiki.models import Comment, Revision, WikiPage


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ["number", "author", "comment", "merged", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(WikiPage)
class WikiPageAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "group_id", "revision", "locked", "visible", "updated_at"]
    list_filter = ["locked", "visible"]
    search_fields = ["title", "key", "course__code"]
    raw_id_fields = ["course"]
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["page", "number", "author", "merged", "created_at"]
    list_filter = ["merged"]
    search_fields = ["page__title", "comment"]
    raw_id_fields = ["page", "author"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["page", "author", "created_at"]
    search_fields = ["page__title", "text"]
    raw_id_fields = ["page", "author"]
