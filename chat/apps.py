from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self):
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="chat",
                name=_("Chat"),
                icon="chat-dots",
                url_name="chat:index",
                position=50,
                description=_("A live chat room for the course."),
            )
        )

        from chat import services as chat_services
        from groups.api import GroupContent, register_group_content

        register_group_content(
            GroupContent(
                key="chat",
                label=_("Chat messages"),
                kept_as=_(
                    "They join the history of the course's chat room, which every member of the "
                    "course sees."
                ),
                count=chat_services.group_content_count,
                release=chat_services.group_content_release,
                position=40,
            )
        )
