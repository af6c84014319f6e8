"""The SN processes (scorm/sequencing) on small hand-written manifests, one rule family at a
time: flow, choice and its constraints, pre/post/exit condition rules, limit conditions,
rollup (default rules, rules, measure, weights, considerations), global objectives (IMS and
ADL maps), selection and randomisation, suspend and resume, and the schema's parsing."""

import json
import random

from scorm.manifest import parse_manifest
from scorm.sequencing import Engine, sequencing_tree

HEAD = """<?xml version="1.0"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
 xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
 xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
 xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
"""


def leaf(identifier: str, sequencing: str = "", extra: str = "") -> str:
    return (
        f'<item identifier="{identifier}" identifierref="R"><title>{identifier}</title>'
        f"{extra}{seq(sequencing) if sequencing else ''}</item>"
    )


def cluster(identifier: str, children: str, sequencing: str = "") -> str:
    return (
        f'<item identifier="{identifier}"><title>{identifier}</title>{children}'
        f"{seq(sequencing) if sequencing else ''}</item>"
    )


def seq(body: str) -> str:
    return f"<imsss:sequencing>{body}</imsss:sequencing>"


FLOW = '<imsss:controlMode choice="true" flow="true"/>'


def package(items: str, root_sequencing: str = FLOW, collection: str = "") -> dict:
    xml = (
        HEAD
        + f'<organizations default="ORG"><organization identifier="ORG"><title>Org</title>{items}'
        + (seq(root_sequencing) if root_sequencing else "")
        + "</organization></organizations>"
        + '<resources><resource identifier="R" type="webcontent" adlcp:scormType="sco"'
        + ' href="sco.html"/></resources>'
        + (
            f"<imsss:sequencingCollection>{collection}</imsss:sequencingCollection>"
            if collection
            else ""
        )
        + "</manifest>"
    )
    definition = sequencing_tree(parse_manifest(xml.encode()))
    return json.loads(json.dumps(definition))  # what the database gives back


def engine(definition, state=None, globals_=None, seed=1) -> Engine:
    return Engine(definition, state, globals_, rng=random.Random(seed))


def run(eng: Engine, request: str, target=None):
    outcome = eng.overall_sequencing_process(request, target)
    return outcome.deliver or outcome.exception or ("end" if outcome.end_session else None)


# --- flow ---------------------------------------------------------------------------------------


def test_start_continue_previous_follow_the_tree_and_the_end_ends_the_session():
    definition = package(cluster("A", leaf("a1") + leaf("a2"), FLOW) + leaf("b"))
    eng = engine(definition)
    assert run(eng, "start") == "a1"
    assert run(eng, "continue") == "a2"
    assert run(eng, "continue") == "b"
    assert run(eng, "previous") == "a2"
    assert run(eng, "continue") == "b"
    outcome = eng.overall_sequencing_process("continue")
    assert outcome.end_session and outcome.deliver is None


def test_without_flow_continue_is_refused_and_start_delivers_nothing():
    definition = package(leaf("a") + leaf("b"), '<imsss:controlMode choice="true" flow="false"/>')
    eng = engine(definition)
    outcome = eng.overall_sequencing_process("start")
    assert outcome.deliver is None and outcome.exception == "SB.2.2-1"
    assert run(eng, "choice", "b") == "b"
    assert eng.overall_sequencing_process("continue").exception == "NB.2.1-4"


def test_forward_only_refuses_previous():
    definition = package(
        leaf("a") + leaf("b"), '<imsss:controlMode flow="true" forwardOnly="true"/>'
    )
    eng = engine(definition)
    run(eng, "start")
    run(eng, "continue")
    assert eng.overall_sequencing_process("previous").exception == "NB.2.1-5"
    assert not eng.request_valid("previous") and eng.request_valid("continue")


def test_skip_rule_passes_over_an_activity():
    skip = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules>'
    )
    eng = engine(package(leaf("a") + leaf("b", skip) + leaf("c")))
    assert run(eng, "start") == "a"
    assert run(eng, "continue") == "c"
    assert run(eng, "previous") == "a"


