"""Spreadsheet (XLSX) import: the template round trip, refused rows, damaged files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessments import spreadsheet
from assessments.models import Question
from assessments.question_types import get_type

from .factories import QuizFactory

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(client, quiz, content):
    return client.post(
        reverse("assessments:spreadsheet_import", kwargs={"code": "CRS1", "pk": quiz.pk}),
        {"file": SimpleUploadedFile("q.xlsx", content)},
    )


def test_template_imports_as_is(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    client = client_for(course_roles["teacher"])
    template = client.get(reverse("assessments:spreadsheet_template", kwargs={"code": "CRS1"}))
    assert template.status_code == 200
    response = post(client, quiz, template.content)
    assert response.status_code == 302
    rivers = Question.objects.get(title="Rivers of France?")
    loire, seine, nile = rivers.answers.all()
    assert get_type("multiple").grade(rivers, {"choices": [loire.pk, seine.pk]}, {}).score == 2
    assert get_type("multiple").grade(rivers, {"choices": [nile.pk]}, {}).score == 0
    assert quiz.quiz_questions.count() == 3


def test_refused_rows_are_reported_and_nothing_imported(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    rows = [
        spreadsheet.header(),
        ["unique", "Good one", 1, "a", "b", "", "", "", "", "A"],
        ["essay", "Bad type", 1, "", "", "", "", "", "", ""],
        ["unique", "Two right", 1, "a", "b", "", "", "", "", "A,B"],
        ["multiple", "Letter outside", 1, "a", "b", "", "", "", "", "C"],
        ["unique", "Gap", 1, "a", "", "c", "", "", "", "A"],
        ["free", "Bad score", "lots", "", "", "", "", "", "", ""],
    ]
    response = post(client_for(course_roles["teacher"]), quiz, xlsx(rows))
    body = response.content.decode()
    assert response.status_code == 200
    for number in range(3, 8):
        assert f"Row {number}" in body
    assert "Row 2" not in body
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"not a spreadsheet", b"PK\x03\x04broken zip", xlsx([["wrong", "header"]])],
)
def test_damaged_files_refused(course_roles, client_for, content):
    quiz = QuizFactory(course=course_roles["course"])
    response = post(client_for(course_roles["teacher"]), quiz, content)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Question.objects.exists()
