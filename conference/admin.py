from django.contrib import admin

from conference.models import Attendance, ConferenceServer, Meeting, Room


@admin.register(ConferenceServer)
class ConferenceServerAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "checksum_algorithm", "active", "position"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "group_id", "meeting_id", "record", "created_at"]
    list_filter = ["record"]
    search_fields = ["name", "meeting_id", "course__code", "course__title"]
    raw_id_fields = ["course"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["room", "started_by", "started_at", "ended_at"]
    list_filter = ["started_at"]
    search_fields = ["room__name", "room__course__code"]
    raw_id_fields = ["room", "started_by"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "meeting__room__name"]
    raw_id_fields = ["meeting", "user"]