def test_disabled_rule_on_an_unsatisfied_global_objective_until_another_writes_it():
    writes = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"/>'
        "</imsss:primaryObjective></imsss:objectives>"
        '<imsss:deliveryControls objectiveSetByContent="true"/>'
    )
    disabled = (
        "<imsss:sequencingRules><imsss:preConditionRule>"
        '<imsss:ruleConditions conditionCombination="any">'
        '<imsss:ruleCondition referencedObjective="o" operator="not" condition="satisfied"/>'
        '<imsss:ruleCondition referencedObjective="o" operator="not"'
        ' condition="objectiveStatusKnown"/>'
        '</imsss:ruleConditions><imsss:ruleAction action="disabled"/>'
        "</imsss:preConditionRule></imsss:sequencingRules>"
        '<imsss:objectives><imsss:primaryObjective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:primaryObjective></imsss:objectives>'
    )
    globals_ = {}
    eng = engine(package(leaf("a", writes) + leaf("b", disabled)), globals_=globals_)
    assert run(eng, "start") == "a"
    assert not eng.request_valid("choice", "b")
    eng.report("a", {"success_status": "failed"})
    assert globals_["g"]["satisfied"] is False
    assert not eng.request_valid("continue")
    eng.report("a", {"success_status": "passed"})
    assert eng.request_valid("choice", "b")
    assert run(eng, "continue") == "b"


def test_post_condition_retry_and_exit_parent():
    retry = (
        "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition operator="not" condition="satisfied"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="retry"/></imsss:postConditionRule></imsss:sequencingRules>'
        '<imsss:deliveryControls objectiveSetByContent="true"/>'
    )
    eng = engine(package(leaf("a", retry) + leaf("b")))
    assert run(eng, "start") == "a"
    eng.report("a", {"success_status": "failed"})
    assert run(eng, "continue") == "a"
    assert eng.by_id["a"].state["attempt_count"] == 2
    eng.report("a", {"success_status": "passed"})
    assert run(eng, "continue") == "b"


def test_exit_parent_post_rule_leaves_the_cluster():
    exit_parent = (
        "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="exitParent"/></imsss:postConditionRule>'
        "</imsss:sequencingRules>"
    )
    continue_after = (
        FLOW + "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="continue"/></imsss:postConditionRule>'
        "</imsss:sequencingRules>"
    )
    eng = engine(
        package(cluster("A", leaf("a1", exit_parent) + leaf("a2"), continue_after) + leaf("b"))
    )
    assert run(eng, "start") == "a1"
    # a1 completes on exit, exits its parent, whose post rule continues past a2
    assert run(eng, "continue") == "b"
    assert eng.by_id["A"].state["active"] is False


def test_exit_condition_rule_ends_the_cluster_on_exit():
    exit_rule = (
        FLOW + "<imsss:sequencingRules><imsss:exitConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="exit"/></imsss:exitConditionRule></imsss:sequencingRules>'
        '<imsss:rollupRules><imsss:rollupRule childActivitySet="any"><imsss:rollupConditions>'
        '<imsss:rollupCondition condition="completed"/></imsss:rollupConditions>'
        '<imsss:rollupAction action="completed"/></imsss:rollupRule></imsss:rollupRules>'
    )
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), exit_rule) + leaf("b")))
    run(eng, "start")
    run(eng, "continue")  # a1 ends completed: A's any-completed rule completes A, its exit rule
    assert eng.by_id["A"].state["completed"] is True


def test_limit_conditions_refuse_a_third_attempt():
    limited = '<imsss:limitConditions attemptLimit="2"/>'
    eng = engine(package(leaf("a", limited) + leaf("b")))
    assert run(eng, "start") == "a"
    assert run(eng, "choice", "b") == "b"
    assert run(eng, "choice", "a") == "a"
    assert run(eng, "choice", "b") == "b"
    assert eng.overall_sequencing_process("choice", "a").exception == "DB.1.1-3"
    assert not eng.request_valid("choice", "a")


# --- choice -------------------------------------------------------------------------------------


def test_hidden_from_choice_and_choice_off_in_a_cluster():
    hidden = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule>'
        "</imsss:sequencingRules>"
    )
    no_choice = '<imsss:controlMode choice="false" flow="true"/>'
    eng = engine(package(leaf("a", hidden) + cluster("B", leaf("b1") + leaf("b2"), no_choice)))
    run(eng, "start")
    assert eng.overall_sequencing_process("choice", "a").exception == "SB.2.9-3"
    assert eng.overall_sequencing_process("choice", "b2").exception == "NB.2.1-10"
    answers = eng.navigation_answers()
    assert answers["hidden"]["a"] and not answers["hidden"]["b1"]
    assert answers["choice"]["B"] and not answers["choice"]["b2"]
    assert run(eng, "choice", "B") == "b1"


def test_choice_exit_false_keeps_the_learner_inside():
    no_exit = '<imsss:controlMode choice="true" choiceExit="false" flow="true"/>'
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), no_exit) + leaf("b")))
    assert run(eng, "start") == "a1"
    assert eng.overall_sequencing_process("choice", "b").exception == "NB.2.1-8"
    assert run(eng, "choice", "a2") == "a2"


