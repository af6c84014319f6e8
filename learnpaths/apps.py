from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnpathsConfig(AppConfig):
    name = "learnpaths"
    verbose_name = _("Learning paths")

    def ready(self):
        from courses.tools import Tool, register_tool
        from learnpaths.api import register_builtin_kinds

        register_tool(
            Tool(
                key="learnpaths",
                name=_("Learning paths"),
                icon="signpost-split",
                url_name="learnpaths:index",
                position=20,
                description=_("Step-by-step courses, built here or imported from SCORM or AICC."),
            )
        )
        register_builtin_kinds()
