"""The server-side SCORM data models: what may be stored, and what it means. No database."""

import re
from pathlib import Path

import pytest

from scorm.runtime import add_time, initial_cmi, parse_timespan, summarize, validate_cmi
from scorm.runtime.datamodel import (
    ELEMENTS_12,
    ELEMENTS_2004,
    MAX_COLLECTION_SIZE,
    check_response,
    element,
    format_timespan,
    parse_element,
    validate_adl_data,
)

RUNTIME_JS = Path(__file__).resolve().parents[1] / "static" / "scorm" / "runtime.js"

# ------------------------------------------------------------------ the tables themselves

# Read/write rule of every element, from the specifications' tables.
RULES_12 = {
    "cmi._version": "r",
    "cmi.core.student_id": "r",
    "cmi.core.student_name": "r",
    "cmi.core.lesson_location": "rw",
    "cmi.core.credit": "r",
    "cmi.core.lesson_status": "rw",
    "cmi.core.entry": "r",
    "cmi.core.score.raw": "rw",
    "cmi.core.score.min": "rw",
    "cmi.core.score.max": "rw",
    "cmi.core.total_time": "r",
    "cmi.core.lesson_mode": "r",
    "cmi.core.exit": "w",
    "cmi.core.session_time": "w",
    "cmi.suspend_data": "rw",
    "cmi.launch_data": "r",
    "cmi.comments": "rw",
    "cmi.comments_from_lms": "r",
    "cmi.objectives.n.id": "rw",
    "cmi.objectives.n.score.raw": "rw",
    "cmi.objectives.n.score.min": "rw",
    "cmi.objectives.n.score.max": "rw",
    "cmi.objectives.n.status": "rw",
    "cmi.student_data.mastery_score": "r",
    "cmi.student_data.max_time_allowed": "r",
    "cmi.student_data.time_limit_action": "r",
    "cmi.student_preference.audio": "rw",
    "cmi.student_preference.language": "rw",
    "cmi.student_preference.speed": "rw",
    "cmi.student_preference.text": "rw",
    "cmi.interactions.n.id": "w",
    "cmi.interactions.n.objectives.n.id": "w",
    "cmi.interactions.n.time": "w",
    "cmi.interactions.n.type": "w",
    "cmi.interactions.n.correct_responses.n.pattern": "w",
    "cmi.interactions.n.weighting": "w",
    "cmi.interactions.n.student_response": "w",
    "cmi.interactions.n.result": "w",
    "cmi.interactions.n.latency": "w",
}

RULES_2004 = {
    "cmi._version": "r",
    "cmi.comments_from_learner.n.comment": "rw",
    "cmi.comments_from_learner.n.location": "rw",
    "cmi.comments_from_learner.n.timestamp": "rw",
    "cmi.comments_from_lms.n.comment": "r",
    "cmi.comments_from_lms.n.location": "r",
    "cmi.comments_from_lms.n.timestamp": "r",
    "cmi.completion_status": "rw",
    "cmi.completion_threshold": "r",
    "cmi.credit": "r",
    "cmi.entry": "r",
    "cmi.exit": "w",
    "cmi.interactions.n.id": "rw",
    "cmi.interactions.n.type": "rw",
    "cmi.interactions.n.objectives.n.id": "rw",
    "cmi.interactions.n.timestamp": "rw",
    "cmi.interactions.n.correct_responses.n.pattern": "rw",
    "cmi.interactions.n.weighting": "rw",
    "cmi.interactions.n.learner_response": "rw",
    "cmi.interactions.n.result": "rw",
    "cmi.interactions.n.latency": "rw",
    "cmi.interactions.n.description": "rw",
    "cmi.launch_data": "r",
    "cmi.learner_id": "r",
    "cmi.learner_name": "r",
    "cmi.learner_preference.audio_level": "rw",
    "cmi.learner_preference.language": "rw",
    "cmi.learner_preference.delivery_speed": "rw",
    "cmi.learner_preference.audio_captioning": "rw",
    "cmi.location": "rw",
    "cmi.max_time_allowed": "r",
    "cmi.mode": "r",
    "cmi.objectives.n.id": "rw",
    "cmi.objectives.n.score.scaled": "rw",
    "cmi.objectives.n.score.raw": "rw",
    "cmi.objectives.n.score.min": "rw",
    "cmi.objectives.n.score.max": "rw",
    "cmi.objectives.n.success_status": "rw",
    "cmi.objectives.n.completion_status": "rw",
    "cmi.objectives.n.progress_measure": "rw",
    "cmi.objectives.n.description": "rw",
    "cmi.progress_measure": "rw",
    "cmi.scaled_passing_score": "r",
    "cmi.score.scaled": "rw",
    "cmi.score.raw": "rw",
    "cmi.score.min": "rw",
    "cmi.score.max": "rw",
    "cmi.session_time": "w",
    "cmi.success_status": "rw",
    "cmi.suspend_data": "rw",
    "cmi.time_limit_action": "r",
    "cmi.total_time": "r",
    "adl.nav.request": "rw",
    "adl.nav.request_valid.continue": "r",
    "adl.nav.request_valid.previous": "r",
    "adl.nav.request_valid.choice.{target}": "r",
    "adl.nav.request_valid.jump.{target}": "r",
    "adl.data.n.id": "r",
    "adl.data.n.store": "rw",
}


