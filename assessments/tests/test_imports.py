"""Question imports of issue 10: GIFT files written from Moodle's documentation, QTI scoring kept
exactly (or the item refused), QTI 2.2 packages with their images, Aiken without spaces."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from assessments import aiken, qti, services
from assessments.gift import parse_gift
from assessments.models import Question, QuestionCategory
from assessments.question_types import get_type

from .factories import QuizFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def url(name, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"code": "CRS1", **kwargs})


# --- GIFT -----------------------------------------------------------------------------------


def test_gift_file_from_the_documentation_is_read_type_by_type():
    parsed, rejected = parse_gift((DATA / "moodle.gift").read_text())
    assert rejected == []
    summary = [(q.type, q.title, q.category) for q in parsed]
    assert summary == [
        ("unique", "Grant's tomb", "Geography"),
        ("unique", "Grant is _____ in Grant's tomb.", "Geography"),
        ("multiple", "Several right", "Geography"),
        ("true_false", "Grant is buried in Grant's tomb.", "Geography"),
        ("true_false", "The sun rises in the east.", "Geography"),
        ("blanks", "Two plus two equals _____.", "Arithmetic"),
        ("blanks", "Who's buried in Grant's tomb?", "Arithmetic"),
        ("matching", "Capitals", "Arithmetic"),
        ("numerical", "When was Ulysses S. Grant born?", "Arithmetic"),
        ("numerical", "What is the value of pi (to 3 decimal places)?", "Arithmetic"),
        ("numerical", "When was Ulysses S. Grant born?", "Arithmetic"),
        ("unique", "Escapes", "Arithmetic"),
        ("free", "Essay", "Arithmetic"),
        ("media", "This is a description: no answer block, not scored.", "Arithmetic"),
        ("unique", "AT&T", "Arithmetic"),
    ]
    by_title = {q.title: q for q in parsed}
    missing = parsed[1]
    assert [(a["text"], a["correct"], a["score"]) for a in missing.answers] == [
        ("buried", False, Decimal("-0.50")),
        ("entombed", True, Decimal("1.00")),
        ("living", False, Decimal("0.00")),
    ]
    assert missing.answers[0]["feedback"] == "No, he is entombed."
    several = by_title["Several right"]
    assert [a["score"] for a in several.answers] == [Decimal(s) for s in ("-1", ".5", ".5", "-1")]
    assert [a["correct"] for a in parsed[3].answers] == [False]
    assert [a["correct"] for a in parsed[4].answers] == [True]
    assert parsed[5].config["text"] == "Two plus two equals [four|4]."
    assert [(a["text"], a["data"]["match"]) for a in by_title["Capitals"].answers][-1] == (
        "India",
        "New Delhi",
    )
    assert [(a["text"], a["data"]["tolerance"]) for a in parsed[8].answers] == [("1822", "5")]
    assert [(a["text"], a["data"]["tolerance"]) for a in parsed[9].answers] == [
        ("3.1415", "0.0005")
    ]
    assert [(a["score"], a["data"]["tolerance"]) for a in parsed[10].answers] == [
        (Decimal("1.00"), "0"),
        (Decimal("0.50"), "2"),
    ]
    escapes = by_title["Escapes"]
    assert "Which is right: 1 = 1 or 2 = 1 in set {1}?" in escapes.statement
    assert [a["text"] for a in escapes.answers] == ["1 = 1", "2 = 1"]
    assert "<b>description</b>" in parsed[13].statement
    assert [a["text"] for a in by_title["AT&T"].answers] == ["AT&amp;T", "B&amp;B"]


def test_gift_refusals_are_reported_with_their_lines():
    parsed, rejected = parse_gift((DATA / "refused.gift").read_text())
    assert [q.title for q in parsed] == ["Good question?"]
    assert [(r.line, r.reason) for r in rejected] == [
        (4, "Short answers worth part of the marks cannot be imported."),
        (6, "The answer block is not closed by “}”."),
        (8, "A multiple choice question has one right answer (“=”)."),
        (10, "A matching question lists its pairs with “=” only."),
    ]


def test_gift_import_page_imports_all_or_reports(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    client = client_for(course_roles["teacher"])
    response = client.post(
        url("gift_import", pk=quiz.pk),
        {"file": SimpleUploadedFile("bad.gift", (DATA / "refused.gift").read_bytes())},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="import-report"' in body
    assert "Line 4" in body and "Line 10" in body
    assert not Question.objects.filter(course=course_roles["course"]).exists()

    response = client.post(
        url("gift_import", pk=quiz.pk),
        {"file": SimpleUploadedFile("moodle.gift", (DATA / "moodle.gift").read_bytes())},
    )
    assert response.status_code == 302
    assert quiz.quiz_questions.count() == 15
    assert set(
        QuestionCategory.objects.filter(course=course_roles["course"]).values_list(
            "name", flat=True
        )
    ) == {"Geography", "Arithmetic"}
    # The imported questions grade as Moodle would.
    numerical = Question.objects.get(title="What is the value of pi (to 3 decimal places)?")
    kind = get_type("numerical")
    assert kind.grade(numerical, {"value": "3.142"}, {}).score == 1
    assert kind.grade(numerical, {"value": "3.1421"}, {}).score == 0
    born = Question.objects.filter(title="When was Ulysses S. Grant born?").order_by("pk").last()
    assert kind.grade(born, {"value": "1822"}, {}).score == 1
    assert kind.grade(born, {"value": "1824"}, {}).score == Decimal("0.5")
    assert kind.grade(born, {"value": "1824.01"}, {}).score == 0
    blanks = Question.objects.get(title="Two plus two equals _____.")
    assert get_type("blanks").grade(blanks, {"blanks": ["Four"]}, {}).score == 1


# --- Aiken ----------------------------------------------------------------------------------


def test_aiken_options_without_a_space():
    parsed, rejected = aiken.parse_aiken(
        "What is 2 + 2?\nA)Three\nB)Four\nC.Five\nANSWER: B\n\n"
        "A.I. stands for?\nA. Artificial intelligence\nB.Nothing\nANSWER: A\n"
    )
    assert rejected == []
    assert parsed[0].options == ["Three", "Four", "Five"] and parsed[0].correct == 1
    assert parsed[1].text == "A.I. stands for?"
    assert parsed[1].options == ["Artificial intelligence", "Nothing"]


# --- QTI: scoring kept exactly or refused ---------------------------------------------------


def item(body: str, declarations: str, processing: str, ns="imsqti_v2p1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/{ns}" identifier="i" title="Item"
    adaptive="false" timeDependent="false">
  {declarations}
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>{body}</itemBody>
  {processing}
</assessmentItem>""".encode()


