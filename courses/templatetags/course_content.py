"""Course content in the course's language (WCAG 2.1, 3.1.2 "Language of parts").

Pages keep the viewer's language in ``<html lang>`` (menus, buttons: the chrome), while what
teachers and learners wrote in a course (descriptions, documents, questions, posts...) is in
the course's language. Every place that shows such HTML uses one tag, which marks it::

    {% load course_content %}
    {% course_html question.statement %}                  -> <div lang="fr">...</div>
    {% course_html answer.text inline=True %}             -> <span lang="fr">...</span>
    {% course_html post.body course=announcement.course %}  (no request.course: an e-mail)

The value must be HTML that was sanitised when stored (as ``|safe`` required before).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def content_language(context, course=None) -> str:
    """The language code of the course in view ("" when none is known)."""
    if course is None:
        course = context.get("course")
    if course is None:
        course = getattr(context.get("request"), "course", None)
    return getattr(course, "language", "") or ""


@register.simple_tag(takes_context=True)
def course_html(context, value, course=None, inline=False):
    """``value`` (stored, sanitised HTML) wrapped in a ``div`` (a ``span`` with inline=True)
    carrying ``lang`` = the course's language; unwrapped when no course is known."""
    html = mark_safe(value or "")  # sanitised by the models' save() (core.html)
    language = content_language(context, course)
    if not language:
        return html
    if inline:
        return format_html('<span lang="{}">{}</span>', language, html)
    return format_html('<div lang="{}">{}</div>', language, html)
