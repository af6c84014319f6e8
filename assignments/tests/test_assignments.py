import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services
from assignments.models import Comment, Submission
from assignments.tests.factories import AssignmentFactory
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name="work.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def assignment(course_roles):
    now = timezone.now()
    return AssignmentFactory(
        course=course_roles["course"],
        deadline=now + timedelta(days=1),
        end_date=now + timedelta(days=2),
        allowed_extensions="pdf",
    )


def test_hand_in_twice_keeps_one_work_and_marks_late(course_roles, assignment):
    learner = course_roles["learner"]
    first = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    assert not first.late
    later = timezone.now() + timedelta(days=1, hours=1)
    second = services.submission_hand_in(
        assignment=assignment, user=learner, upload=pdf("v2.pdf"), now=later
    )
    assert second.pk == first.pk and second.late and second.versions == 2
    assert Submission.objects.filter(assignment=assignment, user=learner).count() == 1
    assert second.file_name == "v2.pdf"


def test_nothing_reaches_a_closed_assignment(course_roles, assignment):
    learner = course_roles["learner"]
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    after = timezone.now() + timedelta(days=3)
    with pytest.raises(services.SubmissionRefused, match="end date"):
        services.submission_hand_in(assignment=assignment, user=learner, upload=pdf(), now=after)
    with pytest.raises(services.SubmissionRefused, match="end date"):
        services.comment_add(
            submission=work, author=learner, text="late", upload=pdf(), as_tutor=False, now=after
        )
    assert not Comment.objects.exists()
    # The teacher may still comment, with a file.
    services.comment_add(
        submission=work,
        author=course_roles["teacher"],
        text="ok",
        upload=pdf(),
        as_tutor=True,
        now=after,
    )
    work.refresh_from_db()
    assert work.versions == 1


def test_refused_file_says_why(course_roles, assignment, client_for):
    client = client_for(course_roles["learner"])
    url = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/hand-in/"
    response = client.post(url, {"file": SimpleUploadedFile("notes.txt", b"hello")})
    assert response.status_code == 400
    assert "are not accepted" in response.content.decode()
    assignment.max_file_size_mb = 1
    assignment.save()
    big = PDF + b"0" * (2 * 1024 * 1024)
    response = client.post(url, {"file": pdf(data=big)})
    assert "too large" in response.content.decode()
    assignment.end_date = timezone.now() - timedelta(minutes=1)
    assignment.deadline = None
    assignment.save()
    response = client.post(url, {"file": pdf()})
    assert response.status_code == 400
    assert "end date" in response.content.decode()
    assert not Submission.objects.exists()


def test_grade_sends_one_email_and_learner_sees_feedback(
    course_roles, assignment, client_for, django_capture_on_commit_callbacks
):
    learner = course_roles["learner"]
    learner.email = "lea@example.org"
    learner.save()
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_grade(
            submission=work,
            grader=course_roles["teacher"],
            score=Decimal("15.5"),
            feedback="<p>Good <script>x</script>work</p>",
        )
    assert len(mail.outbox) == 1 and "corrected" in mail.outbox[0].subject
    from assignments.tasks import correction_email_task

    assert correction_email_task(work.pk) is False  # a retry sends nothing more
    assert len(mail.outbox) == 1
    page = (
        client_for(learner)
        .get(f"/courses/{assignment.course.code}/assignments/{assignment.pk}/")
        .content.decode()
    )
    assert "15.5 / 20" in page and "Good work" in page and "<script>" not in page
    assert "15.50" not in page
    # French reads 15,5 / 20.
    learner.language = "fr"
    learner.save()
    french = (
        client_for(learner)
        .get(f"/courses/{assignment.course.code}/assignments/{assignment.pk}/")
        .content.decode()
    )
    assert "15,5 / 20" in french
    with pytest.raises(ValueError):
        services.submission_grade(submission=work, grader=None, score=Decimal("21"))


def test_corrections_zip_matched_by_download_names(course_roles, assignment):
    learner, teacher = course_roles["learner"], course_roles["teacher"]
    other = EnrollmentFactory(course=assignment.course, role=Enrollment.Role.LEARNER).user
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    services.submission_hand_in(assignment=assignment, user=other, text="<p>my text</p>")
    download = zipfile.ZipFile(services.works_archive(assignment=assignment))
    names = sorted(download.namelist())
    assert f"learner__w{work.pk}__work.pdf" in names
    corrected = io.BytesIO()
    with zipfile.ZipFile(corrected, "w") as archive:
        archive.writestr(f"corrected/learner__w{work.pk}__work.pdf", PDF)
        archive.writestr("random.pdf", PDF)
        archive.writestr("someone__w999999__x.pdf", PDF)
    corrected.seek(0)
    rows = services.corrections_import(
        assignment=assignment, upload=SimpleUploadedFile("c.zip", corrected.read()), grader=teacher
    )
    by_name = {row.name: row for row in rows}
    assert by_name[f"corrected/learner__w{work.pk}__work.pdf"].matched
    assert not by_name["random.pdf"].matched and "work number" in by_name["random.pdf"].reason
    assert not by_name["someone__w999999__x.pdf"].matched
    work.refresh_from_db()
    assert work.corrected_name == "work.pdf" and work.corrected_file


