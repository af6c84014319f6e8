"""A corrected work is final for the learner (no replacement, no file by a comment, by the page
or a forged request) until the teacher lets them hand in again."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services
from assignments.models import Comment, Submission
from assignments.tests.factories import AssignmentFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name="work.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def graded(course_roles):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=course_roles["course"],
        deadline=now + timedelta(days=1),
        end_date=now + timedelta(days=2),
        allowed_extensions="pdf",
    )
    learner = course_roles["learner"]
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf("v1.pdf"))
    work = services.submission_grade(
        submission=work, grader=course_roles["teacher"], score=Decimal(12), notify=False
    )
    return assignment, work


def test_the_service_refuses_to_replace_or_attach_to_a_corrected_work(course_roles, graded):
    assignment, work = graded
    learner = course_roles["learner"]
    with pytest.raises(services.SubmissionRefused, match="corrected: it can no longer"):
        services.submission_hand_in(assignment=assignment, user=learner, upload=pdf("v2.pdf"))
    with pytest.raises(services.SubmissionRefused, match="corrected: it can no longer"):
        services.submission_hand_in(assignment=assignment, user=learner, text="<p>v2</p>")
    with pytest.raises(services.SubmissionRefused, match="a file cannot be added"):
        services.comment_add(
            submission=work, author=learner, text="here", upload=pdf("v2.pdf"), as_tutor=False
        )
    # A comment without a file is still welcome; the teacher may still attach files.
    services.comment_add(submission=work, author=learner, text="Thanks", as_tutor=False)
    services.comment_add(
        submission=work,
        author=course_roles["teacher"],
        text="See the model answer",
        upload=pdf("model.pdf"),
        as_tutor=True,
    )
    work.refresh_from_db()
    assert work.file_name == "v1.pdf" and work.versions == 1 and work.score == 12
    assert list(Comment.objects.values_list("file_name", flat=True)) == ["", "model.pdf"]


def test_a_work_with_only_a_corrected_file_is_final_too(course_roles):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=course_roles["course"], end_date=now + timedelta(days=2), allowed_extensions="pdf"
    )
    learner = course_roles["learner"]
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    Submission.objects.filter(pk=work.pk).update(graded_at=now)  # a zip of corrections did it
    with pytest.raises(services.SubmissionRefused):
        services.submission_hand_in(assignment=assignment, user=learner, upload=pdf("v2.pdf"))


def test_the_pages_say_why_and_forged_posts_are_refused(course_roles, graded, client_for):
    assignment, work = graded
    learner = client_for(course_roles["learner"])
    base = f"/courses/CRS1/assignments/{assignment.pk}/"

    page = learner.get(base).content.decode()
    assert 'data-testid="work-locked"' in page
    assert "Replace my work" not in page  # no form offered for a corrected work

    response = learner.post(f"{base}hand-in/", {"file": pdf("v2.pdf")})
    assert response.status_code == 400
    assert "Your work has been corrected: it can no longer be replaced." in (
        response.content.decode()
    )

    work_page = learner.get(f"{base}works/{work.pk}/").content.decode()
    assert 'name="text"' in work_page and 'name="file"' not in work_page
    response = learner.post(
        f"{base}works/{work.pk}/comment/", {"text": "sneaky", "file": pdf("v2.pdf")}
    )
    assert response.status_code == 400
    assert "a file cannot be added to it any more" in response.content.decode()
    assert not Comment.objects.exists()
    work.refresh_from_db()
    assert work.file_name == "v1.pdf" and work.versions == 1


def test_the_teacher_reopens_once_and_the_new_version_waits_for_correction(
    course_roles, graded, client_for
):
    assignment, work = graded
    base = f"/courses/CRS1/assignments/{assignment.pk}/"
    teacher, learner = client_for(course_roles["teacher"]), client_for(course_roles["learner"])
    # Learners cannot reopen their own work.
    assert learner.post(f"{base}works/{work.pk}/reopen/", {"reopen": "1"}).status_code == 403
    response = teacher.post(f"{base}works/{work.pk}/reopen/", {"reopen": "1"})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.reopened and not work.is_locked
    assert 'data-testid="work-reopened"' in learner.get(base).content.decode()

    assert learner.post(f"{base}hand-in/", {"file": pdf("v2.pdf")}).status_code == 302
    work.refresh_from_db()
    assert work.file_name == "v2.pdf" and work.versions == 2
    assert not work.reopened and not work.is_graded  # to correct again
    assert work.score == 12  # the previous score counts until the new correction
    # A second replacement is allowed until it is corrected again...
    assert learner.post(f"{base}hand-in/", {"file": pdf("v3.pdf")}).status_code == 302
    services.submission_grade(
        submission=Submission.objects.get(pk=work.pk),
        grader=None,
        score=Decimal(15),
        notify=False,
    )
    # ...and then it is final again.
    assert learner.post(f"{base}hand-in/", {"file": pdf("v4.pdf")}).status_code == 400
    # The teacher may also close a reopened work again.
    teacher.post(f"{base}works/{work.pk}/reopen/", {"reopen": "1"})
    teacher.post(f"{base}works/{work.pk}/reopen/", {"reopen": "0"})
    assert Submission.objects.get(pk=work.pk).is_locked


def test_the_end_date_still_wins_over_a_reopened_work(course_roles, graded):
    assignment, work = graded
    services.submission_reopen(submission=work)
    after = timezone.now() + timedelta(days=3)
    with pytest.raises(services.SubmissionRefused, match="end date"):
        services.submission_hand_in(
            assignment=assignment, user=course_roles["learner"], upload=pdf(), now=after
        )


def test_grading_never_overwrites_a_replacement_read_before(course_roles):
    """The teacher's page read the work before the learner replaced it (reopened): saving the
    correction keeps the learner's new file."""
    now = timezone.now()
    assignment = AssignmentFactory(
        course=course_roles["course"], end_date=now + timedelta(days=2), allowed_extensions="pdf"
    )
    learner = course_roles["learner"]
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf("v1.pdf"))
    stale = Submission.objects.get(pk=work.pk)
    services.submission_hand_in(assignment=assignment, user=learner, upload=pdf("v2.pdf"))
    services.submission_grade(submission=stale, grader=None, score=Decimal(10), notify=False)
    fresh = Submission.objects.get(pk=work.pk)
    assert fresh.file_name == "v2.pdf" and fresh.versions == 2 and fresh.score == 10


def test_the_maximum_score_reads_without_trailing_zeros(course_roles, graded, client_for):
    """20, not 20.00 (the database gives the decimal its column's scale), as in the gradebook."""
    assignment, _work = graded
    url = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/"
    for user in ("learner", "teacher"):
        page = client_for(course_roles[user]).get(url).content.decode()
        assert "12 / 20" in page and "12.00" not in page and "20.00" not in page, user


def test_the_correction_and_the_comments_have_different_names_in_french(
    course_roles, graded, client_for
):
    """The teacher's appreciation of the work and the comment thread under it are two fields:
    in French they read "Appréciation" and "Commentaire", not "Commentaire" twice."""
    assignment, work = graded
    teacher = course_roles["teacher"]
    type(teacher).objects.filter(pk=teacher.pk).update(language="fr")
    url = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/works/{work.pk}/"
    page = client_for(teacher).get(url).content.decode()
    assert 'for="id_feedback"' in page
    label = page.split('for="id_feedback"', 1)[1].split("</label>", 1)[0]
    assert "Appréciation" in label
    assert page.count(">Commentaire<") + page.count(">\n    Commentaire") <= 1
