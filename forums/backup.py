"""Forums in course backups (backups.api): categories, forums with their settings, and the
threads the course's staff started, with the staff's posts and their attachments.

What goes in (docs/backups.md, "Forums"): Chamilo's course backup carries forum threads and
posts; our rule is that learners' contributions never leave their course. So a backup keeps
what the teachers and tutors wrote (a "Introduce yourself" thread, a graded discussion and
its instructions, their answers) and leaves out every thread a learner started and every
post a learner wrote. A staff reply to a learner's post answers, once restored, the nearest
post of the thread that was kept. Authors are the person restoring, as for every other
tool's content (backups.api.build); group forums, read marks, subscriptions and grades stay
out. "Staff" is who is teacher or tutor of the course, or a platform administrator, when the
backup is made.

A category whose title the course already uses is the course's own (forums join it); a forum
is in conflict with one of the same title, and its threads go with it (a forum kept by
"skip" keeps its own threads). Restored threads are remembered as "forums.thread", so that
learning-path items and gradebook evaluations drawn from a thread point at its copy.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backups.api import (
    Provider,
    delete_files_on_commit,
    dump,
    numbered,
    plan_conflicts,
    restore_rows,
    select,
)
from courses.models import Enrollment
from forums.models import Forum, ForumCategory, Post, PostAttachment, Thread

THREAD_KIND = "forums.thread"
COUNTERS = ["thread_count", "post_count", "last_post_at"]


def _course_forums(course):
    return Forum.objects.filter(course=course, group_id__isnull=True)


def _staff_ids(course) -> set[int]:
    """Who writes the course's content: its teachers and tutors, and platform admins."""
    staff = set(
        Enrollment.objects.filter(
            course=course, role__in=[Enrollment.Role.TEACHER, Enrollment.Role.TUTOR]
        ).values_list("user_id", flat=True)
    )
    admins = get_user_model().objects.filter(Q(is_superuser=True) | Q(is_staff=True))
    return staff | set(admins.values_list("pk", flat=True))


def items(course) -> list[tuple[int, str]]:
    return list(_course_forums(course).values_list("pk", "title"))


def _kept_posts(threads, staff: set[int]) -> tuple[list[int], dict[int, int | None]]:
    """The staff's posts in ``threads`` (ids, in order) and, for each, the nearest kept post it
    answers (None: the thread itself)."""
    rows = list(
        Post.objects.filter(thread__in=threads)
        .order_by("thread", "created_at", "pk")
        .values_list("pk", "parent_id", "author_id")
    )
    parent_of = {pk: parent for pk, parent, _author in rows}
    kept = [pk for pk, _parent, author in rows if author in staff]
    kept_set = set(kept)
    answers = {}
    for pk in kept:
        parent = parent_of[pk]
        seen = set()
        while parent is not None and parent not in kept_set and parent not in seen:
            seen.add(parent)
            parent = parent_of.get(parent)
        answers[pk] = parent
    return kept, answers


def export(course, selection, writer) -> dict:
    forums = select(_course_forums(course), selection)
    forum_rows = dump(forums, exclude=COUNTERS)
    categories = ForumCategory.objects.filter(course=course)
    if selection is not None:
        categories = categories.filter(pk__in={row["category_id"] for row in forum_rows})
    staff = _staff_ids(course)
    threads = Thread.objects.filter(forum__in=forums, author_id__in=staff)
    post_ids, answers = _kept_posts(threads, staff)
    posts = dump(Post.objects.filter(pk__in=post_ids).order_by("thread", "created_at", "pk"))
    for row in posts:
        row["parent_id"] = answers[row["id"]]
    return {
        "categories": dump(categories),
        "forums": forum_rows,
        "threads": dump(threads.order_by("forum", "pk"), exclude=["post_count"]),
        "posts": posts,
        "attachments": dump(
            PostAttachment.objects.filter(post_id__in=post_ids), writer=writer, tool="forums"
        ),
    }


