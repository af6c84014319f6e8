import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backups import api
from backups.models import Backup
from backups.services import MANIFEST
from core.jobs import job_can_retry, job_expire_if_stale, job_retry
from core.models import Job
from courses.models import Course, DescriptionSection, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from glossary.models import Term
from links.models import Link
from wiki.models import WikiPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_jobs(django_capture_on_commit_callbacks, course_roles):
    """Jobs are queued on commit: each request commits (and runs its job) as it would live.
    The teacher is a platform teacher (may create courses)."""
    from django.test import Client

    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    Client.post = post
    teacher = course_roles["teacher"]
    teacher.platform_role = teacher.PlatformRole.TEACHER
    teacher.save()
    yield
    Client.post = original


@pytest.fixture
def content(course_roles):
    course = course_roles["course"]
    Term.objects.create(course=course, term="Atom", definition="<p>Small</p>")
    Link.objects.create(course=course, title="Python", url="https://python.org/")
    WikiPage.objects.create(course=course, title="Home", key="home", content="<p>hi</p>")
    return course


def _backup(client, course, data=None):
    data = data or {f"tool_{key}": "on" for key in ("glossary", "links", "wiki")}
    return client.post(reverse("backups:backup", args=[course.code]), data)


def test_only_teachers_reach_the_maintenance_pages(course_roles, client_for):
    course = course_roles["course"]
    for role, status in [("learner", 403), ("tutor", 403), ("teacher", 200), ("admin", 200)]:
        response = client_for(course_roles[role]).get(reverse("backups:index", args=[course.code]))
        assert response.status_code == status, role


def test_a_backup_runs_as_a_job_and_is_listed_and_downloaded(content, course_roles, client_for):
    client = client_for(course_roles["teacher"])
    response = _backup(client, content)
    job = Job.objects.get(kind="course_backup")
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.state == Job.State.DONE, job.message
    backup = Backup.objects.get(course=content)
    assert job.result["download_url"] == reverse("backups:download", args=[content.code, backup.pk])
    assert backup.tools == ["glossary", "links", "wiki"] and not backup.whole_course
    page = client.get(reverse("backups:index", args=[content.code]))
    assert backup.name in page.content.decode()
    download = client.get(job.result["download_url"])
    assert download["Content-Disposition"].startswith("attachment")
    data = b"".join(download.streaming_content)
    assert MANIFEST in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_an_empty_choice_is_refused_with_a_message(content, course_roles, client_for):
    response = _backup(client_for(course_roles["teacher"]), content, {"tool_links": ""})
    assert response.status_code == 400
    assert "Choose at least one tool or one item." in response.content.decode()
    assert not Job.objects.exists()


def test_chosen_items_are_backed_up_alone(content, course_roles, client_for):
    other = Link.objects.create(course=content, title="Other", url="https://example.org/")
    _backup(client_for(course_roles["teacher"]), content, {"items_links": [str(other.pk)]})
    backup = Backup.objects.get()
    with zipfile.ZipFile(backup.path) as zf:
        manifest = zf.read(MANIFEST).decode()
    assert "Other" in manifest and "Python" not in manifest


def test_another_course_s_backup_is_a_404(content, course_roles, client_for):
    _backup(client_for(course_roles["teacher"]), content)
    backup = Backup.objects.get()
    other = CourseFactory(code="OTHER")
    EnrollmentFactory(course=other, user=course_roles["teacher"], role=Enrollment.Role.TEACHER)
    client = client_for(course_roles["teacher"])
    assert client.get(reverse("backups:download", args=[other.code, backup.pk])).status_code == 404
    assert client.post(reverse("backups:delete", args=[other.code, backup.pk])).status_code == 404
    response = client.post(reverse("backups:delete", args=[content.code, backup.pk]))
    assert response.status_code == 302 and not Backup.objects.exists()


