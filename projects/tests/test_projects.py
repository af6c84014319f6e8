from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from projects import selectors, services
from projects.models import Article, Assignment, ProjectMember, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(course_roles):
    project = services.project_save(
        course=course_roles["course"], author=course_roles["teacher"], title="Bridge"
    )
    services.member_set(project=project, user=course_roles["learner"], role="member")
    return project


def test_teacher_creates_a_project_and_becomes_its_manager(course_roles, client_for):
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(reverse("projects:create", args=["CRS1"]), {"title": "Bridge"})
    project = course_roles["course"].projects.get()
    assert response.url == reverse("projects:project", args=["CRS1", project.pk])
    assert project.members.get().role == ProjectMember.Role.MANAGER
    learner = client_for(course_roles["learner"])
    assert (
        learner.post(reverse("projects:create", args=["CRS1"]), {"title": "x"}).status_code == 403
    )


def test_members_tasks_and_my_tasks(course_roles, client_for, project):
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(
        reverse("projects:task_create", args=["CRS1", project.pk]),
        {
            "title": "Draw the plans",
            "colour": "#ff8800",
            "deadline": "2027-01-15",
            "assignees": [course_roles["learner"].pk],
        },
    )
    assert response.status_code == 302
    task = project.tasks.get()
    assert task.colour == "#ff8800" and task.deadline == date(2027, 1, 15)
    # Only project members receive tasks.
    services.task_save(
        task=task,
        project=project,
        title=task.title,
        colour=task.colour,
        deadline=task.deadline,
        assignees=[course_roles["learner"], course_roles["outsider"]],
    )
    assert list(task.assignments.values_list("user__username", flat=True)) == ["learner"]
    bad_colour = teacher.post(
        reverse("projects:task_create", args=["CRS1", project.pk]),
        {"title": "X", "colour": "red;background:url(x)"},
    )
    assert "A colour like #1a2b3c." in bad_colour.content.decode()
    learner = client_for(course_roles["learner"])
    page = learner.get(reverse("projects:my_tasks", args=["CRS1"])).content.decode()
    assert "Draw the plans" in page
    assignment = Assignment.objects.get()
    learner.post(
        reverse("projects:my_tasks", args=["CRS1"]),
        {"assignment": assignment.pk, "status": "done"},
    )
    assignment.refresh_from_db()
    assert assignment.status == "done"
    # Nobody changes somebody else's task.
    tutor = client_for(course_roles["tutor"])
    answer = tutor.post(
        reverse("projects:my_tasks", args=["CRS1"]),
        {"assignment": assignment.pk, "status": "todo"},
    )
    assert answer.status_code == 404
    # Learners do not manage the project's tasks.
    assert (
        learner.get(reverse("projects:task_create", args=["CRS1", project.pk])).status_code == 403
    )


def test_project_manager_learner_may_manage(course_roles, client_for, project):
    services.member_set(project=project, user=course_roles["learner"], role="manager")
    learner = client_for(course_roles["learner"])
    response = learner.post(
        reverse("projects:member_add", args=["CRS1", project.pk]),
        {"user": course_roles["tutor"].pk, "role": "reader"},
    )
    assert response.status_code == 302
    assert project.members.get(user=course_roles["tutor"]).role == "reader"
    with pytest.raises(ValueError):
        services.member_set(project=project, user=course_roles["outsider"], role="member")


