from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from announcements import services
from announcements.forms import ATTACHMENT_MAX_SIZE
from announcements.models import Announcement, Attachment, Delivery
from announcements.tests.factories import AnnouncementFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def url(name, course, **kwargs):
    return reverse(f"announcements:{name}", kwargs={"code": course.code, **kwargs})


def test_teacher_publishes_with_an_attachment_and_script_is_stripped(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    response = client.post(
        url("create", course),
        {
            "title": "Welcome",
            "content": '<p onclick="steal()">Hi <script>alert(1)</script>'
            '<a href="javascript:alert(2)">x</a><img src=x onerror="alert(3)"></p>',
            "audience": "all",
            "attachments": [SimpleUploadedFile("syllabus.pdf", PDF, "application/pdf")],
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    announcement = Announcement.objects.get()
    assert "<script" not in announcement.content
    assert "alert(1)" not in announcement.content
    assert "onclick" not in announcement.content and "onerror" not in announcement.content
    assert "javascript:" not in announcement.content
    assert announcement.author == course_roles["teacher"]
    attachment = announcement.attachments.get()
    assert attachment.name == "syllabus.pdf"
    learner = client_for(course_roles["learner"])
    page = learner.get(url("index", course))
    assert b"Welcome" in page.content and b"syllabus.pdf" in page.content
    download = learner.get(
        url("attachment", course, announcement_id=announcement.pk, attachment_id=attachment.pk)
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("page.html", b"<script>alert(1)</script>", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "contains a program"),
        ("fake.pdf", b"plain text, not a pdf", "does not match its extension"),
        ("notes.txt", b"binary\x00data", "does not match its extension"),
    ],
)
def test_bad_attachments_are_refused(course_roles, client_for, name, content, message):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        url("create", course),
        {
            "title": "With a file",
            "content": "<p>x</p>",
            "audience": "all",
            "attachments": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["attachments"])
    assert not Announcement.objects.exists()


def test_too_big_attachment_is_refused(course_roles, client_for, settings):
    course = course_roles["course"]
    big = SimpleUploadedFile("big.txt", b"a" * (ATTACHMENT_MAX_SIZE + 1))
    response = client_for(course_roles["teacher"]).post(
        url("create", course),
        {"title": "Big", "content": "<p>x</p>", "audience": "all", "attachments": [big]},
    )
    assert "is too large" in str(response.context["form"].errors["attachments"])


def test_learner_cannot_create_edit_or_delete(course_roles, client_for):
    course = course_roles["course"]
    announcement = AnnouncementFactory(course=course)
    client = client_for(course_roles["learner"])
    assert client.get(url("create", course)).status_code == 403
    data = {"title": "x", "content": "<p>x</p>", "audience": "all"}
    assert client.post(url("create", course), data).status_code == 403
    assert (
        client.post(url("edit", course, announcement_id=announcement.pk), data).status_code == 403
    )
    assert client.post(url("delete", course, announcement_id=announcement.pk)).status_code == 403
    assert Announcement.objects.count() == 1


def test_chosen_learners_only(course_roles, client_for):
    course = course_roles["course"]
    chosen = course_roles["learner"]
    other = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    announcement = services.announcement_create(
        course=course,
        author=course_roles["teacher"],
        title="Only for you",
        content="<p>Private note</p>",
        audience=Announcement.Audience.USERS,
        recipients=[chosen],
        attachments=[SimpleUploadedFile("note.pdf", PDF)],
    )
    attachment = announcement.attachments.get()
    detail = url("detail", course, announcement_id=announcement.pk)
    file_url = url(
        "attachment", course, announcement_id=announcement.pk, attachment_id=attachment.pk
    )
    assert b"Only for you" in client_for(chosen).get(url("index", course)).content
    assert client_for(chosen).get(detail).status_code == 200
    assert client_for(chosen).get(file_url).status_code == 200
    other_client = client_for(other)
    assert b"Only for you" not in other_client.get(url("index", course)).content
    assert other_client.get(detail).status_code == 404
    assert other_client.get(file_url).status_code == 404
    assert client_for(course_roles["outsider"]).get(file_url).status_code == 403
    assert client_for(None).get(file_url).status_code == 302  # to the login page
    assert b"Only for you" in client_for(course_roles["tutor"]).get(url("index", course)).content


def test_recipients_outside_the_course_are_ignored(course_roles):
    course = course_roles["course"]
    announcement = services.announcement_create(
        course=course,
        author=course_roles["teacher"],
        title="t",
        content="<p>c</p>",
        audience=Announcement.Audience.USERS,
        recipients=[course_roles["learner"], course_roles["outsider"], course_roles["tutor"]],
    )
    assert list(announcement.recipients.all()) == [course_roles["learner"]]


def test_a_learner_who_joins_later_sees_earlier_announcements_for_all(course, client_for):
    AnnouncementFactory(course=course, title="Before you came")
    latecomer = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    page = client_for(latecomer).get(url("index", course))
    assert b"Before you came" in page.content


def test_newest_first(course_roles, client_for):
    course = course_roles["course"]
    old = AnnouncementFactory(course=course, title="Old news")
    new = AnnouncementFactory(course=course, title="Fresh news")
    Announcement.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    page = client_for(course_roles["learner"]).get(url("index", course))
    assert [a.pk for a in page.context["page"].object_list] == [new.pk, old.pk]


def test_ids_from_another_course_give_404(course_roles, client_for):
    course = course_roles["course"]
    foreign = AnnouncementFactory(course=CourseFactory())
    attachment = Attachment.objects.create(
        announcement=foreign, file=SimpleUploadedFile("a.pdf", PDF), name="a.pdf", size=len(PDF)
    )
    client = client_for(course_roles["teacher"])
    assert client.get(url("detail", course, announcement_id=foreign.pk)).status_code == 404
    assert client.get(url("edit", course, announcement_id=foreign.pk)).status_code == 404
    assert client.post(url("delete", course, announcement_id=foreign.pk)).status_code == 404
    assert (
        client.get(
            url("attachment", course, announcement_id=foreign.pk, attachment_id=attachment.pk)
        ).status_code
        == 404
    )
    assert Announcement.objects.filter(pk=foreign.pk).exists()


def test_edit_keeps_and_removes_attachments(course_roles, client_for):
    course = course_roles["course"]
    announcement = services.announcement_create(
        course=course,
        author=course_roles["teacher"],
        title="t",
        content="<p>c</p>",
        attachments=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
    )
    a = announcement.attachments.get(name="a.pdf")
    response = client_for(course_roles["teacher"]).post(
        url("edit", course, announcement_id=announcement.pk),
        {"title": "t2", "content": "<p>c2</p>", "audience": "all", "remove_attachment": [a.pk]},
    )
    assert response.status_code == 302
    assert [x.name for x in announcement.attachments.all()] == ["b.pdf"]


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_index_query_count_does_not_grow(course_roles, client_for, django_assert_num_queries, role):
    course = course_roles["course"]
    client = client_for(course_roles[role])

    def fill(count):
        for _ in range(count):
            announcement = AnnouncementFactory(course=course, author=course_roles["teacher"])
            Attachment.objects.create(announcement=announcement, file="x/a.pdf", name="a.pdf")
            chosen = services.announcement_create(
                course=course,
                author=UserFactory(),
                title="chosen",
                content="<p>x</p>",
                audience=Announcement.Audience.USERS,
                recipients=[course_roles["learner"]],
            )
            Attachment.objects.create(announcement=chosen, file="x/b.pdf", name="b.pdf")

    fill(2)
    client.get(url("index", course))
    with CaptureQueriesContext(connection) as small:
        client.get(url("index", course))
    fill(12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("index", course))
    assert len(response.context["page"].object_list) == 20


def test_delivery_is_unique_per_recipient(course_roles):
    announcement = AnnouncementFactory(course=course_roles["course"])
    Delivery.objects.create(announcement=announcement, user=course_roles["learner"])
    with pytest.raises(IntegrityError):
        Delivery.objects.create(announcement=announcement, user=course_roles["learner"])


def test_pages_speak_french(course_roles, client_for):
    course = course_roles["course"]
    course_roles["teacher"].language = "fr"
    course_roles["teacher"].save()
    client = client_for(course_roles["teacher"])
    client.cookies["django_language"] = "fr"
    content = client.get(url("create", course), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nouvelle annonce" in content and "Apprenants destinataires" in content
    assert "Jusqu’à 5 fichiers" in content


def test_the_path_builder_list_reads_no_left_out_field(course, no_deferred_loads):
    """announcements.api._pickables reads its rows with only(): what it shows is among them."""
    from announcements.api import _pickables

    AnnouncementFactory(course=course, title="For all")
    AnnouncementFactory(course=course, title="For some", audience=Announcement.Audience.USERS)
    shown = {p.title: (p.learner_can_open, p.detail) for p in _pickables(course)}
    assert shown == {"For all": (True, ""), "For some": (False, "Some learners only")}
