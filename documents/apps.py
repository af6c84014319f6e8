from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core.jobs import register_job_kind
        from courses.tools import Tool, register_tool
        from documents.api import register_path_kinds

        register_tool(
            Tool(
                key="documents",
                name=_("Documents"),
                icon="folder2-open",
                url_name="documents:index",
                position=10,
                description=_("Files, folders and web pages of the course."),
            )
        )
        register_job_kind(
            "documents_zip_import",
            _("Unpacking a zip archive"),
            return_url_name="documents:index",
        )
        register_path_kinds()

        from backups.api import register_provider
        from documents.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
        from documents import services as documents_services
        from groups.api import GroupContent, register_group_content

        register_group_content(
            GroupContent(
                key="documents",
                label=_("Documents"),
                kept_as=_(
                    "They go into a course folder named after the group, hidden from learners "
                    "until you show it."
                ),
                count=documents_services.group_content_count,
                release=documents_services.group_content_release,
                position=10,
            )
        )
