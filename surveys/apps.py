from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from courses.tools import Tool, register_tool
        from surveys.api import register

        register_tool(
            Tool(
                key="surveys",
                name=_("Surveys"),
                icon="clipboard-data",
                url_name="surveys:index",
                position=55,
                description=_("Questionnaires, anonymous or named, with charts of the answers."),
            )
        )
        register()

        from backups.api import register_provider
        from surveys.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
