from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.numbers import number_parsed
from courses.permissions import Access, course_groups, course_view
from forums import selectors, services
from forums.forms import (
    CategoryForm,
    ForumForm,
    PostForm,
    PreferenceForm,
    SearchForm,
    ThreadModerationForm,
)
from forums.models import (
    Forum,
    ForumCategory,
    NotificationPreference,
    Post,
    PostAttachment,
    Thread,
    ThreadGrade,
)

TOOL = "forums"
THREADS_PER_PAGE = 50
POSTS_PER_PAGE = 100


def _forum(request, forum_id) -> Forum:
    """A forum of the course this person may read: 404 for another course's, 403 if hidden."""
    forum = get_object_or_404(Forum, pk=forum_id, course=request.course)
    if not selectors.can_read_forum(request.course_access, forum):
        raise PermissionDenied
    return forum


def _thread(request, thread_id) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("forum", "author"),
        pk=thread_id,
        forum__course=request.course,
    )
    if not selectors.can_read_forum(request.course_access, thread.forum):
        raise PermissionDenied
    return thread


def _post(request, post_id) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__forum", "author"),
        pk=post_id,
        thread__forum__course=request.course,
    )
    if not selectors.can_read_forum(request.course_access, post.thread.forum):
        raise PermissionDenied
    return post


def _moderator_or_403(request, forum: Forum) -> None:
    if not selectors.forum_moderator(request.course_access, forum):
        raise PermissionDenied


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def index(request, code, group_id=None):
    group = request.group_access
    if group is not None:
        services.group_forum_ensure(course=request.course, group_id=group.group_id, name=group.name)
    return render(
        request,
        "forums/index.html",
        {
            "sections": selectors.forum_index(
                request.course_access, request.user, group_id=group and group.group_id
            ),
            "group": group,
            "search_form": SearchForm(),
            "can_manage": request.course_access.can_manage,
        },
    )


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def category_edit(request, code, category_id=None):
    category = None
    if category_id is not None:
        category = get_object_or_404(ForumCategory, pk=category_id, course=request.course)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        services.category_save(
            course=request.course, category=category, title=form.cleaned_data["title"]
        )
        messages.success(request, _("The category has been saved."))
        return redirect("forums:index", code=code)
    title = _("Edit the category") if category else _("New forum category")
    return render(request, "forums/form.html", {"form": form, "title": title})


@course_view(Access.MANAGE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def forum_edit(request, code, forum_id=None):
    forum = get_object_or_404(Forum, pk=forum_id, course=request.course) if forum_id else None
    form = ForumForm(
        request.POST or None,
        instance=forum,
        course=request.course,
        groups=[
            (scope.group_id, scope.name)
            for scope in course_groups(request.course_access)
            if scope.tool_exists(TOOL)
        ],
    )
    if request.method == "POST" and form.is_valid():
        forum = services.forum_save(course=request.course, forum=forum, **form.cleaned_data)
        messages.success(request, _("The forum has been saved."))
        return redirect("forums:forum", code=code, forum_id=forum.pk)
    title = _("Edit the forum") if forum else _("New forum")
    return render(request, "forums/form.html", {"form": form, "title": title, "rich": True})


@course_view(Access.MANAGE, tool=TOOL)
@require_POST
def forum_delete(request, code, forum_id):
    forum = get_object_or_404(Forum, pk=forum_id, course=request.course)
    services.forum_delete(forum=forum)
    messages.success(request, _("The forum has been deleted."))
    return redirect("forums:index", code=code)


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def forum(request, code, forum_id):
    forum = _forum(request, forum_id)
    access = request.course_access
    moderator = selectors.forum_moderator(access, forum)
    threads = selectors.forum_threads(forum, request.user, moderator=moderator)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "page": page,
            "moderator": moderator,
            "can_post": selectors.can_post_in(access, forum),
            "subscribed": selectors.is_subscribed(request.user, forum=forum),
            "pending": selectors.pending_posts(forum)[:50] if moderator else [],
        },
    )


