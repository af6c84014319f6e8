"""Reads of the forums tool: who may read what, lists already joined, unread counts."""

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery

from courses.permissions import CourseAccess, group_access, group_scope_filter, may_moderate
from forums.models import Forum, ForumCategory, Post, ReadMark, Subscription, Thread

TOOL = "forums"


def sees_hidden(access: CourseAccess) -> bool:
    return access.can_tutor


def forum_moderator(access: CourseAccess, forum: Forum) -> bool:
    """Course teachers and tutors; the group's tutors for a group forum."""
    return may_moderate(access, forum.group_id)


def can_read_forum(access: CourseAccess, forum: Forum) -> bool:
    if not access.can_view:
        return False
    if not forum.visible and not sees_hidden(access):
        return False
    if forum.group_id is not None:
        scope = group_access(access, forum.group_id)
        return scope is not None and scope.can_view(TOOL)
    return True


def can_post_in(access: CourseAccess, forum: Forum, thread: Thread | None = None) -> bool:
    if not access.can_participate or not can_read_forum(access, forum):
        return False
    if forum_moderator(access, forum):
        return True
    if forum.locked or (thread is not None and thread.locked):
        return False
    if forum.group_id is not None:
        scope = group_access(access, forum.group_id)
        return scope is not None and scope.can_participate(TOOL)
    return True


def readable_forums(access: CourseAccess, *, group_id: int | None = None) -> QuerySet[Forum]:
    forums = Forum.objects.filter(course=access.course)
    if group_id is not None:
        forums = forums.filter(group_id=group_id)
    else:
        forums = forums.filter(group_scope_filter(access, TOOL))
    if not sees_hidden(access):
        forums = forums.filter(visible=True)
    return forums


def move_targets(access: CourseAccess, forum: Forum) -> QuerySet[Forum]:
    """Where a moderator may move a thread of ``forum``: a group's tutor stays in the group."""
    if access.can_tutor:
        return readable_forums(access)
    return readable_forums(access, group_id=forum.group_id)


def forum_index(access: CourseAccess, user, *, group_id: int | None = None) -> list[dict]:
    """[{"category": ForumCategory|None, "forums": [Forum with .unread]}], in three queries."""
    forums = list(readable_forums(access, group_id=group_id).select_related("category"))
    unread = unread_counts(user, [f.pk for f in forums])
    sections: dict = {}
    for forum in forums:
        forum.unread = unread.get(forum.pk, 0)
        sections.setdefault(forum.category, []).append(forum)
    ordered = sorted(
        sections.items(),
        key=lambda item: (item[0] is None, item[0].position if item[0] else 0, str(item[0])),
    )
    return [{"category": category, "forums": forums} for category, forums in ordered]


def unread_counts(user, forum_ids: list[int]) -> dict[int, int]:
    """{forum id: threads with posts this user has not read}."""
    if not user.is_authenticated or not forum_ids:
        return {}
    read_at = ReadMark.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    threads = (
        Thread.objects.filter(forum_id__in=forum_ids, post_count__gt=0)
        .annotate(read_at=Subquery(read_at))
        .filter(Q(read_at__isnull=True) | Q(last_post_at__gt=F("read_at")))
        .values_list("forum_id", flat=True)
    )
    counts: dict[int, int] = {}
    for forum_id in threads:
        counts[forum_id] = counts.get(forum_id, 0) + 1
    return counts


def forum_threads(forum: Forum, user, *, moderator: bool = False) -> QuerySet[Thread]:
    """The forum's threads; a thread whose first post awaits approval only for moderators and
    its author."""
    threads = forum.threads.select_related("author")
    if not moderator:
        mine = Q(author_id=user.pk) if user.is_authenticated else Q(pk__in=[])
        threads = threads.filter(Q(post_count__gt=0) | mine)
    if user.is_authenticated:
        read_at = ReadMark.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
        threads = threads.annotate(read_at=Subquery(read_at))
    return threads


def thread_posts(thread: Thread, *, access: CourseAccess, moderator: bool) -> QuerySet[Post]:
    """Published posts, plus waiting ones for moderators and for their own authors."""
    posts = thread.posts.select_related("author", "parent", "parent__author").prefetch_related(
        Prefetch("attachments")
    )
    if not moderator:
        posts = posts.filter(Q(status=Post.Status.APPROVED) | Q(author_id=access.user_id))
    return posts.order_by("created_at", "pk")


def is_subscribed(user, *, forum: Forum | None = None, thread: Thread | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(user=user, forum=forum, thread=thread).exists()


def pending_posts(forum: Forum) -> QuerySet[Post]:
    return Post.objects.filter(thread__forum=forum, status=Post.Status.PENDING).select_related(
        "thread", "author"
    )


def search_posts(access: CourseAccess, query: str) -> QuerySet[Post]:
    """Published posts of the forums this person may read whose text or title has the words."""
    forums = readable_forums(access)
    posts = Post.objects.filter(thread__forum__in=forums, status=Post.Status.APPROVED)
    for word in query.split()[:8]:
        posts = posts.filter(Q(content__icontains=word) | Q(thread__title__icontains=word))
    return posts.select_related("thread", "thread__forum", "author").order_by("-created_at")


def categories(course) -> QuerySet[ForumCategory]:
    return ForumCategory.objects.filter(course=course)
