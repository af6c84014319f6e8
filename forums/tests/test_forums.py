from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.tests.factories import EnrollmentFactory
from forums import api, services
from forums.models import Notification, NotificationPreference, Post, Subscription, Thread
from forums.tasks import daily_digest_task
from forums.tests.factories import ForumFactory, ThreadFactory
from groups.tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def url(name, course, **kwargs):
    return reverse(f"forums:{name}", kwargs={"code": course.code, **kwargs})


def new_thread(forum, author, content="<p>First</p>", moderator=False, title="T", **kwargs):
    return services.thread_create(
        forum=forum, author=author, title=title, content=content, moderator=moderator, **kwargs
    )


def test_learner_starts_a_thread_replies_quotes_and_script_is_stripped(course_roles, client_for):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    learner = client_for(course_roles["learner"])
    response = learner.post(
        url("thread_create", course, forum_id=forum.pk),
        {
            "title": "Photosynthesis",
            "content": '<p>Light<script>alert(1)</script><img src=x onerror="alert(2)"></p>',
        },
    )
    assert response.status_code == 302, response.content
    thread = Thread.objects.get()
    post = thread.posts.get()
    assert "<script" not in post.content and "onerror" not in post.content
    assert "Light" in post.content
    quote = learner.get(url("reply", course, thread_id=thread.pk) + f"?parent={post.pk}&quote=1")
    assert "<blockquote>" in quote.context["form"]["content"].value()
    teacher = client_for(course_roles["teacher"])
    teacher.post(
        url("reply", course, thread_id=thread.pk),
        {"content": "<p>Well done</p>", "parent": post.pk},
    )
    reply = Post.objects.exclude(pk=post.pk).get()
    assert reply.parent_id == post.pk
    forum.refresh_from_db()
    thread.refresh_from_db()
    assert (forum.thread_count, forum.post_count, thread.post_count) == (1, 2, 2)
    page = learner.get(url("thread", course, thread_id=thread.pk))
    assert b"Well done" in page.content and b"in reply to" in page.content


