from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.jobs import job_create, job_enqueue
from core.models import Job
from courses.permissions import Access, course_view
from links import selectors, services
from links.forms import LinkCategoryForm, LinkForm
from links.models import Link, LinkCategory
from links.tasks import link_check_task


@require_GET
@course_view(Access.VIEW, tool="links")
def index(request, code):
    groups = selectors.link_groups(request.course, request.course_access)
    return render(request, "links/index.html", {"groups": groups})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="links")
def link_edit(request, code, link_id=None):
    link = None
    if link_id is not None:
        link = get_object_or_404(Link, pk=link_id, course=request.course)
    initial = {}
    if link is None and request.GET.get("category", "").isdigit():
        initial["category"] = request.GET["category"]
    form = LinkForm(request.POST or None, instance=link, course=request.course, initial=initial)
    if request.method == "POST" and form.is_valid():
        if link is None:
            link = services.link_create(course=request.course, **form.cleaned_data)
            messages.success(request, _("The link %(title)s has been added.") % {"title": link})
        else:
            services.link_update(link=link, **form.cleaned_data)
            messages.success(request, _("The link %(title)s has been saved.") % {"title": link})
        return redirect("links:index", code=code)
    return render(request, "links/link_form.html", {"form": form, "link": link})


@require_POST
@course_view(Access.MANAGE, tool="links")
def link_delete(request, code, link_id):
    link = get_object_or_404(Link, pk=link_id, course=request.course)
    services.link_delete(link=link)
    messages.success(request, _("The link %(title)s has been deleted.") % {"title": link})
    return redirect("links:index", code=code)


@require_POST
@course_view(Access.MANAGE, tool="links")
def link_move(request, code, link_id):
    link = get_object_or_404(Link, pk=link_id, course=request.course)
    direction = request.POST.get("direction")
    if direction in {"up", "down"}:
        services.link_move(link=link, direction=direction)
    return redirect("links:index", code=code)


@require_POST
@course_view(Access.MANAGE, tool="links")
def link_visibility(request, code, link_id):
    link = get_object_or_404(Link, pk=link_id, course=request.course)
    services.link_set_visible(link=link, visible=request.POST.get("visible") == "1")
    if link.visible:
        messages.success(request, _("%(title)s is now visible to learners.") % {"title": link})
    else:
        messages.success(request, _("%(title)s is now hidden from learners.") % {"title": link})
    return redirect("links:index", code=code)


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="links")
def category_edit(request, code, category_id=None):
    category = None
    if category_id is not None:
        category = get_object_or_404(LinkCategory, pk=category_id, course=request.course)
    form = LinkCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        if category is None:
            services.category_create(course=request.course, **form.cleaned_data)
        else:
            services.category_update(category=category, **form.cleaned_data)
        messages.success(request, _("The category has been saved."))
        return redirect("links:index", code=code)
    return render(request, "links/category_form.html", {"form": form, "category": category})


@require_POST
@course_view(Access.MANAGE, tool="links")
def category_delete(request, code, category_id):
    category = get_object_or_404(LinkCategory, pk=category_id, course=request.course)
    services.category_delete(category=category)
    messages.success(
        request, _("The category has been deleted; its links are now without a category.")
    )
    return redirect("links:index", code=code)


@require_POST
@course_view(Access.MANAGE, tool="links")
def category_move(request, code, category_id):
    category = get_object_or_404(LinkCategory, pk=category_id, course=request.course)
    direction = request.POST.get("direction")
    if direction in {"up", "down"}:
        services.category_move(category=category, direction=direction)
    return redirect("links:index", code=code)


@require_POST
@course_view(Access.MANAGE, tool="links")
def check(request, code):
    if not Link.objects.filter(course=request.course).exists():
        messages.info(request, _("There is no link to check."))
        return redirect("links:index", code=code)
    running = Job.objects.filter(
        kind="link_check",
        course=request.course,
        user=request.user,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
    ).first()
    if running is not None:  # one check at a time: show the one under way
        return redirect("core:job_detail", job_id=running.pk)
    job = job_create(kind="link_check", user=request.user, course=request.course)
    job_enqueue(job, link_check_task)
    return redirect("core:job_detail", job_id=job.pk)
