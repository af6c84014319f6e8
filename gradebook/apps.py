from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradebookConfig(AppConfig):
    name = "gradebook"
    verbose_name = _("Gradebook")

    def ready(self):
        from core.jobs import register_job_kind
        from courses.tools import Tool, register_tool
        from gradebook.api import report_totals
        from tracking.api import ReportColumn, register_report_column

        register_tool(
            Tool(
                key="gradebook",
                name=_("Gradebook"),
                icon="award",
                url_name="gradebook:index",
                position=60,
                description=_("Weighted marks from every graded tool, and certificates."),
            )
        )
        register_report_column(
            ReportColumn(
                key="gradebook_total",
                label=_("Gradebook total"),
                tool="gradebook",
                values=report_totals,
                display="percent",
            )
        )
        register_job_kind(
            "certificates_zip", _("Certificates archive"), return_url_name="gradebook:certificates"
        )

        from backups.api import register_provider
        from gradebook.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
        register_job_kind(
            "gradebook_pdf",
            _("Gradebook as PDF"),
            return_url_name="gradebook:index",
            task="gradebook.tasks.grid_pdf_task",
        )
