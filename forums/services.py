"""Writes of the forums tool: forums, threads, posts, moderation, reading, subscriptions."""

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.html import sanitize_html
from core.numbers import number_shown
from courses.models import Course, Enrollment
from courses.permissions import CourseAccess, get_course_access
from forums import selectors
from forums.models import (
    Forum,
    ForumCategory,
    Notification,
    NotificationPreference,
    Post,
    PostAttachment,
    ReadMark,
    Subscription,
    Thread,
    ThreadGrade,
)

# Authors may change or take back a post for a day, while nobody has replied to it.
AUTHOR_EDIT_WINDOW = timedelta(days=1)
POST_MAX_LENGTH = 100_000


class PostRefused(Exception):
    """A post the rules refuse; the message says why."""


@transaction.atomic
def category_save(*, course: Course, title: str, category: ForumCategory | None = None):
    category = category or ForumCategory(course=course)
    category.title = title
    category.save()
    return category


@transaction.atomic
def forum_save(*, course: Course, forum: Forum | None = None, **fields) -> Forum:
    forum = forum or Forum(course=course)
    for key, value in fields.items():
        setattr(forum, key, value)
    forum.description = sanitize_html(forum.description)
    forum.save()
    return forum


@transaction.atomic
def forum_delete(*, forum: Forum) -> None:
    forum.delete()


@transaction.atomic
def group_forum_ensure(*, course: Course, group_id: int, name: str) -> Forum:
    """The group's forum, created the first time someone opens the group's forum space."""
    forum = Forum.objects.filter(course=course, group_id=group_id).order_by("pk").first()
    if forum is None:
        forum = Forum.objects.create(course=course, group_id=group_id, title=name)
    return forum


def _clean_content(content: str) -> str:
    clean = sanitize_html(content or "")
    if not clean.strip():
        raise PostRefused(_("The message is empty."))
    if len(clean) > POST_MAX_LENGTH:
        raise PostRefused(_("The message is too long."))
    return clean


def _attach(post: Post, files: Iterable) -> None:
    for upload in files:
        PostAttachment.objects.create(
            post=post,
            file=upload,
            name=(upload.name or "file").rsplit("/", 1)[-1][:255],
            size=upload.size or 0,
        )


def _refresh_counters(thread: Thread) -> None:
    approved = thread.posts.filter(status=Post.Status.APPROVED).aggregate(
        count=Count("pk"), last=Max("created_at")
    )
    Thread.objects.filter(pk=thread.pk).update(
        post_count=approved["count"], last_post_at=approved["last"] or thread.created_at
    )
    _refresh_forum_only(thread.forum)


def _published(post: Post) -> None:
    """What follows a post becoming visible: counters, learning paths, e-mail."""
    from learnpaths import api as learnpaths_api

    _refresh_counters(post.thread)
    if post.author_id:
        learnpaths_api.report_outcome(
            kind="forum_thread",
            target_id=post.thread_id,
            user=post.author,
            course_id=post.thread.forum.course_id,
        )
    post_pk = post.pk
    transaction.on_commit(lambda: _queue_notifications(post_pk))


def _queue_notifications(post_id: int) -> None:
    from forums.tasks import notify_post_task

    notify_post_task.delay(post_id)


@transaction.atomic
def thread_create(
    *,
    forum: Forum,
    author,
    title: str,
    content: str,
    moderator: bool,
    anonymous: bool = False,
    attachments: Iterable = (),
) -> Thread:
    """A thread and its first post; waiting for approval in a moderated forum."""
    clean = _clean_content(content)
    if anonymous and not forum.allow_anonymous:
        raise PostRefused(_("This forum does not take anonymous posts."))
    now = timezone.now()
    thread = Thread.objects.create(
        forum=forum, title=title, author=author, anonymous=anonymous, last_post_at=now
    )
    _new_post(thread, author, clean, None, anonymous, moderator, attachments)
    return thread


