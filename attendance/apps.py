from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from attendance import api
        from courses.tools import Tool, register_tool
        from gradebook.api import GradeSource, register_grade_source

        register_tool(
            Tool(
                key="attendance",
                name=_("Attendance"),
                icon="person-check",
                url_name="attendance:index",
                position=65,
                description=_("Attendance sheets: who was there, date by date."),
            )
        )
        register_grade_source(
            GradeSource(
                key="attendance",
                label=_("Attendance"),
                icon="person-check",
                items=api.gradebook_items,
                scores=api.gradebook_scores,
            )
        )

        from attendance.backup import PROVIDER as BACKUP
        from backups.api import register_provider

        register_provider(BACKUP)
