from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from core.numbers import percent_shown

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


def _escaped(value) -> str:
    """``conditional_escape`` without its lazy-argument wrapper (a table of contents formats a
    few arguments per entry): safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def format_html(template_string: str, *args) -> SafeString:
    """``django.utils.html.format_html`` for this module's fixed templates (positional
    arguments only), at a fraction of its cost per call; same output."""
    return SafeString(template_string.format(*map(_escaped, args)))


_STATUS_MARKS = {
    "completed": ("bi-check-circle-fill text-success", lambda: gettext("Done")),
    "passed": ("bi-check-circle-fill text-success", lambda: gettext("Done")),
    "failed": ("bi-x-circle-fill text-danger", lambda: pgettext("learner status", "Failed")),
    "incomplete": ("bi-circle-half text-primary", lambda: gettext("Incomplete")),
}


def _mark(node, sequenced: bool) -> str:
    # A sequenced package's entries are not "locked": they are disabled now (greyed, with the
    # engine's reason), and show their status mark like the others.
    if node.locked and not sequenced:
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


def _title(node, is_current: bool, choice: bool, sequenced: bool) -> str:
    # A sequenced package's cluster that a choice reaches now: choosing it flows into it
    # (SN SB.2.9), so it is a link like the activities it holds.
    cluster = sequenced and node.children and node.item.identifier
    if cluster and choice and not node.locked and node.url:
        return format_html('<a href="{}" class="fw-semibold">{}</a>', node.url, node.item.title)
    if node.launchable and (is_current or (not node.locked and choice)):
        return format_html(
            '<a href="{}"{}>{}</a>',
            node.url,
            mark_safe(' aria-current="page"') if is_current else "",
            node.item.title,
        )
    if sequenced and node.launchable:
        # Disabled by the sequencing: not a link; the reason is read out and shown on hover.
        # The engine's reason is a sentence of its own ("This activity cannot be chosen yet.").
        return format_html(
            '<span class="lp-entry-disabled" role="link" aria-disabled="true"{}>{}'
            '<span class="visually-hidden">. {}</span></span>',
            format_html(' title="{}"', node.reason) if node.reason else "",
            node.item.title,
            node.reason or gettext("Not available now"),
        )
    if node.locked and node.reason:
        # A built path's lock: what it waits on, shown under the title (and read out).
        return format_html(
            '<span>{}<small class="d-block text-body-secondary lp-lock-reason">'
            '<span class="visually-hidden">{} </span>{}</small></span>',
            node.item.title,
            gettext("Not available now"),
            node.reason,
        )
    return format_html(
        "<span{}>{}</span>",
        mark_safe(' class="fw-semibold"') if not node.launchable else "",
        node.item.title,
    )


def _toc_html(nodes, current_pk, choice, sequenced, out: list) -> None:
    for node in nodes:
        if node.hidden:
            # Left out; an invisible cluster's children stand in its place (hidden from
            # choice, they are hidden too).
            _toc_html(node.children, current_pk, choice, sequenced, out)
            continue
        pk = node.item.pk
        is_current = pk == current_pk
        disabled = sequenced and node.locked and not is_current
        out.append(
            format_html(
                '<li data-item="{}" data-status="{}"{}>\n'
                '  <div class="lp-entry{}{}">\n    {}\n    ',
                pk,
                node.status,
                mark_safe(' data-locked="1"') if node.locked else "",
                " lp-current" if is_current else "",
                " lp-disabled" if disabled else "",
                _mark(node, sequenced),
            )
        )
        out.append(_title(node, is_current, choice, sequenced))
        if node.percent is not None:
            out.append(
                format_html(
                    '\n    <span class="badge text-bg-light border ms-auto lp-item-score">'
                    "{}</span>",
                    percent_shown(node.percent, 2),
                )
            )
        out.append("\n  </div>\n")
        if node.children:
            out.append('  <ol class="list-unstyled">')
            _toc_html(node.children, current_pk, choice, sequenced, out)
            out.append("</ol>\n")
        out.append("</li>\n")


@register.simple_tag
def toc_nodes(nodes, current, choice, sequenced=False) -> str:
    """The player's table of contents: an ``<li>`` per entry of ``nodes`` (TocEntry, nested
    by ``children``), the ``current`` item marked, links where the learner may go (``choice``:
    any entry not locked; otherwise only the current one). In a sequenced package
    (``sequenced``) hidden entries are left out and the ones a choice cannot reach now are
    shown disabled with the engine's reason. Built in Python: the template version cost a
    sixth of the player page (a dozen tags per entry, recursive includes)."""
    out: list[str] = []
    _toc_html(nodes, getattr(current, "pk", None), choice, sequenced, out)
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped by format_html)
