import csv
import io
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from surveys import selectors, services
from surveys.models import Answer, Invitation, Participation, Respondent, Response
from surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def build(course, **kwargs):
    survey = SurveyFactory(course=course, **kwargs)
    q = {}
    q["yesno"] = services.question_save(survey=survey, kind="yesno", text="Happy?", required=True)
    q["single"] = services.question_save(
        survey=survey, kind="single", text="Favourite?", options=["Red", "Blue"], allow_other=True
    )
    q["multiple"] = services.question_save(
        survey=survey, kind="multiple", text="Tools used?", options=["Forum", "Wiki", "Chat"]
    )
    q["why"] = services.question_save(
        survey=survey,
        kind="open",
        text="Why not?",
        required=True,
        condition_option=q["yesno"].options.get(text="No"),
    )
    q["comment"] = services.question_save(survey=survey, kind="comment", text="Thanks so far")
    q["break"] = services.question_save(survey=survey, kind="pagebreak")
    q["dropdown"] = services.question_save(
        survey=survey, kind="dropdown", text="Level?", options=["Low", "High"]
    )
    q["score"] = services.question_save(survey=survey, kind="score", text="Rate", score_max=5)
    q["percent"] = services.question_save(survey=survey, kind="percentage", text="How much?")
    return survey, q


def opt(question, text):
    return str(question.options.get(text=text).pk)


def answer_all(client, code, survey, q, *, happy="Yes", why="", score="4"):
    url = reverse("surveys:answer", args=[code, survey.pk])
    first = {
        "page": "1",
        f"q{q['yesno'].pk}": opt(q["yesno"], happy),
        f"q{q['single'].pk}": opt(q["single"], "Blue"),
        f"q{q['multiple'].pk}": [opt(q["multiple"], "Forum"), opt(q["multiple"], "Chat")],
        f"q{q['why'].pk}": why,
    }
    response = client.post(url, first)
    if response.status_code != 302:
        return response
    second = {
        "page": "2",
        f"q{q['dropdown'].pk}": opt(q["dropdown"], "High"),
        f"q{q['score'].pk}": score,
        f"q{q['percent'].pk}": "75",
    }
    return client.post(url, second)


def test_learner_answers_every_type_and_results_count(course_roles, client_for):
    survey, q = build(course_roles["course"])
    client = client_for(course_roles["learner"])
    page = client.get(reverse("surveys:answer", args=["CRS1", survey.pk])).content.decode()
    assert "Happy?" in page and "Level?" not in page  # the page break splits the survey
    response = answer_all(client, "CRS1", survey, q)
    assert response.status_code == 200
    assert "your answers have been recorded" in response.content.decode()
    total, results = selectors.results(survey)
    assert total == 1
    by_question = {r.question.pk: r for r in results}
    assert {r.label: r.count for r in by_question[q["multiple"].pk].rows} == {
        "Forum": 1,
        "Wiki": 0,
        "Chat": 1,
    }
    assert by_question[q["score"].pk].average == 4
    assert by_question[q["percent"].pk].average == 75
    assert q["comment"].pk not in by_question


def test_conditional_question_is_only_required_when_shown(course_roles, client_for):
    survey, q = build(course_roles["course"])
    client = client_for(course_roles["learner"])
    refused = answer_all(client, "CRS1", survey, q, happy="No", why="")
    assert refused.status_code == 200
    assert "This question is mandatory." in refused.content.decode()
    assert not Response.objects.exists()
    done = answer_all(client, "CRS1", survey, q, happy="No", why="Too long")
    assert "your answers have been recorded" in done.content.decode()
    assert Answer.objects.filter(question=q["why"], text="Too long").exists()


def test_other_please_specify_and_bad_values(course_roles, client_for):
    survey, q = build(course_roles["course"])
    client = client_for(course_roles["learner"])
    url = reverse("surveys:answer", args=["CRS1", survey.pk])
    bad = client.post(url, {"page": "1", f"q{q['yesno'].pk}": "999999"})
    assert "Choose one of the answers offered." in bad.content.decode()
    client.post(
        url,
        {
            "page": "1",
            f"q{q['yesno'].pk}": opt(q["yesno"], "Yes"),
            f"q{q['single'].pk}_other": "Green",
        },
    )
    too_high = client.post(url, {"page": "2", f"q{q['score'].pk}": "9"})
    assert "Give a number between 1 and 5." in too_high.content.decode()
    client.post(url, {"page": "2", f"q{q['score'].pk}": "5"})
    _total, results = selectors.results(survey)
    single = next(r for r in results if r.question.pk == q["single"].pk)
    assert single.texts == ["Green"]
    assert single.rows[-1].label == "Other" and single.rows[-1].count == 1


