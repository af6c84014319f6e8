from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import Access, course_view, group_access
from groups import selectors, services
from groups.forms import BulkGroupForm, CategoryForm, GroupDeleteForm, GroupForm, MemberAddForm
from groups.models import Group, GroupCategory

TOOL = "groups"


def _group(request, group_id) -> Group:
    return get_object_or_404(
        Group.objects.select_related("category"), pk=group_id, course=request.course
    )


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def index(request, code):
    return render(
        request,
        "groups/index.html",
        {
            "categories": selectors.course_categories(request.course),
            "uncategorised": selectors.uncategorised_groups(request.course),
            "mine": selectors.user_group_ids(request.course, request.user),
            "can_manage": request.course_access.can_manage,
        },
    )


# How each tool of a group's space shows on its page: (label, bootstrap icon).
SPACE_TOOLS = {
    "documents": (gettext_lazy("Documents"), "folder2-open"),
    "forums": (gettext_lazy("Forum"), "chat-square-text"),
    "wiki": (gettext_lazy("Wiki"), "journal-text"),
    "chat": (gettext_lazy("Chat"), "chat-dots"),
    "announcements": (gettext_lazy("Announcements"), "megaphone"),
    "agenda": (gettext_lazy("Agenda"), "calendar3"),
    "conference": (gettext_lazy("Virtual classroom"), "camera-video"),
}


def _tool_url(key: str, code: str, group_id: int) -> str:
    """The group's page of a tool ("" for a tool without group pages)."""
    try:
        return reverse(f"{key}:group_index", kwargs={"code": code, "group_id": group_id})
    except NoReverseMatch:
        return ""


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def space(request, code, group_id):
    group = _group(request, group_id)
    scope = group_access(request.course_access, group.pk)
    tools = [
        {
            "key": key,
            "label": SPACE_TOOLS[key][0],
            "icon": SPACE_TOOLS[key][1],
            "mode": scope.mode(key),
            "url": _tool_url(key, code, group.pk),
        }
        for key in Group.TOOL_FIELDS
        if scope.can_view(key) and _tool_url(key, code, group.pk)
    ]
    return render(
        request,
        "groups/space.html",
        {
            "group": group,
            "scope": scope,
            "tools": tools,
            "members": selectors.group_members(group) if scope.belongs else [],
            "is_member": scope.is_member,
            "can_manage": request.course_access.can_manage,
        },
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def category_edit(request, code, category_id=None):
    category = None
    if category_id is not None:
        category = get_object_or_404(GroupCategory, pk=category_id, course=request.course)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(course=request.course, category=category, **form.cleaned_data)
        messages.success(request, _("The category has been saved."))
        return redirect("groups:index", code=code)
    title = _("Edit the category") if category else _("New group category")
    return render(request, "groups/form.html", {"form": form, "title": title})


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def category_delete(request, code, category_id):
    category = get_object_or_404(GroupCategory, pk=category_id, course=request.course)
    services.category_delete(category=category)
    messages.success(request, _("The category has been deleted; its groups remain."))
    return redirect("groups:index", code=code)


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def group_edit(request, code, group_id=None):
    group = _group(request, group_id) if group_id is not None else None
    form = GroupForm(request.POST or None, instance=group, course=request.course)
    if request.method == "POST" and form.is_valid():
        group = services.group_save(course=request.course, group=group, **form.cleaned_data)
        messages.success(request, _("The group %(name)s has been saved.") % {"name": group.name})
        return redirect("groups:space", code=code, group_id=group.pk)
    title = _("Edit the group") if group else _("New group")
    return render(request, "groups/form.html", {"form": form, "title": title})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def group_bulk(request, code):
    form = BulkGroupForm(request.POST or None, course=request.course)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        count, prefix = data.pop("count"), data.pop("prefix")
        created = services.groups_create_bulk(
            course=request.course, count=count, prefix=prefix, **data
        )
        messages.success(
            request,
            ngettext("%(count)d group created.", "%(count)d groups created.", len(created))
            % {"count": len(created)},
        )
        return redirect("groups:index", code=code)
    return render(request, "groups/form.html", {"form": form, "title": _("Create several groups")})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def group_delete(request, code, group_id):
    """Confirm with the list of what the group holds; the teacher keeps it or deletes it."""
    group = _group(request, group_id)
    holdings = selectors.group_holdings(group)
    form = GroupDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["content"] == "keep"
        services.group_delete(group=group, keep_content=keep)
        if holdings and keep:
            message = _("The group %(name)s has been deleted; its content is now the course's.")
        else:
            message = _("The group %(name)s has been deleted.")
        messages.success(request, message % {"name": group.name})
        return redirect("groups:index", code=code)
    return render(
        request, "groups/delete.html", {"group": group, "holdings": holdings, "form": form}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def members(request, code, group_id):
    group = _group(request, group_id)
    users = (
        get_user_model()
        .objects.filter(enrollments__course=request.course)
        .order_by("last_name", "first_name", "username")
    )
    form = MemberAddForm(request.POST or None, users=users)
    if request.method == "POST":
        remove = request.POST.get("remove")
        try:
            if remove:
                services.member_remove(group=group, user=get_object_or_404(users, pk=remove))
                messages.success(request, _("The member has been removed."))
                return redirect("groups:members", code=code, group_id=group.pk)
            if form.is_valid():
                services.member_add(group=group, **form.cleaned_data)
                messages.success(request, _("The member has been added."))
                return redirect("groups:members", code=code, group_id=group.pk)
        except services.GroupRefused as refused:
            messages.error(request, str(refused))
    return render(
        request,
        "groups/members.html",
        {"group": group, "form": form, "members": selectors.group_members(group)},
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def fill(request, code):
    category = None
    if request.POST.get("category"):
        category = get_object_or_404(
            GroupCategory, pk=request.POST["category"], course=request.course
        )
    placed = services.groups_fill(course=request.course, category=category)
    messages.success(
        request,
        ngettext(
            "%(count)d learner placed in a group.", "%(count)d learners placed in groups.", placed
        )
        % {"count": placed},
    )
    return redirect("groups:index", code=code)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def register(request, code, group_id):
    group = _group(request, group_id)
    try:
        services.group_self_register(group=group, user=request.user)
    except services.GroupRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("You have joined %(name)s.") % {"name": group.name})
    return redirect("groups:index", code=code)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def unregister(request, code, group_id):
    group = _group(request, group_id)
    try:
        services.group_self_unregister(group=group, user=request.user)
    except services.GroupRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("You have left %(name)s.") % {"name": group.name})
    return redirect("groups:index", code=code)
