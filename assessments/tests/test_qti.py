"""QTI 2.1: a round trip between courses, hand-written items, malformed packages."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import qti
from assessments.models import Question
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory

from .factories import QuizFactory, make_question

pytestmark = pytest.mark.django_db


def key(question):
    """Everything that defines a question and its answer key."""
    return (
        question.type,
        question.title,
        question.score if question.kind.uses_question_score else None,
        {k: v for k, v in question.config.items() if k in ("text", "case_sensitive")},
        [
            (
                a.text,
                a.correct,
                a.score if not question.kind.uses_question_score else None,
                a.data.get("match"),
            )
            for a in question.answers.all()
        ]
        if question.type != "ordering"
        else [a.text for a in question.answers.all()],
    )


def test_round_trip_into_another_course(course_roles, client_for):
    course = course_roles["course"]
    quiz = QuizFactory(course=course, title="Export me")
    make_question(
        course,
        "unique",
        quiz=quiz,
        title="Capital",
        answers=[
            {"text": "Paris", "correct": True, "score": 2},
            {"text": "Lyon", "score": "-0.5"},
        ],
    )
    make_question(
        course,
        "multiple",
        quiz=quiz,
        title="Rivers",
        answers=[
            {"text": "Loire", "correct": True, "score": 1},
            {"text": "Seine", "correct": True, "score": 1},
            {"text": "Nile", "score": -1},
        ],
    )
    make_question(
        course,
        "multiple_exact",
        quiz=quiz,
        title="Exact",
        score="3",
        answers=[{"text": "A", "correct": True}, {"text": "B"}],
    )
    make_question(
        course,
        "ordering",
        quiz=quiz,
        title="Order",
        score="2",
        answers=[{"text": "one"}, {"text": "two"}, {"text": "three"}],
    )
    make_question(course, "free", quiz=quiz, title="Essay", score="5")
    make_question(
        course,
        "blanks",
        quiz=quiz,
        title="Blanks",
        score="2",
        config={"text": "Paris is in [France] and Rome in [Italy|Italia].", "case_sensitive": True},
    )
    make_question(
        course,
        "matching",
        quiz=quiz,
        title="Pairs",
        answers=[
            {"text": "France", "data": {"match": "Paris"}, "score": 1},
            {"text": "Italy", "data": {"match": "Rome"}, "score": "0.5"},
        ],
    )
    make_question(course, "hotspot", quiz=quiz, title="Not exportable")

    client = client_for(course_roles["teacher"])
    response = client.get(reverse("assessments:qti_export", kwargs={"code": "CRS1", "pk": quiz.pk}))
    assert response.status_code == 200
    assert response["X-Skipped-Questions"] == "1"
    package = response.content
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert "imsmanifest.xml" in archive.namelist()
        assert len([n for n in archive.namelist() if n.startswith("items/")]) == 7

    other = CourseFactory(code="OTHER")
    EnrollmentFactory(course=other, user=course_roles["teacher"], role=Enrollment.Role.TEACHER)
    target = QuizFactory(course=other)
    response = client.post(
        reverse("assessments:qti_import", kwargs={"code": "OTHER", "pk": target.pk}),
        {"file": SimpleUploadedFile("test.zip", package, content_type="application/zip")},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    originals = [link.question for link in quiz.quiz_questions.order_by("position")][:7]
    copies = [link.question for link in target.quiz_questions.order_by("position")]
    assert [key(q) for q in copies] == [key(q) for q in originals]
    assert all(q.course_id == other.pk for q in copies)


CHOICE_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    identifier="choice" title="Unattended Luggage" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceA</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">
    <defaultValue><value>0</value></defaultValue>
  </outcomeDeclaration>
  <itemBody>
    <p>Look at the text in the picture.</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>What does it say?</prompt>
      <simpleChoice identifier="ChoiceA">You must stay with your luggage.</simpleChoice>
      <simpleChoice identifier="ChoiceB">Do not let someone else look after it.</simpleChoice>
      <simpleChoice identifier="ChoiceC">Remember your luggage when you leave.</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing
    template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""

ORDER_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="order"
    title="Grand Prix of Bahrain" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
    <correctResponse>
      <value>DriverC</value><value>DriverA</value><value>DriverB</value>
    </correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <orderInteraction responseIdentifier="RESPONSE" shuffle="true">
      <prompt>The order in which the drivers finished.</prompt>
      <simpleChoice identifier="DriverA">Rubens Barrichello</simpleChoice>
      <simpleChoice identifier="DriverB">Jenson Button</simpleChoice>
      <simpleChoice identifier="DriverC">Michael Schumacher</simpleChoice>
    </orderInteraction>
  </itemBody>
  <responseProcessing
    template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""

TEXT_ENTRY_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="text"
    title="Richard III" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
    <correctResponse><value>York</value></correctResponse>
    <mapping defaultValue="0">
      <mapEntry mapKey="York" mappedValue="1"/>
      <mapEntry mapKey="york" mappedValue="0.5"/>
    </mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Identify the missing word:</p>
    <blockquote>
      <p>Now is the winter of our discontent made glorious summer by this sun of
        <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="15"/>.</p>
    </blockquote>
  </itemBody>
  <responseProcessing
    template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>
</assessmentItem>
"""

