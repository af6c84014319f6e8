"""What the ADL CTS's LMS test showed the run-time and the tracking model got wrong, one test
per rule, each citing the section of the SCORM 2004 4th Edition books it follows: the SCO's
cmi.objectives as the tracking model has them (RTE 4.2.17), cmi.total_time (RTE 4.2.28),
cmi.entry after a suspendAll (RTE 4.2.8), UP.4's default status through objective maps and
the mapping of "not attempted" (SN 4.2.1)."""

import pytest

from learnpaths.models import PathAttempt
from scorm.importer import package_import
from scorm.runtime.datamodel import format_timespan
from scorm.sequencer import runtime_objectives_cmi
from scorm.tests.fixtures import scorm_fixtures, zip_folder
from scorm.tests.test_sequencing import FLOW, engine, leaf, package, run
from sequencing.durations import duration_seconds, format_duration


@pytest.fixture
def sco_path(course, tmp_path):
    folder = scorm_fixtures() / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    return package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )


# --- cmi.total_time (RTE 4.2.28, 4.1.1.7) -------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "PT0H0M0S"),  # the element's initial value (CTS DMB, a new attempt)
        (60, "PT1M"),
        (2 * 3600 + 20, "PT2H20S"),
        (2 * 3600 + 6 * 60 + 9, "PT2H6M9S"),
        (29 * 86400, "P29D"),
        (86400 + 0.55, "P1DT0.55S"),  # CTS OB-14a: PT1H0.15S + PT23H0.4S
        (3723.5, "PT1H2M3.5S"),
        (59.999, "PT1M"),
    ],
)
def test_total_time_is_written_in_the_shortest_form(seconds, text):
    assert format_duration(seconds) == text
    assert format_timespan("2004", seconds) == text
    assert duration_seconds(text) == pytest.approx(round(seconds, 2))


# --- cmi.objectives at launch (RTE 4.2.17, SN 3.10.2 objective map read) -----------------------


def _row(identifier, **values):
    row = {
        "id": identifier,
        "success_status": "unknown",
        "completion_status": "unknown",
        "score_scaled": None,
        "score_raw": None,
        "score_min": None,
        "score_max": None,
        "progress_measure": None,
    }
    row.update(values)
    return row


def test_a_resumed_sco_sees_the_tracked_objectives_not_the_ones_it_stored():
    stored = {
        "cmi.objectives.0.id": "mine",
        "cmi.objectives.0.success_status": "failed",
        "cmi.objectives.0.score.scaled": "0.5",
        "cmi.objectives.1.id": "shared",
        "cmi.objectives.1.success_status": "passed",
        "cmi.objectives.1.score.raw": "356",
        "cmi.objectives.1.completion_status": "completed",
    }
    tracked = [
        # another activity wrote the global objective "mine" reads since
        _row("mine", success_status="passed", score_scaled=0.4),
        # nothing known: the SCO's own values stay
        _row("shared", score_raw=7.0),
        _row("new", completion_status="incomplete", progress_measure=0.25),
    ]
    values = runtime_objectives_cmi(tracked, stored)
    assert values == {
        "cmi.objectives.0.success_status": "passed",
        "cmi.objectives.0.score.scaled": "0.4",
        "cmi.objectives.1.score.raw": "7",
        "cmi.objectives.2.id": "new",
        "cmi.objectives.2.success_status": "unknown",
        "cmi.objectives.2.completion_status": "incomplete",
        "cmi.objectives.2.progress_measure": "0.25",
    }


# --- the tracking model (SN 4.2.1, UP.4) ---------------------------------------------------------

READS_G = (
    "<imsss:objectives><imsss:primaryObjective objectiveID='p'>"
    "<imsss:mapInfo targetObjectiveID='g' writeSatisfiedStatus='true'/>"
    "</imsss:primaryObjective></imsss:objectives>"
)


def test_end_attempt_leaves_a_status_read_through_a_map_as_it_is():
    """UP.4: the default "satisfied" goes only to a primary objective whose progress status is
    false, read through its maps: what another activity wrote to the global stays (CTS
    OB-17b)."""
    globals_ = {}
    eng = engine(package(leaf("a", READS_G) + leaf("b", READS_G)), globals_=globals_)
    assert run(eng, "start") == "a"
    eng.report("a", {"success_status": "failed"})
    assert run(eng, "continue") == "b"
    assert run(eng, "continue") == "end"  # b's content said nothing about its success
    assert globals_["g"]["satisfied"] is False
    # Without the shared status, the default applies.
    alone = {}
    eng = engine(package(leaf("a", READS_G)), globals_=alone)
    run(eng, "start")
    run(eng, "continue")
    assert alone["g"]["satisfied"] is True