def test_answering_twice_is_refused(course_roles, client_for):
    survey, q = build(course_roles["course"])
    client = client_for(course_roles["learner"])
    answer_all(client, "CRS1", survey, q)
    again = client.get(reverse("surveys:answer", args=["CRS1", survey.pk]))
    assert "You have already answered this survey." in again.content.decode()
    posted = client.post(reverse("surveys:answer", args=["CRS1", survey.pk]), {"page": "1"})
    assert posted.status_code == 409
    assert "You have already answered this survey." in posted.content.decode()
    with pytest.raises(services.AnsweringRefused, match="already answered"):
        services.response_submit(survey=survey, answers=[], user=course_roles["learner"])
    assert Response.objects.count() == 1


def test_closed_or_unpublished_survey_refuses(course_roles, client_for):
    survey, q = build(course_roles["course"], closes_at=timezone.now() - timedelta(days=1))
    page = client_for(course_roles["learner"]).get(
        reverse("surveys:answer", args=["CRS1", survey.pk])
    )
    assert "This survey is not open for answers." in page.content.decode()
    hidden = SurveyFactory(course=course_roles["course"], published=False)
    url = reverse("surveys:answer", args=["CRS1", hidden.pk])
    assert client_for(course_roles["learner"]).get(url).status_code == 404