def _files(request):
    return request.FILES.getlist("attachments")


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def thread_create(request, code, forum_id):
    forum = _forum(request, forum_id)
    access = request.course_access
    if not selectors.can_post_in(access, forum):
        raise PermissionDenied
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        with_title=True,
        allow_anonymous=forum.allow_anonymous,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                forum=forum,
                author=request.user,
                title=data["title"],
                content=data["content"],
                anonymous=data.get("anonymous", False),
                attachments=data["attachments"],
                moderator=selectors.forum_moderator(access, forum),
            )
        except services.PostRefused as refused:
            form.add_error("content", str(refused))
        else:
            _said_posted(request, forum)
            return redirect("forums:thread", code=code, thread_id=thread.pk)
    return render(
        request,
        "forums/post_form.html",
        {"form": form, "forum": forum, "title": _("New thread")},
    )


def _said_posted(request, forum: Forum) -> None:
    if forum.moderated and not selectors.forum_moderator(request.course_access, forum):
        messages.info(request, _("Your message will appear once a teacher has approved it."))
    else:
        messages.success(request, _("Your message has been posted."))


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def thread(request, code, thread_id):
    thread = _thread(request, thread_id)
    access = request.course_access
    moderator = selectors.forum_moderator(access, thread.forum)
    own = request.user.is_authenticated and thread.author_id == request.user.pk
    if not (moderator or thread.post_count or own):
        raise Http404  # its first post awaits approval: the thread is not there yet
    posts = selectors.thread_posts(thread, access=access, moderator=moderator)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    if request.user.is_authenticated:
        services.thread_mark_read(thread=thread, user=request.user)
    for post in page.object_list:
        post.may_change = moderator or (
            request.user.is_authenticated and post.author_id == request.user.pk
        )
    context = {
        "thread": thread,
        "forum": thread.forum,
        "page": page,
        "moderator": moderator,
        "can_post": selectors.can_post_in(access, thread.forum, thread),
        "subscribed": selectors.is_subscribed(request.user, thread=thread),
    }
    if moderator:
        context["moderation_form"] = ThreadModerationForm(
            instance=thread,
            forums=selectors.move_targets(access, thread.forum),
            grading=access.can_tutor,
        )
    return render(request, "forums/thread.html", context)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def reply(request, code, thread_id):
    thread = _thread(request, thread_id)
    access = request.course_access
    forum = thread.forum
    if not selectors.can_post_in(access, forum, thread):
        raise PermissionDenied
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id:
        parent = get_object_or_404(Post, pk=parent_id, thread=thread, status=Post.Status.APPROVED)
    initial = {}
    if parent is not None and request.GET.get("quote"):
        initial["content"] = services.quote_html(parent)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        with_title=False,
        allow_anonymous=forum.allow_anonymous,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                thread=thread,
                author=request.user,
                content=data["content"],
                parent=parent,
                anonymous=data.get("anonymous", False),
                attachments=data["attachments"],
                moderator=selectors.forum_moderator(access, forum),
            )
        except services.PostRefused as refused:
            form.add_error("content", str(refused))
        else:
            _said_posted(request, forum)
            url = redirect("forums:thread", code=code, thread_id=thread.pk)
            url["Location"] += f"#post-{post.pk}"
            return url
    return render(
        request,
        "forums/post_form.html",
        {"form": form, "forum": forum, "thread": thread, "parent": parent, "title": _("Reply")},
    )


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def post_edit(request, code, post_id):
    post = _post(request, post_id)
    forum = post.thread.forum
    if not (
        selectors.forum_moderator(request.course_access, forum)
        or services.author_may_change(post, request.user)
    ):
        raise PermissionDenied
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        initial={"content": post.content},
        with_title=False,
        allow_anonymous=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                post=post,
                content=form.cleaned_data["content"],
                attachments=form.cleaned_data["attachments"],
            )
        except services.PostRefused as refused:
            form.add_error("content", str(refused))
        else:
            messages.success(request, _("Your changes have been saved."))
            response = redirect("forums:thread", code=code, thread_id=post.thread_id)
            response["Location"] += f"#post-{post.pk}"
            return response
    return render(
        request,
        "forums/post_form.html",
        {"form": form, "forum": forum, "thread": post.thread, "title": _("Edit the message")},
    )


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def post_delete(request, code, post_id):
    post = _post(request, post_id)
    forum = post.thread.forum
    if not (
        selectors.forum_moderator(request.course_access, forum)
        or services.author_may_change(post, request.user)
    ):
        raise PermissionDenied
    thread_gone = services.post_delete(post=post)
    messages.success(request, _("The message has been deleted."))
    if thread_gone:
        return redirect("forums:forum", code=code, forum_id=forum.pk)
    return redirect("forums:thread", code=code, thread_id=post.thread_id)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def post_approve(request, code, post_id):
    post = _post(request, post_id)
    _moderator_or_403(request, post.thread.forum)
    services.post_approve(post=post)
    messages.success(request, _("The message is now published."))
    return redirect("forums:thread", code=code, thread_id=post.thread_id)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def thread_moderate(request, code, thread_id):
    thread = _thread(request, thread_id)
    _moderator_or_403(request, thread.forum)
    form = ThreadModerationForm(
        request.POST,
        instance=Thread.objects.get(pk=thread.pk),
        forums=selectors.move_targets(request.course_access, thread.forum),
        grading=request.course_access.can_tutor,
    )
    if form.is_valid():
        services.thread_update(thread=thread, **form.cleaned_data)
        messages.success(request, _("The thread has been updated."))
    else:
        messages.error(request, _("The thread could not be updated."))
    return redirect("forums:thread", code=code, thread_id=thread.pk)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def subscribe_forum(request, code, forum_id):
    forum = _forum(request, forum_id)
    following = services.subscription_toggle(user=request.user, forum=forum)
    messages.success(
        request,
        _("You follow this forum by e-mail.") if following else _("You no longer follow it."),
    )
    return redirect("forums:forum", code=code, forum_id=forum.pk)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_POST
