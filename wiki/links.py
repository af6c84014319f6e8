"""``[[Page name]]`` links: finding them, and turning them into links when a page is shown."""

import html as html_module
import re

from django.utils.html import escape
from django.utils.text import slugify

LINK = re.compile(r"\[\[([^\[\]|<>]{1,200})(?:\|([^\[\]<>]{1,200}))?\]\]")


def page_key(title: str) -> str:
    """The address of a page: its title in lower case, words joined by hyphens."""
    return slugify(" ".join(title.split()), allow_unicode=True)[:200] or "page"


def link_keys(html: str) -> list[str]:
    """The pages a text links to (keys, each once, in order)."""
    seen: dict[str, None] = {}
    for match in LINK.finditer(html or ""):
        seen.setdefault(page_key(html_module.unescape(match.group(1))), None)
    return list(seen)


def render_links(html: str, *, existing: set[str], url_for) -> str:
    """Replace each ``[[Name]]`` or ``[[Name|label]]`` by a link; missing pages are "wanted".

    ``html`` is already sanitised; names and labels are escaped again, ``url_for(key)`` gives
    a page's address.
    """

    def replace(match):
        name = html_module.unescape(match.group(1)).strip()
        label = html_module.unescape(match.group(2) or match.group(1)).strip()
        key = page_key(name)
        css = "wiki-link" if key in existing else "wiki-link wiki-wanted"
        return f'<a class="{css}" href="{escape(url_for(key))}">{escape(label)}</a>'

    return LINK.sub(replace, html or "")
