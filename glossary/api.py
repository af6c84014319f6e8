"""What other apps may use from the glossary.

`highlight_terms(course, html)` marks the course's glossary terms in an HTML document (when the
course has switched the option on); the page that shows the result includes
`glossary/_highlight_assets.html` for the tooltips.
"""

import re

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from lxml import etree
from lxml import html as lxml_html

from core.html import html_to_text, sanitize_html
from courses.caching import course_cached
from courses.models import Course
from glossary.models import GlossarySettings, Term

# Text inside these elements is left alone: links stay links, code stays code.
_SKIP_TAGS = {
    "a",
    "abbr",
    "button",
    "code",
    "head",
    "kbd",
    "option",
    "pre",
    "samp",
    "script",
    "select",
    "style",
    "textarea",
    "title",
    "var",
    "svg",
    "math",
}
TERM_CLASS = "glossary-term"
_DEFINITION_LENGTH = 300
_DOCUMENT = re.compile(r"^\s*(<!doctype|<html|<head|<body)", re.IGNORECASE)


def is_highlighting_enabled(course: Course) -> bool:
    """The course's "explain the terms in documents" option; kept per course version
    (glossary/signals.py moves it on a change): no query on each document page."""
    return course_cached(
        course,
        "glossary-highlight",
        lambda: GlossarySettings.objects.filter(
            course=course, highlight_in_documents=True
        ).exists(),
    )


def _definitions(course: Course) -> dict[str, tuple[str, str]]:
    """normalised term -> (term, plain-text definition), for the course's glossary."""
    return {
        term.normalized: (
            term.term,
            Truncator(html_to_text(sanitize_html(term.definition))).chars(_DEFINITION_LENGTH),
        )
        for term in Term.objects.filter(course=course).only("term", "normalized", "definition")
    }


def _skipped(element) -> bool:
    while element is not None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _SKIP_TAGS or TERM_CLASS in (element.get("class") or "").split():
            return True
        element = element.getparent()
    return False


class _Highlighter:
    def __init__(self, definitions: dict[str, tuple[str, str]]):
        self.definitions = definitions
        words = sorted((term for term, _d in definitions.values()), key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self.done: set[str] = set()

    def split(self, text: str) -> tuple[str, list] | None:
        """The text before the first highlighted term, and the spans (with their tails)."""
        pieces, position, head = [], 0, None
        for match in self.pattern.finditer(text):
            key = " ".join(match.group(0).split()).casefold()
            if key in self.done or key not in self.definitions:
                continue
            self.done.add(key)  # the first occurrence in the document only
            before = text[position : match.start()]
            if head is None:
                head = before
            else:
                pieces[-1].tail = before
            span = etree.Element("span")
            span.set("class", TERM_CLASS)
            span.set("tabindex", "0")
            span.set("data-bs-toggle", "tooltip")
            span.set("data-bs-title", self.definitions[key][1])  # serialised escaped
            span.text = match.group(0)
            pieces.append(span)
            position = match.end()
        if head is None:
            return None
        pieces[-1].tail = text[position:]
        return head, pieces

    def run(self, root) -> None:
        for element in list(root.iter()):
            if not isinstance(element.tag, str):  # comments: only their tail is text
                parent = element.getparent()
                if element.tail and parent is not None and not _skipped(parent):
                    self._tail(element)
                continue
            if element.text and not _skipped(element):
                found = self.split(element.text)
                if found:
                    element.text = found[0]
                    for index, span in enumerate(found[1]):
                        element.insert(index, span)
            parent = element.getparent()
            if element.tail and parent is not None and not _skipped(parent):
                self._tail(element)

    def _tail(self, element) -> None:
        found = self.split(element.tail)
        if found:
            element.tail = found[0]
            parent = element.getparent()
            at = parent.index(element)
            for offset, span in enumerate(found[1], start=1):
                parent.insert(at + offset, span)


def highlight_terms(course: Course, html: str, *, force: bool = False) -> str:
    """The HTML with the first occurrence of each glossary term wrapped in a tooltip span.

    Only text is changed, never markup: text inside links, code, pre, scripts and the like is
    left alone. Definitions go into an attribute as plain text, escaped by the serialiser.
    Unchanged HTML is returned when the option is off (unless force) or the glossary is empty.
    """
    if not html or not html.strip():
        return html
    if not force and not is_highlighting_enabled(course):
        return html
    definitions = _definitions(course)
    if not definitions:
        return html
    highlighter = _Highlighter(definitions)
    if _DOCUMENT.match(html):
        document = lxml_html.document_fromstring(html)
        body = document.find("body")
        highlighter.run(body if body is not None else document)
        return lxml_html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
    wrapper = lxml_html.fragment_fromstring(html, create_parent="div")
    highlighter.run(wrapper)
    inner = lxml_html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


# --- Learning paths: the glossary (or one term) as a path item -----------------------------


def _pickables(course: Course):
    from learnpaths.api import Pickable

    return [
        Pickable(id=term.pk, title=term.term, group=term.letter, icon="book")
        for term in Term.objects.filter(course=course)
        .only("pk", "term", "letter")
        .order_by("sort_key")
    ]


def _launch_url(item) -> str:
    code = item.path.course.code
    if item.target_id:
        return reverse("glossary:term", kwargs={"code": code, "term_id": item.target_id})
    return reverse("glossary:index", kwargs={"code": code})


def _learner_can_open(course: Course, term_id: int) -> bool:
    return Term.objects.filter(course=course, pk=term_id).exists()


def _edit_url(course_code: str, target_id: int) -> str:
    """The object's own page in its tool, linked from the learning-path builder."""
    return reverse("glossary:edit", kwargs={"code": course_code, "term_id": target_id})


def register_path_kinds() -> None:
    """The whole glossary, or one of its terms, as a learning path item (done when seen)."""
    from learnpaths.api import ItemKind, register_item_kind

    register_item_kind(
        ItemKind(
            key="glossary",
            label=_("Glossary"),
            icon="book",
            launch_url=_launch_url,
            field="target",
            target_optional=True,
            learner_can_open=_learner_can_open,
            pickables=_pickables,
            tool="glossary",
            edit_url=_edit_url,
        )
    )


# --- Course interchange (backups.moodle) ------------------------------------------------------


def import_terms(*, course: Course, terms: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Add (term, HTML definition) pairs to the course's glossary; a term the glossary (or
    an earlier pair) already has is skipped. Returns (number created, skipped terms); two
    queries plus one insert per term."""
    from glossary.models import normalize_term

    taken = set(Term.objects.filter(course=course).values_list("normalized", flat=True))
    created, skipped = 0, []
    for term, definition in terms:
        term = (term or "").strip()[:200]
        key = normalize_term(term)
        if not term or key in taken:
            skipped.append(term)
            continue
        taken.add(key)
        Term.objects.create(course=course, term=term, definition=sanitize_html(definition))
        created += 1
    return created, skipped