def test_constrain_choice_allows_only_the_next_activity():
    constrained = FLOW + '<adlseq:constrainedChoiceConsiderations constrainChoice="true"/>'
    eng = engine(
        package(cluster("A", leaf("a1") + leaf("a2"), constrained) + leaf("b") + leaf("c"))
    )
    assert run(eng, "start") == "a1"
    assert eng.request_valid("choice", "b")
    assert not eng.request_valid("choice", "c")


def test_prevent_activation_refuses_entering_a_cluster_by_choice():
    prevent = FLOW + '<adlseq:constrainedChoiceConsiderations preventActivation="true"/>'
    eng = engine(package(leaf("a") + cluster("B", leaf("b1") + leaf("b2"), prevent)))
    assert run(eng, "start") == "a"
    assert eng.overall_sequencing_process("choice", "b2").exception == "SB.2.9-6"
    assert run(eng, "continue") == "b1"
    assert run(eng, "choice", "b2") == "b2"


def test_stop_forward_traversal_blocks_choosing_past_it():
    stop = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="stopForwardTraversal"/></imsss:preConditionRule>'
        "</imsss:sequencingRules>"
    )
    eng = engine(package(leaf("a") + leaf("b", stop) + leaf("c")))
    run(eng, "start")
    assert run(eng, "choice", "b") == "b"
    assert eng.overall_sequencing_process("choice", "c").exception == "SB.2.4-1"


def test_jump_goes_anywhere_even_without_choice():
    eng = engine(package(leaf("a") + leaf("b"), '<imsss:controlMode choice="false" flow="true"/>'))
    run(eng, "start")
    assert eng.overall_sequencing_process("choice", "b").exception == "NB.2.1-10"
    assert run(eng, "jump", "b") == "b"


# --- rollup -------------------------------------------------------------------------------------


def test_default_rollup_completes_and_satisfies_the_parent_when_all_children_are():
    eng = engine(package(leaf("a") + leaf("b")))
    run(eng, "start")
    eng.report("a", {"completion_status": "completed", "success_status": "passed"})
    root = eng.root
    assert eng.completed(root) is None  # b unknown: neither default rule applies
    run(eng, "continue")
    eng.report("b", {"completion_status": "completed", "success_status": "failed"})
    assert eng.completed(root) is True
    assert eng.satisfied(root) is False


def test_rollup_rules_at_least_count_and_percent():
    rules = (
        FLOW + "<imsss:rollupRules>"
        '<imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2">'
        '<imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/>'
        '</imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule>'
        '<imsss:rollupRule childActivitySet="atLeastPercent" minimumPercent="0.5">'
        '<imsss:rollupConditions><imsss:rollupCondition condition="completed"/>'
        '</imsss:rollupConditions><imsss:rollupAction action="completed"/></imsss:rollupRule>'
        "</imsss:rollupRules>"
    )
    eng = engine(package(leaf("a") + leaf("b") + leaf("c") + leaf("d"), rules))
    run(eng, "start")
    eng.report("a", {"completion_status": "completed", "success_status": "passed"})
    assert eng.satisfied(eng.root) is None and eng.completed(eng.root) is None
    run(eng, "choice", "b")
    eng.report("b", {"completion_status": "completed", "success_status": "passed"})
    assert eng.satisfied(eng.root) is True and eng.completed(eng.root) is True


def test_measure_rollup_is_weighted_and_satisfies_by_measure():
    heavy = '<imsss:rollupRules objectiveMeasureWeight="3"/>'
    by_measure = (
        FLOW + '<imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>"
        "</imsss:primaryObjective></imsss:objectives>"
    )
    eng = engine(package(leaf("a", heavy) + leaf("b"), by_measure))
    run(eng, "start")
    eng.report("a", {"score_scaled": 0.8})
    assert abs(eng.measure(eng.root) - 0.6) < 1e-9  # b unknown still weighs: 0.8*3 / 4
    run(eng, "continue")
    eng.report("b", {"score_scaled": 0.4})
    assert abs(eng.measure(eng.root) - 0.7) < 1e-9  # (0.8*3 + 0.4*1) / 4
    assert eng.satisfied(eng.root) is True


def test_rollup_considerations_and_not_contributing_children():
    optional = (
        '<imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false"/>'
    )
    attempted_only = '<adlseq:rollupConsiderations requiredForCompleted="ifAttempted"/>'
    eng = engine(package(leaf("a") + leaf("b", optional) + leaf("c", attempted_only)))
    run(eng, "start")
    eng.report("a", {"completion_status": "completed", "success_status": "passed"})
    # b does not count; c, never attempted, does not count for completion
    assert eng.completed(eng.root) is True
    assert eng.satisfied(eng.root) is None  # c counts for satisfaction and is unknown


