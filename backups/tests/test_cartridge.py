"""Common Cartridge: a course exported as a cartridge re-imports to the same content; hand-made
cartridges in the published format import, with a report; bad archives are refused."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from assessments.models import Quiz
from assessments.tests.factories import QuizFactory, make_question
from backups.cartridge import export_cartridge, import_cartridge
from courses.tests.factories import CourseFactory
from documents import services as documents_services
from documents.models import Document
from documents.tests.factories import png_bytes
from forums.models import Forum
from forums.tests.factories import ForumFactory
from links.models import Link
from links.tests.factories import LinkFactory

pytestmark = pytest.mark.django_db


def upload(name, content):
    return SimpleUploadedFile(name, content)


def build_source_course():
    """A course with pages, files in folders, links, a test of several types and forums."""
    course = CourseFactory(code="SRC", title="Source course")
    week1 = documents_services.folder_create(course=course, parent=None, name="Week 1", user=None)
    readings = documents_services.folder_create(
        course=course, parent=week1, name="Readings", user=None
    )
    documents_services.page_create(
        course=course,
        parent=None,
        name="Welcome",
        content="<h2>Hello</h2><p>Read <strong>everything</strong> in Week 1.</p>",
        user=None,
    )
    notes = documents_services.file_upload(
        course=course, parent=readings, upload=upload("notes.txt", b"Read chapter 2."), user=None
    )
    image = documents_services.file_upload(
        course=course, parent=week1, upload=upload("map.png", png_bytes()), user=None
    )
    # A page showing an image and linking to a file of the course, by their addresses here.
    documents_services.page_create(
        course=course,
        parent=week1,
        name="Plan",
        content=(
            f'<ul><li>One</li><li>Two</li></ul><p><img src="/courses/SRC/documents/{image.pk}'
            f'/file/" alt="Map"> <a href="/courses/SRC/documents/{notes.pk}/file/">Notes</a></p>'
        ),
        user=None,
    )
    LinkFactory(course=course, title="Python", url="https://www.python.org/")
    LinkFactory(course=course, title="Django", url="https://www.djangoproject.com/")
    ForumFactory(course=course, title="Questions", description="<p>Ask here.</p>")
    ForumFactory(course=course, title="Cafe", description="")
    quiz = QuizFactory(
        course=course,
        title="Capitals",
        description="<p>Ten minutes.</p>",
        time_limit=10,
        max_attempts=2,
    )
    make_question(
        course,
        "unique",
        quiz=quiz,
        title="France",
        answers=[
            {"text": "<p>Paris</p>", "correct": True, "score": 2, "feedback": "<p>Yes.</p>"},
            {"text": "<p>Lyon</p>", "correct": False, "score": 0, "feedback": "<p>No.</p>"},
        ],
    )
    make_question(
        course,
        "multiple_exact",
        quiz=quiz,
        title="Rivers",
        score="3",
        answers=[
            {"text": "<p>Seine</p>", "correct": True},
            {"text": "<p>Loire</p>", "correct": True},
            {"text": "<p>Thames</p>", "correct": False},
        ],
    )
    make_question(
        course,
        "unique",
        quiz=quiz,
        title="Sky",
        answers=[
            {"text": "True", "correct": True, "score": 1},
            {"text": "False", "correct": False, "score": 0},
        ],
    )
    make_question(
        course,
        "blanks",
        quiz=quiz,
        title="Italy",
        score="2",
        config={"text": "The capital of Italy is [Rome|Roma].", "case_sensitive": False},
    )
    make_question(course, "free", quiz=quiz, title="Essay", score="5")
    make_question(
        course,
        "matching",
        quiz=quiz,
        title="Pairs",
        answers=[
            {"text": "A", "data": {"match": "1"}, "score": 1},
            {"text": "B", "data": {"match": "2"}, "score": 1},
        ],
    )
    return course


def tree(course):
    """(folders path, kind, name, bytes or html) of every document, sorted; in pages, the
    addresses of the course's files are written as their paths (ids differ between courses)."""
    nodes = {d.pk: d for d in Document.objects.filter(course=course)}

    def path(node):
        return "/".join([*(nodes[pk].name for pk in node.ancestor_ids), node.name])

    rows = []
    for node in nodes.values():
        folders = "/".join(nodes[pk].name for pk in node.ancestor_ids)
        if node.is_file:
            with node.file.open("rb") as handle:
                content = handle.read()
        else:
            content = re.sub(
                rf"/courses/{course.code}/documents/(\d+)/file/",
                lambda m: f"[{path(nodes[int(m.group(1))])}]",
                node.content,
            )
        rows.append((folders, node.kind, node.name, content))
    return sorted(rows, key=lambda row: (row[0], row[2]))


def questions(course):
    result = []
    for quiz in Quiz.objects.filter(course=course).order_by("pk"):
        for row in quiz.quiz_questions.select_related("question").order_by("position"):
            question = row.question
            result.append(
                (
                    quiz.title,
                    question.type,
                    question.title,
                    question.statement,
                    question.score if question.type != "unique" else None,
                    question.config,
                    [
                        (a.text, a.correct, a.score, a.feedback)
                        for a in question.answers.order_by("position")
                    ],
                )
            )
    return result


def test_export_reimports_to_the_same_content():
    source = build_source_course()
    assert len(tree(source)) == 6 and len(questions(source)) == 6
    content, export_report = export_cartridge(source)
    assert [row["title"] for row in export_report.skipped] == ["Capitals › Pairs"]

    target = CourseFactory(code="DST", title="Empty course")
    report = import_cartridge(course=target, upload=io.BytesIO(content))

    assert tree(target) == tree(source)
    plan = next(row[3] for row in tree(target) if row[2] == "Plan")
    assert '<img src="[Week 1/map.png]"' in plan and 'href="[Week 1/Readings/notes.txt]"' in plan
    written = zipfile.ZipFile(io.BytesIO(content)).read("web_resources/Week 1/Plan.html")
    assert b'src="map.png"' in written and b'href="Readings/notes.txt"' in written
    assert sorted(Link.objects.filter(course=target).values_list("title", "url")) == sorted(
        Link.objects.filter(course=source).values_list("title", "url")
    )
    assert sorted(Forum.objects.filter(course=target).values_list("title", "description")) == (
        sorted(Forum.objects.filter(course=source).values_list("title", "description"))
    )
    expected = [row for row in questions(source) if row[1] != "matching"]
    assert questions(target) == expected
    imported_quiz = Quiz.objects.get(course=target)
    assert (imported_quiz.description, imported_quiz.time_limit, imported_quiz.max_attempts) == (
        "<p>Ten minutes.</p>",
        10,
        2,
    )
    assert imported_quiz.published is False
    assert report.count("page") == 2 and report.count("file") == 2 and report.count("test") == 1
    assert report.skipped == []


def test_export_is_a_valid_cc_11_manifest():
    content, _report = export_cartridge(build_source_course())
    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.1.0"
    types = sorted({r.get("type") for r in manifest.iterfind(".//cp:resource", ns)})
    assert types == [
        "imsdt_xmlv1p1",
        "imsqti_xmlv1p2/imscc_xmlv1p1/assessment",
        "imswl_xmlv1p1",
        "webcontent",
    ]
    # Every file a resource names is in the archive.
    for node in manifest.iterfind(".//cp:file", ns):
        assert node.get("href") in archive.namelist()
    assert "web_resources/Week 1/Readings/notes.txt" in archive.namelist()
