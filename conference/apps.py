from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Virtual classroom")

    def ready(self):
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="conference",
                name=_("Virtual classroom"),
                icon="camera-video",
                url_name="conference:index",
                position=75,
                description=_("Live classes with BigBlueButton, and their recordings."),
            )
        )
