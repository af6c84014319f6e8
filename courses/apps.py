from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        import courses.signals  # noqa: F401  (cache invalidation)
        from courses.tools import Tool, register_tool

        register_tool(
            Tool(
                key="description",
                name=_("Course description"),
                icon="info-circle",
                url_name="courses:description",
                position=1,
                description=_("Objectives, topics, methodology and assessment."),
            )
        )
        register_tool(
            Tool(
                key="members",
                name=_("Members"),
                icon="people",
                url_name="courses:members",
                position=90,
                description=_("Teachers, tutors and learners of the course."),
            )
        )
        register_tool(
            Tool(
                key="settings",
                name=_("Settings"),
                icon="gear",
                url_name="courses:settings",
                position=99,
                description=_("Title, visibility, enrolment and tools."),
                teachers_only=True,
            )
        )
