from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Five columns that fit 1,280 pixels between the admin's menu and the filters (the official
    # code and last login are on each user's page); the role column says "Administrator" for
    # staff, whose platform_role field is only what they would be otherwise.
    list_display = ["username", "full_name", "email", "role", "is_active"]
    list_filter = ["platform_role", "is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["username", "email", "first_name", "last_name", "official_code"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Platform"),
            {
                "fields": (
                    "platform_role",
                    "official_code",
                    "phone",
                    "language",
                    "timezone",
                    "avatar",
                )
            },
        ),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Platform"), {"fields": ("email", "first_name", "last_name", "platform_role")}),
    )

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"), ordering="platform_role")
    def role(self, obj):
        if obj.is_superuser or obj.is_staff:
            return format_html('<strong class="user-role-admin">{}</strong>', _("Administrator"))
        return obj.get_platform_role_display()
