from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Reporting")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from courses.tools import Tool, register_tool
        from tracking.services import login_record

        register_tool(
            Tool(
                key="tracking",
                name=_("Reporting"),
                icon="graph-up",
                url_name="tracking:course",
                position=90,
                description=_("Each learner's time, visits, progress and scores in this course."),
                tutors_only=True,
            )
        )
        user_logged_in.connect(login_record, dispatch_uid="tracking-login")
