"""What other apps may use from assignments: nothing but the published hooks below, which
``apps.py`` registers (learning-path item kind, grade source, agenda deadlines)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from assignments.models import Assignment, Submission


def course_assignments(course) -> list[tuple[int, str]]:
    """(id, title) of the course's assignments, for learning paths."""
    return list(Assignment.objects.filter(course=course).values_list("pk", "title"))


def gradebook_items(course) -> list[tuple[int, str]]:
    """(id, title) of the assignments offered to the gradebook."""
    return list(
        Assignment.objects.filter(course=course, in_gradebook=True).values_list("pk", "title")
    )


def gradebook_scores(*, item_ids, user_ids) -> dict:
    """{(assignment id, user id): GradeScore} of the corrected works with a score; one query."""
    from gradebook.api import GradeScore

    works = Submission.objects.filter(
        assignment_id__in=list(item_ids), user_id__in=list(user_ids), score__isnull=False
    ).values_list("assignment_id", "user_id", "score", "assignment__max_score")
    return {
        (assignment_id, user_id): GradeScore(score=score, max_score=max_score)
        for assignment_id, user_id, score, max_score in works
    }


def report_handed_in(*, course, user_ids) -> dict[int, int]:
    """{user id: assignments of the course they handed a work in for}: the course report's
    column (tracking/api.py); one query for every learner."""
    from django.db.models import Count

    return dict(
        Submission.objects.filter(assignment__course=course, user_id__in=list(user_ids))
        .values("user_id")
        .annotate(count=Count("assignment_id", distinct=True))
        .values_list("user_id", "count")
    )


def learner_can_open(course, target_id) -> bool:
    return Assignment.objects.filter(course=course, pk=target_id, visible=True).exists()


def launch_url(item) -> str:
    return reverse("assignments:detail", args=[item.path.course.code, item.target_id])


def agenda_entries(*, course_ids, user, start, end) -> list:
    """The deadlines (or, without one, the end dates) of visible assignments shown in the
    agenda, between start and end; one query."""
    from django.db.models import Q

    from agenda.api import AgendaEntry

    assignments = (
        Assignment.objects.filter(course_id__in=list(course_ids), visible=True, in_agenda=True)
        .filter(
            Q(deadline__gte=start, deadline__lte=end)
            | Q(deadline__isnull=True, end_date__gte=start, end_date__lte=end)
        )
        .select_related("course")
    )
    entries = []
    for assignment in assignments:
        when = assignment.deadline or assignment.end_date
        entries.append(
            AgendaEntry(
                key=f"assignment-{assignment.pk}",
                course_id=assignment.course_id,
                title=_("Assignment due: %(title)s") % {"title": assignment.title},
                start=when,
                url=reverse("assignments:detail", args=[assignment.course.code, assignment.pk]),
            )
        )
    return entries


# --- Course interchange (backups.moodle) ------------------------------------------------------


def import_assignment(*, course, **fields) -> Assignment:
    """Create an assignment from its settings (title, instructions, max_score, deadline,
    end_date, kind, allowed_extensions, max_file_size_mb, visible); instructions are
    sanitised. Raises ValueError for a kind not in ``Assignment.Kind``."""
    from assignments.services import assignment_create

    if fields.get("kind", Assignment.Kind.FILE) not in Assignment.Kind.values:
        raise ValueError(fields["kind"])
    return assignment_create(course=course, **fields)
