"""Learning paths' pages: each parses, checks access (course_view), calls one service or
selector, and renders. The player's rules live in learnpaths.player."""

import json

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.reversing import reverse_ids
from courses.permissions import Access, course_view
from learnpaths import exports, player, selectors, services
from learnpaths.forms import ItemAddForm, ItemCreateForm, ItemEditForm, PathCopyForm, PathForm
from learnpaths.models import PathAttempt

TOOL = "learnpaths"


def _path(request, path_id):
    return selectors.get_path(course=request.course, path_id=path_id, access=request.course_access)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def index(request, code):
    paths = selectors.paths_for_course(
        course=request.course, access=request.course_access, user=request.user
    )
    for path in paths:
        if path.my_attempt:
            path.my_attempt.path = path
        path.my_progress = selectors.progress_percent(path.my_attempt)
    return render(request, "learnpaths/index.html", {"paths": paths})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def path_create(request, code):
    form = PathForm(request.POST or None, course=request.course)
    if request.method == "POST" and form.is_valid():
        path = services.path_create(course=request.course, user=request.user, **form.cleaned_data)
        messages.success(request, _("The learning path is created: add its items."))
        return redirect("learnpaths:builder", code, path.pk)
    return render(request, "learnpaths/path_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def path_settings(request, code, path_id):
    path = _path(request, path_id)
    form = PathForm(request.POST or None, instance=path, course=request.course)
    if request.method == "POST" and form.is_valid():
        try:
            services.path_update(path=path, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The learning path is saved."))
            return redirect("learnpaths:builder", code, path.pk)
    return render(request, "learnpaths/path_form.html", {"form": form, "path": path})


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def path_delete(request, code, path_id):
    path = _path(request, path_id)
    services.path_delete(path=path)
    messages.success(request, _("The learning path %(title)s is deleted.") % {"title": path.title})
    return redirect("learnpaths:index", code)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def path_copy(request, code, path_id):
    path = _path(request, path_id)
    form = PathCopyForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("learnpaths:builder", code, path.pk)
    try:
        copy = services.path_copy(path=path, user=request.user, title=form.cleaned_data["title"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learnpaths:builder", code, path.pk)
    messages.success(request, _("The copy is made, hidden from learners until you show it."))
    return redirect("learnpaths:builder", code, copy.pk)


# --- The builder ---------------------------------------------------------------------------


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def builder(request, code, path_id):
    path = _path(request, path_id)
    context = selectors.builder_context(
        path=path,
        tool_states=request.course_tool_states,
        kind=request.GET.get("kind", ""),
        query=request.GET.get("q", ""),
        group=request.GET.get("group"),
    )
    context["add_form"] = ItemAddForm(path=path)
    context["create_form"] = ItemCreateForm(initial={"kind": context["picker"]["kind"].key})
    return render(request, "learnpaths/builder.html", context)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def item_add(request, code, path_id):
    path = _path(request, path_id)
    form = ItemAddForm(request.POST, path=path, host=request.get_host())
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(selectors.builder_url(path, request.POST.get("kind", "")))
    try:
        item = services.item_add(path=path, **form.item_fields())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item %(title)s is added.") % {"title": item.title})
    return redirect(selectors.builder_url(path, form.cleaned_data["kind"]))


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def item_create(request, code, path_id):
    """A new web page or test made on the spot, and added to the path."""
    path = _path(request, path_id)
    form = ItemCreateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(selectors.builder_url(path, request.POST.get("kind", "")))
    try:
        item = services.item_create(path=path, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("New item added: %(title)s.") % {"title": item.title})
    return redirect(selectors.builder_url(path, form.cleaned_data["kind"]))


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def item_edit(request, code, path_id, item_id):
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    form = ItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                item=item,
                title=data["title"],
                visible=data["visible"],
                prerequisite=data.get("prerequisite"),
                prerequisite_min_score=data.get("prerequisite_min_score"),
                url=data.get("url"),
                text=data.get("text"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("learnpaths:builder", code, path.pk)
    return render(request, "learnpaths/item_form.html", {"form": form, "path": path, "item": item})


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def item_remove(request, code, path_id, item_id):
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    services.item_remove(item=item)
    messages.success(request, _("The item %(title)s is removed.") % {"title": item.title})
    return redirect("learnpaths:builder", code, path.pk)


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def reorder(request, code, path_id):
    path = _path(request, path_id)
    try:
        tree = json.loads(request.body or b"null")["tree"]
        services.tree_reorder(path=path, tree=tree)
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"ok": False, "error": _("The new order could not be read.")}, status=400
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "error": " ".join(error.messages)}, status=400)
    return JsonResponse({"ok": True, "message": _("The new order is saved.")})


# --- The player ----------------------------------------------------------------------------


def _refused(request, path, refusal: player.PlayerRefused):
    if refusal.message:
        messages.warning(request, refusal.message)
    if refusal.to == "index":
        return redirect("learnpaths:index", request.course.code)
    if refusal.to == "start":
        return redirect("learnpaths:play", request.course.code, path.pk)
    return redirect("learnpaths:play_item", request.course.code, path.pk, refusal.to)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play(request, code, path_id):
    """Resume where the learner stopped, or start at the first item."""
    path = _path(request, path_id)
    try:
        item_id, waiting = player.player_start(
            path=path, user=request.user, access=request.course_access
        )
    except player.PlayerRefused as refusal:
        return _refused(request, path, refusal)
    address = reverse("learnpaths:play_item", args=[code, path.pk, item_id])
    return redirect(f"{address}?choose=1" if waiting else address)


# External sites may be shown in the player's frame (those that refuse open in a new tab).
@csp_update({"frame-src": ["https:"]})
@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_item(request, code, path_id, item_id):
    path = _path(request, path_id)
    try:
        view = player.player_open(
            request=request, path=path, item_id=item_id, waiting="choose" in request.GET
        )
    except player.PlayerRefused as refusal:
        if not refusal.message and refusal.to == "start":
            return redirect("learnpaths:play", code, path.pk)
        return _refused(request, path, refusal)
    return render(request, "learnpaths/player.html", selectors.player_context(request, view))


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_toc(request, code, path_id, item_id):
    """The player's side panel again (progress, table of contents), read after the frame
    loads a new page: a test submitted inside it shows its score at once."""
    path = _path(request, path_id)
    context = selectors.player_side_context(request, path=path, item_id=item_id)
    return render(request, "learnpaths/_player_side.html", context)


def _step(request, code, path_id, item_id, backwards):
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    try:
        target = player.player_step(
            path=path,
            item=item,
            user=request.user,
            access=request.course_access,
            backwards=backwards,
        )
    except player.PlayerRefused as refusal:
        return _refused(request, path, refusal)
    # An address already made: redirect() would first try it as a view name.
    return HttpResponseRedirect(reverse_ids("learnpaths:play_item", (code,), (path.pk, target)))


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_next(request, code, path_id, item_id):
    return _step(request, code, path_id, item_id, backwards=False)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_previous(request, code, path_id, item_id):
    return _step(request, code, path_id, item_id, backwards=True)


NAV_REQUESTS = {
    "continue",
    "previous",
    "choice",
    "jump",
    "exit",
    "exitAll",
    "suspendAll",
    "abandon",
    "abandonAll",
}


@require_POST
@course_view(Access.VIEW, tool=TOOL)
def play_navigate(request, code, path_id, item_id):
    """A navigation request from the content (SCORM 2004 adl.nav.request) or the player's
    controls: ``request`` and, for choice and jump, ``target`` (an item identifier). Answers
    ``{"url": where to go, "message": why not}`` in JSON."""
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    nav, target = request.POST.get("request", ""), request.POST.get("target", "")
    if nav not in NAV_REQUESTS:
        return JsonResponse({"url": "", "message": _("Unknown navigation request.")}, status=400)
    try:
        item_id = player.player_request(
            path=path,
            item=item,
            user=request.user,
            access=request.course_access,
            request=nav,
            target=target,
        )
    except player.PlayerRefused as refusal:
        if refusal.message and nav in player.END_MESSAGES and refusal.to == "index":
            messages.info(request, refusal.message)  # the learner ended the session
        elif refusal.message:
            messages.warning(request, refusal.message)
        if refusal.to == "index":
            url = reverse("learnpaths:index", args=[code])
        elif refusal.to == "start":
            url = reverse("learnpaths:play", args=[code, path.pk])
        else:
            url = reverse("learnpaths:play_item", args=[code, path.pk, refusal.to])
        return _navigated(request, url, refusal.message)
    return _navigated(request, reverse_ids("learnpaths:play_item", (code,), (path.pk, item_id)))


def _navigated(request, url: str, message: str = ""):
    """A form of the page (the Suspend button) is sent on; the player's script reads JSON."""
    if "text/html" in request.headers.get("Accept", ""):
        return redirect(url)
    return JsonResponse({"url": url, "message": message})


@require_POST
@course_view(Access.VIEW, tool=TOOL)
def play_leave(request, code, path_id, item_id):
    """The player's beacon when the page goes away: the time on a plain item ends here."""
    path = _path(request, path_id)
    player.player_leave(path=path, item_id=item_id, user=request.user)
    return HttpResponse(status=204)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_open(request, code, path_id, item_id):
    """A link that opens in a new tab: complete once opened, then off to the site. A GET, as
    opening an item in the player is (a form could not: CSP form-action keeps posts here)."""
    path = _path(request, path_id)
    try:
        address = player.player_open_elsewhere(request=request, path=path, item_id=item_id)
    except player.PlayerRefused as refusal:
        return _refused(request, path, refusal)
    return redirect(address)


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL)
def restart(request, code, path_id):
    path = _path(request, path_id)
    try:
        player.player_restart(path=path, user=request.user, access=request.course_access)
    except player.PlayerRefused as refusal:
        return _refused(request, path, refusal)
    messages.success(request, _("A new attempt starts."))
    return redirect("learnpaths:play", code, path.pk)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def item_text(request, code, path_id, item_id):
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    if item.kind != "text":
        raise Http404
    return render(request, "learnpaths/item_text.html", {"item": item, "path": path})


# --- The report ----------------------------------------------------------------------------


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report_attempt(request, code, path_id, attempt_id):
    path = _path(request, path_id)
    attempt = get_object_or_404(
        PathAttempt.objects.select_related("user"), pk=attempt_id, path=path
    )
    return render(
        request,
        "learnpaths/report_attempt.html",
        selectors.attempt_report(path=path, attempt=attempt, access=request.course_access),
    )


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report(request, code, path_id):
    path = _path(request, path_id)
    rows = selectors.report_rows(path=path)
    return render(request, "learnpaths/report.html", {"path": path, "rows": rows})


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report_csv(request, code, path_id):
    path = _path(request, path_id)
    return exports.report_table(path=path, rows=selectors.report_rows(path=path), fmt="csv")


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report_xlsx(request, code, path_id):
    path = _path(request, path_id)
    return exports.report_table(path=path, rows=selectors.report_rows(path=path), fmt="xlsx")
