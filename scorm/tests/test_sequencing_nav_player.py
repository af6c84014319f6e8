"""The learning-path player's side of SCORM 2004 navigation: the Exit All and Abandon All
controls (shown unless hideLMSUI hides them, disabled when the sequencing refuses them), the
table of contents (the package's root and clusters as levels, hidden-from-choice and
invisible activities left out, disabled ones greyed with their reason), the controls and
adl.nav.request_valid sent back with each commit, and cmi.max_time_allowed."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from learnpaths.models import PathAttempt
from scorm.importer import package_import
from scorm.models import SequencingState
from scorm.tests.test_sequencing import FLOW, cluster, leaf
from scorm.tests.test_sequencing_nav import DISABLED, FORCED, HIDDEN, invisible
from scorm.tests.test_sequencing_player import (
    NEEDS_G1,
    SATISFIED_WRITES,
    _commit,
    _config,
    _package,
    _url,
)

pytestmark = pytest.mark.django_db


def hide_ui(*values: str) -> str:
    hidden = "".join(f"<adlnav:hideLMSUI>{value}</adlnav:hideLMSUI>" for value in values)
    return (
        f"<adlnav:presentation><adlnav:navigationInterface>{hidden}"
        "</adlnav:navigationInterface></adlnav:presentation>"
    )


def _import(course_roles, tmp_path, items, root=None):
    archive = _package(tmp_path, items, **({"root": root} if root else {}))
    path = package_import(course=course_roles["course"], user=None, archive_path=archive)
    return path, {i.identifier: i for i in path.items.all()}


def _start(client, path):
    start = client.get(_url("play", path))
    return client.get(start.url)


def _buttons(body: str) -> dict[str, bool]:
    """{button id: enabled} of the player's bar."""
    found = {}
    for match in re.finditer(r'<button class="btn [^"]*" id="(lp-[a-z-]+)"[^>]*>', body):
        found[match.group(1)] = " disabled" not in match.group(0)
    return found


def test_exit_all_ends_the_attempt_and_lands_on_the_paths_with_a_message(
    course_roles, client_for, tmp_path
):
    path, items = _import(course_roles, tmp_path, leaf("a") + leaf("b"))
    client = client_for(course_roles["learner"])
    page = _start(client, path)
    buttons = _buttons(page.content.decode())
    assert buttons["lp-exit-all"] and buttons["lp-abandon-all"] and buttons["lp-suspend"]
    assert 'data-nav-confirm="lp-abandon-dialog"' in page.content.decode()
    assert '<dialog id="lp-abandon-dialog"' in page.content.decode()
    answer = client.post(
        _url("navigate", path, items["a"]), {"request": "exitAll"}, HTTP_ACCEPT="text/html"
    )
    assert answer.url == reverse("learnpaths:index", args=["CRS1"])
    told = [str(m) for m in get_messages(answer.wsgi_request)]
    assert told == ["You left the learning path: this attempt is over and recorded."]
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["ended"] and not state["activities"]["a"]["active"]
    assert state["activities"]["a"]["completed"] is True  # ended normally (UP.4)
    # coming back starts a new attempt on the package, at its first activity
    assert client.get(_url("play", path)).url == _url("play_item", path, items["a"])
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["activities"]["a"]["attempt_count"] == 2


def test_abandon_all_throws_the_attempt_away(course_roles, client_for, tmp_path):
    path, items = _import(course_roles, tmp_path, leaf("a") + leaf("b"))
    client = client_for(course_roles["learner"])
    _start(client, path)
    answer = client.post(_url("navigate", path, items["a"]), {"request": "abandonAll"})
    assert answer.json()["url"] == reverse("learnpaths:index", args=["CRS1"])
    assert answer.json()["message"] == (
        "You abandoned this attempt. Next time, you will start again from the beginning."
    )
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["ended"] and state["activities"]["a"]["completed"] is None


