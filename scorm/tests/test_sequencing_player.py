"""A SCORM 2004 package navigated by its sequencing through the learning-path player: start,
Continue/Previous, choices the rules refuse, the content's navigation requests, the
run-time's reports reaching the tracking model, request_valid and cmi.objectives from the
engine, suspend all and resume all, global objectives kept per learner."""

import json
import re
import zipfile

import pytest
from django.urls import reverse

from learnpaths.models import PathAttempt
from scorm.importer import package_import
from scorm.models import GlobalObjectives, SequencingState
from scorm.tests.test_sequencing import FLOW, HEAD, leaf, seq

pytestmark = pytest.mark.django_db

SATISFIED_WRITES = (
    '<imsss:objectives><imsss:primaryObjective objectiveID="p1">'
    '<imsss:mapInfo targetObjectiveID="g1" writeSatisfiedStatus="true"/>'
    "</imsss:primaryObjective></imsss:objectives>"
    '<imsss:deliveryControls objectiveSetByContent="true" completionSetByContent="true"/>'
)
NEEDS_G1 = (
    "<imsss:sequencingRules><imsss:preConditionRule>"
    '<imsss:ruleConditions conditionCombination="any">'
    '<imsss:ruleCondition referencedObjective="o" operator="not" condition="satisfied"/>'
    '<imsss:ruleCondition referencedObjective="o" operator="not"'
    ' condition="objectiveStatusKnown"/></imsss:ruleConditions>'
    '<imsss:ruleAction action="disabled"/></imsss:preConditionRule></imsss:sequencingRules>'
    '<imsss:objectives><imsss:primaryObjective objectiveID="p2"/>'
    '<imsss:objective objectiveID="o"><imsss:mapInfo targetObjectiveID="g1"/></imsss:objective>'
    "</imsss:objectives>"
)


def _package(tmp_path, items: str, root: str = FLOW):
    xml = (
        HEAD
        + f'<organizations default="ORG"><organization identifier="ORG"><title>T</title>{items}'
        + seq(root)
        + "</organization></organizations>"
        + '<resources><resource identifier="R" type="webcontent" adlcp:scormType="sco"'
        + ' href="sco.html"><file href="sco.html"/></resource></resources></manifest>'
    )
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("imsmanifest.xml", xml)
        z.writestr("sco.html", "<html><body>SCO</body></html>")
    return archive


@pytest.fixture
def sequenced(course_roles, tmp_path):
    archive = _package(tmp_path, leaf("a", SATISFIED_WRITES) + leaf("b", NEEDS_G1) + leaf("c"))
    path = package_import(course=course_roles["course"], user=None, archive_path=archive)
    items = {i.identifier: i for i in path.items.all()}
    return path, items


def _url(name, path, item=None):
    args = ["CRS1", path.pk] + ([item.pk] if item else [])
    return reverse(f"learnpaths:{name}", args=args)


def _config(page) -> dict:
    return json.loads(
        page.content.decode()
        .split('id="lp-player-config" type="application/json">')[1]
        .split("</script>")[0]
    )


def _commit(client, path, item, cmi, final=True):
    url = reverse("learnpaths:scorm:commit", args=["CRS1", path.pk, item.pk])
    response = client.post(
        url, json.dumps({"cmi": cmi, "final": final}), content_type="application/json"
    )
    assert response.status_code == 200, response.content


def test_the_package_is_played_by_its_sequencing(course_roles, client_for, sequenced):
    path, items = sequenced
    learner = course_roles["learner"]
    client = client_for(learner)
    start = client.get(_url("play", path))
    assert start.url == _url("play_item", path, items["a"])
    page = client.get(start.url)
    initial = _config(page)["runtime"]["initial"]
    # b is disabled until a's objective is satisfied: neither Continue nor a choice of b
    assert initial["adl.nav.request_valid.continue"] == "false"
    assert initial["adl.nav.request_valid.choice.{target=b}"] == "false"
    assert initial["cmi.objectives.0.id"] == "p1"
    body = page.content.decode()
    assert re.search(r'id="lp-next"[^>]* disabled>', body)  # not allowed now: shown disabled
    assert 'id="lp-suspend"' in body
    side = client.get(_url("toc", path, items["a"])).content.decode()
    assert re.search(rf'data-item="{items["b"].pk}"[^>]*data-locked="1"', side)  # not yet
    assert not re.search(rf'data-item="{items["c"].pk}"[^>]*data-locked="1"', side)
    refused = client.get(_url("play_item", path, items["b"]))
    assert refused.url == _url("play_item", path, items["a"])
    # the content reports success, then asks for Continue
    _commit(client, path, items["a"], {"cmi.success_status": "passed"})
    answer = client.post(_url("navigate", path, items["a"]), {"request": "continue"})
    assert answer.json()["url"] == _url("play_item", path, items["b"])
    page = client.get(_url("play_item", path, items["b"]))
    initial = _config(page)["runtime"]["initial"]
    by_id = {initial[k]: k[: -len(".id")] for k in initial if k.endswith(".id")}
    assert initial[by_id["o"] + ".success_status"] == "passed"  # read from the global
    assert initial["adl.nav.request_valid.previous"] == "true"
    # the player's Next goes through the sequencing too
    following = client.get(_url("next", path, items["b"]))
    assert following.url == _url("play_item", path, items["c"])
    attempt = PathAttempt.objects.get(path=path, user=learner)
    state = SequencingState.objects.get(attempt=attempt).state
    assert state["current"] == "c" and state["activities"]["b"]["attempt_count"] == 1
    shared = GlobalObjectives.objects.get(user=learner, scope="").objectives
    assert shared["g1"]["satisfied"] is True


def test_suspend_all_then_the_learner_comes_back_to_the_same_activity(
    course_roles, client_for, sequenced
):
    path, items = sequenced
    client = client_for(course_roles["learner"])
    client.get(client.get(_url("play", path)).url)
    _commit(client, path, items["a"], {"cmi.success_status": "passed", "cmi.exit": "suspend"})
    # the player's Suspend button (a form)
    answer = client.post(
        _url("navigate", path, items["a"]), {"request": "suspendAll"}, HTTP_ACCEPT="text/html"
    )
    assert answer.url == reverse("learnpaths:index", args=["CRS1"])
    assert client.get(_url("play", path)).url == _url("play_item", path, items["a"])


def test_a_teacher_browses_freely_and_plain_paths_keep_their_walk(
    course_roles, client_for, sequenced
):
    path, items = sequenced
    teacher = client_for(course_roles["teacher"])
    assert teacher.get(_url("play_item", path, items["b"])).status_code == 200
    assert not SequencingState.objects.exists()


def test_navigation_costs_a_bounded_number_of_queries(
    course_roles, client_for, sequenced, django_assert_max_num_queries
):
    path, items = sequenced
    client = client_for(course_roles["learner"])
    client.get(client.get(_url("play", path)).url)
    _commit(client, path, items["a"], {"cmi.success_status": "passed"})
    with django_assert_max_num_queries(40):
        client.post(_url("navigate", path, items["a"]), {"request": "continue"})
