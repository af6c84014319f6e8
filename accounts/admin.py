from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "platform_role",
        "official_code",
        "is_staff",
        "is_active",
        "last_login",
    ]
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
