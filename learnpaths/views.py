import json
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import Access, course_view
from learnpaths import selectors, services
from learnpaths.api import get_item_kind, item_kinds
from learnpaths.forms import ItemAddForm, ItemEditForm, PathForm
from learnpaths.models import PathAttempt, PathItem, Status

TOOL = "learnpaths"
# Time on a plain item counts until the learner opens the next one, up to this cap.
MAX_ITEM_SECONDS = 3600


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


def _tree(entries):
    """Nest the ordered entries for the builder's template."""
    roots, by_id = [], {}
    for entry in entries:
        by_id[entry.item.pk] = entry
        entry.children = []
        parent = by_id.get(entry.item.parent_id)
        (parent.children if parent else roots).append(entry)
    return roots


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def builder(request, code, path_id):
    path = _path(request, path_id)
    toc = selectors.build_toc(path=path, attempt=None, access=request.course_access)
    return render(
        request,
        "learnpaths/builder.html",
        {
            "path": path,
            "tree": _tree(toc.entries),
            "add_form": ItemAddForm(path=path),
            "kinds": {kind.key: kind for kind in item_kinds()},
        },
    )


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def item_add(request, code, path_id):
    path = _path(request, path_id)
    form = ItemAddForm(request.POST, path=path)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(
                path=path,
                kind=data["kind"],
                title=data["title"],
                parent=data["parent"],
                url=data.get("url", ""),
                text=data.get("text", ""),
                target_id=data.get("target"),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The item %(title)s is added.") % {"title": data["title"]})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("learnpaths:builder", code, path.pk)


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


# --- The player ------------------------------------------------------------------------------


def _attempt(request, path):
    if not request.user.is_authenticated:
        return None
    return services.attempt_current(path=path, user=request.user)


def _path_closed(request, path):
    """A redirect to the list when the path requires another one the learner has not done."""
    if request.course_access.can_tutor or not request.user.is_authenticated:
        return None
    if selectors.path_prerequisite_met(path=path, user=request.user):
        return None
    messages.warning(
        request, _("Complete the path %(title)s first.") % {"title": path.requires.title}
    )
    return redirect("learnpaths:index", request.course.code)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play(request, code, path_id):
    """Resume where the learner stopped, or start at the first item."""
    path = _path(request, path_id)
    if closed := _path_closed(request, path):
        return closed
    attempt = _attempt(request, path)
    toc = selectors.build_toc(path=path, attempt=attempt, access=request.course_access)
    launchable = toc.launchable()
    if not launchable:
        messages.info(request, _("This learning path has no item yet."))
        return redirect("learnpaths:index", code)
    target = None
    if attempt and attempt.last_item_id and attempt.last_item_id in toc.by_id:
        target = toc.by_id[attempt.last_item_id]
    if target is None or not target.launchable:
        target = next((e for e in launchable if not e.locked), launchable[0])
    return redirect("learnpaths:play_item", code, path.pk, target.item.pk)


def _record_time_on_previous(request, attempt, item_id: int | None = None):
    """Plain items (texts, pages) count the time until the learner moves on or leaves."""
    key = f"learnpaths:open:{attempt.pk}"
    opened = request.session.get(key)
    if not opened or (item_id is not None and opened[0] != item_id):
        return
    del request.session[key]
    item_id, started = opened
    seconds = min(MAX_ITEM_SECONDS, max(0, int(time.time() - started)))
    item = PathItem.objects.filter(pk=item_id, path_id=attempt.path_id).first()
    if item is not None and seconds:
        services.progress_record(attempt=attempt, item=item, add_seconds=seconds)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_item(request, code, path_id, item_id):
    path = _path(request, path_id)
    if closed := _path_closed(request, path):
        return closed
    attempt = _attempt(request, path)
    toc = selectors.build_toc(path=path, attempt=attempt, access=request.course_access)
    entry = toc.by_id.get(item_id)
    if entry is None or not entry.launchable:
        return redirect("learnpaths:play", code, path.pk)
    item = entry.item
    kind = get_item_kind(item.kind)
    choice, flow, forward_only = toc.control(item)
    if entry.locked and not request.course_access.can_tutor:
        required = toc.by_id.get(item.prerequisite_id)
        messages.warning(
            request,
            _("Complete %(title)s first.")
            % {"title": required.item.title if required else _("the previous item")},
        )
        return redirect("learnpaths:index", code)
    if not _navigation_allowed(request, toc, attempt, item):
        messages.warning(request, _("This path is followed in order: use Next and Previous."))
        return redirect("learnpaths:play", code, path.pk)
    if attempt is not None:
        _record_time_on_previous(request, attempt)
        status = None
        current = toc.progress.get(item.pk)
        current_status = current.status if current else Status.NOT_ATTEMPTED
        if not kind.self_tracking:
            status = Status.COMPLETED
        elif current_status == Status.NOT_ATTEMPTED:
            status = Status.INCOMPLETE
        progress = services.progress_record(attempt=attempt, item=item, status=status, viewed=True)
        toc.progress[item.pk] = progress
        toc.refresh_locks()  # what this visit completed may unlock the next items
        attempt.refresh_from_db()
        if not kind.self_tracking:
            request.session[f"learnpaths:open:{attempt.pk}"] = (item.pk, time.time())
    previous, following = toc.neighbours(item)
    if not flow:
        previous = following = None
    elif forward_only:
        previous = None
    launch_url = kind.launch_url(item)
    setup = {}
    if kind.player_setup:
        setup = kind.player_setup(
            request=request,
            item=item,
            attempt=attempt,
            launch_url=launch_url,
            navigation={
                "continue": following is not None,
                "previous": previous is not None,
                "choice": {
                    e.item.identifier: not e.locked
                    for e in toc.entries
                    if e.launchable and e.item.identifier and (choice or e is following)
                },
            },
        )
        launch_url = setup.get("launch_url", launch_url)
    if attempt is not None:
        attempt.path = path
    context = {
        "path": path,
        "toc": toc,
        "tree": _tree(toc.entries),
        "entry": entry,
        "item": item,
        "attempt": attempt,
        "launch_url": launch_url,
        "previous": previous,
        "next": following,
        "choice": choice or request.course_access.can_tutor,
        "progress": selectors.progress_percent(attempt),
        "player_scripts": setup.get("scripts", []) + ["learnpaths/player.js"],
        # Content that needs a runtime is loaded by the script once the runtime is installed.
        "entry_needs_runtime": bool(setup.get("scripts")),
        "player_config": {
            **setup.get("config", {}),
            "nextUrl": reverse("learnpaths:next", args=[code, path.pk, item.pk]),
            "previousUrl": reverse("learnpaths:previous", args=[code, path.pk, item.pk]),
            "exitUrl": reverse("learnpaths:index", args=[code]),
            "leaveUrl": reverse("learnpaths:leave", args=[code, path.pk, item.pk]),
            "csrfToken": get_token(request),
            "itemUrls": {
                e.item.identifier: reverse("learnpaths:play_item", args=[code, path.pk, e.item.pk])
                for e in toc.entries
                if e.launchable and e.item.identifier
            },
        },
    }
    return render(request, "learnpaths/player.html", context)


def _navigation_allowed(request, toc, attempt, item) -> bool:
    """SCORM 2004 control modes: without free choice, only the current item and its
    neighbours may be opened; forward-only forbids going back."""
    if request.course_access.can_tutor or attempt is None:
        return True
    choice, _flow, forward_only = toc.control(item)
    if choice:
        return True
    current = toc.by_id.get(attempt.last_item_id)
    if current is None:
        first = next(iter(toc.launchable()), None)
        return first is not None and first.item.pk == item.pk
    if current.item.pk == item.pk:
        return True
    previous, following = toc.neighbours(current.item)
    if following is not None and following.item.pk == item.pk:
        return True
    return previous is not None and previous.item.pk == item.pk and not forward_only


def _step(request, code, path_id, item_id, backwards):
    path = _path(request, path_id)
    item = selectors.get_item(path=path, item_id=item_id, access=request.course_access)
    if not request.course_access.can_tutor:
        parent = PathItem.objects.filter(pk=item.parent_id).first() if item.parent_id else path
        if not parent.seq_flow:
            messages.warning(request, _("Choose the next item in the table of contents."))
            return redirect("learnpaths:play_item", code, path.pk, item.pk)
        if backwards and parent.seq_forward_only:
            messages.warning(request, _("This path only goes forward."))
            return redirect("learnpaths:play_item", code, path.pk, item.pk)
    target = selectors.next_item(
        path=path, item=item, access=request.course_access, backwards=backwards
    )
    if target is None:
        if not backwards:
            messages.success(request, _("You reached the end of the learning path."))
            return redirect("learnpaths:index", code)
        return redirect("learnpaths:play_item", code, path.pk, item.pk)
    if not request.course_access.can_tutor:
        attempt = selectors.latest_attempt(path_id=path.pk, user=request.user)
        if selectors.item_locked(item=target, attempt=attempt):
            messages.warning(request, _("Complete the required item before going on."))
            return redirect("learnpaths:play_item", code, path.pk, item.pk)
    return redirect("learnpaths:play_item", code, path.pk, target.pk)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_next(request, code, path_id, item_id):
    return _step(request, code, path_id, item_id, backwards=False)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def play_previous(request, code, path_id, item_id):
    return _step(request, code, path_id, item_id, backwards=True)


@require_POST
@course_view(Access.VIEW, tool=TOOL)
def play_leave(request, code, path_id, item_id):
    """The player's beacon when the page goes away: the time on a plain item ends here."""
    path = _path(request, path_id)
    if request.user.is_authenticated:
        attempt = selectors.latest_attempt(path_id=path.pk, user=request.user)
        if attempt is not None:
            _record_time_on_previous(request, attempt, item_id=item_id)
    return HttpResponse(status=204)


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL)
def restart(request, code, path_id):
    path = _path(request, path_id)
    services.attempt_restart(path=path, user=request.user)
    messages.success(request, _("A new attempt starts."))
    return redirect("learnpaths:play", code, path.pk)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def item_text(request, code, path_id, item_id):
    path = _path(request, path_id)
    item = get_object_or_404(
        PathItem.objects.filter(path=path, kind="text")
        if request.course_access.can_tutor
        else PathItem.objects.filter(path=path, kind="text", visible=True),
        pk=item_id,
    )
    return render(request, "learnpaths/item_text.html", {"item": item, "path": path})


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report_attempt(request, code, path_id, attempt_id):
    path = _path(request, path_id)
    attempt = get_object_or_404(
        PathAttempt.objects.select_related("user"), pk=attempt_id, path=path
    )
    attempt.path = path
    toc = selectors.build_toc(path=path, attempt=attempt, access=request.course_access)
    return render(
        request,
        "learnpaths/report_attempt.html",
        {
            "path": path,
            "attempt": attempt,
            "entries": toc.entries,
            "percent": selectors.progress_percent(attempt),
            "score": selectors.score_percent(attempt),
        },
    )


@require_GET
@course_view(Access.TUTOR, tool=TOOL)
def report(request, code, path_id):
    path = _path(request, path_id)
    attempts = list(selectors.path_learners(path=path))
    for attempt in attempts:
        attempt.path = path
        attempt.percent = selectors.progress_percent(attempt)
        attempt.score = selectors.score_percent(attempt)
    return render(request, "learnpaths/report.html", {"path": path, "attempts": attempts})
