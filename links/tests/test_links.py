from unittest import mock

import pytest
from django.urls import reverse

from core.models import Job
from courses.tests.factories import CourseFactory
from links import checker, services
from links.models import Link
from links.tests.factories import LinkCategoryFactory, LinkFactory

pytestmark = pytest.mark.django_db


def url(name, course, **kwargs):
    return reverse(f"links:{name}", kwargs={"code": course.code, **kwargs})


def test_teacher_creates_a_link_in_a_category(course_roles, client_for):
    course = course_roles["course"]
    category = LinkCategoryFactory(course=course)
    client = client_for(course_roles["teacher"])
    response = client.post(
        url("create", course),
        {
            "title": "Django docs",
            "url": "https://docs.djangoproject.com/",
            "category": category.pk,
            "description": "The reference",
            "new_window": "on",
            "visible": "on",
        },
    )
    assert response.status_code == 302
    link = Link.objects.get()
    assert (link.course, link.category, link.new_window, link.visible) == (
        course,
        category,
        True,
        True,
    )
    page = client.get(url("index", course))
    assert b"Django docs" in page.content
    assert b'target="_blank" rel="noopener noreferrer"' in page.content


@pytest.mark.parametrize(
    "bad_url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "ftp://example.org/",
        "not an address",
        "www example.org",
    ],
)
def test_non_web_urls_are_refused(course_roles, client_for, bad_url):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        url("create", course), {"title": "Bad", "url": bad_url, "visible": "on"}
    )
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not Link.objects.exists()


def test_learner_cannot_create_edit_or_delete(course_roles, client_for):
    course = course_roles["course"]
    link = LinkFactory(course=course)
    client = client_for(course_roles["learner"])
    assert client.get(url("create", course)).status_code == 403
    assert (
        client.post(url("create", course), {"title": "x", "url": "https://a.org"}).status_code
        == 403
    )
    assert client.post(url("edit", course, link_id=link.pk), {"title": "x"}).status_code == 403
    assert client.post(url("delete", course, link_id=link.pk)).status_code == 403
    assert client.post(url("move", course, link_id=link.pk), {"direction": "up"}).status_code == 403
    assert client.post(url("check", course)).status_code == 403
    assert Link.objects.filter(pk=link.pk).exists()


def test_hidden_links_are_invisible_to_learners(course_roles, client_for):
    course = course_roles["course"]
    LinkFactory(course=course, title="Shown link")
    LinkFactory(course=course, title="Secret link", visible=False, url="https://secret.example/")
    learner_page = client_for(course_roles["learner"]).get(url("index", course))
    assert b"Shown link" in learner_page.content
    assert b"Secret link" not in learner_page.content
    assert b"secret.example" not in learner_page.content
    teacher_page = client_for(course_roles["teacher"]).get(url("index", course))
    assert b"Secret link" in teacher_page.content


def test_ids_from_another_course_give_404(course_roles, client_for):
    course = course_roles["course"]
    other = CourseFactory()
    foreign_link = LinkFactory(course=other)
    foreign_category = LinkCategoryFactory(course=other)
    client = client_for(course_roles["teacher"])
    assert client.get(url("edit", course, link_id=foreign_link.pk)).status_code == 404
    assert client.post(url("delete", course, link_id=foreign_link.pk)).status_code == 404
    assert client.post(url("visibility", course, link_id=foreign_link.pk)).status_code == 404
    assert (
        client.get(url("category_edit", course, category_id=foreign_category.pk)).status_code == 404
    )
    assert (
        client.post(url("category_delete", course, category_id=foreign_category.pk)).status_code
        == 404
    )
    # A category of another course cannot be chosen for a link either.
    response = client.post(
        url("create", course),
        {"title": "x", "url": "https://a.org/", "category": foreign_category.pk},
    )
    assert "category" in response.context["form"].errors
    assert Link.objects.filter(course=other).count() == 1


def test_outsider_is_refused(course_roles, client_for):
    course = course_roles["course"]
    assert client_for(course_roles["outsider"]).get(url("index", course)).status_code == 403


def test_move_up_and_down(course):
    a, b, c = (services.link_create(course=course, title=t, url="https://a.org/") for t in "abc")
    assert services.link_move(link=c, direction="up")
    order = list(
        Link.objects.filter(course=course).order_by("position").values_list("title", flat=True)
    )
    assert order == ["a", "c", "b"]
    assert not services.link_move(link=a, direction="up")
    assert services.link_move(link=a, direction="down")
    order = list(
        Link.objects.filter(course=course).order_by("position").values_list("title", flat=True)
    )
    assert order == ["c", "a", "b"]


