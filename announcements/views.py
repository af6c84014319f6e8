from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from announcements import selectors, services
from announcements.forms import AnnouncementForm
from announcements.models import Announcement, Attachment
from courses.permissions import Access, course_groups, course_view, group_member_ids

PAGE_SIZE = 20


@require_GET
@course_view(Access.VIEW, tool="announcements", group=True)
def index(request, code, group_id=None):
    announcements = selectors.announcement_list(
        request.course, request.course_access, request.user, group_id=group_id
    )
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "announcements/index.html", {"page": page, "group": request.group_access}
    )


@require_GET
@course_view(Access.VIEW, tool="announcements")
def detail(request, code, announcement_id):
    announcement = get_object_or_404(
        selectors.announcement_list(request.course, request.course_access, request.user),
        pk=announcement_id,
    )
    context = {"announcement": announcement}
    if request.course_access.can_manage:
        context["deliveries"] = selectors.delivery_summary(announcement)
        context["failed"] = selectors.failed_deliveries(announcement)[:50]
    return render(request, "announcements/detail.html", context)


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool="announcements")
def edit(request, code, announcement_id=None):
    announcement = None
    if announcement_id is not None:
        announcement = get_object_or_404(Announcement, pk=announcement_id, course=request.course)
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        instance=announcement,
        course=request.course,
        initial={"send_email": False} if announcement else None,
        groups=[
            (scope.group_id, scope.name)
            for scope in course_groups(request.course_access)
            if scope.tool_exists("announcements")
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["group_id"] = data.pop("group", None)
        if announcement is None:
            announcement = services.announcement_create(
                course=request.course, author=request.user, **data
            )
            messages.success(request, _("The announcement has been published."))
        else:
            remove = [int(v) for v in request.POST.getlist("remove_attachment") if v.isdigit()]
            services.announcement_update(
                announcement=announcement, remove_attachments=remove, **data
            )
            messages.success(request, _("The announcement has been saved."))
        if data.get("send_email"):
            messages.info(request, _("The e-mail copies are being sent."))
        return redirect("announcements:detail", code=code, announcement_id=announcement.pk)
    return render(request, "announcements/form.html", {"form": form, "announcement": announcement})


@require_http_methods(["GET", "POST"])
@course_view(Access.TUTOR, tool="announcements", group=True)
def group_create(request, code, group_id):
    """An announcement to one group, by its tutors (and the course's teachers and tutors)."""
    form = AnnouncementForm(request.POST or None, request.FILES or None, course=request.course)
    # "Chosen learners" are chosen among the group's members.
    recipients = form.fields["recipients"]
    recipients.queryset = recipients.queryset.filter(
        pk__in=group_member_ids(request.course, request.group_access.group_id)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("group", None)
        services.announcement_create(
            course=request.course,
            author=request.user,
            group_id=request.group_access.group_id,
            **data,
        )
        messages.success(request, _("The announcement has been published."))
        if data.get("send_email"):
            messages.info(request, _("The e-mail copies are being sent."))
        return redirect("announcements:group_index", code=code, group_id=group_id)
    return render(
        request,
        "announcements/form.html",
        {"form": form, "announcement": None, "group": request.group_access},
    )


@require_POST
@course_view(Access.MANAGE, tool="announcements")
def delete(request, code, announcement_id):
    announcement = get_object_or_404(Announcement, pk=announcement_id, course=request.course)
    services.announcement_delete(announcement=announcement)
    messages.success(request, _("The announcement has been deleted."))
    return redirect("announcements:index", code=code)


@require_POST
@course_view(Access.MANAGE, tool="announcements")
def retry_emails(request, code, announcement_id):
    announcement = get_object_or_404(Announcement, pk=announcement_id, course=request.course)
    count = services.announcement_retry_failed(announcement=announcement)
    if count:
        messages.info(request, _("The failed e-mail copies are being sent again."))
    else:
        messages.info(request, _("No e-mail copy has failed."))
    return redirect("announcements:detail", code=code, announcement_id=announcement.pk)


@require_GET
@course_view(Access.VIEW, tool="announcements")
def attachment(request, code, announcement_id, attachment_id):
    """Serve an attachment to whoever may read its announcement; 404 for anyone else."""
    announcement = get_object_or_404(
        selectors.visible_announcements(request.course, request.course_access, request.user),
        pk=announcement_id,
    )
    item = get_object_or_404(Attachment, pk=attachment_id, announcement=announcement)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
