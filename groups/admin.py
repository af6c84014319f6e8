from django.contrib import admin

from groups.models import Group, GroupCategory, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(GroupCategory)
class GroupCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "groups_per_learner", "position"]
    search_fields = ["name", "course__code"]
    raw_id_fields = ["course"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "category", "max_members", "self_registration"]
    list_filter = ["self_registration", "forums", "wiki", "documents", "chat"]
    search_fields = ["name", "course__code", "course__title"]
    raw_id_fields = ["course", "category"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "group__name", "group__course__code"]
    raw_id_fields = ["user", "group"]