def test_category_move_and_delete_keeps_links(course):
    first = services.category_create(course=course, title="First")
    second = services.category_create(course=course, title="Second")
    services.link_create(course=course, title="in first", url="https://a.org/", category=first)
    services.category_move(category=second, direction="up")
    titles = [c.title for c in course.link_categories.order_by("position")]
    assert titles == ["Second", "First"]
    services.category_delete(category=first)
    assert Link.objects.get(title="in first").category is None


def test_moving_through_the_view(course_roles, client_for):
    course = course_roles["course"]
    a = services.link_create(course=course, title="a", url="https://a.org/")
    services.link_create(course=course, title="b", url="https://b.org/")
    client = client_for(course_roles["teacher"])
    client.post(url("move", course, link_id=a.pk), {"direction": "down"})
    client.post(url("move", course, link_id=a.pk), {"direction": "sideways"})  # ignored
    order = list(
        Link.objects.filter(course=course).order_by("position").values_list("title", flat=True)
    )
    assert order == ["b", "a"]


def test_visibility_toggle(course_roles, client_for):
    course = course_roles["course"]
    link = LinkFactory(course=course)
    client_for(course_roles["teacher"]).post(
        url("visibility", course, link_id=link.pk), {"visible": "0"}
    )
    link.refresh_from_db()
    assert not link.visible


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_index_query_count_does_not_grow(course_roles, client_for, django_assert_num_queries, role):
    course = course_roles["course"]
    client = client_for(course_roles[role])

    def fill(categories, links):
        for _ in range(categories):
            category = LinkCategoryFactory(course=course)
            for _ in range(links):
                LinkFactory(course=course, category=category)
        LinkFactory(course=course)

    fill(1, 2)
    client.get(url("index", course))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url("index", course)).status_code == 200
    fill(10, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("index", course))
    assert len(response.context["groups"]) >= 11


def test_link_check_job_marks_broken_links(course_roles, client_for, monkeypatch):
    course = course_roles["course"]
    good = LinkFactory(course=course, url="https://good.example/")
    bad = LinkFactory(course=course, url="https://bad.example/missing")
    private = LinkFactory(course=course, url="http://192.168.0.10/")
    monkeypatch.setattr(
        checker.socket,
        "getaddrinfo",
        lambda host, port, **k: [(2, 1, 6, "", ("93.184.215.14", port))],
    )

    def fake_request(*, host, **kwargs):
        return (200, "") if host == "good.example" else (404, "")

    monkeypatch.setattr(checker, "http_request", mock.Mock(side_effect=fake_request))
    client = client_for(course_roles["teacher"])
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda f: f()):
        response = client.post(url("check", course))
    job = Job.objects.get(kind="link_check")
    assert response.url == reverse("core:job_detail", kwargs={"job_id": job.pk})
    assert job.state == Job.State.DONE and job.progress == 100
    assert job.result["ok"] == 1 and job.result["broken"] == 1 and job.result["refused"] == 1
    for link, status in ((good, "ok"), (bad, "broken"), (private, "refused")):
        link.refresh_from_db()
        assert link.status == status
        assert link.checked_at is not None
    assert client.get(response.url).status_code == 200
    page = client.get(url("index", course))
    assert b"Broken" in page.content


def test_link_check_task_is_idempotent(course_roles, monkeypatch):
    from core.jobs import job_create
    from links.tasks import link_check_task

    course = course_roles["course"]
    LinkFactory(course=course, url="http://127.0.0.1/")
    job = job_create(kind="link_check", user=course_roles["teacher"], course=course)
    link_check_task.delay(job.pk)
    calls = mock.Mock(side_effect=AssertionError("checked twice"))
    monkeypatch.setattr("links.tasks.check_url", calls)
    link_check_task.delay(job.pk)
    calls.assert_not_called()


def test_editing_the_url_resets_the_check(course):
    link = LinkFactory(course=course, status=Link.Status.BROKEN, status_message="404")
    services.link_update(link=link, title=link.title, url="https://new.example/")
    link.refresh_from_db()
    assert link.status == Link.Status.UNCHECKED


def test_pages_speak_french(course_roles, client_for):
    course = course_roles["course"]
    LinkFactory(course=course, visible=False)
    teacher = course_roles["teacher"]
    teacher.language = "fr"
    teacher.save()
    client = client_for(teacher)
    client.cookies["django_language"] = "fr"
    page = client.get(url("index", course), HTTP_ACCEPT_LANGUAGE="fr")
    content = page.content.decode()
    assert "Ajouter un lien" in content and "Vérifier les liens" in content
    assert "Masqué" in content


def test_a_second_check_while_one_runs_shows_the_first(course_roles, client_for):
    from core.jobs import job_create

    course = course_roles["course"]
    LinkFactory(course=course)
    job = job_create(kind="link_check", user=course_roles["teacher"], course=course)
    response = client_for(course_roles["teacher"]).post(url("check", course))
    assert response.url == reverse("core:job_detail", kwargs={"job_id": job.pk})
    assert Job.objects.filter(kind="link_check").count() == 1
