from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments import selectors, services
from assignments.forms import (
    AssignmentForm,
    CommentForm,
    CorrectionsForm,
    GradeForm,
    HandInForm,
)
from assignments.models import Attachment
from core.archives import UnsafeArchive
from core.uploads import UploadRejected, check_upload
from courses.permissions import Access, course_view

TOOL = "assignments"


def _send(field_file, name: str):
    if not field_file:
        raise Http404
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)


def _may_hand_in(request) -> bool:
    access = request.course_access
    return access.can_participate and access.is_member and not access.can_tutor


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def index(request, code):
    assignments = selectors.assignments_for(request.course, request.course_access, request.user)
    return render(request, "assignments/index.html", {"assignments": assignments})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def assignment_edit(request, code, assignment_id=None):
    assignment = None
    if assignment_id is not None:
        assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    form = AssignmentForm(request.POST or None, request.FILES or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        upload = form.cleaned_data.get("attachment")
        try:
            if upload is not None:
                # Checked first, so a refused file leaves the assignment unsaved and says why.
                check_upload(upload)
        except UploadRejected as error:
            form.add_error("attachment", error.message)
        else:
            if assignment is None:
                assignment = services.assignment_create(course=request.course, **data)
            else:
                services.assignment_update(assignment=assignment, **data)
            if upload is not None:
                services.attachment_add(assignment=assignment, upload=upload)
            messages.success(request, _("The assignment has been saved."))
            return redirect("assignments:detail", code=code, assignment_id=assignment.pk)
    return render(
        request, "assignments/assignment_form.html", {"form": form, "assignment": assignment}
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def assignment_delete(request, code, assignment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    services.assignment_delete(assignment=assignment)
    messages.success(request, _("The assignment has been deleted."))
    return redirect("assignments:index", code=code)


def _detail(request, assignment, hand_in_form=None, status=200):
    context = {"assignment": assignment, "may_hand_in": _may_hand_in(request)}
    if request.course_access.can_tutor:
        rows = selectors.learner_rows(assignment)
        context["rows"] = rows
        context["missing_count"] = sum(1 for row in rows if row.work is None)
        context["late_count"] = sum(1 for row in rows if row.work and row.work.late)
    else:
        context["own"] = selectors.own_work(assignment, request.user)
        if assignment.share_works:
            context["shared"] = selectors.shared_works(assignment)
    own = context.get("own")
    locked = own is not None and own.is_locked
    if context["may_hand_in"] and not assignment.is_closed() and (not locked or hand_in_form):
        context["hand_in_form"] = hand_in_form or HandInForm(assignment=assignment)
    return render(request, "assignments/detail.html", context, status=status)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def detail(request, code, assignment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    return _detail(request, assignment)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def hand_in(request, code, assignment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    form = HandInForm(request.POST, request.FILES, assignment=assignment)
    if form.is_valid():
        try:
            services.submission_hand_in(
                assignment=assignment,
                user=request.user,
                text=form.cleaned_data.get("text", ""),
                upload=form.cleaned_data.get("file"),
            )
        except services.SubmissionRefused as refused:
            field = "file" if "file" in form.fields and request.FILES.get("file") else None
            form.add_error(field, refused.message)
        else:
            messages.success(request, _("Your work has been handed in."))
            return redirect("assignments:detail", code=code, assignment_id=assignment.pk)
    return _detail(request, assignment, hand_in_form=form, status=400)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def attachment_download(request, code, assignment_id, attachment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    attachment = get_object_or_404(Attachment, pk=attachment_id, assignment=assignment)
    return _send(attachment.file, attachment.name)


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def attachment_delete(request, code, assignment_id, attachment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    attachment = get_object_or_404(Attachment, pk=attachment_id, assignment=assignment)
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("The attachment has been removed."))
    return redirect("assignments:edit", code=code, assignment_id=assignment.pk)


def _work_page(request, assignment, work, grade_form=None, comment_form=None, status=200):
    access = request.course_access
    is_own = work.user_id == request.user.pk
    # The learner's comments on a corrected work take no file (see services.comment_add).
    with_file = access.can_tutor or not (is_own and work.is_locked)
    context = {
        "assignment": assignment,
        "work": work,
        "is_own": is_own,
        "comment_form": comment_form or CommentForm(with_file=with_file),
    }
    if access.can_tutor:
        context["grade_form"] = grade_form or GradeForm(
            assignment=assignment, initial={"score": work.score, "feedback": work.feedback}
        )
    context["may_comment"] = access.can_tutor or (
        context["is_own"] and access.can_participate and not assignment.is_closed()
    )
    return render(request, "assignments/work.html", context, status=status)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def work(request, code, assignment_id, work_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    return _work_page(request, assignment, found)


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def work_grade(request, code, assignment_id, work_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    form = GradeForm(request.POST, request.FILES, assignment=assignment)
    if form.is_valid():
        try:
            services.submission_grade(
                submission=found,
                grader=request.user,
                score=form.cleaned_data["score"],
                feedback=form.cleaned_data["feedback"],
                corrected_upload=form.cleaned_data["corrected_file"],
            )
        except UploadRejected as error:
            form.add_error("corrected_file", error.message)
        except ValueError as error:
            form.add_error("score", str(error))
        else:
            messages.success(
                request,
                _("The correction of %(name)s has been saved.") % {"name": found.user.display_name},
            )
            return redirect("assignments:detail", code=code, assignment_id=assignment.pk)
    return _work_page(request, assignment, found, grade_form=form, status=400)


@course_view(Access.TUTOR, tool=TOOL)
@require_POST
def work_reopen(request, code, assignment_id, work_id):
    """Let the learner replace their corrected work once (``reopen=1``), or close it again."""
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    reopened = request.POST.get("reopen") == "1"
    services.submission_reopen(submission=found, reopened=reopened)
    if reopened:
        message = _("%(name)s may hand in this work again.")
    else:
        message = _("%(name)s can no longer replace this work.")
    messages.success(request, message % {"name": found.user.display_name})
    return redirect("assignments:work", code=code, assignment_id=assignment.pk, work_id=found.pk)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def work_comment(request, code, assignment_id, work_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    access = request.course_access
    if not access.can_tutor and found.user_id != request.user.pk:
        raise Http404
    # The file field stays in the form, so that a forged file reaches the service and is
    # refused there with its reason rather than silently dropped.
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.comment_add(
                submission=found,
                author=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                as_tutor=access.can_tutor,
            )
        except services.SubmissionRefused as refused:
            form.add_error("file" if request.FILES.get("file") else None, refused.message)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(
                "assignments:work", code=code, assignment_id=assignment.pk, work_id=found.pk
            )
    return _work_page(request, assignment, found, comment_form=form, status=400)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def work_file(request, code, assignment_id, work_id, which):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    if which == "work":
        return _send(found.file, found.file_name)
    if which == "correction":
        if not (request.course_access.can_tutor or found.user_id == request.user.pk):
            raise Http404
        return _send(found.corrected_file, found.corrected_name)
    raise Http404


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def comment_file(request, code, assignment_id, work_id, comment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    found = selectors.get_work(assignment, request.course_access, request.user, work_id)
    if not (request.course_access.can_tutor or found.user_id == request.user.pk):
        raise Http404
    comment = get_object_or_404(found.comments.all(), pk=comment_id)
    return _send(comment.file, comment.file_name)


@course_view(Access.TUTOR, tool=TOOL)
@require_GET
def download_all(request, code, assignment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    archive = services.works_archive(assignment=assignment)
    return FileResponse(archive, as_attachment=True, filename=f"{code}-{assignment.pk}-works.zip")


@course_view(Access.TUTOR, tool=TOOL)
@require_http_methods(["GET", "POST"])
def corrections_upload(request, code, assignment_id):
    assignment = selectors.get_assignment(request.course, request.course_access, assignment_id)
    form = CorrectionsForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.corrections_import(
                assignment=assignment, upload=form.cleaned_data["archive"], grader=request.user
            )
        except (UnsafeArchive, ValidationError) as error:
            form.add_error("archive", str(getattr(error, "message", error)))
    return render(
        request,
        "assignments/corrections.html",
        {
            "assignment": assignment,
            "form": form,
            "report": report,
            "matched": sum(1 for row in report or [] if row.matched),
        },
    )