def _new_post(thread, author, clean, parent, anonymous, moderator, attachments) -> Post:
    waiting = thread.forum.moderated and not moderator
    post = Post.objects.create(
        thread=thread,
        author=author,
        parent=parent,
        anonymous=anonymous,
        content=clean,
        status=Post.Status.PENDING if waiting else Post.Status.APPROVED,
    )
    _attach(post, attachments)
    if not waiting:
        _published(post)
    return post


@transaction.atomic
def post_create(
    *,
    thread: Thread,
    author,
    content: str,
    moderator: bool,
    parent: Post | None = None,
    anonymous: bool = False,
    attachments: Iterable = (),
) -> Post:
    """A reply in a thread; ``parent`` is the post it answers (quoting is in ``content``)."""
    if parent is not None and parent.thread_id != thread.pk:
        raise PostRefused(_("That post belongs to another thread."))
    if anonymous and not thread.forum.allow_anonymous:
        raise PostRefused(_("This forum does not take anonymous posts."))
    return _new_post(
        thread, author, _clean_content(content), parent, anonymous, moderator, attachments
    )


def quote_html(post: Post) -> str:
    """The HTML a reply starts with when it quotes ``post``."""
    name = _("Anonymous") if post.anonymous else (post.author.display_name if post.author else "")
    return sanitize_html(
        f"<blockquote><p><strong>{_('%(name)s wrote:') % {'name': name}}</strong></p>"
        f"{post.content}</blockquote><p></p>"
    )


def author_may_change(post: Post, user, now=None) -> bool:
    if post.author_id is None or post.author_id != user.pk:
        return False
    if (now or timezone.now()) - post.created_at > AUTHOR_EDIT_WINDOW:
        return False
    if post.thread.locked or post.thread.forum.locked:
        return False
    return not post.replies.exists()


@transaction.atomic
def post_update(*, post: Post, content: str, attachments: Iterable = ()) -> Post:
    post.content = _clean_content(content)
    post.edited_at = timezone.now()
    post.save(update_fields=["content", "edited_at"])
    _attach(post, attachments)
    return post


@transaction.atomic
def post_delete(*, post: Post) -> bool:
    """Delete a post; the thread goes too when it was its only post. True if the thread went."""
    thread = post.thread
    post.delete()
    if not thread.posts.exists():
        forum = thread.forum
        thread.delete()
        _refresh_forum_only(forum)
        return True
    _refresh_counters(thread)
    return False


def _refresh_forum_only(forum: Forum) -> None:
    totals = Thread.objects.filter(forum=forum).aggregate(
        threads=Count("pk", filter=Q(post_count__gt=0)),
        posts=Sum("post_count"),
        last=Max("last_post_at", filter=Q(post_count__gt=0)),
    )
    Forum.objects.filter(pk=forum.pk).update(
        thread_count=totals["threads"],
        post_count=totals["posts"] or 0,
        last_post_at=totals["last"],
    )


@transaction.atomic
def post_approve(*, post: Post) -> Post:
    if post.status != Post.Status.APPROVED:
        post.status = Post.Status.APPROVED
        post.save(update_fields=["status"])
        _published(post)
    return post


@transaction.atomic
def thread_update(
    *,
    thread: Thread,
    pinned: bool | None = None,
    locked: bool | None = None,
    forum: Forum | None = None,
    graded: bool | None = None,
    score_max: Decimal | None = None,
) -> Thread:
    """Pin, lock, grade or move a thread (``forum`` must be of the same course)."""
    old_forum = thread.forum
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    if graded is not None:
        thread.graded = graded
    if score_max is not None:
        thread.score_max = score_max
    if forum is not None and forum.pk != old_forum.pk:
        if forum.course_id != old_forum.course_id:
            raise PostRefused(_("A thread moves only within its course."))
        thread.forum = forum
    thread.save()
    if thread.forum_id != old_forum.pk:
        _refresh_forum_only(old_forum)
        _refresh_forum_only(thread.forum)
    return thread