def test_completion_measure_rollup_with_progress_weights():
    threshold = '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.5"/>'
    eng = engine(
        package(
            cluster(
                "A",
                leaf("a1", extra='<adlcp:completionThreshold progressWeight="3"/>') + leaf("a2"),
                FLOW,
            ).replace("<title>A</title>", "<title>A</title>" + threshold)
        )
    )
    run(eng, "start")
    eng.report("a1", {"progress_measure": 0.5})
    assert abs(eng.by_id["A"].state["progress_measure"] - 0.375) < 1e-9
    assert eng.completed(eng.by_id["A"]) is False
    eng.report("a1", {"progress_measure": 1.0})
    assert eng.completed(eng.by_id["A"]) is True


def test_end_attempt_completes_and_satisfies_what_content_left_unknown():
    eng = engine(package(leaf("a") + leaf("b")))
    run(eng, "start")
    run(eng, "continue")
    assert eng.completed(eng.by_id["a"]) is True and eng.satisfied(eng.by_id["a"]) is True
    set_by_content = (
        '<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>'
    )
    eng = engine(package(leaf("a", set_by_content) + leaf("b")))
    run(eng, "start")
    run(eng, "continue")
    assert eng.completed(eng.by_id["a"]) is None and eng.satisfied(eng.by_id["a"]) is None


# --- objectives ---------------------------------------------------------------------------------


def test_adl_map_info_shares_scores_completion_and_progress():
    writer = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p"/>'
        '<imsss:objective objectiveID="o"><imsss:mapInfo targetObjectiveID="g"'
        ' readSatisfiedStatus="false" writeSatisfiedStatus="true"/></imsss:objective>'
        "</imsss:objectives>"
        '<adlseq:objectives><adlseq:objective objectiveID="o"><adlseq:mapInfo'
        ' targetObjectiveID="g" writeRawScore="true" writeCompletionStatus="true"'
        ' writeProgressMeasure="true"/></adlseq:objective></adlseq:objectives>'
    )
    reader = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p"/>'
        '<imsss:objective objectiveID="o"><imsss:mapInfo targetObjectiveID="g"/>'
        "</imsss:objective></imsss:objectives>"
        '<adlseq:objectives><adlseq:objective objectiveID="o"><adlseq:mapInfo'
        ' targetObjectiveID="g" readRawScore="true" readCompletionStatus="true"'
        ' readProgressMeasure="true"/></adlseq:objective></adlseq:objectives>'
    )
    globals_ = {}
    eng = engine(package(leaf("a", writer) + leaf("b", reader)), globals_=globals_)
    run(eng, "start")
    eng.report(
        "a",
        {
            "objectives": [
                {
                    "id": "o",
                    "success_status": "passed",
                    "score_raw": 7.0,
                    "completion_status": "completed",
                    "progress_measure": 0.9,
                }
            ]
        },
    )
    assert globals_["g"]["satisfied"] is True and globals_["g"]["raw"] == 7.0
    run(eng, "continue")
    rows = {row["id"]: row for row in eng.runtime_objectives("b")}
    assert set(rows) == {"p", "o"} and rows["p"]["success_status"] == "unknown"
    row = rows["o"]
    assert row["success_status"] == "passed" and row["score_raw"] == 7.0
    assert row["completion_status"] == "completed" and row["progress_measure"] == 0.9
    # a second package of the same learner sees the global objective
    other = engine(package(leaf("x", reader)), globals_=globals_)
    run(other, "start")
    assert other.runtime_objectives("x")[1]["success_status"] == "passed"


# --- selection, randomisation, suspend ----------------------------------------------------------


def test_selection_and_randomisation_once():
    random_ = (
        FLOW + '<imsss:randomizationControls selectCount="2" selectionTiming="once"'
        ' reorderChildren="true" randomizationTiming="once"/>'
    )
    definition = package(cluster("A", "".join(leaf(f"a{i}") for i in range(5)), random_))
    seen = set()
    for seed in range(8):
        eng = engine(definition, seed=seed)
        kept = [c.id for c in eng.by_id["A"].children]
        assert len(kept) == 2
        seen.add(tuple(kept))
        state = json.loads(json.dumps(eng.state))
        assert [c.id for c in engine(definition, state, seed=99).by_id["A"].children] == kept
    assert len(seen) > 1


