from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = _("Wiki")

    def ready(self):
        from courses.tools import Tool, register_tool
        from wiki import api

        register_tool(
            Tool(
                key="wiki",
                name=_("Wiki"),
                icon="journal-text",
                url_name="wiki:index",
                position=45,
                description=_("Pages the course writes together."),
            )
        )
        api.register()

        from backups.api import register_provider
        from wiki.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