def test_tables_hold_exactly_the_specified_elements():
    assert {k: v.access for k, v in ELEMENTS_12.items()} == RULES_12
    assert {k: v.access for k, v in ELEMENTS_2004.items()} == RULES_2004


def js_table(name):
    """{element: access} of one model in runtime.js (the browser side must agree)."""
    source = RUNTIME_JS.read_text()
    start = source.index(f"var {name} = {{")
    body = source[start : source.index("children:", start)]
    return dict(re.findall(r'"([a-z_.{}]+)": \{\s*access: "(rw|r|w)"', body))


def test_browser_runtime_uses_the_same_tables():
    assert js_table("MODEL_12") == RULES_12
    assert js_table("MODEL_2004") == RULES_2004


def concrete(generic):
    return generic.replace(".n.", ".0.").replace("{target}", "{target=intro}")


def sample_value(version, generic):
    """A well-typed value for every writable element."""
    samples = {
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "80",
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "00:10:00",
        "cmi.objectives.n.score.raw": "50",
        "cmi.objectives.n.score.min": "0",
        "cmi.objectives.n.score.max": "100",
        "cmi.objectives.n.status": "passed",
        "cmi.student_preference.audio": "50",
        "cmi.student_preference.speed": "0",
        "cmi.student_preference.text": "1",
        "cmi.interactions.n.time": "10:00:00",
        "cmi.interactions.n.type": "choice",
        "cmi.interactions.n.weighting": "1",
        "cmi.interactions.n.result": "correct",
        "cmi.interactions.n.latency": "00:00:05" if version == "1.2" else "PT5S",
        "cmi.completion_status": "completed",
        "cmi.exit": "normal",
        "cmi.comments_from_learner.n.timestamp": "2024-01-01T10:00:00",
        "cmi.interactions.n.timestamp": "2024-01-01T10:00:00",
        "cmi.learner_preference.audio_level": "1",
        "cmi.learner_preference.language": "fr",
        "cmi.learner_preference.delivery_speed": "1",
        "cmi.learner_preference.audio_captioning": "1",
        "cmi.objectives.n.score.scaled": "0.5",
        "cmi.objectives.n.success_status": "passed",
        "cmi.objectives.n.completion_status": "completed",
        "cmi.objectives.n.progress_measure": "0.5",
        "cmi.progress_measure": "1",
        "cmi.score.scaled": "0.9",
        "cmi.score.raw": "90",
        "cmi.score.min": "0",
        "cmi.score.max": "100",
        "cmi.session_time": "PT10M",
        "cmi.success_status": "passed",
        "adl.nav.request": "continue",
    }
    return samples.get(generic, "sample-1")


@pytest.mark.parametrize(
    ("version", "generic"),
    [("1.2", g) for g in RULES_12] + [("2004", g) for g in RULES_2004],
)
def test_every_element_read_write_rule(version, generic):
    name = concrete(generic)
    rules = RULES_12 if version == "1.2" else RULES_2004
    value = sample_value(version, generic)
    clean, errors = validate_cmi(version, {name: value})
    if "w" in rules[generic]:
        assert clean == {name: value}, errors
        assert errors == []
    else:
        assert clean == {}
        assert errors == [f"{name}: read-only."]
    assert element(version, name) is not None


