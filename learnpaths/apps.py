from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnpathsConfig(AppConfig):
    name = "learnpaths"
    verbose_name = _("Learning paths")

    def ready(self):
        from courses.tools import Tool, register_tool
        from gradebook.api import GradeScore, GradeSource, register_grade_source
        from learnpaths.api import course_paths, paths_results, register_builtin_kinds

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

        def scores(*, item_ids, user_ids):  # score when the path is scored, else progress
            return {
                (path_id, user_id): GradeScore(
                    score=result.score if result.score is not None else result.progress,
                    max_score=100,
                )
                for (path_id, user_id), result in paths_results(
                    path_ids=item_ids, user_ids=user_ids
                ).items()
            }

        register_grade_source(
            GradeSource(
                key="learnpath",
                label=_("Learning paths"),
                icon="signpost-split",
                items=course_paths,
                scores=scores,
            )
        )

        from backups.api import register_provider
        from learnpaths.backup import PROVIDER as BACKUP

        register_provider(BACKUP)
