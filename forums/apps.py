from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from courses.tools import Tool, register_tool
        from forums import api

        register_tool(
            Tool(
                key="forums",
                name=_("Forums"),
                icon="chat-square-text",
                url_name="forums:index",
                position=40,
                description=_("Discussions by theme, with threads and replies."),
            )
        )
        api.register()

        from backups.api import register_provider
        from forums.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
        from forums import services as forums_services
        from groups.api import GroupContent, register_group_content

        register_group_content(
            GroupContent(
                key="forums",
                label=_("Forum messages"),
                kept_as=_(
                    "The group's forum becomes a course forum, hidden from learners until you "
                    "show it."
                ),
                count=forums_services.group_content_count,
                release=forums_services.group_content_release,
                position=20,
            )
        )