# ------------------------------------------------------------------ types and ranges

# (version, element, good values, bad values)
TYPES = [
    ("1.2", "cmi.core.lesson_location", ["", "x" * 255], ["x" * 256]),
    ("1.2", "cmi.core.lesson_status", ["passed", "completed", "failed", "incomplete", "browsed"],
     ["not attempted", "unknown", "", "PASSED"]),
    ("1.2", "cmi.core.score.raw", ["0", "100", "55.5", "", ".5"], ["100.1", "-1", "x", "1e2"]),
    ("1.2", "cmi.core.score.min", ["0"], ["101"]),
    ("1.2", "cmi.core.score.max", ["100"], ["abc"]),
    ("1.2", "cmi.core.exit", ["time-out", "suspend", "logout", ""], ["normal"]),
    ("1.2", "cmi.core.session_time", ["00:00:00", "9999:59:59.99", "01:02:03.4"],
     ["PT1M", "1:00:00", "00:60:00", "00:00:60", "00:00:00.123", "10000:00:00"]),
    ("1.2", "cmi.suspend_data", ["", "x" * 64000], ["x" * 64001]),
    ("1.2", "cmi.comments", ["x" * 4096], ["x" * 4097]),
    ("1.2", "cmi.objectives.3.id", ["obj_1", "urn:x:1"], ["", "a b", "x" * 256]),
    ("1.2", "cmi.objectives.0.status", ["not attempted", "browsed"], ["unknown"]),
    ("1.2", "cmi.student_preference.audio", ["-1", "0", "100"], ["-2", "101", "1.5", "x"]),
    ("1.2", "cmi.student_preference.language", ["", "fr"], ["x" * 256]),
    ("1.2", "cmi.student_preference.speed", ["-100", "100"], ["-101", "101"]),
    ("1.2", "cmi.student_preference.text", ["-1", "0", "1"], ["2", "-2"]),
    ("1.2", "cmi.interactions.0.id", ["q1"], ["q 1", ""]),
    ("1.2", "cmi.interactions.0.objectives.0.id", ["o1"], ["o 1"]),
    ("1.2", "cmi.interactions.0.time", ["00:00:00", "23:59:59.99"],
     ["24:00:00", "12:60:00", "1:00:00", "12:00"]),
    ("1.2", "cmi.interactions.0.type",
     ["true-false", "choice", "fill-in", "matching", "performance", "likert", "sequencing",
      "numeric"], ["other", "long-fill-in"]),
    ("1.2", "cmi.interactions.0.correct_responses.0.pattern", ["a,b", ""], ["x" * 256]),
    ("1.2", "cmi.interactions.0.weighting", ["-1", "2.5"], ["", "x"]),
    ("1.2", "cmi.interactions.0.student_response", ["t"], ["x" * 256]),
    ("1.2", "cmi.interactions.0.result", ["correct", "wrong", "unanticipated", "neutral", "0.5"],
     ["incorrect", ""]),
    ("1.2", "cmi.interactions.0.latency", ["00:00:01"], ["PT1S"]),
    ("2004", "cmi.completion_status", ["completed", "incomplete", "not attempted", "unknown"],
     ["passed", ""]),
    ("2004", "cmi.success_status", ["passed", "failed", "unknown"], ["completed"]),
    ("2004", "cmi.exit", ["time-out", "suspend", "logout", "normal", ""], ["quit"]),
    ("2004", "cmi.location", ["", "x" * 4000], ["x" * 4001]),
    ("2004", "cmi.suspend_data", ["x" * 64000], ["x" * 64001]),
    ("2004", "cmi.progress_measure", ["0", "0.5", "1"], ["1.1", "-0.1", "x"]),
    ("2004", "cmi.score.scaled", ["-1", "0", "1", "0.123"], ["-1.5", "1.01", "x", ""]),
    ("2004", "cmi.score.raw", ["-5", "1000", "3.25"], ["", "x"]),
    ("2004", "cmi.score.min", ["0"], ["x"]),
    ("2004", "cmi.score.max", ["10"], ["x"]),
    ("2004", "cmi.session_time", ["PT1H2M3.5S", "P1D", "PT0S", "P1Y2M3DT4H5M6S"],
     ["PT", "P", "00:01:00", "PT1.5M", "P1W", "-PT1S"]),
    ("2004", "cmi.learner_preference.audio_level", ["0", "10"], ["-1", "x"]),
    ("2004", "cmi.learner_preference.language", ["", "en", "en-GB", "fr-CA", "x-private"],
     ["english please", "e", "toolongtag"]),
    ("2004", "cmi.learner_preference.delivery_speed", ["0", "2"], ["-1"]),
    ("2004", "cmi.learner_preference.audio_captioning", ["-1", "0", "1"], ["2", "on"]),
    ("2004", "cmi.comments_from_learner.0.comment", ["Hi", "{lang=fr}Salut", "x" * 4000],
     ["x" * 4001, "{lang=?}x", "{lang=fr"]),
    ("2004", "cmi.comments_from_learner.0.location", ["x" * 4000], ["x" * 4001]),
    ("2004", "cmi.comments_from_learner.0.timestamp",
     ["2024", "2024-02", "2024-02-29", "2024-02-29T13", "2024-02-29T13:05",
      "2024-02-29T13:05:09", "2024-02-29T13:05:09.25", "2024-02-29T13:05:09.2Z",
      "2024-02-29T13:05:09.25+01:00", "2024-02-29T13:05:09.25-03"],
     ["24-01-01", "1969-12-31", "2039-01-01", "2024-00-01", "2024-01-32", "2024-01-01T25:00",
      "2024-01-01T10:00:00.123", "now", "2004-04-01T15Z", "2024-02-29T13:05:09Z",
      "2024-02-29T13:05+01:00", "2023-02-29", "2024-02-29T13:05:09.25+2"]),
    ("2004", "cmi.objectives.0.id", ["urn:obj:1", "x" * 4000], ["", "a b", "x" * 4001]),
    ("2004", "cmi.objectives.0.score.scaled", ["1"], ["2"]),
    ("2004", "cmi.objectives.0.success_status", ["failed"], ["incomplete"]),
    ("2004", "cmi.objectives.0.completion_status", ["incomplete"], ["failed"]),
    ("2004", "cmi.objectives.0.progress_measure", ["0.3"], ["3"]),
    ("2004", "cmi.objectives.0.description", ["{lang=en}Goal", "x" * 251], ["x" * 4001]),
    ("2004", "cmi.interactions.0.id", ["q1"], ["", "q 1"]),
    ("2004", "cmi.interactions.0.type",
     ["true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance",
      "sequencing", "numeric", "other"], ["essay", ""]),
    ("2004", "cmi.interactions.0.objectives.0.id", ["o1"], ["o 1"]),
    ("2004", "cmi.interactions.0.timestamp", ["2024-01-01T00:00:00"], ["00:00:00"]),
    ("2004", "cmi.interactions.0.weighting", ["2"], ["x"]),
    ("2004", "cmi.interactions.0.result", ["correct", "incorrect", "unanticipated", "neutral",
                                           "-3.5"], ["wrong"]),
    ("2004", "cmi.interactions.0.latency", ["PT2S"], ["2"]),
    ("2004", "cmi.interactions.0.description", ["Q", "x" * 4000], ["x" * 4001]),
    ("2004", "adl.nav.request",
     ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_",
      "{target=item_2}choice", "{target=item_2}jump"],
     ["choice", "{target=}choice", "{target=a b}choice", "start", ""]),
]  # fmt: skip


