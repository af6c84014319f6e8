from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM and AICC packages")

    def ready(self):
        from core.jobs import register_job_kind
        from documents.api import register_usage_source
        from scorm import kinds, signals
        from scorm.selectors import course_package_bytes

        register_job_kind("scorm_import", _("Package import"))
        register_usage_source(course_package_bytes)
        kinds.register()
        signals.connect()

        from backups.api import register_provider
        from scorm.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