def test_suspend_all_then_resume_all_returns_to_the_activity():
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), FLOW) + leaf("b")))
    run(eng, "start")
    run(eng, "continue")
    eng.report("a2", {"exit": "suspend"})
    outcome = eng.overall_sequencing_process("suspendAll")
    assert outcome.end_session
    state = json.loads(json.dumps(eng.state))
    resumed = engine(package(cluster("A", leaf("a1") + leaf("a2"), FLOW) + leaf("b")), state)
    resumed.state["current"] = None  # a new session
    assert resumed.suspended_activity.id == "a2"
    assert run(resumed, "resumeAll") == "a2"
    assert resumed.by_id["a2"].state["attempt_count"] == 1
    assert resumed.by_id["A"].state["suspended"] is False


def test_exit_all_ends_the_session_and_abandon_leaves_no_status():
    eng = engine(package(leaf("a") + leaf("b")))
    run(eng, "start")
    assert eng.overall_sequencing_process("exitAll").end_session
    eng = engine(package(leaf("a") + leaf("b")))
    run(eng, "start")
    eng.overall_sequencing_process("abandon")
    assert eng.completed(eng.by_id["a"]) is None


# --- parsing ------------------------------------------------------------------------------------


def test_the_whole_schema_is_read_with_collection_references():
    shared = (
        '<imsss:sequencing ID="common"><imsss:controlMode choice="false" flow="true"'
        ' choiceExit="false"/><imsss:limitConditions attemptLimit="3"/></imsss:sequencing>'
    )
    own = '<imsss:controlMode choice="true" flow="true"/><imsss:deliveryControls tracked="false"/>'
    xml_item = leaf(
        "a",
        extra="<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue"
        "</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>",
    )
    definition = package(
        xml_item.replace("<imsss:sequencing>", "")
        + '<item identifier="b" identifierref="R"><title>b</title>'
        '<imsss:sequencing IDRef="common"/></item>'
        + '<item identifier="c" identifierref="R"><title>c</title>'
        f'<imsss:sequencing IDRef="common">{own}</imsss:sequencing></item>',
        collection=shared,
    )
    a, b, c = definition["root"]["children"]
    assert a["seq"]["hide_lms_ui"] == ["continue"]
    assert b["seq"]["control"]["choice"] is False and b["seq"]["attempt_limit"] == 3
    assert b["seq"]["control"]["choice_exit"] is False
    assert c["seq"]["control"]["choice"] is True and c["seq"]["attempt_limit"] == 3
    assert c["seq"]["delivery"]["tracked"] is False
    assert definition["root"]["seq"]["control"]["flow"] is True


# --- behaviours the ADL test suite pins down ------------------------------------------------


def test_a_status_the_content_stated_unknown_is_not_completed_at_the_end():
    retry_if_known = (
        "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="activityProgressKnown"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="retry"/></imsss:postConditionRule></imsss:sequencingRules>'
    )
    eng = engine(package(leaf("a", retry_if_known) + leaf("b")))
    run(eng, "start")
    eng.report("a", {"completion_status": "unknown"})
    assert run(eng, "continue") == "b"  # not auto-completed, so no retry


def test_satisfied_by_measure_is_unknown_without_a_measure():
    by_measure = (
        '<imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure>"
        "</imsss:primaryObjective></imsss:objectives>"
        '<imsss:deliveryControls objectiveSetByContent="true"/>'
    )
    eng = engine(package(leaf("a", by_measure) + leaf("b")))
    run(eng, "start")
    eng.report("a", {"success_status": "passed"})
    assert eng.satisfied(eng.by_id["a"]) is None
    eng.report("a", {"score_scaled": 0.7})
    assert eng.satisfied(eng.by_id["a"]) is True


def test_rollup_where_no_rule_applies_keeps_the_status():
    not_satisfied_only = (
        FLOW + '<imsss:rollupRules><imsss:rollupRule childActivitySet="all">'
        '<imsss:rollupConditions><imsss:rollupCondition operator="not" condition="satisfied"/>'
        '</imsss:rollupConditions><imsss:rollupAction action="notSatisfied"/></imsss:rollupRule>'
        "</imsss:rollupRules>"
    )
    eng = engine(package(cluster("A", leaf("a1"), not_satisfied_only) + leaf("b")))
    run(eng, "start")
    eng.report("a1", {"success_status": "failed"})
    assert eng.satisfied(eng.by_id["A"]) is False
    eng.report("a1", {"success_status": "passed"})
    assert eng.satisfied(eng.by_id["A"]) is False  # no "satisfied" rule: unchanged


def test_an_untracked_activity_reads_no_shared_objective_and_readers_roll_up():
    writes = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"/>'
        "</imsss:primaryObjective></imsss:objectives>"
    )
    reads = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:primaryObjective></imsss:objectives>'
    )
    untracked = reads + '<imsss:deliveryControls tracked="false"/>'
    eng = engine(
        package(leaf("a", writes) + cluster("B", leaf("b1", reads), FLOW) + leaf("c", untracked))
    )
    run(eng, "start")
    eng.report("a", {"success_status": "passed"})
    assert eng.satisfied(eng.by_id["c"]) is None
    # B was never entered, yet its child reads g: B rolls up when g changes
    assert eng.satisfied(eng.by_id["B"]) is True


