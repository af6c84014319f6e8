from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="projects",
                name=_("Projects"),
                icon="kanban",
                url_name="projects:index",
                position=65,
                description=_("Group projects: tasks for each member and a stream of articles."),
            )
        )

        from backups.api import register_provider
        from projects.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
