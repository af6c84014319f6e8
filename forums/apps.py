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