def test_a_new_attempt_on_a_cluster_rolls_up_only_this_attempts_statuses():
    exit_when_completed_then_retry = (
        FLOW + "<imsss:sequencingRules><imsss:exitConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="exit"/></imsss:exitConditionRule>'
        "<imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="retry"/></imsss:postConditionRule></imsss:sequencingRules>'
    )
    eng = engine(package(cluster("A", leaf("a1") + leaf("a2"), exit_when_completed_then_retry)))
    run(eng, "start")
    eng.report("a1", {"completion_status": "completed"})
    assert run(eng, "continue") == "a2"
    eng.report("a2", {"completion_status": "completed"})
    assert run(eng, "continue") == "a1"  # A completed: its exit rule, then its retry
    assert eng.by_id["A"].state["attempt_count"] == 2
    eng.report("a1", {"completion_status": "incomplete"})
    # a2's completion belongs to A's first attempt: unknown to A's rollup now (else "all
    # known" would make A incomplete), while a2's own rules still see it
    assert eng.completed(eng.by_id["A"]) is None
    assert eng.completed(eng.by_id["a2"]) is True


def test_all_over_no_contributing_child_holds():
    """RU-15b: every child left out of the rollup (skipped, not contributing, untracked):
    "completed if all satisfied" holds vacuously."""
    completed_if_all_satisfied = (
        FLOW + '<imsss:rollupRules><imsss:rollupRule childActivitySet="all">'
        '<imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/>'
        '</imsss:rollupConditions><imsss:rollupAction action="completed"/></imsss:rollupRule>'
        "</imsss:rollupRules>"
    )
    not_counted = '<imsss:rollupRules rollupProgressCompletion="false"/>'
    eng = engine(package(cluster("A", leaf("a1", not_counted), completed_if_all_satisfied)))
    run(eng, "start")
    eng.report("a1", {"success_status": "failed"})
    assert eng.completed(eng.by_id["A"]) is True


def test_completed_by_measure_ignores_a_shared_completion_status_without_a_measure():
    """SN 4th Ed. RB.1.3a and RTE 4.2.4.1: an activity completed by measure takes its
    completion from its progress measure; a completion status read from a global objective
    (adlseq:mapInfo readCompletionStatus) does not make its progress known (CTS CO-04b)."""
    writer = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p"/></imsss:objectives>'
        '<adlseq:objectives><adlseq:objective objectiveID="p"><adlseq:mapInfo'
        ' targetObjectiveID="g" writeCompletionStatus="true" writeProgressMeasure="true"/>'
        "</adlseq:objective></adlseq:objectives>"
    )
    skip_unknown = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition operator="not" condition="activityProgressKnown"/>'
        '</imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule>'
        "</imsss:sequencingRules>"
        '<imsss:objectives><imsss:primaryObjective objectiveID="p"/></imsss:objectives>'
        '<adlseq:objectives><adlseq:objective objectiveID="p"><adlseq:mapInfo'
        ' targetObjectiveID="g"/></adlseq:objective></adlseq:objectives>'
    )
    by_measure = '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>'
    globals_ = {}
    items = leaf("a", writer) + leaf("b", skip_unknown, by_measure) + leaf("c")
    eng = engine(package(items), globals_=globals_)
    assert run(eng, "start") == "a"
    eng.report("a", {"completion_status": "completed"})
    assert globals_["g"]["completion"] is True and globals_["g"]["progress_measure"] is None
    assert run(eng, "continue") == "c"  # b: no progress measure, progress unknown: skipped
    # With a shared progress measure, the measure decides.
    globals_ = {}
    eng = engine(package(items), globals_=globals_)
    run(eng, "start")
    eng.report("a", {"completion_status": "completed", "progress_measure": 0.8})
    assert run(eng, "continue") == "b"
    assert eng.completed(eng.by_id["b"]) is True


