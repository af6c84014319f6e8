"""The question spreadsheet also takes the template saved as CSV, read by core.csv_reader."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import spreadsheet
from assessments.models import Question

from .factories import QuizFactory

pytestmark = pytest.mark.django_db


def post(client, quiz, content):
    return client.post(
        reverse("assessments:spreadsheet_import", kwargs={"code": "CRS1", "pk": quiz.pk}),
        {"file": SimpleUploadedFile("q.csv", content)},
    )


def test_a_french_excel_csv_is_imported(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    lines = [
        ";".join(spreadsheet.header()),
        "unique;Quelle boisson, le matin ?;1;Café;Thé;;;;;A",
        "true_false;L’été est chaud;1;Vrai;Faux;;;;;A",
    ]
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    response = post(client_for(course_roles["teacher"]), quiz, data)
    assert response.status_code == 302
    assert set(Question.objects.values_list("title", flat=True)) == {
        "Quelle boisson, le matin ?",
        "L’été est chaud",
    }


def test_a_broken_csv_line_is_reported_with_its_number(course_roles, client_for):
    quiz = QuizFactory(course=course_roles["course"])
    lines = [
        ",".join(spreadsheet.header()),
        'unique,"Open quote,1,a,b,,,,,A',
        "unique,Fine,1,a,b,,,,,A",
    ]
    response = post(client_for(course_roles["teacher"]), quiz, "\n".join(lines).encode())
    assert response.status_code == 200
    assert "Row 2" in response.content.decode()
    assert not Question.objects.exists()
