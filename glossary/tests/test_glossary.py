import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.tests.factories import CourseFactory
from glossary import services
from glossary.models import Term, index_letter
from glossary.tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def url(name, course, **kwargs):
    return reverse(f"glossary:{name}", kwargs={"code": course.code, **kwargs})


def test_teacher_adds_a_term_and_script_is_stripped(course_roles, client_for):
    course = course_roles["course"]
    response = client_for(course_roles["teacher"]).post(
        url("create", course),
        {
            "term": "  Photosynthesis ",
            "definition": "<p>Light to sugar<script>alert(1)</script>"
            '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">more</a></p>',
        },
    )
    assert response.status_code == 302
    term = Term.objects.get()
    assert term.term == "Photosynthesis" and term.letter == "P"
    assert "<script" not in term.definition and "alert(1)" not in term.definition
    assert "onerror" not in term.definition and "javascript:" not in term.definition
    page = client_for(course_roles["learner"]).get(url("index", course))
    assert b"Photosynthesis" in page.content and b"Light to sugar" in page.content


def test_duplicate_terms_are_refused_whatever_their_case(course_roles, client_for):
    course = course_roles["course"]
    TermFactory(course=course, term="Osmosis")
    response = client_for(course_roles["teacher"]).post(
        url("create", course), {"term": "OSMOSIS", "definition": "<p>again</p>"}
    )
    assert response.status_code == 200
    assert "already in the glossary" in str(response.context["form"].errors["term"])
    assert Term.objects.count() == 1
    with pytest.raises(services.TermExists):
        services.term_create(course=course, term="osmosis ", definition="x")


def test_the_same_term_in_two_courses_is_fine(course):
    TermFactory(course=course, term="Cell")
    TermFactory(course=CourseFactory(), term="Cell")
    assert Term.objects.filter(term="Cell").count() == 2


def test_index_letters():
    assert index_letter("éclair") == "E"
    assert index_letter("Zèbre") == "Z"
    assert index_letter("3D printing") == "#"
    assert index_letter("Ωmega") == "#"


def test_letter_navigation_and_search(course_roles, client_for):
    course = course_roles["course"]
    TermFactory(course=course, term="Atom", definition="<p>Smallest unit</p>")
    TermFactory(course=course, term="Électron", definition="<p>Negative particle</p>")
    TermFactory(course=course, term="Energy", definition="<p>Capacity to do work</p>")
    client = client_for(course_roles["learner"])
    page = client.get(url("index", course), {"letter": "e"})
    assert [t.term for t in page.context["page"].object_list] == ["Électron", "Energy"]
    letters = dict(page.context["letters"])
    assert letters["A"] == 1 and letters["E"] == 2 and letters["B"] == 0
    found = client.get(url("index", course), {"q": "particle"})
    assert [t.term for t in found.context["page"].object_list] == ["Électron"]
    # Odd input does no harm.
    assert (
        client.get(url("index", course), {"letter": "<script>", "q": "%" * 500}).status_code == 200
    )


def test_learner_cannot_change_the_glossary(course_roles, client_for):
    course = course_roles["course"]
    term = TermFactory(course=course)
    client = client_for(course_roles["learner"])
    assert client.get(url("create", course)).status_code == 403
    assert client.post(url("create", course), {"term": "x", "definition": "y"}).status_code == 403
    assert client.post(url("edit", course, term_id=term.pk), {"term": "x"}).status_code == 403
    assert client.post(url("delete", course, term_id=term.pk)).status_code == 403
    assert client.get(url("import", course)).status_code == 403
    assert client.post(url("settings", course), {"highlight_in_documents": "on"}).status_code == 403
    assert client.get(url("export", course)).status_code == 200


def test_ids_from_another_course_give_404(course_roles, client_for):
    course = course_roles["course"]
    foreign = TermFactory(course=CourseFactory())
    client = client_for(course_roles["teacher"])
    assert client.get(url("edit", course, term_id=foreign.pk)).status_code == 404
    assert client.post(url("delete", course, term_id=foreign.pk)).status_code == 404
    assert Term.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_index_query_count_does_not_grow(course_roles, client_for, django_assert_num_queries, role):
    course = course_roles["course"]
    client = client_for(course_roles[role])
    TermFactory.create_batch(3, course=course)
    client.get(url("index", course))
    with CaptureQueriesContext(connection) as small:
        client.get(url("index", course))
    TermFactory.create_batch(60, course=course)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("index", course))
    assert len(response.context["page"].object_list) == 50