@pytest.mark.parametrize(("version", "name", "good", "bad"), TYPES)
def test_types_and_ranges(version, name, good, bad):
    for value in good:
        clean, errors = validate_cmi(version, {name: value})
        assert clean == {name: value}, (value[:40], errors)
    for value in bad:
        clean, errors = validate_cmi(version, {name: value})
        assert clean == {}, value[:40]
        assert len(errors) == 1 and errors[0].startswith(name), errors


def test_range_errors_say_out_of_range():
    _, errors = validate_cmi("2004", {"cmi.score.scaled": "2"})
    assert errors == ["cmi.score.scaled: '2' is out of range."]
    _, errors = validate_cmi("2004", {"cmi.score.scaled": "high"})
    assert errors == ["cmi.score.scaled: 'high' is not a valid value."]


def test_unknown_elements_and_bad_input_are_refused():
    clean, errors = validate_cmi(
        "2004",
        {
            "cmi": "x",
            "cmi.interactions": "x",
            "cmi.score._children": "x",
            "cmi.objectives._count": "9",
            "cmi.core.lesson_status": "passed",  # a 1.2 name
            "cmi.objectives.x.id": "o",
            "cmi.objectives.01.id": "o",
            "cmi.location": 5,
            "cmi.suspend_data": None,
            f"cmi.interactions.{MAX_COLLECTION_SIZE}.id": "q",
            "cmi.success_status": "passed",
        },
    )
    assert clean == {"cmi.success_status": "passed"}
    assert len(errors) == 10
    clean, errors = validate_cmi("1.2", {"cmi.location": "x", 3: "y"})
    assert clean == {} and len(errors) == 2
    assert validate_cmi("1.2", ["not", "a", "dict"]) == ({}, ["The data is not an object."])
    with pytest.raises(ValueError):
        validate_cmi("3.0", {})