def test_hide_lms_ui_hides_the_controls_it_names(course_roles, client_for, tmp_path):
    path, _items = _import(
        course_roles, tmp_path, leaf("a", extra=hide_ui("exitAll", "abandonAll")) + leaf("b")
    )
    body = _start(client_for(course_roles["learner"]), path).content.decode()
    buttons = _buttons(body)
    assert "lp-exit-all" not in buttons and "lp-abandon-all" not in buttons
    assert buttons["lp-suspend"] and buttons["lp-next"]
    assert "lp-abandon-dialog" not in body


def test_the_table_of_contents_shows_the_tree_without_what_is_hidden(
    course_roles, client_for, tmp_path
):
    items_xml = (
        leaf("a")
        + leaf("h", HIDDEN)
        + invisible("v")
        + leaf("d", DISABLED)
        + cluster("F", leaf("f1") + leaf("f2"), FORCED)
        + cluster("W", leaf("w1"), FLOW).replace(
            'identifier="W"', 'identifier="W" isvisible="false"'
        )
        + cluster("H", leaf("h1"), FLOW + HIDDEN)
    )
    path, items = _import(course_roles, tmp_path, items_xml)
    client = client_for(course_roles["learner"])
    body = _start(client, path).content.decode()
    side = client.get(_url("toc", path, items["a"])).content.decode()
    for html in (body, side):
        toc = html.split('<nav class="lp-toc')[1].split("</nav>")[0]
        # the organization is the root level, the cluster a level under it
        assert re.search(r'lp-toc-root.*<span class="fw-semibold">T</span>', toc, re.S)
        assert re.search(rf'data-item="{items["F"].pk}".*data-item="{items["f2"].pk}"', toc, re.S)
        assert f'data-item="{items["h"].pk}"' not in toc  # hidden from choice
        assert f'data-item="{items["v"].pk}"' not in toc  # isvisible="false"
        # an invisible cluster: its children stand in its place; a hidden one: all hidden
        assert f'data-item="{items["W"].pk}"' not in toc
        assert f'data-item="{items["w1"].pk}"' in toc
        assert f'data-item="{items["H"].pk}"' not in toc
        assert f'data-item="{items["h1"].pk}"' not in toc
        disabled = re.search(
            rf'data-item="{items["d"].pk}".*?<span class="lp-entry-disabled"[^>]*>(.*?)</span>'
            rf"</span>",
            toc,
            re.S,
        )
        assert disabled, toc
        assert 'aria-disabled="true"' in toc
        assert ". This activity is not available now." in disabled.group(1)
        assert "Not available now" not in disabled.group(1)  # said once, not twice
        # f2: choice is off in F (shown, disabled, with the reason)
        assert re.search(
            rf'data-item="{items["f2"].pk}"[^>]*data-locked="1".*?follow the order', toc, re.S
        )
        assert not re.search(rf'<a href="[^"]*/{items["d"].pk}/"', toc)
    # hidden is not refused: flow still delivers the invisible activity
    client.post(_url("navigate", path, items["a"]), {"request": "continue"})  # -> h
    answer = client.post(_url("navigate", path, items["h"]), {"request": "continue"})
    assert answer.json()["url"] == _url("play_item", path, items["v"])
    assert client.get(_url("play_item", path, items["v"])).status_code == 200


def test_a_commit_answers_with_the_controls_and_request_valid_now(
    course_roles, client_for, tmp_path
):
    """Forced order (flow only): Continue is refused until the SCO reports success, and the
    commit that reports it answers that Continue is now valid (no reload needed)."""
    path, items = _import(
        course_roles, tmp_path, leaf("a", SATISFIED_WRITES) + leaf("b", NEEDS_G1), root=FORCED
    )
    client = client_for(course_roles["learner"])
    page = _start(client, path)
    assert _buttons(page.content.decode())["lp-next"] is False
    url = reverse("learnpaths:scorm:commit", args=["CRS1", path.pk, items["a"].pk])
    first = client.post(
        url, json.dumps({"cmi": {"cmi.location": "1"}, "final": False}), "application/json"
    ).json()
    assert first["navigation"]["controls"]["continue"] is False
    assert first["navigation"]["request_valid"]["adl.nav.request_valid.continue"] == "false"
    # not final: the choices, a sequencing run each, wait for the final commit
    assert first["navigation"]["choices"] is False
    assert "adl.nav.request_valid.choice.{target=b}" not in first["navigation"]["request_valid"]
    answer = client.post(
        url,
        json.dumps({"cmi": {"cmi.success_status": "passed"}, "final": True}),
        "application/json",
    ).json()
    controls = answer["navigation"]["controls"]
    assert controls["continue"] is True and controls["previous"] is False
    assert controls["exitAll"] is True
    valid = answer["navigation"]["request_valid"]
    assert valid["adl.nav.request_valid.continue"] == "true"
    assert valid["adl.nav.request_valid.choice.{target=b}"] == "false"  # choice is off
    following = client.post(_url("navigate", path, items["a"]), {"request": "continue"})
    assert following.json()["url"] == _url("play_item", path, items["b"])


