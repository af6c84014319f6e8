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
        from groups.api import GroupContent, register_group_content
        from wiki import services as wiki_services

        register_group_content(
            GroupContent(
                key="wiki",
                label=_("Wiki pages"),
                kept_as=_(
                    "They join the course's wiki, hidden from learners until you show them; a "
                    "title the course already has gets the group's name after it."
                ),
                count=wiki_services.group_content_count,
                release=wiki_services.group_content_release,
                position=30,
            )
        )
