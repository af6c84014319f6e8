from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import Job, PlatformSettings


@admin.register(PlatformSettings)
class PlatformSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "allow_signup", "course_creation", "default_course_language"]

    def has_add_permission(self, request):
        return not PlatformSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "course",
        "user",
        "state",
        "progress",
        "attempts",
        "created_at",
        "heartbeat_at",
        "finished_at",
    ]
    list_filter = ["state", "kind", "created_at"]
    search_fields = ["message", "course__code", "user__username"]
    list_select_related = ["course", "user"]
    readonly_fields = ["created_at", "started_at", "heartbeat_at", "finished_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return obj.get_kind_display()