def test_teacher_view_lists_missing_and_late_in_bounded_queries(
    course_roles, assignment, client_for, django_assert_max_num_queries
):
    teacher = client_for(course_roles["teacher"])
    url = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/"

    def add(count):
        for _ in range(count):
            user = EnrollmentFactory(course=assignment.course, role=Enrollment.Role.LEARNER).user
            services.submission_hand_in(
                assignment=assignment,
                user=user,
                text="<p>x</p>",
                now=timezone.now() + timedelta(days=1, hours=1),
            )

    add(2)
    with django_assert_max_num_queries(12):
        assert teacher.get(url).status_code == 200
    add(10)
    with django_assert_max_num_queries(12):
        page = teacher.get(url).content.decode()
    assert page.count("data-learner=") == 13 and "1 learner has not handed in" in page
    with django_assert_max_num_queries(12):
        assert teacher.get(f"/courses/{assignment.course.code}/assignments/").status_code == 200


def test_forged_work_of_another_learner_is_404(course_roles, assignment, client_for):
    other = EnrollmentFactory(course=assignment.course, role=Enrollment.Role.LEARNER).user
    work = services.submission_hand_in(assignment=assignment, user=other, upload=pdf())
    client = client_for(course_roles["learner"])
    base = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/works/{work.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "file/work/").status_code == 404
    assert client.post(base + "comment/", {"text": "hi"}).status_code == 404
    assignment.share_works = True
    assignment.save()
    assert client.get(base).status_code == 200
    assert client.post(base + "comment/", {"text": "hi"}).status_code == 404


def test_grade_source_and_agenda(course_roles, assignment):
    from datetime import timedelta as td

    from agenda.api import event_sources
    from gradebook.api import get_grade_source

    learner = course_roles["learner"]
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    services.submission_grade(submission=work, grader=None, score=Decimal(12), notify=False)
    source = get_grade_source("assignment")
    assert source.items(assignment.course) == [(assignment.pk, assignment.title)]
    score = source.scores(item_ids=[assignment.pk], user_ids=[learner.pk])[
        (assignment.pk, learner.pk)
    ]
    assert score.score == 12 and score.max_score == 20
    agenda = next(s for s in event_sources() if s.key == "assignment_deadline")
    now = timezone.now()
    entries = agenda.entries(
        course_ids=[assignment.course_id], user=learner, start=now, end=now + td(days=5)
    )
    assert [e.key for e in entries] == [f"assignment-{assignment.pk}"]


def test_handing_in_completes_the_learning_path_item(course_roles, assignment):
    from learnpaths.api import get_item_kind, learner_result
    from learnpaths.services import path_renumber
    from learnpaths.tests.factories import LearningPathFactory, PathItemFactory

    path = LearningPathFactory(course=assignment.course)
    PathItemFactory(path=path, kind="assignment", target_id=assignment.pk, text="")
    path_renumber(path)
    kind = get_item_kind("assignment")
    assert kind.completion == "report"
    assert kind.learner_can_open(assignment.course, assignment.pk)
    assert kind.choices(assignment.course) == [(assignment.pk, assignment.title)]
    learner = course_roles["learner"]
    assert learner_result(path_id=path.pk, user=learner) is None
    services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    assert learner_result(path_id=path.pk, user=learner).progress == 100
    assignment.visible = False
    assignment.save()
    assert not kind.learner_can_open(assignment.course, assignment.pk)


def test_download_all_then_upload_corrections_through_the_pages(
    course_roles, assignment, client_for, django_capture_on_commit_callbacks
):
    learner = course_roles["learner"]
    learner.email = "lea@example.org"
    learner.save()
    work = services.submission_hand_in(assignment=assignment, user=learner, upload=pdf())
    teacher = client_for(course_roles["teacher"])
    base = f"/courses/{assignment.course.code}/assignments/{assignment.pk}/"
    download = teacher.get(base + "download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    (name,) = archive.namelist()
    corrected = io.BytesIO()
    with zipfile.ZipFile(corrected, "w") as out:
        out.writestr(name, PDF)
        out.writestr("notes.txt", b"not a correction")
    with django_capture_on_commit_callbacks(execute=True):
        page = teacher.post(
            base + "corrections/",
            {"archive": SimpleUploadedFile("corrections.zip", corrected.getvalue())},
        ).content.decode()
    assert [m.to for m in mail.outbox] == [["lea@example.org"]]
    assert "1 of 2 files matched a work." in page and "work number" in page
    work.refresh_from_db()
    assert work.corrected_name == "work.pdf"
    broken = teacher.post(
        base + "corrections/", {"archive": SimpleUploadedFile("c.zip", b"not a zip")}
    )
    assert "not a valid zip" in broken.content.decode()
    assert client_for(learner).get(base + "download/").status_code == 403
