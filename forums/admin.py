from django.contrib import admin

from forums.models import (
    Forum,
    ForumCategory,
    Notification,
    NotificationPreference,
    Post,
    PostAttachment,
    ReadMark,
    Subscription,
    Thread,
    ThreadGrade,
)


@admin.register(ForumCategory)
class ForumCategoryAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position"]
    search_fields = ["title", "course__code"]
    raw_id_fields = ["course"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "group_id", "moderated", "locked", "visible"]
    list_filter = ["moderated", "locked", "visible", "allow_anonymous"]
    search_fields = ["title", "course__code"]
    raw_id_fields = ["course", "category"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "pinned", "locked", "graded", "last_post_at"]
    list_filter = ["pinned", "locked", "graded"]
    search_fields = ["title", "forum__title", "forum__course__code"]
    raw_id_fields = ["forum", "author"]


class PostAttachmentInline(admin.TabularInline):
    model = PostAttachment
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "author", "status", "created_at", "edited_at"]
    list_filter = ["status", "anonymous"]
    search_fields = ["content", "thread__title", "author__username"]
    raw_id_fields = ["thread", "parent", "author"]
    inlines = [PostAttachmentInline]


@admin.register(PostAttachment)
class PostAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "size"]
    search_fields = ["name"]
    raw_id_fields = ["post"]


@admin.register(ReadMark)
class ReadMarkAdmin(admin.ModelAdmin):
    list_display = ["user", "thread", "read_at"]
    search_fields = ["user__username", "thread__title"]
    raw_id_fields = ["user", "thread"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "forum", "thread", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "forum", "thread"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "mode"]
    list_filter = ["mode"]
    search_fields = ["user__username", "course__code"]
    raw_id_fields = ["user", "course"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "digest", "sent_at"]
    list_filter = ["digest"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]


@admin.register(ThreadGrade)
class ThreadGradeAdmin(admin.ModelAdmin):
    list_display = ["thread", "user", "score", "updated_at"]
    search_fields = ["thread__title", "user__username"]
    raw_id_fields = ["thread", "user"]
