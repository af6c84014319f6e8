"""Grading per question type: right, partial, negative and odd answers."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from assessments.formula import FormulaError, evaluate
from assessments.question_types import get_type, point_in_zone

from .factories import make_question

pytestmark = pytest.mark.django_db


def grade(question, response, context=None):
    return get_type(question.type).grade(question, response, context or {})


def ids(question):
    return [a.pk for a in question.answers.all()]


def post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def test_unique_answer(course):
    q = make_question(
        course,
        "unique",
        answers=[
            {"text": "Paris", "correct": True, "score": 2},
            {"text": "Lyon", "score": -1},
            {"text": "Nice", "score": 0},
        ],
    )
    right, wrong, neutral = ids(q)
    assert grade(q, {"choice": right}).score == Decimal("2")
    assert grade(q, {"choice": right}).correct
    assert grade(q, {"choice": wrong}).score == Decimal("-1")
    assert grade(q, {"choice": neutral}).score == 0
    assert grade(q, {}).score == 0
    assert grade(q, {"choice": 999999}).score == 0  # an id from elsewhere counts nothing
    assert grade(q, {}).max_score == Decimal("2")


def test_unique_idk_parses_idk_and_scores_zero(course):
    q = make_question(
        course,
        "unique_idk",
        answers=[{"text": "A", "correct": True, "score": 1}, {"text": "B", "score": -1}],
    )
    kind = get_type("unique_idk")
    response = kind.parse(post(**{"q1-choice": "idk"}), "q1-")
    assert response == {"choice": "idk"}
    assert grade(q, response).score == 0
    # plain unique answer refuses the "I don't know" value
    assert get_type("unique").parse(post(**{"q1-choice": "idk"}), "q1-") == {}


def test_multiple_answer_partial_and_negative(course):
    q = make_question(
        course,
        "multiple",
        answers=[
            {"text": "A", "correct": True, "score": 1},
            {"text": "B", "correct": True, "score": 1},
            {"text": "C", "score": -1},
        ],
        config={"no_negative": False},
    )
    a, b, c = ids(q)
    assert grade(q, {"choices": [a, b]}).score == 2
    assert grade(q, {"choices": [a]}).score == 1
    assert grade(q, {"choices": [a, c]}).score == 0
    assert grade(q, {"choices": [c]}).score == -1
    assert grade(q, {}).max_score == 2
    q.config = {"no_negative": True}
    assert grade(q, {"choices": [c]}).score == 0


def test_multiple_parse_ignores_junk(course):
    kind = get_type("multiple")
    data = post(**{"q5-choices": ["3", "x", "3", "1"]})
    assert kind.parse(data, "q5-") == {"choices": [1, 3]}


def test_exact_multiple_all_or_nothing(course):
    q = make_question(
        course,
        "multiple_exact",
        score="4",
        answers=[
            {"text": "A", "correct": True},
            {"text": "B", "correct": True},
            {"text": "C"},
        ],
    )
    a, b, c = ids(q)
    assert grade(q, {"choices": [a, b]}).score == 4
    assert grade(q, {"choices": [a]}).score == 0
    assert grade(q, {"choices": [a, b, c]}).score == 0
    assert grade(q, {}).max_score == 4


def test_global_multiple_penalty(course):
    q = make_question(
        course,
        "multiple_global",
        score="3",
        config={"wrong_score": "-1.5"},
        answers=[{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}],
    )
    a, b, c = ids(q)
    assert grade(q, {"choices": [a, b]}).score == 3
    assert grade(q, {"choices": [a]}).score == 0
    assert grade(q, {"choices": [a, b, c]}).score == Decimal("-1.5")


def test_true_false_with_idk(course):
    q = make_question(
        course,
        "true_false",
        config={"right_score": "1", "wrong_score": "-0.5"},
        answers=[{"text": "Sky is blue", "correct": True}, {"text": "2+2=5", "correct": False}],
    )
    t, f = ids(q)
    kind = get_type("true_false")
    response = kind.parse(post(**{f"q1-tf-{t}": "true", f"q1-tf-{f}": "idk"}), "q1-")
    assert grade(q, response).score == 1
    assert grade(q, {"marks": {str(t): "true", str(f): "false"}}).score == 2
    assert grade(q, {"marks": {str(t): "false", str(f): "true"}}).score == -1
    assert grade(q, {"marks": {str(t): "maybe"}}).score == 0
    assert grade(q, {}).max_score == 2


def test_fill_blanks_spellings_case_and_spaces(course):
    q = make_question(
        course,
        "blanks",
        score="2",
        config={"text": "The capital of France is [Paris|paris ] and of Italy [Rome|Roma]."},
    )
    assert grade(q, {"blanks": ["Paris", "Roma"]}).score == 2
    assert grade(q, {"blanks": ["  PARIS ", "x"]}).score == 1  # case-insensitive by default
    assert grade(q, {"blanks": [""]}).score == 0
    assert grade(q, {}).score == 0
    q.config["case_sensitive"] = True
    assert grade(q, {"blanks": ["PARIS", "Rome"]}).score == 1
    q.config["ignore_spaces"] = True
    q.config["text"] = "[New York]"
    assert grade(q, {"blanks": ["New  York"]}).score == 2
    assert grade(q, {"blanks": ["NewYork"]}).score == 2


def test_fill_blanks_config_requires_a_blank():
    with pytest.raises(ValueError):
        get_type("blanks").clean_config({"text": "no blanks here"})
    with pytest.raises(ValueError):
        get_type("blanks").clean_config({"text": "empty [] blank"})


def test_matching(course):
    q = make_question(
        course,
        "matching",
        answers=[
            {"text": "France", "data": {"match": "Paris"}, "score": 1},
            {"text": "Italy", "data": {"match": "Rome"}, "score": 1},
            {"text": "Spain", "data": {"match": "Madrid"}, "score": 1},
        ],
    )
    fr, it, es = ids(q)
    kind = get_type("matching")
    response = kind.parse(
        post(**{f"q1-match-{fr}": str(fr), f"q1-match-{it}": str(es), f"q1-match-{es}": ""}),
        "q1-",
    )
    assert grade(q, response).score == 1
    assert grade(q, {"pairs": {str(fr): fr, str(it): it, str(es): es}}).score == 3
    assert grade(q, {}).max_score == 3


def test_ordering_partial_and_all_or_nothing(course):
    q = make_question(
        course,
        "ordering",
        score="4",
        answers=[{"text": "1"}, {"text": "2"}, {"text": "3"}, {"text": "4"}],
    )
    a, b, c, d = ids(q)
    assert grade(q, {"order": [a, b, c, d]}).score == 4
    assert grade(q, {"order": [a, b, d, c]}).score == 2
    assert grade(q, {"order": [d, c, b, a]}).score == 0
    assert grade(q, {"order": [a]}).score == 1
    q.config = {"all_or_nothing": True}
    assert grade(q, {"order": [a, b, d, c]}).score == 0
    assert grade(q, {"order": [a, b, c, d]}).score == 4


def test_free_answer_needs_grading_only_when_answered(course):
    q = make_question(course, "free", score="5")
    assert grade(q, {"text": "My essay"}).needs_grading
    assert not grade(q, {"text": "   "}).needs_grading
    assert grade(q, {}).max_score == 5


def test_zone_shapes():
    assert point_in_zone(15, 15, {"shape": "rect", "coords": [10, 10, 20, 20]})
    assert not point_in_zone(31, 15, {"shape": "rect", "coords": [10, 10, 20, 20]})
    assert point_in_zone(103, 104, {"shape": "circle", "coords": [100, 100, 5]})
    assert not point_in_zone(104, 104, {"shape": "circle", "coords": [100, 100, 5]})
    triangle = {"shape": "poly", "coords": [0, 0, 100, 0, 0, 100]}
    assert point_in_zone(10, 10, triangle)
    assert not point_in_zone(80, 80, triangle)
    assert not point_in_zone(1, 1, {"shape": "poly", "coords": [0, 0, 1]})


def test_hotspot(course):
    q = make_question(
        course,
        "hotspot",
        answers=[
            {"text": "Head", "score": 2, "data": {"shape": "rect", "coords": [0, 0, 50, 50]}},
            {"text": "Foot", "score": 1, "data": {"shape": "circle", "coords": [200, 200, 10]}},
        ],
    )
    kind = get_type("hotspot")
    response = kind.parse(post(**{"q1-point": ["10,10", "205,199", "junk"]}), "q1-")
    assert response == {"points": [[10.0, 10.0], [205.0, 199.0]]}
    assert grade(q, response).score == 3
    assert grade(q, {"points": [[10, 10], [20, 20]]}).score == 2
    # more points than zones: the extra ones are ignored (no carpet-bombing)
    assert grade(q, {"points": [[500, 500], [600, 600], [205, 199]]}).score == 0


def test_formula_is_safe():
    assert evaluate("a * b + 2 ** 3", {"a": 2, "b": 3}) == 14
    assert evaluate("sqrt(x) + pi * 0", {"x": 16}) == 4
    for bad in [
        "__import__('os')",
        "a.__class__",
        "open('x')",
        "[1, 2]",
        "a if a else b",
        "9 ** 9 ** 9",
        "lambda: 1",
        "'text'",
        "unknown + 1",
        "1 / 0",
    ]:
        with pytest.raises(FormulaError):
            evaluate(bad, {"a": 1, "b": 2})


def test_calculated(course):
    q = make_question(
        course,
        "calculated",
        score="2",
        config={"formula": "a * b", "variables": "a = 1..10\nb = 2..3", "tolerance": "0.5"},
    )
    kind = get_type("calculated")
    import random

    context = kind.start_context(q, random.Random(4))
    values = context["values"]
    assert 1 <= values["a"] <= 10 and 2 <= values["b"] <= 3
    expected = values["a"] * values["b"]
    assert grade(q, {"value": str(expected)}, context).score == 2
    assert grade(q, {"value": str(expected + 0.4).replace(".", ",")}, context).score == 2
    assert grade(q, {"value": str(expected + 1)}, context).score == 0
    assert grade(q, {"value": "nan"}, context).score == 0
    assert grade(q, {"value": "abc"}, context).score == 0
    q.config.update(tolerance="10", relative=True)
    assert grade(q, {"value": str(expected * 1.05)}, context).score == 2


def test_calculated_config_checks_variables():
    kind = get_type("calculated")
    with pytest.raises(ValueError):
        kind.clean_config({"formula": "a + c", "variables": "a = 1..2"})
    with pytest.raises(ValueError):
        kind.clean_config({"formula": "__import__('os')", "variables": ""})
    assert kind.clean_config({"formula": "a + 1", "variables": "a = 1..2"})


def test_media_is_not_scored(course):
    q = make_question(course, "media")
    assert grade(q, {}).max_score == 0


def test_calculated_statement_shows_the_drawn_values(course):
    q = make_question(
        course,
        "calculated",
        config={"formula": "a + b", "variables": "a = 1..1\nb = 2.5..2.5 : 1"},
    )
    q.statement = "<p>Add {a} and {b}.</p>"
    context = {"values": {"a": 1, "b": 2.5}}
    assert get_type("calculated").statement(q, context) == "<p>Add 1 and 2.5.</p>"
    assert grade(q, {"value": "3.5"}, context).score == 1


def test_upload_validation_size_extension_and_sniffed_type():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.question_types import UPLOAD_MAX_BYTES, validate_upload

    validate_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."), allowed={"pdf"})
    validate_upload(SimpleUploadedFile("r.webm", b"\x1a\x45\xdf\xa3rest"), allowed={"webm"})
    validate_upload(SimpleUploadedFile("notes.txt", "héllo".encode()), allowed={"txt"})
    refused = [
        ("virus.exe", b"MZ\x90\x00", {"pdf"}),  # extension not allowed
        ("fake.pdf", b"MZ\x90\x00", {"pdf"}),  # content is not a PDF
        ("img.png", b"%PDF-1.4", {"png"}),  # a PDF renamed .png
        ("bin.txt", b"\x00\x01\x02\xff", {"txt"}),  # binary, not text
        ("a.pdf", b"%PDF", {"png"}),  # allowed elsewhere, not for this question
    ]
    for name, content, allowed in refused:
        with pytest.raises(ValueError):
            validate_upload(SimpleUploadedFile(name, content), allowed=allowed)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * UPLOAD_MAX_BYTES)
    with pytest.raises(ValueError):
        validate_upload(big, allowed={"pdf"})


def test_media_item_shares_the_page_of_the_next_question(course):
    from assessments import services
    from assessments.models import Quiz
    from assessments.selectors import attempt_items, attempt_pages
    from courses.tests.factories import EnrollmentFactory

    from .factories import QuizFactory

    quiz = QuizFactory(course=course, layout=Quiz.Layout.PER_PAGE)
    make_question(course, "free", quiz=quiz, title="one")
    make_question(course, "media", quiz=quiz, title="video")
    make_question(course, "free", quiz=quiz, title="two")
    make_question(course, "free", quiz=quiz, title="three")
    learner = EnrollmentFactory(course=course).user
    attempt = services.attempt_start(quiz=quiz, user=learner)
    pages = attempt_pages(attempt, attempt_items(attempt))
    titles = [[item["question"].title for item in page] for page in pages]
    assert titles == [["one"], ["video", "two"], ["three"]]
    numbers = [item["number"] for page in pages for item in page]
    assert numbers == [1, None, 2, 3]


def test_matching_with_a_shared_match(course):
    q = make_question(
        course,
        "matching",
        answers=[
            {"text": "Capulet", "data": {"match": "Romeo and Juliet"}, "score": 1},
            {"text": "Demetrius", "data": {"match": "Midsummer"}, "score": 1},
            {"text": "Lysander", "data": {"match": "Midsummer"}, "score": 1},
        ],
    )
    capulet, demetrius, lysander = ids(q)
    extra = get_type("matching").widget_context(q, list(q.answers.all()), {}, {})
    assert [label for _pk, label in extra["options"]] == ["Midsummer", "Romeo and Juliet"]
    # Lysander answered with the one "Midsummer" option offered (Demetrius's row id)
    response = {
        "pairs": {str(capulet): capulet, str(demetrius): demetrius, str(lysander): demetrius}
    }
    assert grade(q, response).score == 3
    assert grade(q, {"pairs": {str(capulet): demetrius}}).score == 0
    assert grade(q, {"pairs": {str(capulet): 999999}}).score == 0
