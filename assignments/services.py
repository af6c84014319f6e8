"""Writes of the assignments tool: assignments, hand-ins, corrections, comments.

Every path by which a learner sends something to an assignment (hand-in, replacement, comment,
comment attachment) goes through ``_refuse_if_closed``: after the end date nothing reaches it.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, Attachment, Comment, Submission
from core.archives import UnsafeArchive, inspect_zip, open_zip
from core.html import sanitize_html
from core.numbers import number_shown
from core.uploads import CheckedUpload, UploadRejected, check_bytes, check_upload
from courses.models import Course

ASSIGNMENT_FIELDS = (
    "title",
    "instructions",
    "max_score",
    "deadline",
    "end_date",
    "kind",
    "allowed_extensions",
    "max_file_size_mb",
    "share_works",
    "in_gradebook",
    "in_agenda",
    "visible",
)
# Names the works download writes, which the corrections upload reads back:
# "<username>__w<work id>__<original name>".
WORK_NAME = re.compile(r"__w(\d+)__")


class SubmissionRefused(Exception):
    """The learner's work or comment is refused; ``message`` says why, for the form."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Assignments ------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, course: Course, **fields) -> Assignment:
    """Create an assignment from the fields of ``ASSIGNMENT_FIELDS``; instructions are cleaned."""
    data = {key: fields[key] for key in ASSIGNMENT_FIELDS if key in fields}
    data["instructions"] = sanitize_html(data.get("instructions", ""))
    return Assignment.objects.create(course=course, **data)


@transaction.atomic
def assignment_update(*, assignment: Assignment, **fields) -> Assignment:
    for key in ASSIGNMENT_FIELDS:
        if key in fields:
            setattr(assignment, key, fields[key])
    assignment.instructions = sanitize_html(assignment.instructions)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    assignment.delete()


@transaction.atomic
def attachment_add(*, assignment: Assignment, upload) -> Attachment:
    """Attach a file to the instructions (platform upload check); raises UploadRejected."""
    checked = check_upload(upload)
    attachment = Attachment(assignment=assignment, name=checked.name, size=checked.size)
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Hand-in ----------------------------------------------------------------------------------


def _refuse_if_closed(assignment: Assignment, now) -> None:
    if assignment.is_closed(now):
        raise SubmissionRefused(
            _("The end date (%(date)s) has passed: this assignment accepts nothing any more.")
            % {
                "date": formats.date_format(
                    timezone.localtime(assignment.end_date), "DATETIME_FORMAT"
                )
            }
        )


def _refuse_if_corrected(submission: Submission | None) -> None:
    """A corrected work is final unless the teacher reopened it (``submission_reopen``)."""
    if submission is not None and submission.is_locked:
        raise SubmissionRefused(
            _(
                "Your work has been corrected: it can no longer be replaced. Ask your teacher "
                "to let you hand in again."
            )
        )


def check_work_file(assignment: Assignment, upload) -> CheckedUpload:
    """The platform's upload check narrowed by the assignment's types and size (the platform's
    limit caps the assignment's); raises SubmissionRefused with the reason."""
    try:
        return check_upload(
            upload, max_size=assignment.max_bytes(), extensions=assignment.extension_set()
        )
    except UploadRejected as error:
        raise SubmissionRefused(error.message) from error


def _delete_later(field_file) -> None:
    if field_file:
        name, storage = field_file.name, field_file.storage
        transaction.on_commit(lambda: storage.delete(name))


def _report_to_learnpaths(submission: Submission) -> None:
    from learnpaths.api import report_outcome

    assignment = submission.assignment
    graded = submission.score is not None
    report_outcome(
        kind="assignment",
        target_id=assignment.pk,
        user=submission.user,
        course_id=assignment.course_id,
        status="completed",
        score=submission.score if graded else None,
        score_max=assignment.max_score if graded else None,
    )