def test_a_not_attempted_objective_is_incomplete():
    """SN 4.2.1: cmi.objectives.n.completion_status "not attempted" maps to an objective in
    progress, not completed; a global objective written from it reads incomplete (CTS
    CO-10)."""
    writes = (
        "<imsss:objectives><imsss:primaryObjective objectiveID='p'/>"
        "<imsss:objective objectiveID='o'/></imsss:objectives>"
        "<adlseq:objectives><adlseq:objective objectiveID='o'>"
        "<adlseq:mapInfo targetObjectiveID='g' writeCompletionStatus='true'/>"
        "</adlseq:objective></adlseq:objectives>"
    )
    globals_ = {}
    eng = engine(package(leaf("a", writes) + leaf("b", writes)), globals_=globals_)
    run(eng, "start")
    eng.report("a", {"objectives": [{"id": "o", "completion_status": "not attempted"}]})
    assert globals_["g"]["completion"] is False
    run(eng, "continue")
    rows = {row["id"]: row for row in eng.runtime_objectives("b")}
    assert rows["o"]["completion_status"] == "incomplete"


def test_a_delivery_says_whether_it_resumes_the_suspended_attempt():
    """DB.2: a suspended leaf delivered again carries on its attempt (its SCO resumes, RTE
    4.2.8 cmi.entry), any other delivery begins a new one."""
    eng = engine(package(leaf("a") + leaf("b"), FLOW))
    assert run(eng, "start") == "a"
    assert eng.by_id["a"].state["resumed"] is False
    run(eng, "suspendAll")
    eng.state["current"] = None
    assert run(eng, "resumeAll") == "a"
    assert eng.by_id["a"].state["resumed"] is True
    assert run(eng, "continue") == "b"
    assert run(eng, "previous") == "a"
    assert eng.by_id["a"].state["resumed"] is False


# --- the SCO's data across launches (RTE 4.2.8 cmi.entry, 4.2.28 cmi.total_time) ----------------


@pytest.mark.django_db
def test_a_resumed_attempt_keeps_its_data_whatever_its_exit(course_roles, sco_path):
    """A suspendAll suspends the SCO's attempt even when it set cmi.exit "normal" or nothing:
    the relaunch resumes it (CTS DMB, visits 7 and 11)."""
    from scorm.services import initial_cmi, sco_session_start

    sco = sco_path.items.get(kind="sco")
    learner = course_roles["learner"]
    attempt = PathAttempt.objects.create(path=sco_path, user=learner)
    data = sco_session_start(attempt=attempt, item=sco, version="2004", resumed=False)
    data.cmi = {"cmi.exit": "normal", "cmi.suspend_data": "foobar"}
    data.finished = True
    data.save()
    data = sco_session_start(attempt=attempt, item=sco, version="2004", resumed=True)
    initial = initial_cmi(version="2004", data=data, item=sco, user=learner)
    assert initial["cmi.entry"] == "resume" and initial["cmi.suspend_data"] == "foobar"
    data.cmi = {**data.cmi, "cmi.exit": "normal"}
    data.finished = True
    data.save()
    data = sco_session_start(attempt=attempt, item=sco, version="2004", resumed=False)
    initial = initial_cmi(version="2004", data=data, item=sco, user=learner)
    assert initial["cmi.entry"] == "ab-initio" and "cmi.suspend_data" not in initial


@pytest.mark.django_db
def test_total_time_sums_the_sessions_of_the_sco_attempt(course_roles, sco_path):
    from scorm.services import initial_cmi, sco_session_start

    sco = sco_path.items.get(kind="sco")
    learner = course_roles["learner"]
    attempt = PathAttempt.objects.create(path=sco_path, user=learner)

    def session(time, exit_):
        data = sco_session_start(attempt=attempt, item=sco, version="2004")
        total = initial_cmi(version="2004", data=data, item=sco, user=learner)["cmi.total_time"]
        data.cmi = {**data.cmi, "cmi.session_time": time, "cmi.exit": exit_}
        data.finished = True
        data.save()
        return total

    assert session("PT1H0.15S", "suspend") == "PT0H0M0S"
    assert session("PT23H0.4S", "suspend") == "PT1H0.15S"
    assert session("PT1M", "normal") == "P1DT0.55S"
    # the normal exit ended the attempt: the next one starts from nothing
    assert session("PT1M", "suspend") == "PT0H0M0S"


# --- the player: what it delivers first, and a cluster's choice (SN SB.2.5, SB.2.9) ---------

CHOICE_ONLY = '<imsss:controlMode choice="true" flow="false"/>'


def _choice_package(course_roles, tmp_path):
    from scorm.tests.test_sequencing import cluster
    from scorm.tests.test_sequencing_player import _package

    items = leaf("a") + cluster("c", leaf("c1") + leaf("c2"), FLOW)
    archive = _package(tmp_path, items, root=CHOICE_ONLY)
    path = package_import(course=course_roles["course"], user=None, archive_path=archive)
    return path, {item.identifier: item for item in path.items.all()}