def csv_bytes(rows, header=True, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if header:
        writer.writerow(["term", "definition"])
    writer.writerows(rows)
    return out.getvalue().encode()


def test_import_all_rows(course):
    report = services.glossary_import(
        course=course,
        data=csv_bytes([("Atom", "<p>Small</p>"), ("Bond", "Link <script>x</script>between")]),
    )
    assert report.created == 2
    assert "<script" not in Term.objects.get(term="Bond").definition


def test_semicolon_files_are_read(course):
    data = csv_bytes([("Atom", "Small; very"), ("Bond", "Link")], delimiter=";")
    assert services.glossary_import(course=course, data=data).created == 2


def test_bad_rows_are_reported_and_nothing_is_imported(course):
    TermFactory(course=course, term="Existing")
    data = (
        "term,definition\n"
        "Good,Fine definition\n"
        ",No term here\n"
        "No definition,\n"
        "Good,Again in the same file\n"
        "Three,columns,here\n"
        f"{'x' * 201},too long\n"
    ).encode()
    with pytest.raises(services.ImportRejected) as rejected:
        services.glossary_import(course=course, data=data)
    lines = [(e["line"], e["reason"]) for e in rejected.value.errors]
    assert [line for line, _reason in lines] == [3, 4, 5, 6, 7]
    assert "empty" in lines[0][1]
    assert "line 2" in lines[2][1]
    assert list(Term.objects.values_list("term", flat=True)) == ["Existing"]


def test_duplicates_with_existing_terms(course):
    TermFactory(course=course, term="Atom", definition="<p>old</p>")
    data = csv_bytes([("atom", "new"), ("Bond", "b")])
    report = services.glossary_import(course=course, data=data, on_duplicate="skip")
    assert (report.created, report.skipped) == (1, 1)
    assert Term.objects.get(term="Atom").definition == "<p>old</p>"
    report = services.glossary_import(course=course, data=data, on_duplicate="replace")
    assert report.updated == 2
    assert Term.objects.get(normalized="atom").definition == "new"
    with pytest.raises(services.ImportRejected):
        services.glossary_import(
            course=course, data=csv_bytes([("New one", "n"), ("Bond", "b")]), on_duplicate="error"
        )
    assert not Term.objects.filter(term="New one").exists()


def test_excel_legacy_encoding_is_read(course):
    report = services.glossary_import(course=course, data="Été,chaud\n".encode("cp1252"))
    assert report.created == 1
    assert Term.objects.get().term == "Été"


def test_a_binary_file_is_refused(course):
    with pytest.raises(services.ImportRejected) as rejected:
        services.glossary_import(course=course, data=b"\x00\x01\x02,\x03")
    assert "not a text file" in rejected.value.errors[0]["reason"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_semicolon_file_with_commas_inside_the_definitions(course, bom, encoding):
    """Issue #10: French Excel's CSV, no header: the comma is punctuation, not a separator."""
    if bom and encoding != "utf-8":
        return
    text = "Café;Boisson chaude, souvent noire\r\nThé;Infusion de feuilles, sans sucre\r\n"
    report = services.glossary_import(course=course, data=bom + text.encode(encoding))
    assert report.created == 2
    assert dict(Term.objects.values_list("term", "definition")) == {
        "Café": "Boisson chaude, souvent noire",
        "Thé": "Infusion de feuilles, sans sucre",
    }


def test_an_unclosed_quote_is_reported_on_its_line_and_the_rest_is_read(course):
    data = b'term,definition\nAtom,"Small\nBond,Link\nIon,Charged\n'
    rows, errors = services.parse_csv(data)
    assert errors == [{"line": 2, "reason": "A quoted field opened on this line is never closed."}]
    assert [(line, term) for line, term, _d in rows] == [(3, "Bond"), (4, "Ion")]


def test_import_view_lists_the_bad_rows(course_roles, client_for):
    course = course_roles["course"]
    upload = SimpleUploadedFile("g.csv", b"term,definition\nOk,fine\n,missing\n")
    response = client_for(course_roles["teacher"]).post(
        url("import", course), {"file": upload, "on_duplicate": "skip"}
    )
    assert response.status_code == 200
    assert response.context["errors"][0]["line"] == 3
    assert b"nothing was imported" in response.content
    assert not Term.objects.exists()


def test_import_view_then_export_round_trip(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    upload = SimpleUploadedFile("g.csv", csv_bytes([("Zinc", "<p>A metal</p>"), ("Iron", "Fe")]))
    response = client.post(url("import", course), {"file": upload, "on_duplicate": "skip"})
    assert response.status_code == 302
    export = client.get(url("export", course))
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows == [["term", "definition"], ["Iron", "Fe"], ["Zinc", "<p>A metal</p>"]]


def test_settings_are_saved(course_roles, client_for):
    course = course_roles["course"]
    client_for(course_roles["teacher"]).post(
        url("settings", course), {"highlight_in_documents": "on"}
    )
    assert course.glossary_settings.highlight_in_documents


def test_pages_speak_french(course_roles, client_for):
    course = course_roles["course"]
    course_roles["teacher"].language = "fr"
    course_roles["teacher"].save()
    client = client_for(course_roles["teacher"])
    client.cookies["django_language"] = "fr"
    content = client.get(url("index", course), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ajouter un terme" in content and "Le glossaire est vide." in content
    content = client.get(url("import", course), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Importer des termes" in content


def test_export_defuses_spreadsheet_formulas_and_import_restores_them(course):
    TermFactory(course=course, term='=HYPERLINK("http://evil")', definition="-2+3")
    exported = services.glossary_export(Term.objects.filter(course=course))
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "'-2+3"]
    other = CourseFactory()
    services.glossary_import(course=other, data=exported.encode())
    term = Term.objects.get(course=other)
    assert (term.term, term.definition) == ('=HYPERLINK("http://evil")', "-2+3")


def test_the_path_builder_list_reads_no_left_out_field(no_deferred_loads):
    """glossary.api._pickables reads the terms with only(): what it shows is among them."""
    from glossary.api import _pickables

    course = CourseFactory()
    TermFactory(course=course, term="Zebra")
    TermFactory(course=course, term="apple")
    assert [(p.title, p.group) for p in _pickables(course)] == [("apple", "A"), ("Zebra", "Z")]