MAP = '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>'  # noqa: E501
CHOICES = """<choiceInteraction responseIdentifier="RESPONSE" maxChoices="0">
  <simpleChoice identifier="A">A</simpleChoice><simpleChoice identifier="B">B</simpleChoice>
  <simpleChoice identifier="C">C</simpleChoice><simpleChoice identifier="D">D</simpleChoice>
</choiceInteraction>"""


def parse(content: bytes, name="item.xml"):
    return qti.parse_package(SimpleUploadedFile(name, content))


def test_qti_mapping_default_value_is_kept():
    declaration = """<responseDeclaration identifier="RESPONSE" cardinality="multiple"
        baseType="identifier"><correctResponse><value>A</value><value>B</value></correctResponse>
      <mapping defaultValue="-2"><mapEntry mapKey="A" mappedValue="1"/>
        <mapEntry mapKey="B" mappedValue="1"/></mapping></responseDeclaration>"""
    (question,), rejected = parse(item(CHOICES, declaration, MAP))
    assert rejected == [] and question.type == "multiple"
    assert [a["score"] for a in question.answers] == [Decimal(v) for v in ("1", "1", "-2", "-2")]
    assert question.config == {"no_negative": False}  # no lowerBound: the total may go below 0
    bounded = declaration.replace('defaultValue="-2"', 'defaultValue="-2" lowerBound="0"')
    (question,), _ = parse(item(CHOICES, bounded, MAP))
    assert question.config == {"no_negative": True}
    odd = declaration.replace('defaultValue="-2"', 'defaultValue="-2" lowerBound="-1"')
    parsed, rejected = parse(item(CHOICES, odd, MAP))
    assert parsed == [] and "lower bound" in rejected[0].reason


TEXT = '<p>The capital of England is <textEntryInteraction responseIdentifier="RESPONSE"/>.</p>'


