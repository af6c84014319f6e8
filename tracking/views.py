from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import FORMATS, table_response
from courses.models import Enrollment
from courses.permissions import Access, course_view
from courses.sessions import session_context
from tracking import selectors
from tracking.forms import FollowForm
from tracking.models import FollowedLearner
from tracking.services import FollowError, beat_record, followed_add, followed_remove, may_follow


def _enabled_tools(request) -> set[str]:
    return {state.key for state in request.course_tool_states if state.enabled}


@course_view(Access.TUTOR, tool="tracking")
@require_GET
def course(request, code):
    sort = request.GET.get("sort", "name")
    desc = request.GET.get("dir") == "desc"
    q = request.GET.get("q", "").strip()[:100]
    context = session_context(request)
    columns, rows = selectors.course_report(
        course=request.course,
        enabled_tools=_enabled_tools(request),
        q=q,
        sort=sort,
        desc=desc,
        session=context.session,
    )
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        headers = [
            _("Last name"), _("First name"), _("Username"), _("Time (seconds)"),
            _("Pages opened"), _("First access"), _("Last access"),
            _("Learning paths (%)"), _("Tests (%)"), *[str(c.label) for c in columns],
        ]  # fmt: skip
        data = (
            [
                r.user.last_name,
                r.user.first_name,
                r.user.username,
                r.seconds,
                r.visits,
                r.first_at,
                r.last_at,
                r.progress,
                r.tests,
                *[r.extra.get(c.key) for c in columns],
            ]  # fmt: skip
            for r in rows
        )
        name = f"{request.course.code}-reporting"
        if context.session:
            name += f"-session-{context.session.pk}"
        return table_response(filename=name, headers=headers, rows=data, fmt=fmt)
    activity = selectors.course_activity(course=request.course, session=context.session)
    return render(
        request,
        "tracking/course.html",
        {
            "columns": columns,
            "rows": rows,
            "sort": sort,
            "desc": desc,
            "q": q,
            "session_context": context,
            "chart": {
                "labels": [entry["day"].isoformat() for entry in activity],
                "visits": [entry["visits"] for entry in activity],
                "hours": [round(entry["seconds"] / 3600, 2) for entry in activity],
                "visitsLabel": _("Pages opened"),
                "hoursLabel": _("Hours spent"),
            },
        },
    )


@course_view(Access.TUTOR, tool="tracking")
@require_GET
def learner(request, code, user_id: int):
    members = Enrollment.objects.select_related("user").filter(course=request.course)
    context = session_context(request)
    if not context.whole_course:  # a coach: the learners of the sessions they coach
        members = members.filter(session__in=context.choices)
    enrollment = get_object_or_404(members, user_id=user_id)
    detail = selectors.learner_detail(course=request.course, user_id=user_id)
    activity = selectors.course_activity(course=request.course, user_id=user_id)
    return render(
        request,
        "tracking/learner.html",
        {
            "learner": enrollment.user,
            **detail,
            "chart": {
                "labels": [entry["day"].isoformat() for entry in activity],
                "visits": [entry["visits"] for entry in activity],
                "hours": [round(entry["seconds"] / 3600, 2) for entry in activity],
                "visitsLabel": _("Pages opened"),
                "hoursLabel": _("Hours spent"),
            },
        },
    )


@course_view(Access.VIEW)
@require_POST
def beat(request, code):
    """The course pages' heartbeat (static/tracking/heartbeat.js); 204 with no body."""
    state = request.POST.get("state", "beat")
    if state not in {"start", "beat", "end"}:
        raise Http404
    if request.user.is_authenticated:
        beat_record(user_id=request.user.pk, course_id=request.course.pk, state=state)
    return HttpResponse(status=204)


@staff_member_required
@require_GET
def platform(request):
    summary = selectors.platform_summary()
    return render(
        request,
        "tracking/platform.html",
        {
            **summary,
            "chart": {
                "labels": [entry["day"].isoformat() for entry in summary["logins"]],
                "visits": [entry["count"] for entry in summary["logins"]],
                "hours": [entry["users"] for entry in summary["logins"]],
                "visitsLabel": _("Sign-ins"),
                "hoursLabel": _("People signed in"),
            },
        },
    )


# --- Followed learners (HR managers and tutors) -----------------------------------------------


@login_required
@require_GET
def followed(request):
    """The learners the viewer follows, with their progress across courses."""
    rows = selectors.followed_progress(follower=request.user)
    if not rows and not may_follow(request.user):
        raise PermissionDenied
    return render(request, "tracking/followed.html", {"rows": rows})


@login_required
@require_GET
def followed_detail(request, user_id: int):
    try:
        row = selectors.followed_learner(follower=request.user, learner_id=user_id)
    except FollowedLearner.DoesNotExist:
        raise Http404 from None  # nobody else's learners, and no telling who exists
    return render(request, "tracking/followed_detail.html", {"row": row})


@staff_member_required
@require_http_methods(["GET", "POST"])
def followers(request):
    """Administrators give HR managers and tutors their learners."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = followed_add(
                follower=form.cleaned_data["follower"], learners=form.cleaned_data["users"]
            )
        except FollowError as error:
            form.add_error("follower", str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d learner added to those %(user)s follows.",
                    "%(n)d learners added to those %(user)s follows.",
                    added,
                )
                % {"n": added, "user": form.cleaned_data["follower"].username},
            )
            return redirect("tracking_followers")
    status = 400 if form.errors else 200
    return render(
        request,
        "tracking/followers.html",
        {"form": form, "groups": selectors.followers_overview()},
        status=status,
    )


@staff_member_required
@require_POST
def follower_remove(request, link_id: int):
    followed_remove(link=get_object_or_404(FollowedLearner, pk=link_id))
    messages.success(request, _("The learner is no longer followed."))
    return redirect("tracking_followers")
