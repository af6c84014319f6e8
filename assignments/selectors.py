"""Reads of the assignments tool, joined in advance (a bounded number of queries per page)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from assignments.models import Assignment, Comment, Submission
from courses.models import Course, Enrollment
from courses.permissions import CourseAccess


def assignments_for(course: Course, access: CourseAccess, user) -> QuerySet:
    """The course's assignments (learners: the visible ones), with counts for tutors and the
    viewer's own work prefetched: three queries whatever the number of assignments."""
    assignments = Assignment.objects.filter(course=course).order_by("end_date", "deadline", "pk")
    if not access.can_tutor:
        assignments = assignments.filter(visible=True)
    assignments = assignments.annotate(
        handed_in=Count("submissions", distinct=True),
        late_count=Count("submissions", filter=Q(submissions__late=True), distinct=True),
        graded_count=Count(
            "submissions", filter=Q(submissions__graded_at__isnull=False), distinct=True
        ),
    )
    if user.is_authenticated:
        assignments = assignments.prefetch_related(
            Prefetch(
                "submissions",
                queryset=Submission.objects.filter(user=user),
                to_attr="own_works",
            )
        )
    return assignments


def get_assignment(course: Course, access: CourseAccess, assignment_id: int) -> Assignment:
    """The assignment, or 404 alike for missing, another course's and hidden-from-learners."""
    assignments = Assignment.objects.filter(course=course, pk=assignment_id)
    if not access.can_tutor:
        assignments = assignments.filter(visible=True)
    assignment = assignments.prefetch_related("attachments").first()
    if assignment is None:
        raise Http404
    return assignment


def own_work(assignment: Assignment, user) -> Submission | None:
    if not user.is_authenticated:
        return None
    return (
        Submission.objects.filter(assignment=assignment, user=user)
        .prefetch_related(Prefetch("comments", Comment.objects.select_related("author")))
        .first()
    )


def get_work(assignment: Assignment, access: CourseAccess, user, work_id: int) -> Submission:
    """A work the viewer may open: tutors every one, a learner their own, and the others' when
    the assignment shares works. 404 otherwise."""
    work = (
        Submission.objects.filter(assignment=assignment, pk=work_id)
        .select_related("user", "grader")
        .prefetch_related(Prefetch("comments", Comment.objects.select_related("author")))
        .first()
    )
    if work is None:
        raise Http404
    if access.can_tutor or work.user_id == user.pk or assignment.share_works:
        return work
    raise Http404


@dataclass
class LearnerRow:
    user: object
    work: Submission | None


def learner_rows(assignment: Assignment) -> list[LearnerRow]:
    """Every learner of the course with their work (or None): two queries. Works of people
    who are no longer learners of the course are listed too."""
    works = {
        w.user_id: w
        for w in Submission.objects.filter(assignment=assignment).select_related("user")
    }
    learners = [
        e.user
        for e in Enrollment.objects.filter(
            course_id=assignment.course_id, role=Enrollment.Role.LEARNER
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ]
    rows = [LearnerRow(user=user, work=works.pop(user.pk, None)) for user in learners]
    rows += [LearnerRow(user=work.user, work=work) for work in works.values()]
    return rows


def shared_works(assignment: Assignment) -> QuerySet:
    return Submission.objects.filter(assignment=assignment).select_related("user")
