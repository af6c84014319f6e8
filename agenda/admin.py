from django.contrib import admin

from agenda.models import Event, EventAttachment, EventGroup, FeedToken, ReminderSent


class AttachmentInline(admin.TabularInline):
    model = EventAttachment
    extra = 0
    readonly_fields = ["name", "size", "created_at"]


class GroupInline(admin.TabularInline):
    """The groups an event of audience "Chosen groups" is addressed to (the groups app's ids)."""

    model = EventGroup
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Platform events are created here (kind "platform", no course) or from "My agenda"."""

    list_display = ["title", "kind", "course", "owner", "start", "all_day", "rrule", "timezone"]
    list_filter = ["kind", "all_day", "audience"]
    search_fields = ["title", "description", "course__code", "course__title", "owner__username"]
    raw_id_fields = ["course", "owner", "recipients"]
    inlines = [AttachmentInline, GroupInline]
    date_hierarchy = "start"


@admin.register(EventAttachment)
class EventAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "size", "created_at"]
    search_fields = ["name", "event__title"]
    raw_id_fields = ["event"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "occurrence", "sent_at"]
    search_fields = ["event__title", "user__username"]
    raw_id_fields = ["event", "user"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
    exclude = ["token"]  # the secret is not shown; delete the row to revoke it
