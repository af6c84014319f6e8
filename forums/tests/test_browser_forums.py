import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from forums import services
from forums.models import Post, Thread
from forums.tests.factories import ForumFactory
from tests.browser.fixtures import fill_rich_text, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderated_post_is_invisible_to_other_learners_until_approved(
    page, new_page, login, screenshot, course_roles
):
    course = course_roles["course"]
    forum = ForumFactory(course=course, title="Questions", moderated=True)
    author = course_roles["learner"]
    reader = EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username="eve"
    ).user
    login(page, author.username, PASSWORD)
    page.goto(reverse("forums:forum", kwargs={"code": course.code, "forum_id": forum.pk}))
    page.click("text=New thread")
    page.fill("#id_title", "Osmosis question")
    fill_rich_text(page, "#id_content", "Why does water move?")
    page.click("form button[type=submit]:has-text('Post')")
    page.wait_for_load_state()
    assert "approved" in page.content()  # told it waits
    thread = Thread.objects.get()
    thread_url = reverse("forums:thread", kwargs={"code": course.code, "thread_id": thread.pk})

    other = new_page()
    login(other, reader.username, PASSWORD)
    other.goto(reverse("forums:forum", kwargs={"code": course.code, "forum_id": forum.pk}))
    assert "Osmosis question" not in other.content()
    other.goto(thread_url)
    assert "Why does water move?" not in other.content()
    teacher = new_page()
    login(teacher, course_roles["teacher"].username, PASSWORD)
    teacher.goto(thread_url)
    assert "Why does water move?" in teacher.content()
    screenshot(teacher, "forum-thread-pending")
    teacher.click("button:has-text('Approve')")
    teacher.wait_for_load_state()
    assert Post.objects.get().status == Post.Status.APPROVED
    other.goto(thread_url)
    assert "Why does water move?" in other.content()


def test_script_in_a_post_is_stored_clean_and_never_runs(
    page, axe, login, screenshot, course_roles
):
    # The hostile content is an <img> without alt on purpose: the audit is about the platform.
    axe.enabled = False
    course = course_roles["course"]
    forum = ForumFactory(course=course, title="General")
    attack = (
        '<p>Look<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
        '<a href="javascript:window.__xss=3">here</a>'
        "<svg><script>window.__xss=4</script></svg></p>"
    )
    # As if posted by a forged request: the service is the one door.
    thread = services.thread_create(
        forum=forum, author=course_roles["learner"], title="Hi", content=attack, moderator=False
    )
    services.post_create(
        thread=thread, author=course_roles["tutor"], content="<p>Answer</p>", moderator=True
    )
    stored = thread.posts.order_by("pk").first().content
    assert "onerror" not in stored and "<script" not in stored and "javascript:" not in stored
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, course_roles["teacher"].username, PASSWORD)
    page.goto(reverse("forums:thread", kwargs={"code": course.code, "thread_id": thread.pk}))
    page.click(".post-content a:has-text('here')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None and dialogs == []
    assert page.evaluate("document.querySelectorAll('.post-content script').length") == 0
    page.goto(reverse("forums:thread", kwargs={"code": course.code, "thread_id": thread.pk}))
    screenshot(page, "forum-thread")
    page.goto(reverse("forums:index", kwargs={"code": course.code}))
    wait_until(page, "document.querySelector('h1') !== null")
    screenshot(page, "forum-index")
