"""Agenda pages: a course's agenda (under /courses/<code>/agenda/) and each person's own
(/agenda/), plus their iCalendar exports, imports and the private subscription feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agenda import grid, ical, selectors, services
from agenda.forms import EventForm, ImportForm
from agenda.models import Event, EventAttachment, FeedToken
from agenda.recurrence import zone
from courses.permissions import Access, course_groups, course_view


def _view_and_day(request):
    view = request.GET.get("view", "month")
    return (view if view in grid.VIEWS else "month"), grid.parse_day(request.GET.get("date"))


def _ics(content: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _serve(item: EventAttachment):
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def _save_form(request, form, *, event, kind, course=None):
    data = dict(form.cleaned_data)
    platform = data.pop("platform", False)
    if kind == Event.Kind.PERSONAL and platform:
        kind = Event.Kind.PLATFORM
    tz_name = event.timezone if event else timezone.get_current_timezone_name()
    remove = [int(v) for v in request.POST.getlist("remove_attachment") if v.isdigit()]
    return services.event_save(
        event=event,
        kind=event.kind if event else kind,
        owner=event.owner if event else request.user,
        course=course,
        tz_name=tz_name,
        remove_attachments=remove,
        **data,
    )


# --- A course's agenda -------------------------------------------------------------------------


@require_GET
@course_view(Access.VIEW, tool="agenda")
def index(request, code):
    view, day = _view_and_day(request)
    first, after, *_rest = grid.bounds(view, day)
    start, end = grid.moments(first, after)
    items = selectors.course_items(request.course, request.course_access, request.user, start, end)
    context = grid.page_context(view, day, items)
    context["base_url"] = reverse("agenda:index", kwargs={"code": code})
    return render(request, "agenda/course_index.html", context)


@require_GET
@course_view(Access.VIEW, tool="agenda", group=True)
def group_index(request, code, group_id):
    """A group's agenda: the course's events addressed to the group, as a list of what comes."""
    start = timezone.now() - timedelta(days=1)
    items = selectors.group_items(request.course, group_id, start, start + timedelta(days=366))
    return render(
        request,
        "agenda/group_index.html",
        {"items": items, "group": request.group_access},
    )


def _course_event(request, event_id) -> Event:
    return get_object_or_404(
        selectors.visible_course_events(request.course, request.course_access, request.user),
        pk=event_id,
    )


@require_GET
@course_view(Access.VIEW, tool="agenda")
def event_detail(request, code, event_id):
    event = _course_event(request, event_id)
    group_names = []
    if event.audience == Event.Audience.GROUPS and request.course_access.can_manage:
        ids = set(event.group_links.values_list("group_id", flat=True))
        group_names = [s.name for s in course_groups(request.course_access) if s.group_id in ids]
    return render(
        request,
        "agenda/event_detail.html",
        {
            "event": event,
            "can_edit": request.course_access.can_manage,
            "in_course": True,
            "group_names": group_names,
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="agenda")
def event_edit(request, code, event_id=None):
    event = None
    if event_id is not None:
        event = get_object_or_404(Event, pk=event_id, course=request.course, kind="course")
    initial = (
        EventForm.initial_for(event)
        if event
        else {"start_date": grid.parse_day(request.GET.get("date"))}
    )
    group = request.GET.get("group")
    if event is None and group and group.isdigit():
        # From a group's agenda: the event is for that group unless the teacher says otherwise.
        initial.update(audience=Event.Audience.GROUPS, groups=[int(group)])
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        course=request.course,
        initial=initial,
        # Any group may be addressed (its members see the event in the course and personal
        # agendas); the group's own agenda page exists only where its agenda tool is on.
        groups=[(scope.group_id, scope.name) for scope in course_groups(request.course_access)],
    )
    if request.method == "POST" and form.is_valid():
        event = _save_form(
            request, form, event=event, kind=Event.Kind.COURSE, course=request.course
        )
        messages.success(request, _("The event has been saved."))
        return redirect("agenda:event", code=code, event_id=event.pk)
    return render(
        request,
        "agenda/event_form.html",
        {"form": form, "event": event, "in_course": True},
    )


@require_POST
@course_view(Access.MANAGE, tool="agenda")
def event_delete(request, code, event_id):
    event = get_object_or_404(Event, pk=event_id, course=request.course, kind="course")
    services.event_delete(event=event)
    messages.success(request, _("The event has been deleted."))
    return redirect("agenda:index", code=code)


@require_GET
@course_view(Access.VIEW, tool="agenda")
def event_attachment(request, code, event_id, attachment_id):
    event = _course_event(request, event_id)
    return _serve(get_object_or_404(EventAttachment, pk=attachment_id, event=event))


@require_GET
@course_view(Access.VIEW, tool="agenda")
def event_export(request, code, event_id):
    event = _course_event(request, event_id)
    content = ical.event_calendar(event, base_url=ical.site_url(request))
    return _ics(content, f"event-{event.pk}.ics")


@require_GET
@course_view(Access.VIEW, tool="agenda")
def course_export(request, code):
    start, end = selectors.feed_window()
    items = selectors.course_items(request.course, request.course_access, request.user, start, end)
    content = ical.items_calendar(items, name=request.course.title, base_url=ical.site_url(request))
    return _ics(content, f"{request.course.code}.ics")


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="agenda")
def course_import(request, code):
    return _import(request, kind=Event.Kind.COURSE, course=request.course)


def _import(request, *, kind, course=None):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "in_course": course is not None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = ical.parse_calendar(
                upload.read(ical.MAX_IMPORT_BYTES + 1),
                default_timezone=timezone.get_current_timezone_name(),
            )
        except ical.ICalendarError as error:
            form.add_error("file", str(error))
        else:
            created, skipped = services.events_import(
                report=report, kind=kind, owner=request.user, course=course
            )
            context.update({"created": created, "skipped": skipped, "done": True})
            context["form"] = ImportForm()
    return render(request, "agenda/import.html", context)


# --- A person's own agenda ---------------------------------------------------------------------


@login_required
@require_GET
def personal_index(request):
    view, day = _view_and_day(request)
    first, after, *_rest = grid.bounds(view, day)
    start, end = grid.moments(first, after)
    items = selectors.personal_items(request.user, start, end)
    context = grid.page_context(view, day, items)
    context["base_url"] = reverse("agenda_personal:index")
    context["feed"] = FeedToken.objects.filter(user=request.user).first()
    return render(request, "agenda/personal_index.html", context)


def _personal_event(request, event_id) -> Event:
    return get_object_or_404(selectors.visible_personal_events(request.user), pk=event_id)


def _may_edit(user, event: Event) -> bool:
    if event.kind == Event.Kind.PLATFORM:
        return user.is_staff
    return event.owner_id == user.pk


@login_required
@require_GET
def personal_event(request, event_id):
    event = _personal_event(request, event_id)
    return render(
        request,
        "agenda/event_detail.html",
        {"event": event, "can_edit": _may_edit(request.user, event), "in_course": False},
    )


@login_required
@require_http_methods(["GET", "POST"])
def personal_edit(request, event_id=None):
    event = None
    if event_id is not None:
        event = _personal_event(request, event_id)
        if not _may_edit(request.user, event):
            raise Http404
    initial = (
        EventForm.initial_for(event)
        if event
        else {"start_date": grid.parse_day(request.GET.get("date"))}
    )
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        allow_platform=request.user.is_staff and event is None,
    )
    if request.method == "POST" and form.is_valid():
        event = _save_form(request, form, event=event, kind=Event.Kind.PERSONAL)
        messages.success(request, _("The event has been saved."))
        return redirect("agenda_personal:event", event_id=event.pk)
    return render(
        request, "agenda/event_form.html", {"form": form, "event": event, "in_course": False}
    )


@login_required
@require_POST
def personal_delete(request, event_id):
    event = _personal_event(request, event_id)
    if not _may_edit(request.user, event):
        raise Http404
    services.event_delete(event=event)
    messages.success(request, _("The event has been deleted."))
    return redirect("agenda_personal:index")


@login_required
@require_GET
def personal_attachment(request, event_id, attachment_id):
    event = _personal_event(request, event_id)
    return _serve(get_object_or_404(EventAttachment, pk=attachment_id, event=event))


@login_required
@require_GET
def personal_event_export(request, event_id):
    event = _personal_event(request, event_id)
    return _ics(
        ical.event_calendar(event, base_url=ical.site_url(request)), f"event-{event.pk}.ics"
    )


def _user_calendar(request, user) -> bytes:
    start, end = selectors.feed_window()
    items = selectors.personal_items(user, start, end)
    name = _("Agenda of %(name)s") % {"name": user.display_name}
    return ical.items_calendar(items, name=name, base_url=ical.site_url(request))


@login_required
@require_GET
def personal_export(request):
    return _ics(_user_calendar(request, request.user), "agenda.ics")


@login_required
@require_http_methods(["GET", "POST"])
def personal_import(request):
    return _import(request, kind=Event.Kind.PERSONAL)


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """Show the private subscription address; POST makes a new secret (revokes the old)."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            FeedToken.objects.filter(user=request.user).delete()
            messages.success(request, _("The subscription address no longer works."))
        else:
            services.feed_token_renew(user=request.user)
            messages.success(
                request,
                _("A new subscription address has been made; the previous one no longer works."),
            )
        return redirect("agenda_personal:feed_settings")
    feed = FeedToken.objects.filter(user=request.user).first()
    url = ""
    if feed:
        url = request.build_absolute_uri(
            reverse("agenda_personal:feed", kwargs={"token": feed.token})
        )
    return render(request, "agenda/feed_settings.html", {"feed": feed, "feed_url": url})


@require_GET
def feed(request, token):
    """The private subscription feed: no session, the secret in the address is the key."""
    feed_token = FeedToken.objects.filter(token=token).select_related("user").first()
    if feed_token is None or not feed_token.user.is_active:
        raise Http404
    user = feed_token.user
    with timezone.override(zone(user.timezone)):
        content = _user_calendar(request, user)
    return _ics(content, "agenda.ics", attachment=False)
