from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = _("Class journal")

    def ready(self):
        from courses.tools import Tool, register_tool
        from journal.api import home_summary

        register_tool(
            Tool(
                key="journal",
                name=_("Course progress"),
                icon="journal-check",
                url_name="journal:index",
                position=70,
                description=_("The class journal: themes, their plan and what has been done."),
                home_summary=home_summary,
            )
        )

        from backups.api import register_provider
        from journal.backup import PROVIDER as BACKUP

        register_provider(BACKUP)

        from journal import signals

        signals.connect()