@transaction.atomic
def submission_hand_in(
    *, assignment: Assignment, user, text: str = "", upload=None, now=None
) -> Submission:
    """Hand in (or replace) ``user``'s work: one row per learner and assignment, whatever the
    number of clicks. Marked late after the deadline; refused after the end date, on a kind the
    assignment does not take, or for a file the checks refuse (SubmissionRefused).
    """
    now = now or timezone.now()
    # Lock the assignment: two hand-ins of the same learner at once queue up, never duplicate.
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _refuse_if_closed(assignment, now)
    text = sanitize_html(text or "").strip()
    if upload is not None and not assignment.accepts_file:
        raise SubmissionRefused(_("This assignment takes online text, not files."))
    if text and not assignment.accepts_text:
        text = ""
    if upload is None and not text:
        if assignment.kind == Assignment.Kind.FILE:
            raise SubmissionRefused(_("Choose the file to hand in."))
        if assignment.kind == Assignment.Kind.TEXT:
            raise SubmissionRefused(_("Write your work before handing it in."))
        raise SubmissionRefused(_("Choose a file or write your work before handing it in."))
    submission = (
        Submission.objects.select_for_update().filter(assignment=assignment, user=user).first()
    )
    _refuse_if_corrected(submission)
    checked = check_work_file(assignment, upload) if upload is not None else None
    if submission is None:
        submission = Submission(assignment=assignment, user=user, versions=0)
    else:
        _delete_later(submission.file)
        submission.file = None
        submission.file_name, submission.file_size = "", 0
        if submission.reopened:
            # The reopened work is handed in again: it waits for a new correction (the previous
            # score counts until then) and is closed again for the learner.
            submission.reopened = False
            submission.graded_at = None
    submission.text = text
    if checked is not None:
        submission.file.save(checked.name, upload, save=False)
        submission.file_name, submission.file_size = checked.name, checked.size
    submission.submitted_at = now
    submission.late = assignment.is_late(now)
    submission.versions += 1
    submission.save()
    submission.assignment = assignment
    _report_to_learnpaths(submission)
    return submission


# --- Correction -------------------------------------------------------------------------------


@transaction.atomic
def submission_grade(
    *,
    submission: Submission,
    grader,
    score: Decimal | None,
    feedback: str = "",
    corrected_upload=None,
    notify: bool = True,
) -> Submission:
    """Score (0..max score), feedback and an optional corrected file; the learner is e-mailed
    once the transaction commits. Raises ValueError for a score out of range, UploadRejected
    for a corrected file the platform refuses."""
    assignment = submission.assignment
    if score is not None and not (Decimal(0) <= score <= assignment.max_score):
        raise ValueError(
            _("The score must be between 0 and %(max)s.")
            % {"max": number_shown(assignment.max_score)}
        )
    # The learner's row, locked: a replacement handed in at this instant waits, and the fields
    # written below never overwrite it with what this page read earlier.
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.file, submission.file_name = current.file, current.file_name
    submission.file_size, submission.text = current.file_size, current.text
    submission.submitted_at, submission.late = current.submitted_at, current.late
    submission.versions = current.versions
    if corrected_upload is not None:
        checked = check_upload(corrected_upload)
        _delete_later(submission.corrected_file)
        submission.corrected_file.save(checked.name, corrected_upload, save=False)
        submission.corrected_name = checked.name
    submission.score = score
    submission.feedback = sanitize_html(feedback or "")
    submission.graded_at = timezone.now()
    submission.grader = grader
    submission.reopened = False  # corrected again: final until the teacher reopens it
    submission.save()
    _report_to_learnpaths(submission)
    if assignment.in_gradebook:
        from gradebook.api import grades_changed

        # The gradebook issues the certificates now due, in bulk once this commits.
        grades_changed(
            course_id=assignment.course_id,
            user_ids=[submission.user_id],
            source="assignment",
            item_id=assignment.pk,
        )
    if notify:
        from assignments.tasks import correction_email_task

        submission_id = submission.pk
        transaction.on_commit(lambda: correction_email_task.delay(submission_id))
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, reopened: bool = True) -> Submission:
    """Let the learner replace their corrected work once (``reopened`` True), or close it again.
    The end date still applies: a reopened work cannot be handed in after it."""
    Submission.objects.filter(pk=submission.pk).update(reopened=reopened)
    submission.reopened = reopened
    return submission


# --- Comments ---------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *, submission: Submission, author, text: str, upload=None, as_tutor: bool, now=None
) -> Comment:
    """A comment on a work, with an optional file. The learner's own comments obey the end date
    and the assignment's file rules like a hand-in (a comment must not smuggle in late work)."""
    now = now or timezone.now()
    assignment = submission.assignment
    if not as_tutor:
        _refuse_if_closed(assignment, now)
        if upload is not None and submission.is_locked:
            # A file beside the corrected work would be a replacement by another door.
            raise SubmissionRefused(
                _(
                    "Your work has been corrected: a file cannot be added to it any more. "
                    "Write your comment without a file, or ask your teacher to let you hand "
                    "in again."
                )
            )
    text = (text or "").strip()
    if not text and upload is None:
        raise SubmissionRefused(_("Write a comment or attach a file."))
    comment = Comment(submission=submission, author=author, text=text)
    if upload is not None:
        if as_tutor:
            try:
                checked = check_upload(upload)
            except UploadRejected as error:
                raise SubmissionRefused(error.message) from error
        else:
            checked = check_work_file(assignment, upload)
        comment.file.save(checked.name, upload, save=False)
        comment.file_name = checked.name
    comment.save()
    return comment