def test_target_objective_ids_are_uris_decoded_and_whitespace_collapsed():
    """CAM 4th Ed., imsss:mapInfo: targetObjectiveID is an xs:anyURI; "gObj%20-%20x" and
    "  gObj%20%20-%20%20x " name one global objective (CTS OB-02b)."""
    writes = (
        '<imsss:objectives><imsss:primaryObjective/><imsss:objective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="  gObj%20-%20x " writeNormalizedMeasure="true"/>'
        "</imsss:objective></imsss:objectives>"
    )
    skip_low = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="objectiveMeasureLessThan" referencedObjective="o"'
        ' measureThreshold="0.25"/></imsss:ruleConditions><imsss:ruleAction action="skip"/>'
        "</imsss:preConditionRule></imsss:sequencingRules>"
        '<imsss:objectives><imsss:primaryObjective/><imsss:objective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="     gObj%20%20-%20%20x"/>'
        "</imsss:objective></imsss:objectives>"
    )
    globals_ = {}
    eng = engine(package(leaf("a", writes) + leaf("b", skip_low) + leaf("c")), globals_=globals_)
    assert run(eng, "start") == "a"
    eng.report("a", {"objectives": [{"id": "o", "score_scaled": 0.0}]})
    assert set(globals_) == {"gObj - x"}
    assert run(eng, "continue") == "c"


def test_satisfied_by_measure_writes_no_status_reported_without_a_measure():
    """SN RB.1.2a, RTE 4.2.22: satisfied by measure, a success status the SCO reports without
    a score is unknown and is not written to the global objective (CTS OB-05c)."""
    writes = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>0.0</imsss:minNormalizedMeasure>"
        '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"'
        ' writeNormalizedMeasure="true"/></imsss:primaryObjective></imsss:objectives>'
    )
    skip_unknown = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition operator="not" condition="objectiveStatusKnown"/>'
        '</imsss:ruleConditions><imsss:ruleAction action="skip"/></imsss:preConditionRule>'
        "</imsss:sequencingRules>"
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:primaryObjective></imsss:objectives>'
    )
    items = leaf("a", writes) + leaf("b", skip_unknown) + leaf("c")
    globals_ = {}
    eng = engine(package(items), globals_=globals_)
    run(eng, "start")
    eng.report("a", {"success_status": "passed"})
    assert (globals_.get("g") or {}).get("satisfied") is None
    assert run(eng, "continue") == "c"
    globals_ = {}
    eng = engine(package(items), globals_=globals_)
    run(eng, "start")
    eng.report("a", {"success_status": "failed", "score_scaled": 0.5})
    assert globals_["g"]["satisfied"] is True  # 0.5 >= 0.0: the measure decides
    assert run(eng, "continue") == "b"


def test_a_cluster_completed_by_measure_reads_its_progress_from_a_global_objective():
    """SN 4th Ed. RB.1.3a with adlseq:mapInfo readProgressMeasure: a cluster completed by
    measure takes its attempt completion amount from the global objective its primary
    objective reads; not when the cluster is not tracked (CTS CO-12d, CO-05b)."""
    writer = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p"/></imsss:objectives>'
        '<adlseq:objectives><adlseq:objective objectiveID="p"><adlseq:mapInfo'
        ' targetObjectiveID="g" readCompletionStatus="false" readProgressMeasure="false"'
        ' writeProgressMeasure="true"/></adlseq:objective></adlseq:objectives>'
    )

    def cluster_seq(tracked: str) -> str:
        return (
            '<imsss:controlMode choice="false" flow="true"/>'
            '<imsss:objectives><imsss:primaryObjective objectiveID="p"/></imsss:objectives>'
            f'<imsss:deliveryControls tracked="{tracked}"/>'
            '<adlseq:objectives><adlseq:objective objectiveID="p">'
            '<adlseq:mapInfo targetObjectiveID="g"/></adlseq:objective></adlseq:objectives>'
        )

    threshold = '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.7"/>'
    # Untracked, it keeps no status at all (nothing rolls up into it either).
    for tracked, expected in (("true", True), ("false", None)):
        items = (
            f'<item identifier="c"><title>c</title>{leaf("a", writer)}{leaf("b")}'
            f"{seq(cluster_seq(tracked))}{threshold}</item>"
        )
        globals_ = {}
        eng = engine(package(items + leaf("d")), globals_=globals_)
        assert run(eng, "start") == "a"
        eng.report("a", {"progress_measure": 0.95})
        assert globals_["g"]["progress_measure"] == 0.95
        assert eng.completed(eng.by_id["c"]) is expected


def test_an_untracked_cluster_has_no_rolled_up_status_for_its_rules():
    """SN deliveryControls tracked="false": no tracking status is kept for the cluster, so its
    exit and post condition rules on "completed" do not fire however its children end (CTS
    RU-10: a "previous" post condition rule must not send the learner back)."""
    rules = (
        '<imsss:controlMode choice="false" flow="true"/>'
        "<imsss:sequencingRules><imsss:exitConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="exit"/></imsss:exitConditionRule>'
        "<imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="completed"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="previous"/></imsss:postConditionRule></imsss:sequencingRules>'
    )
    for tracked, after in (("false", "d"), ("true", "a")):
        items = (
            leaf("a")
            + cluster(
                "c",
                leaf("b"),
                rules + f'<imsss:deliveryControls tracked="{tracked}"/>',
            )
            + leaf("d")
        )
        eng = engine(package(items))
        assert run(eng, "start") == "a"
        assert run(eng, "continue") == "b"
        eng.report("b", {"completion_status": "completed"})
        assert eng.completed(eng.by_id["c"]) is (None if tracked == "false" else True)
        assert run(eng, "continue") == after


