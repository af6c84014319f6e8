from django.contrib import admin

from announcements.models import Announcement, Attachment, Delivery


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["name", "size", "created_at"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "author", "audience", "send_email", "created_at"]
    list_filter = ["audience", "send_email", "created_at"]
    search_fields = ["title", "content", "course__code", "course__title"]
    raw_id_fields = ["course", "author", "recipients"]
    inlines = [AttachmentInline]
    date_hierarchy = "created_at"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "announcement", "size", "created_at"]
    search_fields = ["name", "announcement__title"]
    raw_id_fields = ["announcement"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["announcement", "user", "email", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["announcement__title", "user__username", "email"]
    raw_id_fields = ["announcement", "user"]
