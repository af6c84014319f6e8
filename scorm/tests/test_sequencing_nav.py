"""The engine's answers behind the player's controls and table of contents (SCORM 2004 4th
Edition, Sequencing and Navigation book): Exit All and Abandon All, what is hidden from
choice and what is only disabled, and the attempt duration limit (limitConditions)."""

import pytest

from scorm.sequencer import report_from_cmi
from scorm.tests.test_sequencing import FLOW, cluster, engine, leaf, package, run

ALWAYS = '<imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
HIDDEN = (
    "<imsss:sequencingRules><imsss:preConditionRule>"
    + ALWAYS
    + '<imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule>'
    "</imsss:sequencingRules>"
)
DISABLED = (
    "<imsss:sequencingRules><imsss:preConditionRule>"
    + ALWAYS
    + '<imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
    "</imsss:sequencingRules>"
)
FORCED = '<imsss:controlMode choice="false" flow="true"/>'


def invisible(identifier: str) -> str:
    return leaf(identifier).replace(
        f'<item identifier="{identifier}"', f'<item identifier="{identifier}" isvisible="false"'
    )


def duration_limited(limit: str) -> str:
    return f'<imsss:limitConditions attemptAbsoluteDurationLimit="{limit}"/>'


# --- Exit All, Abandon All ----------------------------------------------------------------------


def test_exit_all_ends_every_attempt_and_the_next_start_is_a_new_attempt():
    """SN 4.2.1 (navigation request "ExitAll") and TB.2.3 step "Exit All": the attempts on
    the whole tree end (the root included) and the sequencing session ends; the learner's
    next start begins a new attempt on the root."""
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), FLOW) + leaf("b")))
    assert run(eng, "start") == "a1"
    outcome = eng.overall_sequencing_process("exitAll")
    assert outcome.valid and outcome.exception is None and outcome.end_session
    assert not any(activity.state["active"] for activity in eng.by_id.values())
    # a1 ended normally: not set by content, so completed (UP.4)
    assert eng.by_id["a1"].state["completed"] is True
    assert eng.by_id["a1"].state["attempt_count"] == 1
    eng.state["current"] = None  # a new sequencing session (scorm.sequencer.start)
    assert run(eng, "start") == "a1"
    assert eng.root.state["attempt_count"] == 2


def test_abandon_all_ends_the_session_without_ending_attempts_normally():
    """TB.2.3 "Abandon All": every activity of the current path becomes inactive, nothing
    is rolled up or set as UP.4 would (the attempt's data is thrown away)."""
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), FLOW) + leaf("b")))
    assert run(eng, "start") == "a1"
    outcome = eng.overall_sequencing_process("abandonAll")
    assert outcome.valid and outcome.exception is None and outcome.end_session
    assert not any(activity.state["active"] for activity in eng.by_id.values())
    assert eng.by_id["a1"].state["completed"] is None  # not ended normally: not completed
    assert eng.by_id["A"].state["completed"] is None


def test_exit_all_and_abandon_all_are_valid_only_while_an_activity_is_current():
    """NB.2.1: ExitAll / AbandonAll need a current activity (NB.2.1-2 otherwise); the
    player enables its Exit and Abandon buttons from these answers."""
    eng = engine(package(leaf("a") + leaf("b")))
    answers = eng.navigation_answers()
    assert answers["exitAll"] is False and answers["abandonAll"] is False
    assert eng.request_refusal("exitAll") == "NB.2.1-2"
    run(eng, "start")
    answers = eng.navigation_answers()
    assert answers["exitAll"] is True and answers["abandonAll"] is True
    assert answers["suspendAll"] is True
    assert eng.by_id["a"].state["active"]  # asking changed nothing
    quick = eng.navigation_answers(choices=False)
    assert quick["continue"] is True and quick["exitAll"] is True and quick["choice"] == {}


# --- hidden from choice, disabled ---------------------------------------------------------------


