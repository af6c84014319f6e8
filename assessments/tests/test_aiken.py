"""Aiken import: files written by hand to the format's description, and malformed ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.aiken import parse_aiken
from assessments.models import Question

from .factories import QuizFactory

GOOD = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most users?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""

BAD = """A question without answer line
A. one
B. two

Only one option
A. alone
ANSWER: A

Answer outside the options
A. one
B. two
ANSWER: C

A fine question
A. yes
B. no
ANSWER: A
"""


def test_parse_good_file():
    questions, rejected = parse_aiken(GOOD)
    assert rejected == []
    assert [q.correct for q in questions] == [3, 0]
    assert questions[1].options[-1] == "Ilias"


def test_parse_reports_each_refused_question():
    questions, rejected = parse_aiken(BAD)
    assert [r.number for r in rejected] == [1, 2, 3]
    assert "ANSWER" in rejected[0].reason
    assert "two options" in rejected[1].reason
    assert "C" in rejected[2].reason
    assert len(questions) == 1


def test_out_of_order_letters_refused():
    _, rejected = parse_aiken("Q?\nA. x\nC. y\nANSWER: A\n")
    assert rejected and "out of order" in rejected[0].reason


@pytest.mark.django_db
def test_import_view_all_or_nothing(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    client = client_for(course_roles["teacher"])
    target = reverse("assessments:aiken_import", kwargs={"code": "CRS1", "pk": quiz.pk})
    response = client.post(target, {"file": SimpleUploadedFile("bad.txt", BAD.encode())})
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert not Question.objects.exists()
    response = client.post(target, {"file": SimpleUploadedFile("good.txt", GOOD.encode())})
    assert response.status_code == 302
    assert quiz.quiz_questions.count() == 2
    question = Question.objects.get(title__startswith="Which LMS")
    assert question.answers.get(correct=True).text == "Moodle"
    # binary junk is refused cleanly
    response = client.post(target, {"file": SimpleUploadedFile("x.txt", b"\xff\xfe\x00\x81")})
    assert response.status_code == 200 and quiz.quiz_questions.count() == 2
