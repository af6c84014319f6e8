from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="agenda",
                name=_("Agenda"),
                icon="calendar3",
                url_name="agenda:index",
                position=15,
                description=_("Course events, deadlines and closing dates, with calendar feeds."),
            )
        )

        from agenda.backup import PROVIDER as BACKUP
        from backups.api import register_provider

        register_provider(BACKUP)