def test_restore_an_uploaded_backup_into_a_new_course(content, course_roles, client_for):
    client = client_for(course_roles["teacher"])
    _backup(client, content)
    data = Backup.objects.get().path.read_bytes()
    response = client.post(
        reverse("backups:restore", args=[content.code]),
        {
            "archive": SimpleUploadedFile("b.zip", data, content_type="application/zip"),
            "target": "new",
            "new_code": "restored",
            "new_title": "Restored",
            "conflict": "skip",
        },
    )
    job = Job.objects.get(kind="course_restore")
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.state == Job.State.DONE, job.message
    copy = Course.objects.get(code="RESTORED")
    assert list(copy.glossary_terms.values_list("term", flat=True)) == ["Atom"]
    assert copy.enrollments.get().user == course_roles["teacher"]
    assert job.files and not any(__import__("os").path.exists(name) for name in job.files)


def test_restore_refuses_what_is_not_a_zip_and_a_taken_code(content, course_roles, client_for):
    client = client_for(course_roles["teacher"])
    response = client.post(
        reverse("backups:restore", args=[content.code]),
        {
            "archive": SimpleUploadedFile(
                "b.zip", b"not a zip at all", content_type="application/zip"
            ),
            "target": "new",
            "new_code": content.code,
            "new_title": "",
            "conflict": "skip",
        },
    )
    assert response.status_code == 400
    form = response.context["restore_form"]
    assert set(form.errors) == {"archive", "new_code", "new_title"}
    assert not Job.objects.exists()