def test_qti_case_sensitive_map_entry_stays_case_sensitive(course_roles):
    declaration = """<responseDeclaration identifier="RESPONSE" cardinality="single"
        baseType="string"><mapping defaultValue="0">
        <mapEntry mapKey="London" mappedValue="1" caseSensitive="true"/></mapping>
      </responseDeclaration>"""
    (parsed,), rejected = parse(item(TEXT, declaration, MAP))
    assert rejected == [] and parsed.config["case_sensitive"] is True
    (question,) = qti.import_questions(course=course_roles["course"], quiz=None, questions=[parsed])
    kind = get_type("blanks")
    assert kind.grade(question, {"blanks": ["London"]}, {}).score == 1
    assert kind.grade(question, {"blanks": ["london"]}, {}).score == 0

    insensitive = declaration.replace('caseSensitive="true"', 'caseSensitive="false"')
    (parsed,), _ = parse(item(TEXT, insensitive, MAP))
    assert parsed.config["case_sensitive"] is False
    mixed = declaration.replace(
        "</mapping>", '<mapEntry mapKey="LONDON" mappedValue="1" caseSensitive="false"/></mapping>'
    )
    parsed, rejected = parse(item(TEXT, mixed, MAP))
    assert parsed == [] and "Case-sensitive" in rejected[0].reason
    harmless = declaration.replace('defaultValue="0"', 'defaultValue="0" lowerBound="0"')
    assert parse(item(TEXT, harmless, MAP))[1] == []
    capped = declaration.replace('defaultValue="0"', 'defaultValue="0" upperBound="0.5"')
    parsed, rejected = parse(item(TEXT, capped, MAP))
    assert parsed == [] and "upper bound" in rejected[0].reason
    nonzero = declaration.replace('defaultValue="0"', 'defaultValue="-1"')
    parsed, rejected = parse(item(TEXT, nonzero, MAP))
    assert parsed == [] and "-1" in rejected[0].reason


NUMERIC = """<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">
  <correctResponse><value>200</value></correctResponse></responseDeclaration>"""


def equal_rule(attributes: str, other='<correct identifier="RESPONSE"/>') -> str:
    return f"""<responseProcessing><responseCondition><responseIf>
      <equal {attributes}><variable identifier="RESPONSE"/>{other}</equal>
      <setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue>
      </setOutcomeValue></responseIf><responseElse>
      <setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue>
      </setOutcomeValue></responseElse></responseCondition></responseProcessing>"""


@pytest.mark.parametrize(
    ("given", "score"),
    [("210", 2), ("209.99", 2), ("210.01", 0), ("190", 2), ("189.99", 0), ("205", 2)],
)
def test_qti_numeric_relative_tolerance_is_kept(course_roles, given, score):
    content = item(TEXT, NUMERIC, equal_rule('toleranceMode="relative" tolerance="5"'))
    (parsed,), rejected = parse(content)
    assert rejected == [] and parsed.type == "numerical"
    assert parsed.answers == [
        {"text": "200", "score": Decimal("2"), "data": {"tolerance": "5", "mode": "relative"}}
    ]
    assert "_____" in parsed.statement
    (question,) = qti.import_questions(course=course_roles["course"], quiz=None, questions=[parsed])
    assert get_type("numerical").grade(question, {"value": given}, {}).score == score


def test_qti_numeric_absolute_and_exact_rules():
    content = item(
        TEXT,
        NUMERIC,
        equal_rule(
            'toleranceMode="absolute" tolerance="0.5"',
            other='<baseValue baseType="float">3.5</baseValue>',
        ),
    )
    (parsed,), _ = parse(content)
    assert parsed.answers[0]["text"] == "3.5"
    assert parsed.answers[0]["data"] == {"tolerance": "0.5", "mode": "absolute"}
    (parsed,), _ = parse(item(TEXT, NUMERIC, equal_rule('toleranceMode="exact"')))
    assert parsed.answers[0]["data"]["mode"] == "exact"
    two = item(TEXT, NUMERIC, equal_rule('toleranceMode="absolute" tolerance="1 2"'))
    parsed, rejected = parse(two)
    assert parsed == [] and "lower and upper" in rejected[0].reason
    open_bound = item(
        TEXT,
        NUMERIC,
        equal_rule('toleranceMode="absolute" tolerance="1" includeUpperBound="false"'),
    )
    parsed, rejected = parse(open_bound)
    assert parsed == [] and "bounds" in rejected[0].reason


