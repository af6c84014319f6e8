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
