from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self):
        from courses.tools import Tool, register_tool
        from glossary.api import register_path_kinds

        register_tool(
            Tool(
                key="glossary",
                name=_("Glossary"),
                icon="book",
                url_name="glossary:index",
                position=30,
                description=_("The course's terms and their definitions."),
            )
        )
        register_path_kinds()

        from glossary import signals

        signals.connect()

        from backups.api import register_provider
        from glossary.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
