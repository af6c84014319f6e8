"""HTML written by users is cleaned here, before it is stored and before it is shown."""

import html as html_module
import re

import nh3

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "audio",
    "video",
    "source",
    "track",
}
_GLOBAL_ATTRIBUTES = {"class", "title", "lang", "dir", "style"}
_ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "target", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span", "width"},
    "table": {"border", "cellpadding", "cellspacing", "width"},
    "audio": {"src", "controls", "preload", "loop"},
    "video": {"src", "controls", "preload", "loop", "poster", "width", "height"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": {"start", "type"},
}
# javascript:, vbscript: and data: URLs are dropped by leaving them out of this set.
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str | None) -> str:
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(html: str | None, *, keep_lines: bool = False) -> str:
    """The text a reader sees in stored (sanitised) HTML: tags dropped, entities decoded once,
    spaces collapsed (``keep_lines``: one line per paragraph, for e-mail bodies). For
    plain-text uses (e-mail, CSV cells, titles, ``{{ }}`` with autoescape), so ``AT&amp;T`` is
    written ``AT&T`` and escaped once where it is shown."""
    separator = "\n" if keep_lines else " "
    text = re.sub(r"</?(?:br|p|li|div|tr|h\d)\b[^>]*>", separator, html or "", flags=re.I)
    text = re.sub(r"</?(?:td|th)\b[^>]*>", " ", text, flags=re.I)
    text = html_module.unescape(re.sub(r"<[^>]*>", "", text))
    if not keep_lines:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_for_editing(html: str | None) -> str:
    """What a one-line text field shows of stored HTML: the text itself when the HTML holds
    no markup (``AT&amp;T`` is edited as ``AT&T``; saving cleans it back to the same HTML),
    the HTML source otherwise."""
    html = html or ""
    return html if "<" in html else html_module.unescape(html)