SLIDER_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="slider"
    title="Slider" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="integer"/>
  <itemBody><sliderInteraction responseIdentifier="RESPONSE" lowerBound="0" upperBound="10"/>
  </itemBody>
</assessmentItem>
"""


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_hand_written_items_import():
    parsed, rejected = qti.parse_package(upload("choice.xml", CHOICE_ITEM))
    assert rejected == []
    (question,) = parsed
    assert question.type == "unique" and question.title == "Unattended Luggage"
    assert [a["correct"] for a in question.answers] == [True, False, False]
    assert "Look at the text" in question.statement
    assert "What does it say?" in question.statement

    (order,), _ = qti.parse_package(upload("order.xml", ORDER_ITEM))
    assert order.type == "ordering"
    assert [a["text"] for a in order.answers] == [
        "Michael Schumacher",
        "Rubens Barrichello",
        "Jenson Button",
    ]

    # "york" is worth half marks: a blank is right or wrong here, so the item is refused
    # rather than scored 1 for "york" (it used to be).
    parsed, rejected = qti.parse_package(upload("text.xml", TEXT_ENTRY_ITEM))
    assert parsed == [] and "different scores" in rejected[0].reason

    exact = TEXT_ENTRY_ITEM.replace(b'mappedValue="0.5"', b'mappedValue="1"')
    (text,), _ = qti.parse_package(upload("text.xml", exact))
    assert text.type == "blanks" and text.config["case_sensitive"] is True
    assert text.config["text"].endswith("sun of [York|york].")


def package(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MANIFEST = b"""<?xml version="1.0"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources>
<resource identifier="a" type="imsqti_item_xmlv2p1" href="a.xml"><file href="a.xml"/></resource>
<resource identifier="b" type="imsqti_item_xmlv2p1" href="b.xml"><file href="b.xml"/></resource>
</resources></manifest>"""


def test_unsupported_item_is_reported_and_nothing_imported(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    content = package({"imsmanifest.xml": MANIFEST, "a.xml": CHOICE_ITEM, "b.xml": SLIDER_ITEM})
    response = client_for(course_roles["teacher"]).post(
        reverse("assessments:qti_import", kwargs={"code": "CRS1", "pk": quiz.pk}),
        {"file": upload("p.zip", content)},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "b.xml" in body and "sliderInteraction" in body
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        package({"a.xml": CHOICE_ITEM}),  # no manifest
        package({"imsmanifest.xml": MANIFEST, "a.xml": CHOICE_ITEM}),  # b.xml missing
        package({"imsmanifest.xml": MANIFEST, "a.xml": CHOICE_ITEM, "b.xml": b"<broken"}),
        b"PK\x03\x04 not really a zip",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
        b"<assessmentItem xmlns='http://www.imsglobal.org/xsd/imsqti_v2p1'>&e;</assessmentItem>",
    ],
)
def test_malformed_packages_are_refused_cleanly(course_roles, client_for, content):
    quiz = QuizFactory(course=course_roles["course"])
    response = client_for(course_roles["teacher"]).post(
        reverse("assessments:qti_import", kwargs={"code": "CRS1", "pk": quiz.pk}),
        {"file": upload("p.zip", content)},
    )
    assert response.status_code == 200
    assert "root:" not in response.content.decode()
    assert 'class="invalid-feedback' in response.content.decode() or "refused" in (
        response.content.decode()
    )
    assert not Question.objects.exists()


MATCH_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="match"
    title="Characters and Plays" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
    <correctResponse><value>C R</value><value>D M</value><value>L M</value></correctResponse>
    <mapping defaultValue="0">
      <mapEntry mapKey="C R" mappedValue="1"/>
      <mapEntry mapKey="D M" mappedValue="0.5"/>
      <mapEntry mapKey="L M" mappedValue="1"/>
    </mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="4">
      <prompt>Match the following characters to the play they appeared in.</prompt>
      <simpleMatchSet>
        <simpleAssociableChoice identifier="C" matchMax="1">Capulet</simpleAssociableChoice>
        <simpleAssociableChoice identifier="D" matchMax="1">Demetrius</simpleAssociableChoice>
        <simpleAssociableChoice identifier="L" matchMax="1">Lysander</simpleAssociableChoice>
      </simpleMatchSet>
      <simpleMatchSet>
        <simpleAssociableChoice identifier="M" matchMax="4">A Midsummer-Night's Dream
        </simpleAssociableChoice>
        <simpleAssociableChoice identifier="R" matchMax="4">Romeo and Juliet
        </simpleAssociableChoice>
      </simpleMatchSet>
    </matchInteraction>
  </itemBody>
  <responseProcessing
    template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>
</assessmentItem>
"""


def test_hand_written_match_item():
    (question,), rejected = qti.parse_package(upload("match.xml", MATCH_ITEM))
    assert rejected == [] and question.type == "matching"
    assert [(a["text"], a["data"]["match"], str(a["score"])) for a in question.answers] == [
        ("Capulet", "Romeo and Juliet", "1"),
        ("Demetrius", "A Midsummer-Night's Dream", "0.5"),
        ("Lysander", "A Midsummer-Night's Dream", "1"),
    ]
