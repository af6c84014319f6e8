from django.contrib import admin

from chat.models import Message, Presence


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "course", "group_id", "author", "text"]
    search_fields = ["text", "author__username", "course__code"]
    raw_id_fields = ["course", "author"]


@admin.register(Presence)
class PresenceAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "group_id", "connected_at"]
    search_fields = ["user__username", "course__code"]
    raw_id_fields = ["course", "user"]
