"""Writes of the projects tool."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from core.html import sanitize_html
from courses.models import Course
from projects.models import (
    Article,
    ArticleAttachment,
    Assignment,
    Comment,
    Project,
    ProjectMember,
    Rating,
    Task,
)

User = get_user_model()


@transaction.atomic
def project_save(
    *, project: Project | None = None, course: Course, author, title: str, description: str = ""
) -> Project:
    """Create or update a project; its creator becomes its first manager."""
    created = project is None
    if created:
        project = Project(course=course, created_by=author)
    project.title, project.description = title, sanitize_html(description)
    project.save()
    if created and author is not None:
        ProjectMember.objects.get_or_create(
            project=project, user=author, defaults={"role": ProjectMember.Role.MANAGER}
        )
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    files = [a.file for a in ArticleAttachment.objects.filter(article__project=project)]
    project.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def member_set(*, project: Project, user, role: str) -> ProjectMember:
    """Add a course member to the project, or change their role. Only members of the course
    may join (ValueError otherwise)."""
    if not project.course.enrollments.filter(user=user).exists():
        raise ValueError("not a member of the course")
    member, _created = ProjectMember.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return member


@transaction.atomic
def member_remove(*, member: ProjectMember) -> None:
    Assignment.objects.filter(task__project=member.project_id, user=member.user_id).delete()
    member.delete()


@transaction.atomic
def task_save(
    *,
    task: Task | None = None,
    project: Project,
    title: str,
    description: str = "",
    colour: str = "#0d6efd",
    deadline: date | None = None,
    assignees: Iterable = (),
) -> Task:
    """Create or update a task and give it to these project members (others are ignored);
    members kept keep their status."""
    if task is None:
        task = Task(project=project)
    task.title, task.description = title, description
    task.colour, task.deadline = colour, deadline
    task.save()
    member_ids = set(
        ProjectMember.objects.filter(project=project).values_list("user_id", flat=True)
    )
    wanted = {user.pk for user in assignees} & member_ids
    task.assignments.exclude(user_id__in=wanted).delete()
    existing = set(task.assignments.values_list("user_id", flat=True))
    Assignment.objects.bulk_create(
        [Assignment(task=task, user_id=user_id) for user_id in sorted(wanted - existing)]
    )
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    task.delete()


@transaction.atomic
def assignment_status(*, assignment: Assignment, status: str) -> Assignment:
    assignment.status = status
    assignment.save(update_fields=["status", "updated_at"])
    return assignment


@transaction.atomic
def article_create(
    *,
    project: Project,
    author,
    title: str,
    content: str,
    task: Task | None = None,
    attachments: Iterable = (),
) -> Article:
    article = Article.objects.create(
        project=project,
        author=author,
        title=title,
        content=sanitize_html(content),
        task=task if task is not None and task.project_id == project.pk else None,
    )
    for upload in attachments:
        ArticleAttachment.objects.create(
            article=article,
            file=upload,
            name=(upload.name or "file").rsplit("/", 1)[-1][:255],
            size=upload.size or 0,
        )
    return article


@transaction.atomic
def article_delete(*, article: Article) -> None:
    files = [a.file for a in article.attachments.all()]
    article.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def comment_create(*, article: Article, author, content: str) -> Comment:
    return Comment.objects.create(article=article, author=author, content=content.strip())


@transaction.atomic
def article_rate(*, article: Article, user, value: int) -> Rating:
    """Rate 1 to 5; a second rating replaces the first. Nobody rates their own article."""
    if not 1 <= value <= 5:
        raise ValueError("a rating goes from 1 to 5")
    if article.author_id == user.pk:
        raise ValueError("one does not rate one's own article")
    rating, _created = Rating.objects.update_or_create(
        article=article, user=user, defaults={"value": value}
    )
    return rating
