from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM and AICC packages")

    def ready(self):
        from core.jobs import register_job_kind
        from scorm import kinds, signals

        register_job_kind("scorm_import", _("Package import"))
        kinds.register()
        signals.connect()
