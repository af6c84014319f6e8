import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.models import Job
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks):
    """Jobs are queued on commit; run those callbacks as the request's commit would."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def upload(client, course, content: bytes, name="people.csv"):
    with _capture(execute=True):
        return client.post(
            reverse("courses:members_import", kwargs={"code": course.code}),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )


def test_valid_rows_are_enrolled_and_bad_rows_reported(course_roles, client_for):
    course = course_roles["course"]
    UserFactory(username="existing", email="existing@example.org")
    UserFactory(username="taken", email="taken@example.org")
    csv_text = (
        "username;email;first_name;last_name;role\n"
        "alice;alice@example.org;Alice;Martin;learner\n"
        "existing;;;;tutor\n"
        "bob;;Bob;;learner\n"  # new user without e-mail
        "carol;carol@example.org;;;emperor\n"  # unknown role
        "dave;taken@example.org;;;\n"  # e-mail of someone else
        "alice;alice2@example.org;;;\n"  # twice in the file
        "bad name!;x@example.org;;;\n"
        "learner;;;;\n"  # already a member
    )
    response = upload(client_for(course_roles["teacher"]), course, csv_text.encode())
    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.state == Job.State.DONE
    assert job.progress == 100
    roles = dict(Enrollment.objects.filter(course=course).values_list("user__username", "role"))
    assert roles["alice"] == "learner" and roles["existing"] == "tutor"
    assert "bob" not in roles and "carol" not in roles and "dave" not in roles
    reasons = {row["line"]: row["reason"] for row in job.result["rejected"]}
    assert reasons == {
        4: "A new user needs an e-mail address.",
        5: "Unknown role emperor (use teacher, tutor or learner).",
        6: "The e-mail address taken@example.org belongs to another user.",
        7: "The username appears twice in the file.",
        8: "The username may contain only letters, digits and @/./+/-/_.",
    }
    assert job.result["created_users"] == 1 and job.result["already_members"] == 1
    page = client_for(course_roles["teacher"]).get(response.url).content.decode()
    assert "Unknown role emperor" in page
    assert f'href="/courses/{course.code}/members/"' in page  # back to where the job began


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\n\n", "The file is empty."),
        (b"name,mail\nalice,a@example.org\n", "missing: username"),
        (b"username\n", "The file has a header but no rows."),
    ],
)
def test_a_malformed_file_fails_the_job_and_changes_nothing(
    course_roles, client_for, content, message
):
    course = course_roles["course"]
    before = Enrollment.objects.count()
    upload(client_for(course_roles["teacher"]), course, content)
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert message in job.message
    assert Enrollment.objects.count() == before


def test_files_that_are_not_csv_text_are_refused_at_once(course_roles, client_for):
    client = client_for(course_roles["teacher"])
    response = upload(client, course_roles["course"], b"username\n\x00\x01zo\n")
    assert "This is not a text file." in response.content.decode()
    response = upload(client, course_roles["course"], b"username\n", name="people.exe")
    assert "Send a .csv file." in response.content.decode()
    response = upload(client, course_roles["course"], b"")
    assert "The submitted file is empty." in response.content.decode()
    assert not Job.objects.exists()


def test_nothing_is_half_done_when_the_enrolment_fails(course_roles, client_for, monkeypatch):
    from courses import services

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.Enrollment.objects, "bulk_create", explode)
    csv_text = b"username,email\nzed,zed@example.org\nyan,yan@example.org\n"
    with pytest.raises(RuntimeError):
        upload(client_for(course_roles["teacher"]), course_roles["course"], csv_text)
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "nothing was changed" in job.message
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username__in=["zed", "yan"]).exists()


def test_a_job_is_shown_only_to_who_started_it(course_roles, client_for):
    job = Job.objects.create(
        kind="bulk_enroll", user=course_roles["teacher"], course=course_roles["course"]
    )
    url = reverse("core:job_detail", args=[job.pk])
    assert client_for(course_roles["teacher"]).get(url).status_code == 200
    assert client_for(course_roles["learner"]).get(url).status_code == 404
    assert client_for(course_roles["admin"]).get(url).status_code == 200
    status = client_for(course_roles["teacher"]).get(reverse("core:job_status", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in status.content.decode()  # still polling while queued
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    status = client_for(course_roles["teacher"]).get(reverse("core:job_status", args=[job.pk]))
    assert "hx-trigger" not in status.content.decode()


def test_learners_cannot_import(course_roles, client_for):
    EnrollmentFactory(course=course_roles["course"])
    response = upload(client_for(course_roles["learner"]), course_roles["course"], b"username\nx\n")
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_an_unclosed_quote_is_reported_on_its_line_and_the_next_row_is_read(
    course_roles, client_for
):
    """Issue #10: line 5 opens a quote it never closes; line 6 is a good row."""
    course = course_roles["course"]
    csv_text = (
        "username,email,first_name,last_name,role\n"
        "bulk1,bulk1@example.org,B,One,learner\n"
        "bulk2,bulk2@example.org,B,Two,learner\n"
        "bulk3,bulk3@example.org,B,Three,learner\n"
        'bulk4,bulk4@example.org,"B,Four,learner\n'
        "bulk5,bulk5@example.org,B,Five,learner\n"
    )
    upload(client_for(course_roles["teacher"]), course, csv_text.encode())
    job = Job.objects.get()
    assert job.state == Job.State.DONE
    assert [row["line"] for row in job.result["rejected"]] == [5]
    assert "never closed" in job.result["rejected"][0]["reason"]
    members = set(Enrollment.objects.filter(course=course).values_list("user__username", flat=True))
    assert {"bulk1", "bulk2", "bulk3", "bulk5"} <= members and "bulk4" not in members
    assert not User.objects.filter(first_name__contains="\n").exists()
    assert not User.objects.filter(last_name__contains="\n").exists()
    # The report adds up to the file's data lines.
    assert job.result["lines"] == 5
    counted = job.result["enrolled"] + job.result["already_members"] + len(job.result["rejected"])
    assert counted == 5
    assert "4 people enrolled; 4 accounts created; 0 already members; 1 row rejected." in (
        job.message
    )


def test_two_new_rows_sharing_an_email_whatever_its_case(course_roles, client_for):
    course = course_roles["course"]
    UserFactory(username="owner", email="Taken@Example.org")
    csv_text = (
        "username;email\n"
        "new1;shared@example.org\n"
        "new2;SHARED@example.org\n"
        "new3;taken@example.ORG\n"
        "new4;other@example.org\n"
    )
    upload(client_for(course_roles["teacher"]), course, csv_text.encode())
    job = Job.objects.get()
    reasons = {row["line"]: row["reason"] for row in job.result["rejected"]}
    assert reasons == {
        3: "The e-mail address SHARED@example.org is already on line 2.",
        4: "The e-mail address taken@example.ORG belongs to another user.",
    }
    assert set(User.objects.values_list("username", flat=True)) >= {"new1", "new4"}
    assert not User.objects.filter(username__in=["new2", "new3"]).exists()


def test_accounts_cannot_share_an_email_whatever_its_case(db):
    from django.db import IntegrityError, transaction

    UserFactory(username="one", email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="two", email="Same@Example.org")
    UserFactory(username="three", email="")
    UserFactory(username="four", email="")  # no address at all: any number of them


def test_an_excel_legacy_encoding_is_read(course_roles, client_for):
    course = course_roles["course"]
    csv_text = "username;email;first_name\nzoe;zoe@example.org;Zoë\n"
    upload(client_for(course_roles["teacher"]), course, csv_text.encode("cp1252"))
    assert User.objects.get(username="zoe").first_name == "Zoë"