def test_adl_data():
    clean, errors = validate_cmi("2004", {"adl.data.0.store": "notes", "adl.data.0.id": "x"})
    assert clean == {"adl.data.0.store": "notes"}
    assert errors == ["adl.data.0.id: read-only."]
    assert validate_adl_data({"urn:notes": "abc", "other": ""}) == (
        {"urn:notes": "abc", "other": ""},
        [],
    )
    clean, errors = validate_adl_data({"bad id": "x", "big": "x" * 64001, "num": 5})
    assert clean == {} and len(errors) == 3
    assert validate_adl_data([]) == ({}, ["The shared data is not an object."])


def test_parse_element():
    assert parse_element("2004", "cmi.interactions.12.objectives.3.id") == (
        "cmi.interactions.n.objectives.n.id",
        (12, 3),
    )
    assert parse_element("2004", "adl.nav.request_valid.choice.{target=a}") == (
        "adl.nav.request_valid.choice.{target}",
        (),
    )
    assert parse_element("1.2", "cmi.core.score.raw") == ("cmi.core.score.raw", ())
    assert parse_element("1.2", "cmi.core.score") is None
    assert parse_element("1.2", "cmi.interactions.-1.id") is None


# (type, good learner responses, bad, good patterns, bad patterns)
RESPONSES = [
    ("true-false", ["true", "false"], ["t", ""], ["true"], ["1"]),
    ("choice", ["a[,]b", "", "x"], ["a[,]a", "a b"], ["a"], ["a[,]a"]),
    ("fill-in", ["{lang=de}Wort", "a[,]b", ""], ["x" * 251],
     ["{case_matters=true}{order_matters=true}a[,]b"],
     ["{order_matters=true}{order_matters=true}a"]),
    ("long-fill-in", ["x" * 4000], ["x" * 4001], ["{case_matters=true}x"], ["x" * 4001]),
    ("likert", ["agree", ""], ["a b"], ["agree"], [""]),
    ("matching", ["1[.]a[,]2[.]b"], ["1[.]", "1[.]a[.]b", "1"], ["1[.]a"], [""]),
    ("performance", ["s1[.]1[,][.]x", ""], ["s1", "[.]", "a b[.]x"],
     ["{order_matters=true}s1[.]1[:]2"], ["", "s1[.]a[:]b"]),
    ("sequencing", ["a[,]b", "a[,]a", ""], ["a b"], ["a[,]b"], [""]),
    ("numeric", ["1.5", "-3"], ["x", "1[:]2", ""], ["1[:]2", "[:]1", "1[:]", "3"],
     ["2[:]1", "x", "1[:]2[:]3"]),
    ("other", ["", "x" * 4000], ["x" * 4001], ["x"], ["x" * 4001]),
]  # fmt: skip


