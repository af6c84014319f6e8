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
        from announcements import services as announcements_services
        from groups.api import GroupContent, register_group_content

        register_group_content(
            GroupContent(
                key="announcements",
                label=_("Announcements"),
                kept_as=_(
                    "They become course announcements for the learners who were in the group."
                ),
                count=announcements_services.group_content_count,
                release=announcements_services.group_content_release,
                position=50,
            )
        )
