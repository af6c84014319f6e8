import pytest
from lxml import html as lxml_html

from glossary import services
from glossary.api import highlight_terms
from glossary.tests.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary(course):
    services.settings_update(course=course, highlight_in_documents=True)
    TermFactory(course=course, term="cell", definition="<p>The <b>unit</b> of life</p>")
    TermFactory(course=course, term="cell membrane", definition="<p>The cell's wall</p>")
    TermFactory(
        course=course,
        term="XSS",
        definition='<p>"quoted" & <em>tagged</em></p><script>alert(1)</script>',
    )
    return course


def spans(result):
    tree = lxml_html.fragment_fromstring(result, create_parent="div")
    return [(s.text, s.get("data-bs-title")) for s in tree.xpath("//span[@class='glossary-term']")]


def test_terms_in_text_get_a_tooltip(glossary):
    result = highlight_terms(glossary, "<p>Every Cell has a nucleus.</p>")
    assert spans(result) == [("Cell", "The unit of life")]
    assert 'data-bs-toggle="tooltip"' in result
    assert result.startswith("<p>Every ") and result.endswith("has a nucleus.</p>")


def test_longest_term_wins_and_only_first_occurrence(glossary):
    result = highlight_terms(glossary, "<p>The cell membrane of a cell. Another cell.</p>")
    assert spans(result) == [("cell membrane", "The cell's wall"), ("cell", "The unit of life")]


def test_links_code_and_attributes_are_left_alone(glossary):
    source = (
        '<p><a href="/cell">cell link</a> <code>cell</code> <pre>cell</pre>'
        '<img alt="cell" src="/c.png"> <span title="cell">x</span></p>'
    )
    result = highlight_terms(glossary, source)
    assert spans(result) == []
    assert '<a href="/cell">cell link</a>' in result
    assert 'alt="cell"' in result and 'title="cell"' in result


def test_text_in_tails_and_nested_elements(glossary):
    result = highlight_terms(glossary, "<p><a href='/x'>go</a> then a <em>XSS</em>, a cell</p>")
    assert [text for text, _d in spans(result)] == ["XSS", "cell"]
    assert '<a href="/x">go</a> then a ' in result


def test_definitions_are_escaped_in_the_attribute(glossary):
    result = highlight_terms(glossary, "<p>About XSS.</p>")
    assert "<script" not in result and "<em>" not in result
    assert spans(result) == [("XSS", '"quoted" & tagged')]


def test_partial_words_are_not_matched(glossary):
    assert spans(highlight_terms(glossary, "<p>Cellular cells</p>")) == []


def test_off_by_default_and_empty_input(course):
    TermFactory(course=course, term="cell")
    assert highlight_terms(course, "<p>cell</p>") == "<p>cell</p>"
    assert highlight_terms(course, "") == ""
    assert spans(highlight_terms(course, "<p>cell</p>", force=True)) == [("cell", "A definition.")]


def test_a_full_document_keeps_its_head(glossary):
    source = "<html><head><title>cell</title></head><body><p>A cell.</p></body></html>"
    result = highlight_terms(glossary, source)
    assert "<title>cell</title>" in result
    assert 'class="glossary-term"' in result and result.startswith("<!DOCTYPE html>")


def test_text_before_the_first_element(glossary):
    result = highlight_terms(glossary, "A cell <b>here</b>")
    assert spans(result) == [("cell", "The unit of life")]
    assert result.startswith("A <span")


def test_switching_the_option_applies_to_the_next_page(course):
    """The option is cached per course version: switching it moves the version on."""
    TermFactory(course=course, term="cell", definition="<p>unit</p>")
    assert spans(highlight_terms(course, "<p>a cell</p>")) == []
    services.settings_update(course=course, highlight_in_documents=True)
    course.refresh_from_db()  # as the next request loads it
    assert spans(highlight_terms(course, "<p>a cell</p>")) == [("cell", "unit")]
    services.settings_update(course=course, highlight_in_documents=False)
    course.refresh_from_db()
    assert spans(highlight_terms(course, "<p>a cell</p>")) == []