def _rows_referring_to(values: set[str]) -> list[tuple[str, dict]]:
    """Every row of every table (the project's models and m2m tables) holding one of values."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the DB)
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                cells = {str(v).replace("-", "") for v in row if v is not None}
                if cells & values:
                    found.append((table, dict(zip(names, row, strict=True))))
    return found


def test_anonymous_answers_cannot_be_linked_to_anybody(course_roles, client_for):
    course = course_roles["course"]
    survey, q = build(course, anonymous=True)
    learners = [course_roles["learner"]] + [
        EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user for _ in range(2)
    ]
    invited = learners[2]
    invited.email = "third@example.org"
    invited.save()
    services.invitations_create(survey=survey, users=[invited])
    for n, learner in enumerate(learners):
        answer_all(client_for(learner), "CRS1", survey, q, score=str(n + 2))
    assert Response.objects.filter(survey=survey).count() == 3
    assert Participation.objects.filter(survey=survey).count() == 3
    # No column of a response or an answer can hold a person.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model in apps.get_models()
                assert field.related_model._meta.label not in ("accounts.User",), field
                assert field.related_model not in (Participation, Invitation), field
    assert not Respondent.objects.exists()
    # Keys are random and times are days: no order or moment to match with the markers.
    assert all(isinstance(r.pk, uuid.UUID) for r in Response.objects.all())
    # Scan every table: no row that mentions a response or an answer also names a user.
    answer_keys = {r.pk.hex for r in Response.objects.all()} | {
        a.pk.hex for a in Answer.objects.all()
    }
    user_columns = {"user_id", "owner_id", "respondent_id", "author_id", "created_by_id"}
    user_ids = {u.pk for u in learners}
    for table, row in _rows_referring_to(answer_keys):
        assert table in ("surveys_response", "surveys_answer"), (table, row)
        for column in user_columns & set(row):
            assert row[column] not in user_ids, (table, row)
    # And the markers hold no reference to a response or an answer.
    for marker in Participation.objects.values():
        cells = {str(v).replace("-", "") for v in marker.values() if v is not None}
        assert not cells & answer_keys
    # The teacher's export has no respondent column.
    response = client_for(course_roles["teacher"]).get(
        reverse("surveys:export", args=["CRS1", survey.pk, "csv"])
    )
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Respondent" not in header and "E-mail" not in header


def test_named_survey_export(course_roles, client_for):
    survey, q = build(course_roles["course"], anonymous=False)
    answer_all(client_for(course_roles["learner"]), "CRS1", survey, q)
    response = client_for(course_roles["teacher"]).get(
        reverse("surveys:export", args=["CRS1", survey.pk, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Respondent"
    assert rows[1][1] == course_roles["learner"].display_name
    assert "Forum; Chat" in rows[1]
    learner_try = client_for(course_roles["learner"]).get(
        reverse("surveys:export", args=["CRS1", survey.pk, "csv"])
    )
    assert learner_try.status_code == 403


def test_invitations_with_invalid_address_are_refused(course_roles, client_for):
    survey, _q = build(course_roles["course"])
    url = reverse("surveys:invitations", args=["CRS1", survey.pk])
    response = client_for(course_roles["teacher"]).post(
        url, {"emails": "ok@example.org\nnot an address, also@bad"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "These are not valid e-mail addresses: not an address, also@bad" in html
    assert not Invitation.objects.exists() and not mail.outbox


def test_invitations_personal_links_and_reminders(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    survey, q = build(course_roles["course"])
    learner = course_roles["learner"]
    learner.email = "learner@example.org"
    learner.save()
    teacher = client_for(course_roles["teacher"])
    url = reverse("surveys:invitations", args=["CRS1", survey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(
            url, {"members": [learner.pk], "emails": "Guest@Example.org, other@example.org"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "guest@example.org",
        "learner@example.org",
        "other@example.org",
    ]
    guest = Invitation.objects.get(email="guest@example.org")
    assert guest.sent_at is not None
    link = reverse("surveys_public:answer", args=[guest.token])
    assert any(link in m.body for m in mail.outbox)
    # The outside guest answers through the personal link, without an account.
    anonymous = client_for(None)
    anonymous.post(link, {"page": "1", f"q{q['yesno'].pk}": opt(q["yesno"], "Yes")})
    done = anonymous.post(link, {"page": "2"})
    assert "your answers have been recorded" in done.content.decode()
    assert "already answered" in anonymous.get(link).content.decode()
    # The member answers from the course; only "other" is still waiting.
    answer_all(client_for(learner), "CRS1", survey, q)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(reverse("surveys:remind", args=["CRS1", survey.pk]))
    assert [m.to[0] for m in mail.outbox] == ["other@example.org"]
    assert "Reminder" in mail.outbox[0].subject
    assert Invitation.objects.get(email="other@example.org").reminders == 1
    assert client_for(None).get("/surveys/nope/").status_code == 404


def test_results_visibility_and_chart_data(course_roles, client_for):
    survey, q = build(course_roles["course"])
    answer_all(client_for(course_roles["learner"]), "CRS1", survey, q)
    url = reverse("surveys:results", args=["CRS1", survey.pk])
    assert client_for(course_roles["learner"]).get(url).status_code == 403
    page = client_for(course_roles["tutor"]).get(url).content.decode()
    assert 'data-labels="Forum|Wiki|Chat"' in page and 'data-values="1,0,1"' in page
    survey.results_visible = True
    survey.save()
    assert client_for(course_roles["learner"]).get(url).status_code == 200


def test_cross_tab(course_roles, client_for):
    course = course_roles["course"]
    survey, q = build(course)
    others = [EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user for _ in range(2)]
    answer_all(client_for(course_roles["learner"]), "CRS1", survey, q, happy="Yes")
    answer_all(client_for(others[0]), "CRS1", survey, q, happy="No", why="x")
    answer_all(client_for(others[1]), "CRS1", survey, q, happy="Yes")
    table = selectors.cross_tab(q["yesno"], q["multiple"])
    assert table["columns"] == ["Forum", "Wiki", "Chat"]
    assert [row["cells"] for row in table["rows"]] == [[2, 0, 2], [1, 0, 1]]
    page = client_for(course_roles["teacher"]).get(
        reverse("surveys:results", args=["CRS1", survey.pk]),
        {"first": q["yesno"].pk, "second": q["multiple"].pk},
    )
    assert "survey-crosstab" in page.content.decode()


def test_one_question_per_page(course_roles, client_for):
    survey, q = build(course_roles["course"], one_question_per_page=True)
    client = client_for(course_roles["learner"])
    url = reverse("surveys:answer", args=["CRS1", survey.pk])
    page = client.get(url).content.decode()
    assert "Happy?" in page and "Favourite?" not in page
    assert "Page 1 of 8" in page  # 7 questions, and the comment alone before the break


def test_teacher_builds_a_survey_through_the_pages(course_roles, client_for):
    teacher = client_for(course_roles["teacher"])
    response = teacher.post(
        reverse("surveys:create", args=["CRS1"]),
        {"title": "Course feedback", "anonymous": "on", "published": "on"},
    )
    survey = course_roles["course"].surveys.get()
    assert response.url == reverse("surveys:manage", args=["CRS1", survey.pk])
    add = reverse("surveys:question_create", args=["CRS1", survey.pk])
    one_option = teacher.post(add, {"kind": "single", "text": "Pick", "options": "Only"})
    assert "Offer at least two answers." in one_option.content.decode()
    teacher.post(add, {"kind": "single", "text": "Pick", "options": "A\nB\n"})
    teacher.post(add, {"kind": "yesno", "text": "Again?", "required": "on"})
    questions = list(survey.questions.order_by("position"))
    assert [q.text for q in questions] == ["Pick", "Again?"]
    assert [o.text for o in questions[1].options.all()] == ["Yes", "No"]
    teacher.post(
        reverse("surveys:question_move", args=["CRS1", survey.pk, questions[1].pk]),
        {"direction": "up"},
    )
    assert [q.text for q in survey.questions.order_by("position")] == ["Again?", "Pick"]
    assert client_for(course_roles["learner"]).get(add).status_code == 403


def test_grade_source_and_learning_path_outcome(course_roles, monkeypatch):
    from gradebook.api import get_grade_source
    from learnpaths.api import get_item_kind

    calls = []
    monkeypatch.setattr("learnpaths.api.report_outcome", lambda **kwargs: calls.append(kwargs) or 1)
    survey, _q = build(course_roles["course"])
    services.response_submit(survey=survey, answers=[], user=course_roles["learner"])
    assert calls == [
        {
            "kind": "survey",
            "target_id": survey.pk,
            "user": course_roles["learner"],
            "course_id": survey.course_id,
        }
    ]
    source = get_grade_source("survey")
    scores = source.scores(
        item_ids=[survey.pk], user_ids=[course_roles["learner"].pk, course_roles["tutor"].pk]
    )
    assert list(scores) == [(survey.pk, course_roles["learner"].pk)]
    assert scores[(survey.pk, course_roles["learner"].pk)].score == Decimal(1)
    assert get_item_kind("survey").completion == "report"


@pytest.mark.parametrize("count", [2, 15])
def test_index_query_count(course_roles, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        build(course_roles["course"])
    client = client_for(course_roles["learner"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surveys:index", args=["CRS1"]))
    assert response.status_code == 200


def test_results_query_count(course_roles, client_for, django_assert_max_num_queries):
    survey, q = build(course_roles["course"])
    answer_all(client_for(course_roles["learner"]), "CRS1", survey, q)
    client = client_for(course_roles["teacher"])
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:results", args=["CRS1", survey.pk]))


def test_export_writes_what_learners_typed_as_text_never_as_a_formula(course_roles, client_for):
    survey, q = build(course_roles["course"], anonymous=False)
    typed = '=HYPERLINK("http://evil.example","click")'
    answer_all(client_for(course_roles["learner"]), "CRS1", survey, q, happy="No", why=typed)
    teacher = client_for(course_roles["teacher"])
    body = teacher.get(reverse("surveys:export", args=["CRS1", survey.pk, "csv"]))
    cells = [
        cell for row in csv.reader(io.StringIO(body.content.decode("utf-8-sig"))) for cell in row
    ]
    assert "'" + typed in cells and typed not in cells
    xlsx = teacher.get(reverse("surveys:export", args=["CRS1", survey.pk, "xlsx"]))
    values = [
        v
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
        for v in row
    ]
    assert "'" + typed in values


def test_a_survey_without_questions_says_so_outside_the_numbered_list(course_roles, client_for):
    """Not "1. No question yet.": the message is no item of the questions' numbered list."""
    survey = SurveyFactory(course=course_roles["course"])
    page = client_for(course_roles["teacher"]).get(
        reverse("surveys:manage", args=["CRS1", survey.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="no-question"' in html
    assert "survey-questions" not in html