def test_restore_of_a_broken_backup_fails_the_job_and_changes_nothing(
    content, course_roles, client_for
):
    client = client_for(course_roles["teacher"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../../etc/passwd", b"x")
    response = client.post(
        reverse("backups:restore", args=[content.code]),
        {
            "archive": SimpleUploadedFile("b.zip", buffer.getvalue()),
            "target": str(content.pk),
            "conflict": "overwrite",
        },
    )
    job = Job.objects.get(kind="course_restore")
    assert response.status_code == 302
    assert job.state == Job.State.FAILED
    assert "leaving its folder" in job.message and "Nothing was changed" in job.message


def test_restore_only_into_courses_the_teacher_teaches(content, course_roles, client_for):
    foreign = CourseFactory(code="FOREIGN")
    response = client_for(course_roles["teacher"]).post(
        reverse("backups:restore", args=[content.code]),
        {
            "archive": SimpleUploadedFile("b.zip", b"PK\x05\x06" + b"\0" * 18),
            "target": str(foreign.pk),
        },
    )
    assert response.status_code == 400
    assert "target" in response.context["restore_form"].errors


def test_copy_needs_a_course_the_teacher_teaches(content, course_roles, client_for):
    teacher = course_roles["teacher"]
    mine = CourseFactory(code="MINE")
    EnrollmentFactory(course=mine, user=teacher, role=Enrollment.Role.TEACHER)
    learner_there = CourseFactory(code="ASLEARNER")
    EnrollmentFactory(course=learner_there, user=teacher, role=Enrollment.Role.LEARNER)
    client = client_for(teacher)
    url = reverse("backups:copy", args=[content.code])
    page = client.get(url).content.decode()
    assert "MINE" in page and "ASLEARNER" not in page
    refused = client.post(
        url, {"tool_glossary": "on", "target": str(learner_there.pk), "conflict": "rename"}
    )
    assert refused.status_code == 200 and "target" in refused.context["form"].errors
    assert not Term.objects.filter(course=learner_there).exists()
    response = client.post(
        url, {"tool_glossary": "on", "target": str(mine.pk), "conflict": "rename"}
    )
    job = Job.objects.get(kind="course_copy")
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.state == Job.State.DONE, job.message
    assert list(Term.objects.filter(course=mine).values_list("term", flat=True)) == ["Atom"]


def test_recycle_lists_what_goes_then_asks_for_confirmation(content, course_roles, client_for):
    DescriptionSection.objects.create(course=content, kind="objectives", title="Objectives")
    client = client_for(course_roles["teacher"])
    url = reverse("backups:recycle", args=[content.code])
    assert "Glossary terms (1)" in client.get(url).content.decode()
    preview = client.post(url, {"tools": ["glossary", "links"]})
    text = preview.content.decode()
    assert "Glossary terms (1)" in text and "Links (1)" in text and "Wiki pages" not in text
    assert Term.objects.filter(course=content).exists()
    unconfirmed = client.post(url, {"tools": ["glossary", "links"], "confirmed": "1"})
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Term.objects.filter(course=content).exists()
    done = client.post(url, {"tools": ["glossary", "links"], "confirmed": "1", "confirm": "on"})
    assert done.status_code == 302
    assert not Term.objects.filter(course=content).exists()
    assert not Link.objects.filter(course=content).exists()
    assert WikiPage.objects.filter(course=content).exists()  # not chosen: kept
    assert DescriptionSection.objects.filter(course=content).exists()


def test_a_worker_killed_during_a_backup_leaves_a_failed_job_to_retry(
    content, course_roles, client_for, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """A kill is simulated by an exception no handler catches (the process would be gone):
    the zip half written stays under its temporary name, no Backup row is written, the job's
    heartbeat goes stale, the job shows failed and retries into one whole backup."""
    import dataclasses

    class Killed(BaseException):
        pass

    wiki = api.get_provider("wiki")

    def killed(course, selection, writer):
        raise Killed

    monkeypatch.setitem(api._PROVIDERS, "wiki", dataclasses.replace(wiki, export=killed))
    with pytest.raises(Killed):
        _backup(client_for(course_roles["teacher"]), content)
    job = Job.objects.get(kind="course_backup")
    assert job.state == Job.State.RUNNING
    assert not Backup.objects.exists()
    folder = settings.MEDIA_ROOT / "backups" / str(content.pk)
    assert not [p for p in folder.iterdir() if p.suffix == ".zip"]

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    job = job_expire_if_stale(job)
    assert job.state == Job.State.FAILED and job.lost_worker and job_can_retry(job)
    page = client_for(course_roles["teacher"]).get(reverse("core:job_detail", args=[job.pk]))
    assert "Retry" in page.content.decode()

    monkeypatch.setitem(api._PROVIDERS, "wiki", wiki)  # the next worker is fine
    with django_capture_on_commit_callbacks(execute=True):
        job = job_retry(job)
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    backup = Backup.objects.get(job=job)
    with zipfile.ZipFile(backup.path) as zf:
        assert zf.testzip() is None and MANIFEST in zf.namelist()
    assert [p.name for p in folder.iterdir()] == [backup.name]


def test_the_index_page_queries_stay_bounded(
    content, course_roles, client_for, django_assert_max_num_queries
):
    from core.jobs import job_create

    client = client_for(course_roles["teacher"])
    url = reverse("backups:index", args=[content.code])

    def add(n):
        for _ in range(n):
            job = job_create(kind="course_backup", user=course_roles["teacher"], course=content)
            Backup.objects.create(
                course=content, created_by=course_roles["teacher"], file="x", name="x", job=job
            )
            Link.objects.create(course=content, title="L", url="https://example.org/")

    add(2)
    client.get(url)  # caches warmed
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_restore_a_listed_backup_into_a_course_the_teacher_teaches(
    content, course_roles, client_for
):
    teacher = course_roles["teacher"]
    client = client_for(teacher)
    _backup(client, content)
    backup = Backup.objects.get()
    mine = CourseFactory(code="MINE")
    EnrollmentFactory(course=mine, user=teacher, role=Enrollment.Role.TEACHER)
    Term.objects.create(course=mine, term="Atom", definition="<p>Mine</p>")
    url = reverse("backups:restore_listed", args=[content.code, backup.pk])
    assert backup.name in client.get(url).content.decode()
    response = client.post(url, {"target": str(mine.pk), "conflict": "overwrite"})
    job = Job.objects.get(kind="course_restore")
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.state == Job.State.DONE, job.message
    assert list(Term.objects.filter(course=mine).values_list("definition", flat=True)) == [
        "<p>Small</p>"
    ]
    assert backup.path.is_file()  # the listed backup stays
    other = CourseFactory(code="ELSE")
    EnrollmentFactory(course=other, user=teacher, role=Enrollment.Role.TEACHER)
    forged = reverse("backups:restore_listed", args=[other.code, backup.pk])
    assert client.get(forged).status_code == 404