def test_hidden_from_choice_invisible_and_disabled_are_told_apart():
    """SN 3.4.2: "hiddenFromChoice" (and its ancestors') keeps an activity out of the table
    of contents; CAM 3.4.1.12 isvisible="false" likewise, yet flow still delivers it; a
    "disabled" pre-condition, choice="false" of the parent and the like leave it shown but
    refused, with the SN exception code as the reason."""
    definition = package(
        leaf("a")
        + leaf("h", HIDDEN)
        + cluster("H", leaf("h1") + leaf("h2"), FLOW + HIDDEN)
        + invisible("v")
        + leaf("d", DISABLED)
        + cluster("F", leaf("f1") + leaf("f2"), FORCED)
    )
    eng = engine(definition)
    assert run(eng, "start") == "a"
    answers = eng.navigation_answers()
    assert answers["hidden"]["h"] and answers["hidden"]["H"] and answers["hidden"]["h1"]
    assert not answers["choice"]["h"] and "h" not in answers["refused"]
    assert answers["invisible"]["v"] and not answers["hidden"]["v"]
    assert not answers["invisible"]["a"]
    assert not answers["hidden"]["d"] and not answers["choice"]["d"]
    assert answers["refused"]["d"] == "DB.1.1-3"
    assert answers["refused"]["f2"] == "NB.2.1-10"  # choice off in F
    assert answers["choice"]["F"] and "F" not in answers["refused"]
    # hidden from choice, invisible: flow still delivers both
    assert run(eng, "choice", "v") == "v"
    assert run(eng, "previous") == "h2"
    assert run(eng, "continue") == "v"


def test_forced_order_continue_becomes_valid_once_the_content_reports():
    """SN 4.2.1 with flow only (choice off): Continue is valid when the current activity,
    once ended, lets flow reach the next one; a "disabled unless satisfied" rule on the next
    one is lifted by what the content reports (the player asks again after each commit)."""
    needs_a = (
        "<imsss:sequencingRules><imsss:preConditionRule>"
        '<imsss:ruleConditions conditionCombination="any">'
        '<imsss:ruleCondition referencedObjective="oa" operator="not" condition="satisfied"/>'
        '<imsss:ruleCondition referencedObjective="oa" operator="not"'
        ' condition="objectiveStatusKnown"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
        '</imsss:sequencingRules><imsss:objectives><imsss:primaryObjective objectiveID="pb"/>'
        '<imsss:objective objectiveID="oa"><imsss:mapInfo targetObjectiveID="ga"/>'
        "</imsss:objective></imsss:objectives>"
    )
    writes = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="pa">'
        '<imsss:mapInfo targetObjectiveID="ga" writeSatisfiedStatus="true"/>'
        "</imsss:primaryObjective></imsss:objectives>"
        '<imsss:deliveryControls objectiveSetByContent="true" completionSetByContent="true"/>'
    )
    eng = engine(package(leaf("a", writes) + leaf("b", needs_a), FORCED))
    assert run(eng, "start") == "a"
    assert eng.navigation_answers()["continue"] is False
    eng.report("a", {"completion_status": "completed", "success_status": "passed"})
    answers = eng.navigation_answers()
    assert answers["continue"] is True and answers["previous"] is False
    assert run(eng, "continue") == "b"


# --- limit conditions: attempt absolute duration -------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "refused"),
    [(9.99, False), (10, True), (10.01, True)],
)
def test_attempt_duration_limit_refuses_delivery_once_reached(seconds, refused):
    """UP.1 (Limit Conditions Check Process) with attemptAbsoluteDurationLimit (SN 3.3.2):
    an activity whose attempt lasted as long as its limit is not delivered again
    (DB.1.1-3); one step under the limit is."""
    eng = engine(package(leaf("a", duration_limited("PT10S")) + leaf("b")))
    assert run(eng, "start") == "a"
    eng.report("a", {"session_seconds": seconds})
    assert eng.attempt_duration_exceeded(eng.by_id["a"]) is refused
    assert run(eng, "continue") == "b"
    if refused:
        # flow skips it (SB.2.2: nothing before it), a choice is refused at delivery
        assert not eng.navigation_answers()["previous"]
        assert eng.navigation_answers()["refused"]["a"] == "DB.1.1-3"
        assert run(eng, "previous") == "SB.2.2-2"
        assert run(eng, "choice", "a") == "DB.1.1-3"
    else:
        assert run(eng, "choice", "a") == "a"


