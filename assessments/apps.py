from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Tests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
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
        from agenda.api import EventSource, register_event_source
        from assessments.api import agenda_closing_dates

        register_event_source(
            EventSource(
                key="test_closing",
                label=_("Test closing dates"),
                icon="ui-checks",
                entries=agenda_closing_dates,
            )
        )
