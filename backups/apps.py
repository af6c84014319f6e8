from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("Course maintenance")

    def ready(self):
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="backups",
                name=_("Course maintenance"),
                icon="archive",
                url_name="backups:index",
                position=95,
                description=_("Back up, restore, copy, import and empty the course."),
                teachers_only=True,
            )
        )
        # Common Cartridge / Moodle imports: their job kinds, and their task for the worker.
        from backups import interop_tasks

        interop_tasks.register()
