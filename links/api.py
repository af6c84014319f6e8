"""What other apps may use from the links tool."""

import hashlib
import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from links.checker import CheckResult, UnsafeAddress, check_url, resolve_public

__all__ = [
    "CheckResult",
    "UnsafeAddress",
    "check_url",
    "frame_allowed",
    "register_path_kinds",
    "resolve_public",
]

FRAME_CHECK_TIMEOUT = 3.0
FRAME_CACHE_SECONDS = 24 * 3600


def _frame_headers(url: str) -> dict[str, str] | None:
    """The headers of a HEAD request to the (public, checked) address, or None."""
    from links import checker

    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        ip = resolve_public(parts.hostname, port)[0]
    except (UnsafeAddress, LookupError):
        return None
    connection_class = (
        checker._PinnedHTTPSConnection if parts.scheme == "https" else checker._PinnedHTTPConnection
    )
    connection = connection_class(parts.hostname, port, ip=ip, timeout=FRAME_CHECK_TIMEOUT)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("HEAD", target, headers={"User-Agent": checker.USER_AGENT})
        response = connection.getresponse()
        return {key.lower(): value for key, value in response.getheaders()}
    except (OSError, ValueError):
        return None
    finally:
        connection.close()


def frame_allowed(url: str) -> bool:
    """Whether another site's page lets itself be shown in our frame: no X-Frame-Options and
    no Content-Security-Policy frame-ancestors refusing us. Unknown (no answer): False, so
    the page opens in a new tab rather than as a blank frame. Cached for a day."""
    key = "links:frame:" + hashlib.sha256(url.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    headers = _frame_headers(url)
    allowed = False
    if headers is not None:
        allowed = not headers.get("x-frame-options")
        policy = headers.get("content-security-policy", "")
        match = re.search(r"frame-ancestors\s+([^;]*)", policy, re.IGNORECASE)
        if match and "*" not in match.group(1).split():
            allowed = False
    cache.set(key, allowed, FRAME_CACHE_SECONDS)
    return allowed


# --- Learning paths: links as path items ---------------------------------------------------


def _pickables(course):
    from learnpaths.api import Pickable
    from links.models import Link

    links = (
        Link.objects.filter(course=course)
        .select_related("category")
        .only("pk", "title", "url", "visible", "category__title")
        .order_by("category__position", "position", "pk")
    )
    return [
        Pickable(
            id=link.pk,
            title=link.title,
            group=link.category.title if link.category else "",
            icon="link-45deg",
            learner_can_open=link.visible,
            detail=urlsplit(link.url).hostname or "",
        )
        for link in links
    ]


def _link_url(course_id: int, link_id: int) -> str:
    from links.models import Link

    return (
        Link.objects.filter(course_id=course_id, pk=link_id).values_list("url", flat=True).first()
        or ""
    )


def _launch_url(item) -> str:
    if item.target_id is not None:
        return _link_url(item.path.course_id, item.target_id) or reverse(
            "links:index", kwargs={"code": item.path.course.code}
        )
    return item.url


def _learner_can_open(course, link_id: int) -> bool:
    from links.models import Link

    return Link.objects.filter(course=course, pk=link_id, visible=True).exists()


def _opens_in_new_tab(item) -> bool:
    address = _launch_url(item)
    if not address.startswith(("http://", "https://")):
        return False  # a page of this course: always framed
    return not frame_allowed(address)


def _edit_url(course_code: str, target_id: int) -> str:
    """The object's own page in its tool, linked from the learning-path builder."""
    return reverse("links:edit", kwargs={"code": course_code, "link_id": target_id})


def register_path_kinds() -> None:
    """Links as learning path items: a link of the Links tool or a typed address (external,
    or a page of this course); framed when the site allows it, else opened in a new tab;
    complete when opened."""
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="link",
            label=_("Link"),
            icon="link-45deg",
            launch_url=_launch_url,
            field="target",
            allows_url=True,
            completion="open",
            learner_can_open=_learner_can_open,
            pickables=_pickables,
            tool="links",
            opens_in_new_tab=_opens_in_new_tab,
            edit_url=_edit_url,
        )
    )


# --- Course interchange (backups.cartridge, backups.moodle) -------------------------------


def import_links(*, course, links: list[dict]) -> tuple[list, list[tuple[str, str]]]:
    """Create links from dicts ``{"title", "url", "description"?, "category"?, "visible"?}``;
    a category title is created when the course has none of that name. Addresses that are
    not http(s) are refused. Returns (created links, [(title, reason)] refused); one query
    per new category plus one bulk insert."""
    from django.core.exceptions import ValidationError
    from django.db.models import Max

    from links.models import Link, LinkCategory, complete_url, http_url_validator

    categories = {c.title: c for c in LinkCategory.objects.filter(course=course)}
    next_position = (Link.objects.filter(course=course).aggregate(m=Max("position"))["m"] or 0) + 1
    rows, refused = [], []
    for data in links:
        title = (data.get("title") or data.get("url") or "").strip()[:200]
        url = complete_url(data.get("url") or "")
        try:
            http_url_validator(url)
        except ValidationError:
            refused.append(
                (title, str(_("not a web address (http or https): %(url)s") % {"url": url}))
            )
            continue
        category = None
        if data.get("category"):
            name = data["category"][:200]
            if name not in categories:
                categories[name] = LinkCategory.objects.create(
                    course=course, title=name, position=len(categories)
                )
            category = categories[name]
        rows.append(
            Link(
                course=course,
                category=category,
                title=title,
                url=url[:2000],
                description=data.get("description", ""),
                visible=data.get("visible", True),
                position=next_position + len(rows),
            )
        )
    return Link.objects.bulk_create(rows), refused


def export_links(course) -> list[dict]:
    """The course's links in their order: ``{"title", "url", "description", "category"}``;
    one query."""
    from links.models import Link

    return [
        {
            "title": link.title,
            "url": link.url,
            "description": link.description,
            "category": link.category.title if link.category else "",
        }
        for link in Link.objects.filter(course=course)
        .select_related("category")
        .order_by("category__position", "position", "pk")
    ]