def subscribe_thread(request, code, thread_id):
    thread = _thread(request, thread_id)
    following = services.subscription_toggle(user=request.user, thread=thread)
    messages.success(
        request,
        _("You follow this thread by e-mail.") if following else _("You no longer follow it."),
    )
    return redirect("forums:thread", code=code, thread_id=thread.pk)


@course_view(Access.PARTICIPATE, tool=TOOL)
@require_http_methods(["GET", "POST"])
def preferences(request, code):
    current = NotificationPreference.objects.filter(
        user=request.user, course=request.course
    ).first()
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            user=request.user, course=request.course, mode=form.cleaned_data["mode"]
        )
        messages.success(request, _("Your e-mail preference has been saved."))
        return redirect("forums:index", code=code)
    return render(
        request, "forums/form.html", {"form": form, "title": _("Forum e-mail preference")}
    )


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def search(request, code):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if query:
        results = selectors.search_posts(request.course_access, query)
        page = Paginator(results, 30).get_page(request.GET.get("page"))
    return render(request, "forums/search.html", {"form": form, "query": query, "page": page})


@course_view(Access.TUTOR, tool=TOOL)
@require_http_methods(["GET", "POST"])
def grade(request, code, thread_id):
    thread = _thread(request, thread_id)
    if not thread.graded:
        raise Http404
    authors = {
        post.author_id: post.author
        for post in thread.posts.select_related("author").exclude(author=None)
    }
    grades = {g.user_id: g.score for g in ThreadGrade.objects.filter(thread=thread)}
    if request.method == "POST":
        scores, bad = {}, False
        for user_id in authors:
            raw = request.POST.get(f"score_{user_id}", "").strip()
            try:
                scores[user_id] = number_parsed(raw) if raw else None
            except ValueError:
                bad = True
        try:
            if bad:
                raise services.PostRefused(_("Scores are numbers."))
            services.grades_set(thread=thread, scores=scores)
        except services.PostRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The scores have been saved."))
            return redirect("forums:thread", code=code, thread_id=thread.pk)
    rows = [
        {"user": user, "score": grades.get(user_id)}
        for user_id, user in sorted(authors.items(), key=lambda item: item[1].username)
    ]
    return render(request, "forums/grade.html", {"thread": thread, "rows": rows})


@course_view(Access.VIEW, tool=TOOL)
@require_GET
def attachment(request, code, attachment_id):
    item = get_object_or_404(
        PostAttachment.objects.select_related("post__thread__forum"),
        pk=attachment_id,
        post__thread__forum__course=request.course,
    )
    forum = item.post.thread.forum
    if not selectors.can_read_forum(request.course_access, forum):
        raise PermissionDenied
    if item.post.status != Post.Status.APPROVED and not (
        selectors.forum_moderator(request.course_access, forum)
        or (request.user.is_authenticated and item.post.author_id == request.user.pk)
    ):
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