def _restore_categories(course, data, context) -> dict:
    existing = {
        category.title.lower(): category for category in ForumCategory.objects.filter(course=course)
    }
    categories, new_rows = {}, []
    for row in data.get("categories", []):
        same = existing.get(row["title"].lower())
        if same is not None:
            categories[row["id"]] = same
        else:
            new_rows.append(row)
    categories.update(restore_rows(ForumCategory, new_rows, context=context, course_id=course.pk))
    return categories, len(new_rows)


def _restore_posts(data, threads, files, context) -> tuple[dict, dict]:
    posts = restore_rows(
        Post,
        [{**row, "parent_id": None} for row in data.get("posts", [])],
        context=context,
        html=["content"],
        parent="thread",
        parents=threads,
    )
    answers = {row["id"]: row.get("parent_id") for row in data.get("posts", [])}
    for old_id, post in posts.items():
        parent = posts.get(answers[old_id])
        post.parent_id = parent.pk if parent else None
    Post.objects.bulk_update(list(posts.values()), ["parent_id"], batch_size=500)
    attachments = restore_rows(
        PostAttachment,
        data.get("attachments", []),
        context=context,
        files=files,
        file_fields=["file"],
        display_name="name",
        parent="post",
        parents=posts,
    )
    return posts, attachments


def _refresh_counters(forums: dict, threads: dict, posts: dict) -> None:
    """Threads' and forums' counters from what was restored (in memory: no query per row),
    as forums.services keeps them: approved posts only; a thread without one is not counted."""
    for thread in threads.values():
        thread.post_count = 0
    for post in posts.values():
        if post.status == Post.Status.APPROVED:
            thread = post.thread
            thread.post_count += 1
            if thread.last_post_at is None or post.created_at > thread.last_post_at:
                thread.last_post_at = post.created_at
    for forum in forums.values():
        forum.thread_count, forum.post_count, forum.last_post_at = 0, 0, None
    by_pk = {forum.pk: forum for forum in forums.values()}
    for thread in threads.values():
        forum = by_pk[thread.forum_id]
        if thread.post_count:
            forum.thread_count += 1
            forum.post_count += thread.post_count
            if forum.last_post_at is None or thread.last_post_at > forum.last_post_at:
                forum.last_post_at = thread.last_post_at
    Thread.objects.bulk_update(list(threads.values()), ["post_count", "last_post_at"], 500)
    Forum.objects.bulk_update(list(forums.values()), COUNTERS, batch_size=500)


def restore(course, data, files, conflict_policy, context) -> dict:
    categories, category_count = _restore_categories(course, data, context)
    existing = {
        title.lower(): pk for pk, title in _course_forums(course).values_list("pk", "title")
    }
    plan = plan_conflicts(
        data.get("forums", []),
        existing,
        key=lambda row: row["title"].lower(),
        rename=lambda row, n: row.update(title=numbered(row["title"], n)),
        policy=conflict_policy,
    )
    _delete(_course_forums(course).filter(pk__in=plan.replaced))
    context.remember("forums.forum", plan.kept)
    rows = []
    for row in plan.rows:
        category = categories.get(row.get("category_id"))
        rows.append({**row, "category_id": category.pk if category else None})
    forums = restore_rows(Forum, rows, context=context, html=["description"], course_id=course.pk)
    threads = restore_rows(
        Thread,
        data.get("threads", []),
        context=context,
        map_as=THREAD_KIND,
        parent="forum",
        parents=forums,
    )
    posts, attachments = _restore_posts(data, threads, files, context)
    _refresh_counters(forums, threads, posts)
    return {
        "categories": category_count,
        "forums": len(forums),
        "threads": len(threads),
        "posts": len(posts),
        "attachments": len(attachments),
    }


def _delete(queryset) -> None:
    names = list(
        PostAttachment.objects.filter(post__thread__forum__in=queryset).values_list(
            "file", flat=True
        )
    )
    queryset.delete()
    delete_files_on_commit(names)


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Forums, with their threads and posts")), _course_forums(course).count())]


def empty(course) -> None:
    _delete(_course_forums(course))
    ForumCategory.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="forums",
    label=_("Forums"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
