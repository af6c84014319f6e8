from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = _("Links")

    def ready(self):
        from core.jobs import register_job_kind
        from courses.tools import Tool, register_tool
        from links.api import register_path_kinds

        register_tool(
            Tool(
                key="links",
                name=_("Links"),
                icon="link-45deg",
                url_name="links:index",
                position=20,
                description=_("Web sites and resources, sorted in categories."),
            )
        )
        register_job_kind(
            "link_check",
            _("Link check"),
            return_url_name="links:index",
            task="links.tasks.link_check_task",
        )
        register_path_kinds()

        from backups.api import register_provider
        from links.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
