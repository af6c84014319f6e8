"""Projects in course backups (backups.api): each project's title and description, its
tasks (title, description, colour, deadline) and its members with their roles, by username
(restored to the accounts of the same username, backups.api.restore_user_links); never who a
task was given to and how far they got, nor the articles, comments, attachments and ratings
(the members' own writing, as forum posts are).

A project is in conflict with the course's project of the same title (case aside). The person
restoring becomes the manager of each restored project, as its creator would.
"""

from django.utils.translation import gettext_lazy as _

from backups.api import (
    Provider,
    clean_html,
    delete_files_on_commit,
    dump,
    dump_user_links,
    numbered,
    plan_conflicts,
    restore_rows,
    restore_user_links,
    select,
)
from projects.models import ArticleAttachment, Project, ProjectMember, Task


def items(course) -> list[tuple[int, str]]:
    return list(Project.objects.filter(course=course).values_list("pk", "title"))


def export(course, selection, writer) -> dict:
    projects = select(Project.objects.filter(course=course), selection)
    return {
        "projects": dump(projects),
        "tasks": dump(Task.objects.filter(project__in=projects)),
        "members": dump_user_links(
            ProjectMember.objects.filter(project__in=projects), owner="project", fields=("role",)
        ),
    }


def _delete(queryset) -> None:
    names = list(
        ArticleAttachment.objects.filter(article__project__in=queryset).values_list(
            "file", flat=True
        )
    )
    queryset.delete()
    delete_files_on_commit(names)


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = {
        title.lower(): pk
        for pk, title in Project.objects.filter(course=course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("projects", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n, max_length=250)),
        policy=conflict_policy,
    )
    _delete(Project.objects.filter(course=course, pk__in=plan.replaced))
    context.remember("projects.project", plan.kept)
    projects = restore_rows(
        Project,
        [
            {**row, "description": clean_html(row.get("description", ""), context)}
            for row in plan.rows
        ],
        context=context,
        course_id=course.pk,
    )
    tasks = restore_rows(
        Task, data.get("tasks", []), context=context, parent="project", parents=projects
    )
    if context.user_id:
        ProjectMember.objects.bulk_create(
            [
                ProjectMember(
                    project=project, user_id=context.user_id, role=ProjectMember.Role.MANAGER
                )
                for project in projects.values()
            ]
        )
    # After the manager rows: the person restoring stays manager (ignore_conflicts).
    members, left_out = restore_user_links(
        ProjectMember,
        data.get("members", []),
        owner="project",
        owners=projects,
        fields=("role",),
    )
    return {
        "projects": len(projects),
        "tasks": len(tasks),
        "members": members,
        "left_out": left_out,
    }


def describe(course) -> list[tuple[str, int]]:
    return [
        (
            str(_("Projects, with their members and articles")),
            Project.objects.filter(course=course).count(),
        )
    ]


def empty(course) -> None:
    _delete(Project.objects.filter(course=course))


PROVIDER = Provider(
    key="projects",
    label=_("Projects"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
