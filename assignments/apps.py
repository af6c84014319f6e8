from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self):
        from agenda.api import EventSource, register_event_source
        from assignments import api
        from courses.tools import Tool, register_tool
        from gradebook.api import GradeSource, register_grade_source
        from learnpaths.api import ItemKind, register_item_kind
        from tracking.api import ReportColumn, register_report_column

        register_tool(
            Tool(
                key="assignments",
                name=_("Assignments"),
                icon="journal-arrow-up",
                url_name="assignments:index",
                position=35,
                description=_("Work learners hand in, with deadlines, correction and feedback."),
            )
        )
        register_item_kind(
            ItemKind(
                key="assignment",
                label=_("Assignment"),
                icon="journal-arrow-up",
                launch_url=api.launch_url,
                field="target",
                choices=api.course_assignments,
                completion="report",
                learner_can_open=api.learner_can_open,
            )
        )
        register_grade_source(
            GradeSource(
                key="assignment",
                label=_("Assignment"),
                icon="journal-arrow-up",
                items=api.gradebook_items,
                scores=api.gradebook_scores,
            )
        )
        register_report_column(
            ReportColumn(
                key="assignments_handed_in",
                label=_("Assignments handed in"),
                tool="assignments",
                values=api.report_handed_in,
            )
        )
        register_event_source(
            EventSource(
                key="assignment_deadline",
                label=_("Assignment deadlines"),
                icon="journal-arrow-up",
                entries=api.agenda_entries,
            )
        )

        from assignments.backup import PROVIDER as BACKUP
        from backups.api import register_provider

        register_provider(BACKUP)