def test_attempt_duration_adds_up_sessions_and_restarts_with_a_new_attempt():
    """The attempt's absolute duration is the sum of its sessions (SN 3.3.2 / RTE
    cmi.session_time): a suspended attempt resumed goes on counting; the limit is reached
    across two sessions. An activity still active is never refused (UP.1 step 2)."""
    eng = engine(package(leaf("a", duration_limited("PT1M")) + leaf("b")))
    assert run(eng, "start") == "a"
    eng.report("a", {"session_seconds": 20})
    eng.report("a", {"session_seconds": 40, "exit": "suspend"})
    assert eng.overall_sequencing_process("suspendAll").end_session
    eng.state["current"] = None
    assert run(eng, "resumeAll") == "a"
    assert eng.attempt_duration(eng.by_id["a"]) == 40
    eng.report("a", {"session_seconds": 19})
    assert not eng.limit_conditions_check_process(eng.by_id["a"])
    eng.report("a", {"session_seconds": 20})
    assert eng.attempt_duration(eng.by_id["a"]) == 60
    assert not eng.limit_conditions_check_process(eng.by_id["a"])  # still active
    assert run(eng, "continue") == "b"
    assert eng.limit_conditions_check_process(eng.by_id["a"])
    assert run(eng, "choice", "a") == "DB.1.1-3"


def test_a_content_reopened_without_delivery_keeps_the_earlier_session_time():
    """cmi.session_time only grows within a session: a smaller one means the SCO was
    opened again (the page reloaded), so the earlier session's time stays counted."""
    eng = engine(package(leaf("a", duration_limited("PT30S")) + leaf("b")))
    run(eng, "start")
    eng.report("a", {"session_seconds": 25})
    eng.report("a", {"session_seconds": 6})
    assert eng.attempt_duration(eng.by_id["a"]) == 31


def test_time_limit_exceeded_condition_reads_the_attempt_duration():
    """SN 3.4.1 rule condition "timeLimitExceeded": True once the attempt's duration
    reached attemptAbsoluteDurationLimit; here a post-condition skips to the next."""
    rule = (
        "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="timeLimitExceeded"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="exitAll"/></imsss:postConditionRule>'
        "</imsss:sequencingRules>" + duration_limited("PT5S")
    )
    eng = engine(package(leaf("a", rule) + leaf("b")))
    run(eng, "start")
    eng.report("a", {"session_seconds": 4})
    assert eng.evaluate_condition(eng.by_id["a"], {"condition": "timeLimitExceeded"}) is False
    eng.report("a", {"session_seconds": 5})
    assert eng.evaluate_condition(eng.by_id["a"], {"condition": "timeLimitExceeded"}) is True
    assert eng.overall_sequencing_process("continue").end_session  # the exitAll rule


def test_no_or_unreadable_duration_limit_is_no_limit():
    eng = engine(package(leaf("a", duration_limited("soon")) + leaf("b")))
    run(eng, "start")
    eng.report("a", {"session_seconds": 10_000})
    run(eng, "continue")
    assert run(eng, "choice", "a") == "a"


def test_session_time_reaches_the_engine_in_seconds():
    """report_from_cmi: cmi.session_time (ISO 8601 duration) as session_seconds."""
    assert report_from_cmi({"cmi.session_time": "PT1M30.5S"})["session_seconds"] == 90.5
    assert "session_seconds" not in report_from_cmi({"cmi.session_time": "later"})