@pytest.mark.parametrize(("itype", "good", "bad", "good_patterns", "bad_patterns"), RESPONSES)
def test_interaction_response_formats(itype, good, bad, good_patterns, bad_patterns):
    for value in good:
        assert check_response(itype, value, pattern=False) is None, value
    for value in bad:
        assert check_response(itype, value, pattern=False) == "type", value
    for value in good_patterns:
        assert check_response(itype, value, pattern=True) is None, value
    for value in bad_patterns:
        assert check_response(itype, value, pattern=True) == "type", value
    # Through validate_cmi: the type in the same payload decides the format.
    response = good[0]
    clean, errors = validate_cmi(
        "2004",
        {
            "cmi.interactions.0.id": "q",
            "cmi.interactions.0.type": itype,
            "cmi.interactions.0.learner_response": response,
            "cmi.interactions.0.correct_responses.0.pattern": good_patterns[0],
        },
    )
    assert errors == []
    assert clean["cmi.interactions.0.learner_response"] == response


def test_responses_checked_against_the_stored_type():
    stored = {"cmi.interactions.0.type": "true-false"}
    name = "cmi.interactions.0.learner_response"
    assert validate_cmi("2004", {name: "true"}, stored) == ({name: "true"}, [])
    clean, errors = validate_cmi("2004", {name: "maybe"}, stored)
    assert clean == {} and len(errors) == 1
    # A type in the same payload wins over the stored one.
    payload = {"cmi.interactions.0.type": "other", name: "maybe"}
    assert validate_cmi("2004", payload, stored) == (payload, [])


def test_responses_without_a_type_are_checked_as_other():
    clean, errors = validate_cmi("2004", {"cmi.interactions.0.learner_response": "free text"})
    assert clean == {"cmi.interactions.0.learner_response": "free text"}
    _, errors = validate_cmi("2004", {"cmi.interactions.0.learner_response": "x" * 4001})
    assert len(errors) == 1
    assert check_response(None, "x", pattern=False) == "type"


# ------------------------------------------------------------------ time


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("00:00:00", 0),
        ("00:00:30", 30),
        ("01:02:03.5", 3723.5),
        ("0100:00:00.25", 360000.25),
        ("PT0S", 0),
        ("PT1H2M3.5S", 3723.5),
        ("PT90M", 5400),
        ("P1DT1S", 86401),
        ("P1Y", 365 * 86400),
        ("P1M", 30 * 86400),
        ("PT0.01S", 0.01),
    ],
)
def test_parse_timespan(value, seconds):
    assert parse_timespan(value) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "value", [None, "", "PT", "P", "1:00:00", "00:61:00", "abc", "PT1,5S", "-PT1S", 12]
)
def test_parse_timespan_rejects(value):
    assert parse_timespan(value) is None


def test_format_and_add_time():
    assert format_timespan("1.2", 3723.5) == "01:02:03.50"
    assert format_timespan("1.2", 0) == "00:00:00.00"
    assert format_timespan("1.2", 10_000 * 3600) == "9999:59:59.99"
    assert format_timespan("2004", 3723.5) == "PT1H2M3.5S"
    assert format_timespan("2004", 0) == "PT0H0M0S"
    # RTE 4.2.28 cmi.total_time as the ADL's run-time (and its CTS, package DMB) writes it:
    # the parts that are not zero, days beyond 24 hours.
    assert format_timespan("2004", 59.999) == "PT1M"
    assert add_time("1.2", "0001:00:00.00", "00:30:00.5") == "01:30:00.50"
    assert add_time("1.2", "", "00:00:10") == "00:00:10.00"
    assert add_time("1.2", "0000:00:00", "bad") == "00:00:00.00"
    assert add_time("2004", "PT1H", "PT45M30.25S") == "PT1H45M30.25S"
    assert add_time("2004", None, "P1DT1H") == "P1DT1H"
    assert add_time("2004", "PT0H0M0S", None) == "PT0H0M0S"
    # The result of add_time is itself a valid total.
    assert parse_timespan(add_time("2004", "PT59M59.99S", "PT0.01S")) == 3600


# ------------------------------------------------------------------ summarize


def test_summarize_scorm12_statuses():
    cases = {
        None: "not_attempted",
        "not attempted": "not_attempted",
        "browsed": "incomplete",
        "incomplete": "incomplete",
        "completed": "completed",
        "passed": "passed",
        "failed": "failed",
        "garbage": "not_attempted",
    }
    for lesson_status, status in cases.items():
        cmi = {} if lesson_status is None else {"cmi.core.lesson_status": lesson_status}
        assert summarize("1.2", cmi)["status"] == status, lesson_status


