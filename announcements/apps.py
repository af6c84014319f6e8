from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from announcements.api import register_path_kinds
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="announcements",
                name=_("Announcements"),
                icon="megaphone",
                url_name="announcements:index",
                position=5,
                description=_("News from the teachers, optionally sent by e-mail."),
            )
        )
        register_path_kinds()

        from announcements.backup import PROVIDER as BACKUP
        from backups.api import register_provider

        register_provider(BACKUP)
