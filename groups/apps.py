from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from courses.permissions import register_group_directory
        from courses.tools import Tool, register_tool
        from groups.selectors import Directory

        register_group_directory(Directory())
        register_tool(
            Tool(
                key="groups",
                name=_("Groups"),
                icon="diagram-3",
                url_name="groups:index",
                position=60,
                description=_("Groups of learners, each with its own tools."),
            )
        )

        from backups.api import register_provider
        from groups.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