# --- Download all, upload corrections ---------------------------------------------------------


def work_archive_name(submission: Submission, name: str) -> str:
    return f"{submission.user.username}__w{submission.pk}__{name}"


def works_archive(*, assignment: Assignment) -> io.BytesIO:
    """Every work of the assignment in one zip, each file named so that corrections can be
    matched back (see ``WORK_NAME``); online texts as ``.html``. Two queries."""
    buffer = io.BytesIO()
    submissions = Submission.objects.filter(assignment=assignment).select_related("user")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            if submission.file:
                with submission.file.open("rb") as handle:
                    archive.writestr(
                        work_archive_name(submission, submission.file_name), handle.read()
                    )
            if submission.text:
                archive.writestr(
                    work_archive_name(submission, "text.html"),
                    f"<!doctype html><meta charset=utf-8><title>{submission.user.username}"
                    f"</title>{submission.text}",
                )
    buffer.seek(0)
    return buffer


@dataclass(frozen=True)
class CorrectionRow:
    name: str  # the path inside the uploaded zip
    matched: bool
    learner: str = ""
    reason: str = ""


@transaction.atomic
def corrections_import(*, assignment: Assignment, upload, grader) -> list[CorrectionRow]:
    """Read a zip of corrected files named as the works download named them and attach each to
    its learner's work as the corrected file; each learner whose work got one is e-mailed once
    the transaction commits. Returns one row per file: matched (with the learner) or not, with
    the reason. Raises UnsafeArchive for a zip that cannot be opened."""
    archive = open_zip(upload)
    entries = inspect_zip(archive, max_files=2000, max_total_bytes=2 * 1024**3)
    submissions = {
        s.pk: s for s in Submission.objects.filter(assignment=assignment).select_related("user")
    }
    rows, done = [], set()
    by_name = {info.filename.replace("\\", "/").strip("/"): info for info in archive.infolist()}
    for entry in entries:
        if entry.is_dir:
            continue
        base = entry.name.rsplit("/", 1)[-1]
        if base.startswith(".") or entry.name.startswith("__MACOSX/"):
            continue
        match = WORK_NAME.search(entry.name)
        if match is None:
            rows.append(
                CorrectionRow(
                    entry.name,
                    False,
                    reason=_("The name does not carry the work number the download wrote."),
                )
            )
            continue
        submission = submissions.get(int(match.group(1)))
        if submission is None:
            rows.append(
                CorrectionRow(entry.name, False, reason=_("No such work in this assignment."))
            )
            continue
        learner = submission.user.display_name
        if submission.pk in done:
            rows.append(
                CorrectionRow(
                    entry.name,
                    False,
                    learner,
                    _("Another file of the archive was already used for this work."),
                )
            )
            continue
        original = base.split("__", 2)[-1] if base.count("__") >= 2 else base
        info = by_name.get(entry.name)
        data = archive.read(info) if info is not None else archive.read(entry.name)
        try:
            checked = check_bytes(name=original, head=data[:8192], size=len(data))
        except UploadRejected as error:
            rows.append(CorrectionRow(entry.name, False, learner, error.message))
            continue
        _delete_later(submission.corrected_file)
        submission.corrected_file.save(checked.name, ContentFile(data), save=False)
        submission.corrected_name = checked.name
        submission.graded_at = timezone.now()
        submission.grader = grader
        submission.save(update_fields=["corrected_file", "corrected_name", "graded_at", "grader"])
        done.add(submission.pk)
        rows.append(CorrectionRow(entry.name, True, learner))
    if not rows:
        raise UnsafeArchive(_("The archive holds no file."))
    if done:
        from assignments.tasks import correction_email_task

        matched = sorted(done)

        def notify():
            for pk in matched:
                correction_email_task.delay(pk)

        transaction.on_commit(notify)
    return rows