def test_a_retry_of_the_tree_forgets_objectives_not_global_to_system():
    """adlseq:objectivesGlobalToSystem="false": the shared objectives belong to the attempt on
    the tree; a retry of the root starts without them before its flow evaluates the rules
    (CTS RU-13d). Global to the system (the default), they stay."""
    writes = (
        '<imsss:objectives><imsss:primaryObjective/><imsss:objective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"/>'
        "</imsss:objective></imsss:objectives>"
    )
    skip_unknown = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition referencedObjective="o" operator="not"'
        ' condition="objectiveStatusKnown"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="skip"/></imsss:preConditionRule></imsss:sequencingRules>'
        '<imsss:objectives><imsss:primaryObjective/><imsss:objective objectiveID="o">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:objective></imsss:objectives>'
    )
    retry = (
        FLOW + "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
        '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
        '<imsss:ruleAction action="retry"/></imsss:postConditionRule></imsss:sequencingRules>'
    )
    for scoped, second in ((True, "c"), (False, "b")):
        exit_parent = (
            "<imsss:sequencingRules><imsss:postConditionRule><imsss:ruleConditions>"
            '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
            '<imsss:ruleAction action="exitParent"/></imsss:postConditionRule>'
            "</imsss:sequencingRules>"
        )
        items = leaf("a", writes) + leaf("b", skip_unknown) + leaf("c", exit_parent)
        definition = package(items, retry)
        definition["objectives_global_to_system"] = not scoped
        globals_ = {}
        eng = engine(definition, globals_=globals_)
        assert run(eng, "start") == "a"
        eng.report("a", {"objectives": [{"id": "o", "success_status": "passed"}]})
        assert run(eng, "continue") == "b"  # o is known: b is not skipped
        assert run(eng, "continue") == "c"
        # c exits to the root, whose post condition retries the tree: a, then b unless the
        # tree's objectives were forgotten
        assert run(eng, "continue") == "a"
        assert run(eng, "continue") == second
        assert bool(globals_) is not scoped


def test_a_leafs_own_constrain_choice_constrains_nothing():
    """SN SB.2.9 (constrained choice), as ADL's reference sequencer reads it: the constrained
    activity is sought from the current activity's cluster up; a leaf's own constrainChoice
    (CTS CM-07d's, from a sequencingCollection) does not restrict choosing past its sibling."""
    leaf_constrained = '<adlseq:constrainedChoiceConsiderations constrainChoice="true"/>'
    eng = engine(package(cluster("A", leaf("a1", leaf_constrained) + leaf("a2"), FLOW) + leaf("b")))
    assert run(eng, "start") == "a1"
    assert eng.request_valid("choice", "b")
    # The same control on the cluster still constrains: only the next activity.
    constrained = FLOW + leaf_constrained
    eng = engine(
        package(cluster("A", leaf("a1") + leaf("a2"), constrained) + leaf("b") + leaf("c"))
    )
    run(eng, "start")
    assert not eng.request_valid("choice", "c")


def test_an_untracked_activitys_sco_still_starts_with_its_global_objectives():
    """RTE 4.2.17: cmi.objectives start from the activity's objectives, which read their global
    objectives; an untracked activity keeps no status of its own for sequencing, but its SCO
    still sees what the globals hold (CTS OB-10a's activity 3)."""
    writes = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"'
        ' writeNormalizedMeasure="true"/></imsss:primaryObjective></imsss:objectives>'
    )
    untracked = (
        '<imsss:objectives><imsss:primaryObjective objectiveID="p">'
        '<imsss:mapInfo targetObjectiveID="g"/></imsss:primaryObjective></imsss:objectives>'
        '<imsss:deliveryControls tracked="false"/>'
    )
    eng = engine(package(leaf("a", writes) + leaf("c", untracked)))
    run(eng, "start")
    eng.report("a", {"success_status": "failed", "score_scaled": 0.4})
    assert eng.satisfied(eng.by_id["c"]) is None  # sequencing: no status of its own
    row = eng.runtime_objectives("c")[0]
    assert row["success_status"] == "failed" and row["score_scaled"] == 0.4