def test_summarize_scorm12_mastery_score():
    cmi = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "75"}
    assert summarize("1.2", cmi, mastery_score=70)["status"] == "passed"
    assert summarize("1.2", cmi, mastery_score="80")["status"] == "failed"
    assert summarize("1.2", cmi, mastery_score=75)["status"] == "passed"
    assert summarize("1.2", cmi)["status"] == "completed"
    # The score decides over a status the content set.
    assert (
        summarize("1.2", {**cmi, "cmi.core.lesson_status": "passed"}, mastery_score=80)["status"]
        == "failed"
    )
    # Without a score, or still incomplete, or without credit: the status stands.
    assert (
        summarize("1.2", {"cmi.core.lesson_status": "completed"}, mastery_score=80)["status"]
        == "completed"
    )
    assert (
        summarize("1.2", {**cmi, "cmi.core.lesson_status": "incomplete"}, mastery_score=50)[
            "status"
        ]
        == "incomplete"
    )
    assert (
        summarize("1.2", {**cmi, "cmi.core.credit": "no-credit"}, mastery_score=80)["status"]
        == "completed"
    )
    assert summarize("1.2", cmi, mastery_score="")["status"] == "completed"


def test_summarize_scorm12_fields():
    summary = summarize(
        "1.2",
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.score.raw": "40",
            "cmi.core.score.min": "20",
            "cmi.core.score.max": "60",
            "cmi.core.session_time": "00:05:30.5",
            "cmi.core.lesson_location": "slide-4",
            "cmi.suspend_data": "abc",
            "cmi.core.exit": "suspend",
        },
    )
    assert summary == {
        "status": "incomplete",
        "score_raw": 40.0,
        "score_min": 20.0,
        "score_max": 60.0,
        "score_scaled": 0.5,
        "session_seconds": 330.5,
        "location": "slide-4",
        "suspend_data": "abc",
        "exit": "suspend",
    }
    empty = summarize("1.2", {})
    assert empty["score_raw"] is None and empty["score_scaled"] is None
    assert empty["session_seconds"] == 0 and empty["location"] == "" and empty["exit"] == ""
    assert summarize("1.2", {"cmi.core.score.raw": "80"})["score_scaled"] == 0.8
    assert summarize("1.2", {"cmi.core.score.raw": "oops"})["score_raw"] is None


def test_summarize_scorm2004_statuses():
    def status(**kwargs):
        cmi = {f"cmi.{k}": v for k, v in kwargs.items()}
        return summarize("2004", cmi)["status"]

    assert status() == "not_attempted"
    assert status(completion_status="unknown") == "not_attempted"
    assert status(completion_status="not attempted") == "not_attempted"
    assert status(completion_status="incomplete") == "incomplete"
    assert status(completion_status="completed") == "completed"
    assert status(completion_status="completed", success_status="passed") == "passed"
    assert status(completion_status="incomplete", success_status="failed") == "failed"
    assert status(success_status="passed") == "passed"
    assert status(completion_status="completed", success_status="unknown") == "completed"


def test_summarize_scorm2004_thresholds():
    cmi = {"cmi.completion_status": "incomplete", "cmi.progress_measure": "0.8"}
    assert summarize("2004", cmi, completion_threshold=0.75)["status"] == "completed"
    assert summarize("2004", cmi, completion_threshold="0.9")["status"] == "incomplete"
    # With a threshold and no progress measure, completion is unknown whatever the content said.
    cmi = {"cmi.completion_status": "completed"}
    assert summarize("2004", cmi, completion_threshold=0.5)["status"] == "not_attempted"
    # A scaled passing score decides success from score.scaled.
    cmi = {"cmi.completion_status": "completed", "cmi.score.scaled": "0.6"}
    assert summarize("2004", cmi, scaled_passing_score=0.5)["status"] == "passed"
    assert summarize("2004", cmi, scaled_passing_score="0.7")["status"] == "failed"
    cmi = {"cmi.completion_status": "completed", "cmi.success_status": "passed"}
    assert summarize("2004", cmi, scaled_passing_score=0.7)["status"] == "completed"
    assert summarize("2004", cmi)["status"] == "passed"