def test_author_edits_and_deletes_within_the_rules_teachers_always(course_roles, client_for):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    learner = course_roles["learner"]
    thread = new_thread(forum, learner)
    first = thread.posts.get()
    client = client_for(learner)
    response = client.post(url("post_edit", course, post_id=first.pk), {"content": "<p>Fixed</p>"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.edited_at is not None and "Fixed" in first.content
    page = client.get(url("thread", course, thread_id=thread.pk))
    assert b"post-edited" in page.content
    services.post_create(
        thread=thread,
        author=course_roles["tutor"],
        content="<p>Re</p>",
        moderator=True,
        parent=first,
    )
    # Somebody answered: the author may no longer change or take back the post.
    assert (
        client.post(url("post_edit", course, post_id=first.pk), {"content": "x"}).status_code == 403
    )
    assert client.post(url("post_delete", course, post_id=first.pk)).status_code == 403
    other = client_for(EnrollmentFactory(course=course).user)
    assert other.post(url("post_delete", course, post_id=first.pk)).status_code == 403
    teacher = client_for(course_roles["teacher"])
    assert teacher.post(url("post_delete", course, post_id=first.pk)).status_code == 302
    assert not Post.objects.filter(pk=first.pk).exists()


def test_moderated_forum_hides_posts_until_approved(course_roles, client_for):
    course = course_roles["course"]
    forum = ForumFactory(course=course, moderated=True)
    author = course_roles["learner"]
    thread = new_thread(forum, author, content="<p>Waiting text</p>", title="Pending subject")
    assert thread.posts.get().status == Post.Status.PENDING
    other = client_for(EnrollmentFactory(course=course).user)
    assert other.get(url("thread", course, thread_id=thread.pk)).status_code == 404
    assert thread.title.encode() not in other.get(url("forum", course, forum_id=forum.pk)).content
    assert (
        thread.title.encode()
        in client_for(author).get(url("forum", course, forum_id=forum.pk)).content
    )
    assert (
        b"Waiting text"
        in client_for(author).get(url("thread", course, thread_id=thread.pk)).content
    )
    post = thread.posts.get()
    assert client_for(author).post(url("post_approve", course, post_id=post.pk)).status_code == 403
    client_for(course_roles["teacher"]).post(url("post_approve", course, post_id=post.pk))
    assert b"Waiting text" in other.get(url("thread", course, thread_id=thread.pk)).content


def test_locked_hidden_and_anonymous_forums(course_roles, client_for):
    course = course_roles["course"]
    learner = client_for(course_roles["learner"])
    locked = ForumFactory(course=course, locked=True)
    assert learner.get(url("thread_create", course, forum_id=locked.pk)).status_code == 403
    assert (
        client_for(course_roles["teacher"])
        .get(url("thread_create", course, forum_id=locked.pk))
        .status_code
        == 200
    )
    hidden = ForumFactory(course=course, visible=False, title="Secret forum")
    assert learner.get(url("forum", course, forum_id=hidden.pk)).status_code == 403
    assert b"Secret forum" not in learner.get(url("index", course)).content
    plain = ForumFactory(course=course)
    with pytest.raises(services.PostRefused):
        new_thread(plain, course_roles["learner"], anonymous=True)
    anonymous = ForumFactory(course=course, allow_anonymous=True)
    thread = new_thread(anonymous, course_roles["learner"], anonymous=True)
    page = client_for(course_roles["tutor"]).get(url("thread", course, thread_id=thread.pk))
    assert b"Anonymous" in page.content
    assert course_roles["learner"].display_name.encode() not in page.content


def test_pin_lock_move(course_roles, client_for):
    course = course_roles["course"]
    forum, other = ForumFactory(course=course), ForumFactory(course=course)
    thread = new_thread(forum, course_roles["learner"])
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(
        url("thread_moderate", course, thread_id=thread.pk),
        {"forum": other.pk, "pinned": "on", "locked": "on", "score_max": "10"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (thread.forum_id, thread.pinned, thread.locked) == (other.pk, True, True)
    other.refresh_from_db()
    forum.refresh_from_db()
    assert (forum.thread_count, other.thread_count) == (0, 1)
    learner = client_for(course_roles["learner"])
    assert learner.get(url("reply", course, thread_id=thread.pk)).status_code == 403
    assert (
        learner.post(
            url("thread_moderate", course, thread_id=thread.pk), {"forum": forum.pk}
        ).status_code
        == 403
    )


def test_read_and_unread(course_roles, client_for):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    thread = new_thread(forum, course_roles["teacher"], moderator=True)
    learner = course_roles["learner"]
    client = client_for(learner)
    assert b"1 unread thread" in client.get(url("index", course)).content
    client.get(url("thread", course, thread_id=thread.pk))
    assert b"unread thread" not in client.get(url("index", course)).content
    services.post_create(
        thread=thread, author=course_roles["tutor"], content="<p>n</p>", moderator=True
    )
    assert b"1 unread thread" in client.get(url("index", course)).content


def test_notifications_one_per_post_never_own_never_unreadable(course_roles, settings):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    author, both, thread_only = (
        course_roles["learner"],
        course_roles["tutor"],
        EnrollmentFactory(course=course).user,
    )
    thread = new_thread(forum, course_roles["teacher"], moderator=True)
    for user in (author, both):
        Subscription.objects.create(user=user, forum=forum)
    Subscription.objects.create(user=both, thread=thread)
    Subscription.objects.create(user=thread_only, thread=thread)
    Subscription.objects.create(user=course_roles["outsider"], forum=forum)  # not a member
    mail.outbox.clear()
    with mock.patch("django.db.transaction.on_commit", lambda fn: fn()):
        services.post_create(thread=thread, author=author, content="<p>News</p>", moderator=False)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([both.email, thread_only.email])
    # A hidden forum: learners are told nothing.
    forum.visible = False
    forum.save()
    mail.outbox.clear()
    with mock.patch("django.db.transaction.on_commit", lambda fn: fn()):
        services.post_create(thread=thread, author=author, content="<p>Again</p>", moderator=False)
    assert [m.to[0] for m in mail.outbox] == [both.email]  # the tutor still reads it


def test_group_private_forum_tells_only_members(course_roles):
    course = course_roles["course"]
    group = GroupFactory(course=course, forums="private")
    member, outsider = course_roles["learner"], EnrollmentFactory(course=course).user
    MembershipFactory(group=group, user=member)
    forum = ForumFactory(course=course, group_id=group.pk)
    thread = new_thread(forum, course_roles["teacher"], moderator=True)
    for user in (member, outsider):
        Subscription.objects.create(user=user, forum=forum)
    post = services.post_create(
        thread=thread, author=course_roles["tutor"], content="<p>x</p>", moderator=True
    )
    assert {u.pk for u, _a in services.post_recipients(post)} == {member.pk}


def test_daily_digest_groups_posts_in_one_mail(course_roles):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    reader = course_roles["learner"]
    NotificationPreference.objects.create(user=reader, course=course, mode="daily")
    Subscription.objects.create(user=reader, forum=forum)
    thread = new_thread(forum, course_roles["teacher"], moderator=True)
    mail.outbox.clear()
    with mock.patch("django.db.transaction.on_commit", lambda fn: fn()):
        for text in ("one", "two"):
            services.post_create(
                thread=thread,
                author=course_roles["tutor"],
                content=f"<p>{text}</p>",
                moderator=True,
            )
    assert mail.outbox == []
    assert daily_digest_task() == 1
    assert len(mail.outbox) == 1 and "one" in mail.outbox[0].body and "two" in mail.outbox[0].body
    assert daily_digest_task() == 0  # nothing sent twice
    assert Notification.objects.filter(user=reader, sent_at__isnull=True).count() == 0


def test_search_only_in_readable_forums(course_roles, client_for):
    course = course_roles["course"]
    open_forum = ForumFactory(course=course)
    hidden = ForumFactory(course=course, visible=False)
    new_thread(
        open_forum, course_roles["teacher"], content="<p>mitochondria open</p>", moderator=True
    )
    new_thread(
        hidden, course_roles["teacher"], content="<p>mitochondria hidden</p>", moderator=True
    )
    page = client_for(course_roles["learner"]).get(url("search", course) + "?q=mitochondria")
    assert b"mitochondria open" in page.content and b"mitochondria hidden" not in page.content


def test_graded_thread_and_grade_source(course_roles, client_for):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    thread = new_thread(forum, course_roles["learner"])
    services.thread_update(thread=thread, graded=True, score_max=Decimal("20"))
    learner = course_roles["learner"]
    teacher = client_for(course_roles["teacher"])
    assert teacher.get(url("grade", course, thread_id=thread.pk)).status_code == 200
    response = teacher.post(
        url("grade", course, thread_id=thread.pk), {f"score_{learner.pk}": "15"}
    )
    assert response.status_code == 302
    assert api._graded_threads(course) == [(thread.pk, thread.title)]
    scores = api._scores(item_ids=[thread.pk], user_ids=[learner.pk])
    assert scores[(thread.pk, learner.pk)].score == Decimal("15")
    assert scores[(thread.pk, learner.pk)].max_score == Decimal("20")
    bad = teacher.post(url("grade", course, thread_id=thread.pk), {f"score_{learner.pk}": "25"})
    assert bad.status_code == 200  # refused, shown again
    from gradebook.api import get_grade_source

    assert get_grade_source("forum_thread") is not None
    assert client_for(learner).get(url("grade", course, thread_id=thread.pk)).status_code == 403


def test_posting_reports_to_learning_paths(course_roles):
    from learnpaths.api import get_item_kind

    assert get_item_kind("forum_thread").completion == "report"
    course = course_roles["course"]
    forum = ForumFactory(course=course, moderated=True)
    with mock.patch("learnpaths.api.report_outcome") as report:
        thread = new_thread(forum, course_roles["learner"])
        report.assert_not_called()  # waiting for approval: not done yet
        services.post_approve(post=thread.posts.get())
    report.assert_called_once()
    assert report.call_args.kwargs["kind"] == "forum_thread"
    assert report.call_args.kwargs["target_id"] == thread.pk


def _queries(client, address):
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_thread_query_count_is_the_same_for_10_and_500_posts(course_roles, client_for, role):
    course = course_roles["course"]
    forum = ForumFactory(course=course)
    authors = [EnrollmentFactory(course=course).user for _ in range(5)]
    small, large = (ThreadFactory(forum=forum, post_count=1) for _ in range(2))
    for thread, count in ((small, 10), (large, 500)):
        Post.objects.bulk_create(
            [
                Post(thread=thread, author=authors[i % 5], content=f"<p>{i}</p>")
                for i in range(count)
            ]
        )
    client = client_for(course_roles[role])
    client.get(url("thread", course, thread_id=small.pk))  # first visit writes the read mark
    client.get(url("thread", course, thread_id=large.pk))
    assert _queries(client, url("thread", course, thread_id=small.pk)) == _queries(
        client, url("thread", course, thread_id=large.pk)
    )


def test_forum_list_query_count_does_not_grow_with_threads(course_roles, client_for):
    course = course_roles["course"]
    few, many = ForumFactory(course=course), ForumFactory(course=course)
    for forum, count in ((few, 3), (many, 120)):
        for _ in range(count):
            ThreadFactory(forum=forum, post_count=1)
    client = client_for(course_roles["learner"])
    client.get(url("index", course))  # the session's first request loads more
    assert _queries(client, url("forum", course, forum_id=few.pk)) == _queries(
        client, url("forum", course, forum_id=many.pk)
    )
    before = _queries(client, url("index", course))
    for _ in range(10):
        ForumFactory(course=course)
    assert _queries(client, url("index", course)) == before


def test_another_course_thread_is_404(course_roles, client_for):
    course = course_roles["course"]
    elsewhere = ThreadFactory()
    client = client_for(course_roles["learner"])
    assert client.get(url("thread", course, thread_id=elsewhere.pk)).status_code == 404


def test_teacher_creates_a_forum_for_a_group(course_roles, client_for):
    course = course_roles["course"]
    group = GroupFactory(course=course, forums="private")
    GroupFactory(course=course, forums="off")
    teacher = client_for(course_roles["teacher"])
    form = teacher.get(url("create", course)).context["form"]
    assert [c[0] for c in form.fields["group_id"].choices] == ["", group.pk]
    response = teacher.post(
        url("create", course),
        {"title": "Team room", "group_id": group.pk, "visible": "on", "position": 0},
    )
    assert response.status_code == 302
    from forums.models import Forum

    forum = Forum.objects.get(title="Team room")
    assert forum.group_id == group.pk
    assert (
        client_for(course_roles["learner"]).get(url("forum", course, forum_id=forum.pk)).status_code
        == 403
    )