@pytest.mark.django_db
def test_nothing_to_start_the_player_waits_for_a_choice(course_roles, client_for, tmp_path):
    """SB.2.5: without flow at the root the start request delivers nothing; the player shows
    the table of contents to choose from, and opens nothing the learner did not choose (CTS
    CM-10, CM-04c: such a phantom choice changed the course's state)."""
    from scorm.models import SequencingState
    from scorm.tests.test_sequencing_player import _url

    path, items = _choice_package(course_roles, tmp_path)
    client = client_for(course_roles["learner"])
    start = client.get(_url("play", path))
    assert start.url == _url("play_item", path, items["a"]) + "?choose=1"
    page = client.get(start.url).content.decode()
    assert 'id="lp-choose"' in page and 'id="lp-content"' not in page
    assert SequencingState.objects.get().state.get("current") is None
    # the cluster is a choice in the table of contents
    assert f'<a href="{_url("play_item", path, items["c"])}" class="fw-semibold">c</a>' in page


@pytest.mark.django_db
def test_choosing_a_cluster_delivers_its_first_activity_and_keeps_it(
    course_roles, client_for, tmp_path
):
    """SB.2.9: a choice of a cluster flows into it; the delivery is kept when the player then
    goes to the delivered activity (CTS CM-17b, where choosing the leaf itself is refused)."""
    from scorm.models import SequencingState
    from scorm.tests.test_sequencing_player import _url

    path, items = _choice_package(course_roles, tmp_path)
    client = client_for(course_roles["learner"])
    client.get(_url("play", path))
    chosen = client.get(_url("play_item", path, items["c"]))
    assert chosen.url == _url("play_item", path, items["c1"])
    assert SequencingState.objects.get().state["current"] == "c1"
    assert client.get(chosen.url).status_code == 200


def test_a_tree_whose_objectives_are_its_own_starts_afresh_after_its_attempt_ended():
    """objectivesGlobalToSystem="false" (CAM 4th Ed.): the shared objectives and the tracking
    that reads them belong to one attempt on the tree; after Exit All (not suspended) the
    next start begins from nothing, after a suspended session it resumes with them (CTS
    OB-03b)."""
    writes_g = (
        "<imsss:objectives><imsss:primaryObjective objectiveID='p'>"
        "<imsss:mapInfo targetObjectiveID='g' writeSatisfiedStatus='true'/>"
        "</imsss:primaryObjective></imsss:objectives>"
    )
    for global_to_system, cleared in ((False, True), (True, False)):
        definition = package(leaf("a", writes_g) + leaf("b"))
        definition["objectives_global_to_system"] = global_to_system
        globals_ = {}
        eng = engine(definition, globals_=globals_)
        assert run(eng, "start") == "a"
        eng.report("a", {"success_status": "passed"})
        run(eng, "suspendAll")
        eng.state["current"] = None
        assert run(eng, "resumeAll") == "a"
        assert globals_["g"]["satisfied"] is True  # kept across a suspended session
        run(eng, "exitAll")
        eng.state["current"] = None
        assert run(eng, "start") == "a"
        assert ("g" not in globals_) is cleared
        assert (eng.by_id["a"].state["attempt_count"] == 1) is cleared


def test_a_status_read_through_a_map_is_the_global_objectives_even_unknown():
    """SN 3.10.2 / 4.2.1 objective map read: the satisfied status is retrieved from the global
    objective the map reads whenever it is needed; while that one has none, the status is
    unknown, whatever the activity's own objective holds (CTS CM-13: UP.4's default
    "satisfied" does not hide the activity from choice)."""
    reads_g = (
        "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>"
        "<imsss:ruleCondition condition='satisfied'/></imsss:ruleConditions>"
        "<imsss:ruleAction action='hiddenFromChoice'/></imsss:preConditionRule>"
        "</imsss:sequencingRules>"
        "<imsss:objectives><imsss:primaryObjective objectiveID='p'>"
        "<imsss:mapInfo targetObjectiveID='g'/></imsss:primaryObjective></imsss:objectives>"
    )
    globals_ = {}
    eng = engine(package(leaf("a", reads_g) + leaf("b")), globals_=globals_)
    assert run(eng, "start") == "a"
    assert run(eng, "continue") == "b"  # a ended: UP.4 set its own objective satisfied
    a = eng.by_id["a"]
    assert eng._local(a, a.primary)["satisfied"] is True
    assert eng.satisfied(a) is None
    assert run(eng, "choice", "a") == "a"  # not hidden from choice
    globals_["g"] = {"satisfied": True}
    assert eng.satisfied(a) is True
