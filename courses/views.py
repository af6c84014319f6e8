import copy

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.jobs import job_create, job_enqueue
from core.models import PlatformSettings
from courses import selectors, services
from courses.forms import (
    AddMemberForm,
    BulkEnrollForm,
    CatalogueFilterForm,
    CourseCreateForm,
    CourseSettingsForm,
    DescriptionSectionForm,
    EnrollForm,
    RoleForm,
    SessionCoachForm,
    SessionCourseForm,
    SessionForm,
    SessionLearnersForm,
)
from courses.models import CourseSession, DescriptionSection, Enrollment, SessionCourse
from courses.permissions import Access, course_view
from courses.sessions import session_context
from courses.tasks import bulk_enroll_task
from courses.tools import get_tool

# --- Platform pages ---------------------------------------------------------------------------


def may_create_courses(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user.platform_role == user.PlatformRole.TEACHER:
        return True
    return PlatformSettings.load().course_creation == PlatformSettings.CourseCreation.ANYONE


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "courses/landing.html")
    enrollments = list(selectors.user_enrollments(request.user))
    user = request.user
    return render(
        request,
        "courses/my_courses.html",
        {
            "enrollments": enrollments,
            # Who may have learners to follow (tracking's followed learners): no query.
            "may_follow": user.platform_role == user.PlatformRole.HR_MANAGER
            or any(e.role == Enrollment.Role.TUTOR for e in enrollments),
            "sessions": selectors.user_sessions(request.user),
            "today": timezone.localdate(),
            "may_create": may_create_courses(request.user),
        },
    )


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    query, category = "", None
    if form.is_valid():
        query, category = form.cleaned_data["q"], form.cleaned_data["category"]
    courses = selectors.catalogue_courses(user=request.user, query=query, category=category)
    page = Paginator(courses, 20).get_page(request.GET.get("page"))
    roles = selectors.user_course_roles(request.user, (c.pk for c in page.object_list))
    return render(
        request,
        "courses/catalogue.html",
        {
            "form": form,
            "page": page,
            "roles": roles,
            "may_create": may_create_courses(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    if not may_create_courses(request.user):
        raise PermissionDenied
    initial = {"language": PlatformSettings.load().default_course_language}
    form = CourseCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        course = services.course_create(creator=request.user, **data)
        messages.success(request, _("The course %(title)s is ready.") % {"title": course.title})
        return redirect("courses:home", code=course.code)
    return render(request, "courses/course_create.html", {"form": form})


# --- Course pages -----------------------------------------------------------------------------


@course_view(Access.VIEW)
@require_GET
def course_home(request, code):
    tool_states = request.course_tools
    if request.course_access.can_manage:
        tool_states = request.course_tool_states
    summaries = {
        state.key: state.tool.home_summary(request.course)
        for state in tool_states
        if state.tool.home_summary is not None and state.enabled
    }
    # The summaries (a journal's "42 % done") change without the course's version moving:
    # the learners' cached grid is keyed by them too.
    summaries_key = "|".join(f"{key}={value}" for key, value in sorted(summaries.items()))
    return render(
        request,
        "courses/course_home.html",
        {
            "tool_states": tool_states,
            "summaries": summaries,
            "summaries_key": summaries_key,
            "session_context": session_context(request),
        },
    )


@course_view(Access.ABOUT)
@require_GET
def course_about(request, code):
    return render(
        request,
        "courses/course_about.html",
        {
            "sections": selectors.description_sections(request.course),
            "teachers": selectors.course_members(request.course, role=Enrollment.Role.TEACHER),
            "enroll_form": EnrollForm(),
        },
    )


@course_view(Access.ABOUT)
@require_POST
def course_enroll(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = EnrollForm(request.POST)
    form.is_valid()
    try:
        services.enrollment_self_enroll(
            user=request.user, course=request.course, key=form.cleaned_data.get("key", "")
        )
    except services.EnrollmentError as error:
        messages.error(request, str(error))
        return redirect("courses:about", code=code)
    messages.success(request, _("Welcome to %(title)s.") % {"title": request.course.title})
    return redirect("courses:home", code=code)


@course_view(Access.PARTICIPATE)
@require_POST
def course_unenroll(request, code):
    try:
        services.enrollment_self_unenroll(user=request.user, course=request.course)
    except services.EnrollmentError as error:
        messages.error(request, str(error))
        return redirect("courses:home", code=code)
    messages.success(request, _("You have left %(title)s.") % {"title": request.course.title})
    return redirect("home")


@course_view(Access.MANAGE, tool="settings")
@require_http_methods(["GET", "POST"])
def course_settings(request, code):
    # The form edits a copy: an invalid title must not leak into the page's own header.
    form = CourseSettingsForm(request.POST or None, instance=copy.copy(request.course))
    if request.method == "POST" and form.is_valid():
        services.course_update(course=form.instance, **form.cleaned_data)
        messages.success(request, _("The course settings have been saved."))
        return redirect("courses:settings", code=code)
    return render(
        request,
        "courses/course_settings.html",
        {"form": form, "tool_states": request.course_tool_states},
    )


@course_view(Access.MANAGE)
@require_POST
def course_tool_toggle(request, code, tool_key):
    if get_tool(tool_key) is None:
        raise Http404
    field, value = request.POST.get("field"), request.POST.get("value") == "1"
    if field not in {"enabled", "visible"}:
        messages.error(request, _("Unknown switch."))
    else:
        try:
            services.course_tool_set(course=request.course, tool_key=tool_key, **{field: value})
        except services.EnrollmentError as error:
            messages.error(request, str(error))
    next_url = request.POST.get("next")
    if next_url == "settings":
        return redirect("courses:settings", code=code)
    return redirect("courses:home", code=code)


# --- Course description -----------------------------------------------------------------------


@course_view(Access.VIEW, tool="description")
@require_GET
def description(request, code):
    sections = selectors.description_sections(request.course)
    used = {s.kind for s in sections}
    missing = [
        (kind, label)
        for kind, label in DescriptionSection.Kind.choices
        if kind == DescriptionSection.Kind.CUSTOM or kind not in used
    ]
    return render(
        request, "courses/description.html", {"sections": sections, "missing_kinds": missing}
    )


@course_view(Access.MANAGE, tool="description")
@require_http_methods(["GET", "POST"])
def description_edit(request, code, kind=None, section_id=None):
    section = None
    if section_id is not None:
        section = get_object_or_404(DescriptionSection, pk=section_id, course=request.course)
        kind = section.kind
    elif kind not in DescriptionSection.Kind.values:
        raise Http404
    elif (
        kind != DescriptionSection.Kind.CUSTOM
        and DescriptionSection.objects.filter(course=request.course, kind=kind).exists()
    ):
        existing = DescriptionSection.objects.get(course=request.course, kind=kind)
        return redirect("courses:description_edit", code=code, section_id=existing.pk)
    initial = {"title": DescriptionSection.Kind(kind).label} if section is None else None
    form = DescriptionSectionForm(request.POST or None, instance=section, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.description_section_save(
            course=request.course, kind=kind, section=section, **form.cleaned_data
        )
        messages.success(request, _("The section has been saved."))
        return redirect("courses:description", code=code)
    return render(
        request,
        "courses/description_form.html",
        {"form": form, "section": section, "kind_label": DescriptionSection.Kind(kind).label},
    )


@course_view(Access.MANAGE, tool="description")
@require_POST
def description_delete(request, code, section_id):
    section = get_object_or_404(DescriptionSection, pk=section_id, course=request.course)
    section.delete()
    messages.success(request, _("The section has been deleted."))
    return redirect("courses:description", code=code)


# --- Members ----------------------------------------------------------------------------------


@course_view(Access.VIEW, tool="members")
@require_GET
def members(request, code):
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    role = role if role in Enrollment.Role.values else ""
    members = selectors.course_members(
        request.course,
        query=query,
        role=role,
        sees_contact_details=request.course_access.can_tutor,
    )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/members.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": Enrollment.Role.choices,
            "counts": selectors.course_role_counts(request.course),
            "add_form": AddMemberForm(),
            "search_hint": (
                _("Search by name, e-mail or code")
                if request.course_access.can_tutor
                else _("Search by name")
            ),
        },
    )


@course_view(Access.MANAGE, tool="members")
@require_POST
def member_add(request, code):
    form = AddMemberForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("courses:members", code=code)
    user, role = form.cleaned_data["user"], form.cleaned_data["role"]
    enrollment, created = services.enrollment_add(course=request.course, user=user, role=role)
    if created:
        messages.success(
            request,
            _("%(user)s has been enrolled as %(role)s.")
            % {"user": user.display_name, "role": enrollment.get_role_display()},
        )
    else:
        messages.info(
            request,
            _("%(user)s is already a member (%(role)s).")
            % {"user": user.display_name, "role": enrollment.get_role_display()},
        )
    return redirect("courses:members", code=code)


@course_view(Access.MANAGE, tool="members")
@require_POST
def member_set_role(request, code, enrollment_id):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("user"), pk=enrollment_id, course=request.course
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown role."))
        return redirect("courses:members", code=code)
    try:
        services.enrollment_set_role(enrollment=enrollment, role=form.cleaned_data["role"])
    except services.EnrollmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": enrollment.user.display_name, "role": enrollment.get_role_display()},
        )
    return redirect("courses:members", code=code)


@course_view(Access.MANAGE, tool="members")
@require_POST
def member_remove(request, code, enrollment_id):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("user"), pk=enrollment_id, course=request.course
    )
    try:
        services.enrollment_remove(enrollment=enrollment)
    except services.EnrollmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(user)s has been removed from the course.")
            % {"user": enrollment.user.display_name},
        )
    return redirect("courses:members", code=code)