def test_a_scorm_12_commit_answers_without_navigation(course_roles, client_for, tmp_path):
    path, items = _import(course_roles, tmp_path, leaf("a") + leaf("b"))
    client = client_for(course_roles["learner"])
    _start(client, path)
    path.package.sequencing = {}
    path.package.save(update_fields=["sequencing"])
    _commit(client, path, items["a"], {"cmi.location": "x"})
    url = reverse("learnpaths:scorm:commit", args=["CRS1", path.pk, items["a"].pk])
    answer = client.post(url, json.dumps({"cmi": {}}), "application/json").json()
    assert answer["navigation"] is None


def test_the_attempt_duration_limit_reaches_the_runtime_and_the_sequencing(
    course_roles, client_for, tmp_path
):
    """cmi.max_time_allowed comes from attemptAbsoluteDurationLimit (RTE 4.2.13), and the
    session time the SCO reports counts toward it: past it, the activity is not delivered
    again (UP.1)."""
    limited = '<imsss:limitConditions attemptAbsoluteDurationLimit="PT0H1M0S"/>'
    path, items = _import(
        course_roles,
        tmp_path,
        leaf("a", limited, extra="<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>")
        + leaf("b"),
    )
    client = client_for(course_roles["learner"])
    initial = _config(_start(client, path))["runtime"]["initial"]
    assert initial["cmi.max_time_allowed"] == "PT0H1M0S"
    assert initial["cmi.time_limit_action"] == "exit,message"
    _commit(client, path, items["a"], {"cmi.session_time": "PT61S"})
    client.post(_url("navigate", path, items["a"]), {"request": "continue"})
    refused = client.get(_url("play_item", path, items["a"]))
    assert refused.url == _url("play_item", path, items["b"])
    attempt = PathAttempt.objects.get(path=path)
    state = SequencingState.objects.get(attempt=attempt).state["activities"]["a"]
    assert state["session_seconds"] == pytest.approx(61)


def test_a_duration_limit_from_the_sequencing_collection_reaches_max_time_allowed(
    course_roles, client_for, tmp_path
):
    """The limit may come through IDRef from <imsss:sequencingCollection> (SN 3.13)."""
    import zipfile

    from scorm.tests.test_sequencing import HEAD

    xml = (
        HEAD
        + '<organizations default="ORG"><organization identifier="ORG"><title>T</title>'
        + '<item identifier="a" identifierref="R"><title>a</title>'
        + '<imsss:sequencing IDRef="timed"/></item>'
        + "</organization></organizations>"
        + '<resources><resource identifier="R" type="webcontent" adlcp:scormType="sco"'
        + ' href="sco.html"><file href="sco.html"/></resource></resources>'
        + '<imsss:sequencingCollection><imsss:sequencing ID="timed">'
        + '<imsss:limitConditions attemptAbsoluteDurationLimit="PT20M"/>'
        + "</imsss:sequencing></imsss:sequencingCollection></manifest>"
    )
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("imsmanifest.xml", xml)
        z.writestr("sco.html", "<html><body>SCO</body></html>")
    path = package_import(course=course_roles["course"], user=None, archive_path=archive)
    initial = _config(_start(client_for(course_roles["learner"]), path))["runtime"]["initial"]
    assert initial["cmi.max_time_allowed"] == "PT20M"