@transaction.atomic
def thread_mark_read(*, thread: Thread, user) -> None:
    if user.is_authenticated:
        ReadMark.objects.update_or_create(
            user=user, thread=thread, defaults={"read_at": timezone.now()}
        )


@transaction.atomic
def subscription_toggle(*, user, forum: Forum | None = None, thread: Thread | None = None) -> bool:
    """Follow or stop following a forum or a thread; True when now following."""
    deleted, _rows = Subscription.objects.filter(user=user, forum=forum, thread=thread).delete()
    if deleted:
        return False
    Subscription.objects.create(user=user, forum=forum, thread=thread)
    return True


@transaction.atomic
def preference_set(*, user, course: Course, mode: str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, course=course, defaults={"mode": mode}
    )
    return preference


@transaction.atomic
def grades_set(*, thread: Thread, scores: dict[int, Decimal | None]) -> None:
    """{user id: score or None (removes it)} for a graded thread; scores within 0..score_max."""
    for user_id, score in scores.items():
        if score is None:
            ThreadGrade.objects.filter(thread=thread, user_id=user_id).delete()
            continue
        if score < 0 or score > thread.score_max:
            raise PostRefused(
                _("Scores go from 0 to %(max)s.") % {"max": number_shown(thread.score_max)}
            )
        ThreadGrade.objects.update_or_create(
            thread=thread, user_id=user_id, defaults={"score": score}
        )


def _reader_accesses(course: Course, user_ids: set[int]) -> dict[int, tuple]:
    """{user id: (user, CourseAccess)} for the given users, in two queries."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    roles = dict(
        Enrollment.objects.filter(course=course, user_id__in=user_ids)
        .order_by()
        .values_list("user_id", "role")
    )
    return {user.pk: (user, get_course_access(user, course, roles.get(user.pk))) for user in users}


def post_recipients(post: Post) -> list[tuple]:
    """[(user, CourseAccess)] to tell of a published post.

    Subscribers of its forum or of its thread, each once; never its author; never someone who
    may not read it (a hidden forum, a group's private forum, a course they left).
    """
    if post.status != Post.Status.APPROVED:
        return []
    thread = post.thread
    forum = thread.forum
    user_ids = set(
        Subscription.objects.filter(Q(forum=forum) | Q(thread=thread)).values_list(
            "user_id", flat=True
        )
    )
    user_ids.discard(post.author_id)
    recipients = []
    for user, access in _reader_accesses(forum.course, user_ids).values():
        if selectors.can_read_forum(access, forum):
            recipients.append((user, access))
    return recipients


@transaction.atomic
def notifications_create(*, post: Post) -> list[Notification]:
    """One Notification per recipient of the post (idempotent: a retry adds none)."""
    recipients = post_recipients(post)
    daily = set(
        NotificationPreference.objects.filter(
            course_id=post.thread.forum.course_id,
            user_id__in=[user.pk for user, _access in recipients],
            mode=NotificationPreference.Mode.DAILY,
        ).values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        [Notification(user=user, post=post, digest=user.pk in daily) for user, _a in recipients],
        ignore_conflicts=True,
    )
    return list(Notification.objects.filter(post=post).select_related("user"))


def viewer_access(user, course: Course) -> CourseAccess:
    return get_course_access(user, course)


# --- A deleted group's forum (groups.api.GroupContent) -----------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    """Messages (published or waiting) in the group's forums."""
    return Post.objects.filter(
        thread__forum__course=course, thread__forum__group_id=group_id
    ).count()


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's forums become course forums, hidden from learners until a teacher
    shows them (they were the group's). Else they go, with their threads."""
    forums = Forum.objects.filter(course=course, group_id=group_id)
    if keep:
        forums.update(group_id=None, visible=False)
        return
    for forum in forums:
        forum_delete(forum=forum)
