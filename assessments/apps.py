from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Tests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments.api import course_tests, register_path_kinds, tests_scores
        from courses.tools import Tool, register_tool
        from gradebook.api import GradeScore, GradeSource, register_grade_source

        register_tool(
            Tool(
                key="assessments",
                name=_("Tests"),
                icon="ui-checks",
                url_name="assessments:index",
                position=30,
                description=_("Tests, exams and self-evaluations."),
            )
        )
        register_path_kinds()

        def scores(*, item_ids, user_ids):  # the gradebook's column of each test, in bulk
            return {
                (quiz_id, user_id): GradeScore(found.score, found.max_score, found.passed)
                for (quiz_id, user_id), found in tests_scores(
                    quiz_ids=item_ids, user_ids=user_ids
                ).items()
            }

        register_grade_source(
            GradeSource(
                key="test", label=_("Tests"), icon="ui-checks", items=course_tests, scores=scores
            )
        )

        from agenda.api import EventSource, register_event_source
        from assessments.api import agenda_closing_dates

        register_event_source(
            EventSource(
                key="test_closing",
                label=_("Test closing dates"),
                icon="ui-checks",
                entries=agenda_closing_dates,
            )
        )

        from assessments.backup import PROVIDER as BACKUP
        from backups.api import register_provider

        register_provider(BACKUP)