def test_summarize_scorm2004_fields():
    summary = summarize(
        "2004",
        {
            "cmi.completion_status": "incomplete",
            "cmi.score.raw": "7",
            "cmi.score.min": "0",
            "cmi.score.max": "10",
            "cmi.score.scaled": "0.7",
            "cmi.session_time": "PT1H2M3.5S",
            "cmi.location": "page-9",
            "cmi.suspend_data": "{}",
            "cmi.exit": "suspend",
        },
    )
    assert summary == {
        "status": "incomplete",
        "score_raw": 7.0,
        "score_min": 0.0,
        "score_max": 10.0,
        "score_scaled": 0.7,
        "session_seconds": 3723.5,
        "location": "page-9",
        "suspend_data": "{}",
        "exit": "suspend",
    }
    assert summarize("2004", {"cmi.session_time": "bad"})["session_seconds"] == 0
    assert summarize("2004", "not a dict")["status"] == "not_attempted"


# ------------------------------------------------------------------ initial values


def test_initial_cmi_scorm12_new_attempt():
    initial = initial_cmi(
        "1.2",
        {},
        learner_id="42",
        learner_name="Doe, Jane",
        mastery_score="80",
        launch_data="level=1",
        credit=False,
    )
    assert initial == {
        "cmi.core.student_id": "42",
        "cmi.core.student_name": "Doe, Jane",
        "cmi.core.credit": "no-credit",
        "cmi.core.lesson_mode": "normal",
        "cmi.core.entry": "ab-initio",
        "cmi.core.total_time": "00:00:00.00",
        "cmi.launch_data": "level=1",
        "cmi.student_data.mastery_score": "80",
    }


def test_initial_cmi_scorm12_resume_keeps_readable_data_only():
    stored = {
        "cmi.core.lesson_location": "slide-4",
        "cmi.core.lesson_status": "incomplete",
        "cmi.suspend_data": "abc",
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "00:10:00",
        "cmi.interactions.0.id": "q1",
        "cmi.objectives.0.id": "o1",
        "cmi.core.student_id": "forged",
        "nonsense": "x",
    }
    initial = initial_cmi("1.2", stored, learner_id="42", learner_name="J", total_time="00:30:00")
    assert initial["cmi.core.entry"] == "resume"
    assert initial["cmi.core.student_id"] == "42"
    assert initial["cmi.core.lesson_location"] == "slide-4"
    assert initial["cmi.suspend_data"] == "abc"
    assert initial["cmi.objectives.0.id"] == "o1"
    assert initial["cmi.core.total_time"] == "00:30:00.00"
    for name in ("cmi.core.exit", "cmi.core.session_time", "cmi.interactions.0.id", "nonsense"):
        assert name not in initial
    stored["cmi.core.exit"] = ""
    assert initial_cmi("1.2", stored, learner_id="42", learner_name="J")["cmi.core.entry"] == ""


def test_initial_cmi_scorm2004():
    stored = {
        "cmi.location": "p3",
        "cmi.exit": "suspend",
        "cmi.objectives.0.id": "obj_b",
        "cmi.objectives.0.success_status": "passed",
        "cmi.interactions.0.id": "q1",
        "adl.nav.request": "continue",
        "adl.data.0.store": "shared",
    }
    initial = initial_cmi(
        "2004",
        stored,
        learner_id="42",
        learner_name="Jane",
        total_time="PT1H",
        mode="review",
        completion_threshold=0.8,
        scaled_passing_score="0.7",
        objective_ids=["obj_a", "obj_b"],
    )
    assert initial == {
        "cmi.location": "p3",
        "cmi.objectives.0.id": "obj_b",
        "cmi.objectives.0.success_status": "passed",
        "cmi.objectives.1.id": "obj_a",
        "cmi.interactions.0.id": "q1",
        "cmi.learner_id": "42",
        "cmi.learner_name": "Jane",
        "cmi.credit": "credit",
        "cmi.mode": "review",
        "cmi.entry": "resume",
        "cmi.total_time": "PT1H",
        "cmi.completion_threshold": "0.8",
        "cmi.scaled_passing_score": "0.7",
    }
    assert initial_cmi("2004", None, learner_id="1", learner_name="x")["cmi.entry"] == "ab-initio"
