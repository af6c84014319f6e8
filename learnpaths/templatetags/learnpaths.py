from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as H:MM:SS, the way time spent is shown everywhere in the tool."""
    try:
        seconds = max(0, int(seconds or 0))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@register.filter
def get_kind_label(kinds, key) -> str:
    """The label of an item kind from the builder's {key: kind} map."""
    kind = kinds.get(key) if kinds else None
    return kind.label if kind else key


_STATUS_MARKS = {
    "completed": ("bi-check-circle-fill text-success", lambda: gettext("Done")),
    "passed": ("bi-check-circle-fill text-success", lambda: gettext("Done")),
    "failed": ("bi-x-circle-fill text-danger", lambda: pgettext("learner status", "Failed")),
    "incomplete": ("bi-circle-half text-primary", lambda: gettext("Incomplete")),
}


def _mark(node) -> str:
    if node.locked:
        icon, label = "bi-lock-fill text-body-secondary", gettext("Locked")
    elif node.status in _STATUS_MARKS:
        icon, make_label = _STATUS_MARKS[node.status]
        label = make_label()
    elif node.launchable:
        return mark_safe('<i class="bi bi-circle text-body-secondary" aria-hidden="true"></i>')
    else:
        return format_html(
            '<i class="bi bi-{} text-body-secondary" aria-hidden="true"></i>', node.icon
        )
    return format_html(
        '<i class="bi {}" aria-hidden="true"></i><span class="visually-hidden">{}</span>',
        icon,
        label,
    )


def _toc_html(nodes, current_pk, choice, out: list) -> None:
    for node in nodes:
        pk = node.item.pk
        is_current = pk == current_pk
        out.append(
            format_html(
                '<li data-item="{}" data-status="{}"{}>\n  <div class="lp-entry{}">\n    {}\n    ',
                pk,
                node.status,
                mark_safe(' data-locked="1"') if node.locked else "",
                " lp-current" if is_current else "",
                _mark(node),
            )
        )
        if node.launchable and (is_current or (not node.locked and choice)):
            out.append(
                format_html(
                    '<a href="{}"{}>{}</a>',
                    node.url,
                    mark_safe(' aria-current="page"') if is_current else "",
                    node.item.title,
                )
            )
        else:
            out.append(
                format_html(
                    "<span{}>{}</span>",
                    mark_safe(' class="fw-semibold"') if not node.launchable else "",
                    node.item.title,
                )
            )
        percent = node.percent
        if percent is not None:
            out.append(
                format_html(
                    '\n    <span class="badge text-bg-light border ms-auto lp-item-score">'
                    "{} %</span>",
                    floatformat(percent, "-1"),
                )
            )
        out.append("\n  </div>\n")
        if node.children:
            out.append('  <ol class="list-unstyled">')
            _toc_html(node.children, current_pk, choice, out)
            out.append("</ol>\n")
        out.append("</li>\n")


@register.simple_tag
def toc_nodes(nodes, current, choice) -> str:
    """The player's table of contents: an ``<li>`` per entry of ``nodes`` (TocEntry, nested
    by ``children``), the ``current`` item marked, links where the learner may go (``choice``:
    any entry not locked; otherwise only the current one). Built in Python: the template
    version cost a sixth of the player page (a dozen tags per entry, recursive includes)."""
    out: list[str] = []
    _toc_html(nodes, getattr(current, "pk", None), choice, out)
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped by format_html)
