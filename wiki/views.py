from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.permissions import Access, course_view
from wiki import selectors, services
from wiki.forms import CommentForm, PageForm, SearchForm
from wiki.links import page_key
from wiki.merge import diff_blocks
from wiki.models import WikiPage
from wiki.templatetags.wiki_tags import space_url

TOOL = "wiki"
MAIN_PAGE = "Main page"


def _space(request, group_id) -> dict:
    """What every wiki page needs to know of the space it shows."""
    moderator = selectors.sees_hidden(request.course_access, request.group_access)
    can_write = request.course_access.can_participate
    if request.group_access is not None:
        can_write = request.group_access.can_participate(TOOL)
    return {
        "wiki_group_id": group_id,
        "group": request.group_access,
        "moderator": moderator,
        "can_write": can_write,
    }


def _redirect(request, group_id, name, **kwargs):
    return redirect(space_url(request.course.code, group_id, name, **kwargs))


def _page(request, group_id, key) -> WikiPage:
    page = get_object_or_404(WikiPage, course=request.course, group_id=group_id, key=key)
    if not page.visible and not selectors.sees_hidden(request.course_access, request.group_access):
        raise PermissionDenied
    return page


def _url_for(request, group_id):
    return lambda key: space_url(request.course.code, group_id, "page", key=key)


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def index(request, code, group_id=None):
    space = _space(request, group_id)
    pages = selectors.space_pages(request.course, group_id, include_hidden=space["moderator"])
    main = pages.filter(key__in={page_key(MAIN_PAGE), page_key(_(MAIN_PAGE))}).first()
    if main is not None:
        return _redirect(request, group_id, "page", key=main.key)
    return render(
        request,
        "wiki/index.html",
        {**space, "pages": pages.order_by("title"), "main_key": page_key(MAIN_PAGE)},
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def all_pages(request, code, group_id=None):
    space = _space(request, group_id)
    pages = selectors.space_pages(request.course, group_id, include_hidden=space["moderator"])
    return render(
        request,
        "wiki/index.html",
        {**space, "pages": pages.order_by("title"), "main_key": page_key(MAIN_PAGE)},
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def page(request, code, key, group_id=None):
    space = _space(request, group_id)
    found = WikiPage.objects.filter(course=request.course, group_id=group_id, key=key).first()
    if found is None:
        # A wanted page: linked to but not written yet.
        return render(request, "wiki/wanted_page.html", {**space, "key": key}, status=404)
    found = _page(request, group_id, key)
    html = selectors.rendered(
        found,
        existing=selectors.existing_keys(request.course, group_id),
        url_for=_url_for(request, group_id),
    )
    return render(
        request,
        "wiki/page.html",
        {
            **space,
            "page": found,
            "html": html,
            "may_edit": space["can_write"] and (not found.locked or space["moderator"]),
            "comment_count": found.comments.count(),
        },
    )


@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
@require_http_methods(["GET", "POST"])
def create(request, code, group_id=None):
    space = _space(request, group_id)
    title = request.GET.get("title", "")[:200]
    form = PageForm(request.POST or None, initial={"title": title}, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.page_create(
                course=request.course,
                group_id=group_id,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                comment=form.cleaned_data["comment"],
                author=request.user,
            )
        except services.WikiRefused as refused:
            form.add_error("title", str(refused))
        else:
            messages.success(request, _("The page has been created."))
            return _redirect(request, group_id, "page", key=created.key)
    return render(request, "wiki/edit.html", {**space, "form": form, "page": None})


@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
@require_http_methods(["GET", "POST"])
def edit(request, code, key, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    if current.locked and not space["moderator"]:
        raise PermissionDenied
    form = PageForm(
        request.POST or None,
        initial={"content": current.content, "base_revision": current.revision},
        creating=False,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data["base_revision"] or current.revision
        try:
            _revision, merged = services.page_save(
                page=current,
                base_revision=base,
                content=form.cleaned_data["content"],
                comment=form.cleaned_data["comment"],
                author=request.user,
            )
        except services.EditConflict as clash:
            # Both versions side by side; the writer's text stays in the editor, now based on
            # the latest revision, so saving again is a deliberate choice.
            current.refresh_from_db()
            conflict = clash.merge.conflicts
            form = PageForm(
                initial={
                    "content": clash.mine,
                    "base_revision": current.revision,
                    "comment": form.cleaned_data["comment"],
                },
                creating=False,
            )
            messages.warning(
                request,
                _(
                    "Someone changed the same part of the page while you were editing. "
                    "Compare both versions below, then save what should stay."
                ),
            )
        except services.WikiRefused as refused:
            form.add_error("content", str(refused))
        else:
            if merged:
                messages.info(
                    request,
                    _("Someone saved this page while you were editing: both changes are kept."),
                )
            else:
                messages.success(request, _("The page has been saved."))
            return _redirect(request, group_id, "page", key=current.key)
    return render(
        request,
        "wiki/edit.html",
        {**space, "form": form, "page": current, "conflict": conflict},
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def history(request, code, key, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    revisions = current.revisions.select_related("author").order_by("-number")
    page_obj = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return render(request, "wiki/history.html", {**space, "page": current, "revisions": page_obj})


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def diff(request, code, key, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    try:
        old_number = int(request.GET.get("from", current.revision - 1))
        new_number = int(request.GET.get("to", current.revision))
    except ValueError:
        old_number, new_number = current.revision - 1, current.revision
    old_number, new_number = sorted((old_number, new_number))
    old = get_object_or_404(current.revisions, number=max(old_number, 1))
    new = get_object_or_404(current.revisions, number=new_number)
    return render(
        request,
        "wiki/diff.html",
        {
            **space,
            "page": current,
            "old": old,
            "new": new,
            "rows": diff_blocks(old.content, new.content),
        },
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def revision(request, code, key, number, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    old = get_object_or_404(current.revisions.select_related("author"), number=number)
    html = selectors.rendered(
        old,
        existing=selectors.existing_keys(request.course, group_id),
        url_for=_url_for(request, group_id),
    )
    return render(
        request, "wiki/revision.html", {**space, "page": current, "revision": old, "html": html}
    )


@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
@require_POST
def restore(request, code, key, number, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    if current.locked and not space["moderator"]:
        raise PermissionDenied
    old = get_object_or_404(current.revisions, number=number)
    services.revision_restore(page=current, revision=old, author=request.user)
    messages.success(request, _("Revision %(number)d is the page again.") % {"number": number})
    return _redirect(request, group_id, "page", key=current.key)


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_http_methods(["GET", "POST"])
def discuss(request, code, key, group_id=None):
    space = _space(request, group_id)
    current = _page(request, group_id, key)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not space["can_write"]:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.comment_add(page=current, author=request.user, **form.cleaned_data)
            except services.WikiRefused as refused:
                form.add_error("text", str(refused))
            else:
                return _redirect(request, group_id, "discuss", key=current.key)
    comments = current.comments.select_related("author")
    return render(
        request, "wiki/discuss.html", {**space, "page": current, "comments": comments, "form": form}
    )


@course_view(Access.TUTOR, tool=TOOL, group=True)
@require_POST
def flags(request, code, key, group_id=None):
    current = _page(request, group_id, key)
    action = request.POST.get("action")
    changes = {
        "lock": {"locked": True},
        "unlock": {"locked": False},
        "hide": {"visible": False},
        "show": {"visible": True},
    }.get(action)
    if changes:
        services.page_update_flags(page=current, **changes)
        messages.success(request, _("The page has been updated."))
    return _redirect(request, group_id, "page", key=current.key)


@course_view(Access.MANAGE, tool=TOOL, group=True)
@require_POST
def delete(request, code, key, group_id=None):
    current = _page(request, group_id, key)
    services.page_delete(page=current)
    messages.success(request, _("The page has been deleted."))
    return _redirect(request, group_id, "all_pages")


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def recent(request, code, group_id=None):
    space = _space(request, group_id)
    changes = selectors.recent_changes(request.course, group_id, include_hidden=space["moderator"])
    page_obj = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(request, "wiki/recent.html", {**space, "changes": page_obj})


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def orphaned(request, code, group_id=None):
    space = _space(request, group_id)
    pages = selectors.orphaned_pages(request.course, group_id, include_hidden=space["moderator"])
    return render(request, "wiki/orphaned.html", {**space, "pages": pages})


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def wanted(request, code, group_id=None):
    space = _space(request, group_id)
    return render(
        request,
        "wiki/wanted.html",
        {
            **space,
            "wanted": selectors.wanted_pages(
                request.course, group_id, include_hidden=space["moderator"]
            ),
        },
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def search(request, code, group_id=None):
    space = _space(request, group_id)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    pages = (
        selectors.search(request.course, group_id, query, include_hidden=space["moderator"])
        if query
        else []
    )
    return render(
        request, "wiki/search.html", {**space, "form": form, "query": query, "pages": pages}
    )


@course_view(Access.VIEW, tool=TOOL, group=True)
@require_GET
def pdf(request, code, key, group_id=None):
    import weasyprint

    current = _page(request, group_id, key)
    html = selectors.rendered(
        current,
        existing=selectors.existing_keys(request.course, group_id),
        url_for=_url_for(request, group_id),
    )
    document = render_to_string(
        "wiki/pdf.html", {"page": current, "html": html, "course": request.course}
    )
    # No fetching of remote resources: a page's images from elsewhere are left out.
    data = weasyprint.HTML(string=document, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(data, content_type="application/pdf")
    name = slugify(current.title) or "page"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"not fetched: {url}")
