from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import Access, course_view
from projects import selectors, services
from projects.forms import (
    ArticleForm,
    CommentForm,
    MemberForm,
    ProjectForm,
    RatingForm,
    StatusForm,
    TaskForm,
)
from projects.models import Article, ArticleAttachment, Assignment, Project, ProjectMember, Task


def _project(request, project_id):
    project = get_object_or_404(Project, pk=project_id, course=request.course)
    access = selectors.project_access(project, request.course_access, request.user)
    return project, access


def _form_page(request, form, *, title, cancel_url, project=None, multipart=False):
    return render(
        request,
        "projects/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "project": project,
            "multipart": multipart,
        },
    )


@require_GET
@course_view(Access.VIEW, tool="projects")
def index(request, code):
    projects = selectors.project_list(request.course)
    return render(request, "projects/index.html", {"projects": projects})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="projects")
def project_edit(request, code, project_id=None):
    project = (
        get_object_or_404(Project, pk=project_id, course=request.course) if project_id else None
    )
    initial = {"title": project.title, "description": project.description} if project else None
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        project = services.project_save(
            project=project, course=request.course, author=request.user, **form.cleaned_data
        )
        messages.success(request, _("The project has been saved."))
        return redirect("projects:project", code=code, project_id=project.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the project") if project else _("New project"),
        cancel_url=reverse("projects:index", args=[code]),
        project=project,
    )


@require_POST
@course_view(Access.MANAGE, tool="projects")
def project_delete(request, code, project_id):
    project = get_object_or_404(Project, pk=project_id, course=request.course)
    services.project_delete(project=project)
    messages.success(request, _("The project has been deleted."))
    return redirect("projects:index", code=code)


@require_GET
@course_view(Access.VIEW, tool="projects")
def project_detail(request, code, project_id):
    project, access = _project(request, project_id)
    page = Paginator(selectors.articles_of(project), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "access": access,
            "page": page,
            "tasks": selectors.tasks_of(project),
            "members": selectors.members_of(project),
            "member_form": MemberForm(course=request.course) if access.can_manage else None,
        },
    )


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def member_add(request, code, project_id):
    project, access = _project(request, project_id)
    if not access.can_manage:
        raise PermissionDenied
    form = MemberForm(request.POST, course=request.course)
    if form.is_valid():
        services.member_set(project=project, **form.cleaned_data)
        messages.success(request, _("The member has been added."))
    else:
        messages.error(request, _("Choose a member of the course and a role."))
    return redirect("projects:project", code=code, project_id=project.pk)


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def member_remove(request, code, project_id, member_id):
    project, access = _project(request, project_id)
    if not access.can_manage:
        raise PermissionDenied
    member = get_object_or_404(ProjectMember, pk=member_id, project=project)
    services.member_remove(member=member)
    messages.success(request, _("The member has left the project."))
    return redirect("projects:project", code=code, project_id=project.pk)


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool="projects")
def task_edit(request, code, project_id, task_id=None):
    project, access = _project(request, project_id)
    if not access.can_manage:
        raise PermissionDenied
    task = get_object_or_404(Task, pk=task_id, project=project) if task_id else None
    initial = None
    if task:
        initial = {
            "title": task.title,
            "description": task.description,
            "colour": task.colour,
            "deadline": task.deadline,
            "assignees": [a.user_id for a in task.assignments.all()],
        }
    form = TaskForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.task_save(task=task, project=project, **form.cleaned_data)
        messages.success(request, _("The task has been saved."))
        return redirect("projects:project", code=code, project_id=project.pk)
    return _form_page(
        request,
        form,
        title=_("Edit the task") if task else _("New task"),
        cancel_url=reverse("projects:project", args=[code, project.pk]),
        project=project,
    )


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def task_delete(request, code, project_id, task_id):
    project, access = _project(request, project_id)
    if not access.can_manage:
        raise PermissionDenied
    services.task_delete(task=get_object_or_404(Task, pk=task_id, project=project))
    messages.success(request, _("The task has been deleted."))
    return redirect("projects:project", code=code, project_id=project.pk)


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool="projects")
def article_create(request, code, project_id):
    project, access = _project(request, project_id)
    if not access.can_write:
        raise PermissionDenied
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        project=project,
        initial={"task": request.GET.get("task")},
    )
    if request.method == "POST" and form.is_valid():
        article = services.article_create(project=project, author=request.user, **form.cleaned_data)
        messages.success(request, _("The article has been published."))
        return redirect("projects:article", code=code, project_id=project.pk, article_id=article.pk)
    return _form_page(
        request,
        form,
        title=_("New article"),
        cancel_url=reverse("projects:project", args=[code, project.pk]),
        project=project,
        multipart=True,
    )


