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

        from conference import services as conference_services
        from groups.api import GroupContent, register_group_content

        register_group_content(
            GroupContent(
                key="conference",
                label=_("Virtual classroom meetings"),
                kept_as=_("They stay in the course's statistics of attendance."),
                count=conference_services.group_content_count,
                release=conference_services.group_content_release,
                position=70,
            )
        )
