"""Whether a learner may open a page of the course, read from the page's own promise.

Every course view is wrapped by ``courses.permissions.course_view``, which records the access it
requires and its tool on the view (the permission walk test reads the same attributes). A page
typed into a path is resolved, and the player and the builder ask that promise, not a list.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from courses.permissions import Access

LEARNER_ACCESS = {Access.ABOUT, Access.VIEW, Access.PARTICIPATE}


def _view_promise(url: str):
    """(access, tool) the page's view declares, or None when it is not a course page."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    view = match.func
    access = getattr(view, "course_access_required", None)
    if access is None:
        return None
    return access, getattr(view, "course_tool", None)


def course_page_check(*, course, url: str) -> None:
    """Refuse (ValidationError) an address that is not a page of this course that learners may
    open: another course, an unknown page, or a teachers' page (settings, builder, reports)."""
    prefix = f"/courses/{course.code}/"
    if not url.startswith(prefix) or ".." in url or "\\" in url:
        raise ValidationError(
            _(
                "The address must be a page of this course, starting with %(prefix)s, or an "
                "external address starting with https://"
            )
            % {"prefix": prefix}
        )
    promise = _view_promise(url)
    if promise is None:
        raise ValidationError(_("This address is not a page of this course."))
    if promise[0] not in LEARNER_ACCESS:
        raise ValidationError(
            _("Learners cannot open this page: it is for teachers. Choose another one.")
        )


def course_page_openable(*, course, url: str, tool_states) -> bool:
    """Whether a learner of the course may open this page now (its tool on and visible)."""
    if not url.startswith(f"/courses/{course.code}/"):
        return False
    promise = _view_promise(url)
    if promise is None or promise[0] not in LEARNER_ACCESS:
        return False
    return tool_openable(promise[1], tool_states)


def tool_openable(tool: str | None, tool_states) -> bool:
    """A tool's pages are open to learners when it is on, visible and not for teachers."""
    if not tool:
        return True
    state = next((s for s in tool_states if s.key == tool), None)
    if state is None:
        return True
    return state.enabled and state.visible and not state.tool.teachers_only