def test_qti_unknown_response_processing_is_refused_with_its_reason():
    declaration = """<responseDeclaration identifier="RESPONSE" cardinality="multiple"
        baseType="identifier"><correctResponse><value>A</value></correctResponse>
      </responseDeclaration>"""
    custom = (
        "<responseProcessing><responseCondition><responseIf><isNull>"
        '<variable identifier="RESPONSE"/></isNull></responseIf></responseCondition>'
        "</responseProcessing>"
    )
    parsed, rejected = parse(item(CHOICES, declaration, custom))
    assert parsed == [] and "cannot be imported exactly" in rejected[0].reason
    parsed, rejected = parse(item(CHOICES, declaration, ""))
    assert parsed == [] and "no response processing" in rejected[0].reason
    point = MAP.replace("map_response", "map_response_point")
    parsed, rejected = parse(item(CHOICES, declaration, point))
    assert parsed == [] and "map_response_point" in rejected[0].reason


# --- QTI 2.2 packages and their images ------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


MANIFEST_22 = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m22">
  <resources>
    <resource identifier="i1" type="imsqti_item_xmlv2p2" href="items/map.xml">
      <file href="items/map.xml"/><file href="items/images/map.png"/>
    </resource>
  </resources>
</manifest>"""

ITEM_22 = item(
    '<p>Which country is red? <img src="images/map.png" alt="A map"/></p>'
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
    '<simpleChoice identifier="A">France</simpleChoice>'
    '<simpleChoice identifier="B">Spain</simpleChoice></choiceInteraction>',
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    "<correctResponse><value>A</value></correctResponse></responseDeclaration>",
    '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/'
    'match_correct"/>',
    ns="imsqti_v2p2",
)


def package(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_qti22_item_alone_is_accepted():
    parsed, rejected = parse(ITEM_22.replace(b' <img src="images/map.png" alt="A map"/>', b""))
    assert rejected == [] and parsed[0].type == "unique"
    assert [a["correct"] for a in parsed[0].answers] == [True, False]


def test_qti22_package_images_are_stored_in_the_documents(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    content = package(
        {
            "imsmanifest.xml": MANIFEST_22,
            "items/map.xml": ITEM_22,
            "items/images/map.png": png_bytes(),
        }
    )
    client = client_for(course_roles["teacher"])
    response = client.post(
        url("qti_import", pk=quiz.pk), {"file": SimpleUploadedFile("p.zip", content)}
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    question = quiz.quiz_questions.get().question
    from documents.models import Document

    image = Document.objects.get(course=course_roles["course"], kind="file")
    assert image.name == "map.png" and image.parent.name == "Imported images"
    src = reverse("documents:file", kwargs={"code": "CRS1", "doc_id": image.pk})
    assert f'src="{src}"' in question.statement
    served = client_for(course_roles["learner"]).get(src)
    assert served.status_code == 200
    assert b"".join(served.streaming_content if served.streaming else [served.content])[:4] == (
        b"\x89PNG"
    )


def test_qti_image_missing_from_the_package_refuses_the_item():
    content = package({"imsmanifest.xml": MANIFEST_22, "items/map.xml": ITEM_22})
    parsed, rejected = qti.parse_package(SimpleUploadedFile("p.zip", content))
    assert parsed == [] and "images/map.png" in rejected[0].reason


def test_quiz_add_question_reuses_the_import_flow(course_roles):
    # The spreadsheet, Aiken, QTI and GIFT imports share services.quiz_add_question.
    quiz = QuizFactory(course=course_roles["course"])
    parsed, _ = parse_gift("Q?{=a ~b}")
    (question,) = qti.import_questions(course=quiz.course, quiz=quiz, questions=parsed)
    assert services.quiz_add_question(quiz=quiz, question=question).position == 1


def test_qti_numerical_round_trip_keeps_the_relative_tolerance(course_roles):
    from .factories import make_question

    quiz = QuizFactory(course=course_roles["course"])
    make_question(
        course_roles["course"],
        "numerical",
        quiz=quiz,
        config={"relative": True},
        answers=[{"text": "200", "score": 2, "data": {"tolerance": "5"}}],
    )
    make_question(
        course_roles["course"],
        "numerical",
        quiz=quiz,
        title="Two values",
        answers=[
            {"text": "1", "score": 1, "data": {"tolerance": "0"}},
            {"text": "2", "score": 0.5, "data": {"tolerance": "0"}},
        ],
    )
    content, skipped = qti.export_quiz(quiz)
    assert skipped == ["Two values"]  # QTI's one "equal" rule carries one value
    (parsed,), rejected = parse(content, "t.zip")
    assert rejected == []
    assert parsed.answers == [
        {"text": "200", "score": Decimal("2"), "data": {"tolerance": "5", "mode": "relative"}}
    ]
