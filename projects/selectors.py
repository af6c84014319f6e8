"""Reads of the projects tool, and who may do what inside a project."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from projects.models import Article, Assignment, Comment, Project, ProjectMember, Task


@dataclass(frozen=True)
class ProjectAccess:
    """What the viewer may do in one project (course roles come from courses.permissions)."""

    role: str | None  # ProjectMember.Role or None
    course_manager: bool
    course_tutor: bool

    @property
    def can_manage(self) -> bool:
        return self.course_manager or self.role == ProjectMember.Role.MANAGER

    @property
    def can_write(self) -> bool:
        return self.can_manage or self.role == ProjectMember.Role.MEMBER

    @property
    def can_comment(self) -> bool:
        return self.can_write or self.course_tutor or self.role == ProjectMember.Role.READER


def project_access(project: Project, course_access, user) -> ProjectAccess:
    role = None
    if user.is_authenticated:
        role = (
            ProjectMember.objects.filter(project=project, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return ProjectAccess(
        role=role,
        course_manager=course_access.can_manage,
        course_tutor=course_access.can_tutor,
    )


def project_list(course) -> QuerySet:
    return (
        Project.objects.filter(course=course)
        .annotate(
            member_count=Count("members", distinct=True),
            article_count=Count("articles", distinct=True),
            task_count=Count("tasks", distinct=True),
        )
        .order_by("title", "pk")
    )


def articles_of(project: Project) -> QuerySet:
    return (
        Article.objects.filter(project=project)
        .select_related("author", "task")
        .prefetch_related("attachments")
        .annotate(
            comment_count=Count("comments", distinct=True),
            rating_average=Avg("ratings__value"),
            rating_count=Count("ratings", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def tasks_of(project: Project) -> QuerySet:
    return (
        Task.objects.filter(project=project)
        .prefetch_related("assignments__user")
        .order_by("deadline", "title", "pk")
    )


def members_of(project: Project) -> QuerySet:
    return (
        ProjectMember.objects.filter(project=project)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )


def my_assignments(course, user) -> QuerySet:
    return (
        Assignment.objects.filter(task__project__course=course, user=user)
        .select_related("task__project")
        .order_by("status", "task__deadline", "task__title")
    )


def overview(project: Project) -> list[dict]:
    """Who did what: per member, articles written, comments written, tasks given and done."""
    members = list(members_of(project))
    user_ids = [m.user_id for m in members]
    articles = dict(
        Article.objects.filter(project=project, author_id__in=user_ids)
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    comments = dict(
        Comment.objects.filter(article__project=project, author_id__in=user_ids)
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    tasks = {
        row["user_id"]: row
        for row in Assignment.objects.filter(task__project=project, user_id__in=user_ids)
        .values("user_id")
        .annotate(
            given=Count("pk"),
            done=Count("pk", filter=Q(status=Assignment.Status.DONE)),
            progress=Count("pk", filter=Q(status=Assignment.Status.IN_PROGRESS)),
        )
    }
    return [
        {
            "member": member,
            "articles": articles.get(member.user_id, 0),
            "comments": comments.get(member.user_id, 0),
            "tasks": tasks.get(member.user_id, {}).get("given", 0),
            "done": tasks.get(member.user_id, {}).get("done", 0),
            "in_progress": tasks.get(member.user_id, {}).get("progress", 0),
        }
        for member in members
    ]
