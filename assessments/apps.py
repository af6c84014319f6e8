from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Tests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments.api import register_path_kinds
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="assessments",
                name=_("Tests"),
                icon="ui-checks",
                url_name="assessments:index",
                position=30,
                description=_("Tests, exams and self-evaluations."),
            )
        )
        register_path_kinds()