def test_articles_comments_attachments_ratings(course_roles, client_for, project):
    learner = client_for(course_roles["learner"])
    upload = SimpleUploadedFile("notes.txt", b"my notes", content_type="text/plain")
    response = learner.post(
        reverse("projects:article_create", args=["CRS1", project.pk]),
        {"title": "Week 1", "content": "<p>Done <script>x</script></p>", "attachments": upload},
    )
    article = Article.objects.get()
    assert response.url == reverse("projects:article", args=["CRS1", project.pk, article.pk])
    assert "<script>" not in article.content
    attachment = article.attachments.get()
    download = client_for(course_roles["tutor"]).get(
        reverse("projects:attachment", args=["CRS1", project.pk, article.pk, attachment.pk])
    )
    assert b"".join(download.streaming_content) == b"my notes"
    teacher = client_for(course_roles["teacher"])
    teacher.post(
        reverse("projects:comment", args=["CRS1", project.pk, article.pk]), {"content": "Good"}
    )
    assert article.comments.get().content == "Good"
    teacher.post(reverse("projects:rate", args=["CRS1", project.pk, article.pk]), {"value": "4"})
    teacher.post(reverse("projects:rate", args=["CRS1", project.pk, article.pk]), {"value": "5"})
    assert Rating.objects.get().value == 5
    own = learner.post(
        reverse("projects:rate", args=["CRS1", project.pk, article.pk]),
        {"value": "5"},
        follow=True,
    )
    assert "You cannot rate your own article." in own.content.decode()
    assert Rating.objects.count() == 1
    page = learner.get(reverse("projects:project", args=["CRS1", project.pk])).content.decode()
    assert "Week 1" in page and "</i> 5 (" in page and "5.0" not in page
    # A course member outside the project reads but does not write.
    other = EnrollmentFactory(course=course_roles["course"], role=Enrollment.Role.LEARNER).user
    outside = client_for(other)
    assert outside.get(reverse("projects:project", args=["CRS1", project.pk])).status_code == 200
    assert (
        outside.post(
            reverse("projects:article_create", args=["CRS1", project.pk]),
            {"title": "x", "content": "y"},
        ).status_code
        == 403
    )


def test_overview_counts_who_did_what(course_roles, client_for, project):
    task = services.task_save(project=project, title="T", assignees=[course_roles["learner"]])
    services.assignment_status(assignment=task.assignments.get(), status="done")
    article = services.article_create(
        project=project, author=course_roles["learner"], title="A", content="c", task=task
    )
    services.comment_create(article=article, author=course_roles["teacher"], content="ok")
    rows = {row["member"].user.username: row for row in selectors.overview(project)}
    assert (rows["learner"]["articles"], rows["learner"]["tasks"], rows["learner"]["done"]) == (
        1,
        1,
        1,
    )
    assert rows["teacher"]["comments"] == 1
    page = client_for(course_roles["tutor"]).get(
        reverse("projects:overview", args=["CRS1", project.pk])
    )
    assert page.status_code == 200
    assert (
        client_for(course_roles["learner"])
        .get(reverse("projects:overview", args=["CRS1", project.pk]))
        .status_code
        == 403
    )


def test_projects_of_another_course_are_404(course_roles, client_for):
    other = CourseFactory()
    foreign = services.project_save(course=other, author=None, title="Theirs")
    url = reverse("projects:project", args=["CRS1", foreign.pk])
    assert client_for(course_roles["teacher"]).get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_project_page_query_count(
    course_roles, client_for, project, count, django_assert_max_num_queries
):
    for n in range(count):
        task = services.task_save(
            project=project, title=f"T{n}", assignees=[course_roles["learner"]]
        )
        article = services.article_create(
            project=project, author=course_roles["learner"], title=f"A{n}", content="c", task=task
        )
        services.comment_create(article=article, author=course_roles["teacher"], content="ok")
    client = client_for(course_roles["teacher"])
    with django_assert_max_num_queries(18):
        response = client.get(reverse("projects:project", args=["CRS1", project.pk]))
    assert response.status_code == 200


def test_project_pages_cost_the_same_however_much_content(course_roles, client_for, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(course_roles["learner"])
    urls = [
        reverse("projects:index", args=["CRS1"]),
        reverse("projects:project", args=["CRS1", project.pk]),
        reverse("projects:my_tasks", args=["CRS1"]),
    ]

    def grow(n):
        for i in range(n):
            task = services.task_save(
                project=project, title=f"T{i}", assignees=[course_roles["learner"]]
            )
            article = services.article_create(
                project=project,
                author=course_roles["learner"],
                title=f"A{i}",
                content="c",
                task=task,
            )
            services.comment_create(article=article, author=course_roles["teacher"], content="ok")

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(2)
    small = counts()
    grow(9)
    assert counts() == small