@course_view(Access.MANAGE, tool="members")
@require_http_methods(["GET", "POST"])
def members_import(request, code):
    form = BulkEnrollForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_create(
            kind="bulk_enroll",
            user=request.user,
            course=request.course,
            payload={"csv": form.cleaned_data["file"]},
        )
        job_enqueue(job, bulk_enroll_task)
        return redirect("core:job_detail", job_id=job.pk)
    return render(request, "courses/members_import.html", {"form": form})


# --- Sessions (platform administrators) -------------------------------------------------------


def _session_or_404(session_id: int):
    try:
        return selectors.session_detail(session_id)
    except CourseSession.DoesNotExist:
        raise Http404 from None


@staff_member_required
@require_GET
def session_list(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.sessions_for_admin(query=query), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/sessions/list.html", {"page": page, "q": query})


@staff_member_required
@require_http_methods(["GET", "POST"])
def session_edit(request, session_id: int | None = None):
    session = _session_or_404(session_id) if session_id is not None else None
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("name", "description", "starts_on", "ends_on", "general_coach")
        }
        try:
            session = services.session_save(session=session, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session %(name)s is saved.") % {"name": session.name})
            return redirect("course_sessions:detail", session_id=session.pk)
    return render(request, "courses/sessions/form.html", {"form": form, "session": session})


@staff_member_required
@require_GET
def session_detail(request, session_id: int):
    session = _session_or_404(session_id)
    return render(
        request,
        "courses/sessions/detail.html",
        {
            "session": session,
            "learners": selectors.session_learners(session),
            "course_form": SessionCourseForm(),
            "learners_form": SessionLearnersForm(),
        },
    )


@staff_member_required
@require_POST
def session_course_add(request, session_id: int):
    session = _session_or_404(session_id)
    form = SessionCourseForm(request.POST)
    if form.is_valid():
        try:
            services.session_add_course(
                session=session,
                course=form.cleaned_data["course"],
                coach=form.cleaned_data["coach"],
            )
        except services.SessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The course is added to the session."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("course_sessions:detail", session_id=session.pk)


@staff_member_required
@require_POST
def session_course_coach(request, session_id: int, link_id: int):
    link = get_object_or_404(
        SessionCourse.objects.select_related("course"), pk=link_id, session_id=session_id
    )
    form = SessionCoachForm(request.POST)
    if form.is_valid():
        try:
            services.session_set_coach(link=link, coach=form.cleaned_data["coach"])
        except services.SessionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The course coach is saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("course_sessions:detail", session_id=session_id)


@staff_member_required
@require_POST
def session_course_remove(request, session_id: int, link_id: int):
    link = get_object_or_404(SessionCourse, pk=link_id, session_id=session_id)
    services.session_remove_course(link=link)
    messages.success(request, _("The course is removed from the session."))
    return redirect("course_sessions:detail", session_id=session_id)


@staff_member_required
@require_POST
def session_learners_add(request, session_id: int):
    session = _session_or_404(session_id)
    form = SessionLearnersForm(request.POST)
    if not form.is_valid():
        learners = selectors.session_learners(session)
        course_form = SessionCourseForm()
        return render(
            request,
            "courses/sessions/detail.html",
            {
                "session": session,
                "learners": learners,
                "course_form": course_form,
                "learners_form": form,
            },
            status=400,
        )
    added, refused = services.session_add_learners(
        session=session, users=form.cleaned_data["users"]
    )
    messages.success(
        request,
        ngettext("%(n)d learner added.", "%(n)d learners added.", added) % {"n": added},
    )
    for reason in refused:
        messages.warning(request, reason)
    return redirect("course_sessions:detail", session_id=session.pk)


@staff_member_required
@require_POST
def session_learner_remove(request, session_id: int, user_id: int):
    session = _session_or_404(session_id)
    membership = get_object_or_404(session.memberships.select_related("user"), user_id=user_id)
    services.session_remove_learner(session=session, user=membership.user)
    messages.success(
        request, _("%(user)s left the session.") % {"user": membership.user.display_name}
    )
    return redirect("course_sessions:detail", session_id=session.pk)