def _article(project, article_id) -> Article:
    return get_object_or_404(selectors.articles_of(project), pk=article_id)


@require_GET
@course_view(Access.VIEW, tool="projects")
def article_detail(request, code, project_id, article_id):
    project, access = _project(request, project_id)
    article = _article(project, article_id)
    mine = None
    if request.user.is_authenticated:
        mine = article.ratings.filter(user=request.user).values_list("value", flat=True).first()
    return render(
        request,
        "projects/article.html",
        {
            "project": project,
            "access": access,
            "article": article,
            "comments": article.comments.select_related("author"),
            "comment_form": CommentForm() if access.can_comment else None,
            "my_rating": mine,
            "may_rate": request.course_access.can_participate
            and article.author_id != request.user.pk,
        },
    )


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def article_delete(request, code, project_id, article_id):
    project, access = _project(request, project_id)
    article = get_object_or_404(Article, pk=article_id, project=project)
    if not (access.can_manage or article.author_id == request.user.pk):
        raise PermissionDenied
    services.article_delete(article=article)
    messages.success(request, _("The article has been deleted."))
    return redirect("projects:project", code=code, project_id=project.pk)


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def comment_create(request, code, project_id, article_id):
    project, access = _project(request, project_id)
    if not access.can_comment:
        raise PermissionDenied
    article = get_object_or_404(Article, pk=article_id, project=project)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_create(article=article, author=request.user, **form.cleaned_data)
        messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("projects:article", code=code, project_id=project.pk, article_id=article.pk)


@require_POST
@course_view(Access.PARTICIPATE, tool="projects")
def article_rate(request, code, project_id, article_id):
    project, _access = _project(request, project_id)
    article = get_object_or_404(Article, pk=article_id, project=project)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A rating goes from 1 to 5."))
    else:
        try:
            services.article_rate(article=article, user=request.user, **form.cleaned_data)
        except ValueError:
            messages.error(request, _("You cannot rate your own article."))
        else:
            messages.success(request, _("Thank you for your rating."))
    return redirect("projects:article", code=code, project_id=project.pk, article_id=article.pk)


@require_GET
@course_view(Access.VIEW, tool="projects")
def attachment(request, code, project_id, article_id, attachment_id):
    project, _access = _project(request, project_id)
    item = get_object_or_404(
        ArticleAttachment, pk=attachment_id, article_id=article_id, article__project=project
    )
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool="projects")
def my_tasks(request, code):
    if request.method == "POST":
        assignment = get_object_or_404(
            Assignment,
            pk=request.POST.get("assignment") or 0,
            user=request.user,
            task__project__course=request.course,
        )
        form = StatusForm(request.POST)
        if form.is_valid():
            services.assignment_status(assignment=assignment, status=form.cleaned_data["status"])
            messages.success(request, _("The task's status has been saved."))
        return redirect("projects:my_tasks", code=code)
    return render(
        request,
        "projects/my_tasks.html",
        {
            "assignments": selectors.my_assignments(request.course, request.user),
            "statuses": Assignment.Status.choices,
        },
    )


@require_GET
@course_view(Access.TUTOR, tool="projects")
def overview(request, code, project_id):
    project, _access = _project(request, project_id)
    return render(
        request,
        "projects/overview.html",
        {
            "project": project,
            "rows": selectors.overview(project),
            "tasks": selectors.tasks_of(project),
        },
    )
