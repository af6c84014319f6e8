from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("Course maintenance")

    def ready(self):
        from backups import description, signals
        from backups.api import register_provider
        from core.jobs import register_job_kind
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
        register_provider(description.PROVIDER)
        signals.connect()
        for kind, label, task in [
            ("course_backup", _("Course backup"), "backups.tasks.backup_task"),
            ("course_restore", _("Course restore"), "backups.tasks.restore_task"),
            ("course_copy", _("Course copy"), "backups.tasks.copy_task"),
        ]:
            register_job_kind(kind, label, return_url_name="backups:index", task=task)
        # Common Cartridge / Moodle imports: their job kinds, and their task for the worker.
        from backups import interop_tasks

        interop_tasks.register()
