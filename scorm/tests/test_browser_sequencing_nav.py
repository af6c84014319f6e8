"""A learner plays small SCORM 2004 packages in headless Chromium: the forced-order Continue
that becomes available as soon as the SCO reports (no reload), the Exit and Abandon
controls (Abandon asks first, in a dialog), and a table of contents that shows the package's
tree without what is hidden and with what is disabled greyed out."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from learnpaths.models import ItemProgress
from scorm.importer import package_import
from scorm.models import ScoData, SequencingState
from scorm.tests.test_sequencing import HEAD, cluster, seq
from scorm.tests.test_sequencing_nav import DISABLED, FORCED, HIDDEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A SCO a person can drive: "Pass" reports success and commits, "Finish" also terminates;
# leaving the page (the player unloads it) terminates what is still open.
SCO_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lesson</title><script src="sco.js"></script></head>
<body><main><h1>Lesson</h1>
<button id="pass" type="button">Pass</button> <button id="finish" type="button">Finish</button>
<p id="log" role="status"></p></main></body></html>"""
SCO_JS = """(function () {
  var w = window, api = null;
  for (var i = 0; i < 10 && w; i++) {
    if (w.API_1484_11) { api = w.API_1484_11; break; }
    if (w.parent === w) break;
    w = w.parent;
  }
  var ended = false;
  function log(text) { document.getElementById("log").textContent = text; }
  function pass() {
    api.SetValue("cmi.session_time", "PT5S");
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "passed");
    api.Commit("");
  }
  function end() {
    if (ended) return;
    ended = true;
    api.SetValue("cmi.exit", "normal");
    api.Terminate("");
  }
  window.addEventListener("DOMContentLoaded", function () {
    api.Initialize("");
    document.getElementById("pass").addEventListener("click", function () {
      pass(); log("Passed");
    });
    document.getElementById("finish").addEventListener("click", function () {
      pass(); end(); log("Finished");
    });
  });
  window.addEventListener("pagehide", end);
})();
"""

WRITES = (
    '<imsss:objectives><imsss:primaryObjective objectiveID="p-{me}">'
    '<imsss:mapInfo targetObjectiveID="g-{me}" writeSatisfiedStatus="true"/>'
    "</imsss:primaryObjective>{reads}</imsss:objectives>"
)
READS = (
    '<imsss:objective objectiveID="o-{needs}">'
    '<imsss:mapInfo targetObjectiveID="g-{needs}"/></imsss:objective>'
)
NEEDS = (
    "<imsss:sequencingRules><imsss:preConditionRule>"
    '<imsss:ruleConditions conditionCombination="any">'
    '<imsss:ruleCondition referencedObjective="o-{needs}" operator="not" condition="satisfied"/>'
    '<imsss:ruleCondition referencedObjective="o-{needs}" operator="not"'
    ' condition="objectiveStatusKnown"/></imsss:ruleConditions>'
    '<imsss:ruleAction action="disabled"/></imsss:preConditionRule></imsss:sequencingRules>'
)
DELIVERY = '<imsss:deliveryControls objectiveSetByContent="true" completionSetByContent="true"/>'


def sco(identifier: str, title: str, sequencing: str = "", attributes: str = "") -> str:
    return (
        f'<item identifier="{identifier}" identifierref="R"{attributes}><title>{title}</title>'
        f"{seq(sequencing) if sequencing else ''}</item>"
    )


def chained(identifier: str, title: str, needs: str = "") -> str:
    """A SCO whose success writes g-<identifier>; disabled until g-<needs> is satisfied."""
    reads = READS.format(needs=needs) if needs else ""
    rules = NEEDS.format(needs=needs) if needs else ""
    return sco(identifier, title, rules + WRITES.format(me=identifier, reads=reads) + DELIVERY)


def build(tmp_path, items: str, root: str, title: str = "Safety course"):
    xml = (
        HEAD
        + f'<organizations default="ORG"><organization identifier="ORG"><title>{title}</title>'
        + items
        + seq(root)
        + "</organization></organizations>"
        + '<resources><resource identifier="R" type="webcontent" adlcp:scormType="sco"'
        + ' href="sco.html"><file href="sco.html"/><file href="sco.js"/></resource>'
        + "</resources></manifest>"
    )
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("imsmanifest.xml", xml)
        z.writestr("sco.html", SCO_HTML)
        z.writestr("sco.js", SCO_JS)
    return archive


def _items(path):
    return {item.identifier: item for item in path.items.all()}


def test_forced_order_continue_is_enabled_once_the_sco_reports_without_a_reload(
    page, live_server, login, people, password, tmp_path, screenshot
):
    course, _teacher, learner = people
    items_xml = (
        chained("a", "Hazards") + chained("b", "Equipment", needs="a") + chained("c", "Quiz", "b")
    )
    path = package_import(course=course, user=None, archive_path=build(tmp_path, items_xml, FORCED))
    items = _items(path)
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/")
    expect(page.locator("#lp-item-title")).to_have_text("Hazards")
    frame = page.frame_locator("#lp-content")
    next_button = page.locator("#lp-next")
    expect(next_button).to_be_disabled()  # b waits for a's success
    expect(page.locator("#lp-previous")).to_be_disabled()  # the first activity
    # The SCO reports success and terminates: Continue opens without a reload.
    loaded_at = page.evaluate("() => performance.timeOrigin")
    frame.get_by_role("button", name="Finish").click()
    expect(frame.locator("#log")).to_have_text("Finished")
    expect(next_button).to_be_enabled()
    assert page.evaluate("() => performance.timeOrigin") == loaded_at  # same page
    screenshot(page, "sequencing-forced-order-continue-enabled")
    next_button.click()
    expect(page.locator("#lp-item-title")).to_have_text("Equipment")
    expect(page.locator("#lp-next")).to_be_disabled()
    # This time the SCO only commits; pressing Continue unloads it (it terminates, its last
    # data goes) before the request, which then finds b satisfied.
    frame.get_by_role("button", name="Pass").click()
    expect(frame.locator("#log")).to_have_text("Passed")
    expect(page.locator("#lp-next")).to_be_enabled()
    page.locator("#lp-next").click()
    expect(page.locator("#lp-item-title")).to_have_text("Quiz")
    assert ItemProgress.objects.get(item=items["a"]).status == "passed"
    assert ItemProgress.objects.get(item=items["b"]).status == "passed"
    assert ScoData.objects.get(progress__item=items["b"]).finished  # it terminated
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["current"] == "c"
    # previous is allowed (not forward only): it goes back through the sequencing
    expect(page.locator("#lp-previous")).to_be_enabled()
    assert page.console_errors == []


def test_exit_and_abandon_end_the_attempt_from_the_player(
    page, live_server, login, people, password, tmp_path, screenshot
):
    course, _teacher, learner = people
    flow = '<imsss:controlMode choice="true" flow="true"/>'
    items_xml = sco("a", "Welcome") + sco("b", "Rules")
    path = package_import(course=course, user=None, archive_path=build(tmp_path, items_xml, flow))
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/")
    expect(page.locator("#lp-item-title")).to_have_text("Welcome")
    page.frame_locator("#lp-content").locator("#pass").wait_for()
    # Abandon asks first; "Keep working" keeps the learner where they are.
    page.get_by_role("button", name="Abandon").click()
    dialog = page.get_by_role("dialog", name="Abandon this attempt?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep working")).to_be_focused()
    screenshot(page, "sequencing-abandon-dialog")
    dialog.get_by_role("button", name="Keep working").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#lp-item-title")).to_have_text("Welcome")
    expect(page.get_by_role("button", name="Abandon")).to_be_focused()
    # Exit ends the attempt: the learner lands on the learning paths, told so.
    page.get_by_role("button", name="Exit").click()
    expect(page).to_have_url(re.compile(r"/courses/GOLF/learnpaths/$"))
    expect(page.get_by_text("You left the learning path")).to_be_visible()
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["ended"] and state["activities"]["a"]["completed"] is True
    # Back in: a new attempt on the package; this time it is abandoned.
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/")
    expect(page.locator("#lp-item-title")).to_have_text("Welcome")
    page.frame_locator("#lp-content").locator("#pass").wait_for()
    commits = []
    page.on(
        "request",
        lambda request: (
            commits.append(json.loads(request.post_data or "{}"))
            if "/commit/" in request.url
            else None
        ),
    )
    page.get_by_role("button", name="Abandon").click()
    page.get_by_role("dialog").get_by_role("button", name="Abandon the attempt").click()
    expect(page).to_have_url(re.compile(r"/courses/GOLF/learnpaths/$"))
    # the SCO terminated as it was unloaded, its last commit marked as abandoned (its data
    # is not reported to the sequencing), before the request
    assert [c.get("nav_request") for c in commits if c.get("final")] == ["abandonAll"]
    expect(page.get_by_text("You abandoned this attempt")).to_be_visible()
    screenshot(page, "sequencing-abandoned")
    state = SequencingState.objects.get(attempt__path=path).state
    assert state["ended"] and state["activities"]["a"]["attempt_count"] == 2
    assert page.console_errors == []


def test_the_table_of_contents_shows_the_tree_hides_and_greys(
    page, live_server, login, people, password, tmp_path, screenshot
):
    course, _teacher, learner = people
    flow = '<imsss:controlMode choice="true" flow="true"/>'
    items_xml = (
        sco("intro", "Introduction")
        + sco("extra", "Remediation (hidden from choice)", HIDDEN)
        + sco("secret", "Invisible page", attributes=' isvisible="false"')
        + cluster(
            "M1",
            sco("m1a", "Module 1: reading") + sco("m1b", "Module 1: exercise"),
            FORCED,
        ).replace("<title>M1</title>", "<title>Module 1</title>")
        + sco("exam", "Final exam", DISABLED)
        + sco("glossary", "Glossary")
    )
    path = package_import(course=course, user=None, archive_path=build(tmp_path, items_xml, flow))
    items = _items(path)
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/")
    expect(page.locator("#lp-item-title")).to_have_text("Introduction")
    toc = page.get_by_role("navigation", name="Table of contents")
    expect(toc.get_by_text("Safety course")).to_be_visible()  # the root
    expect(toc.get_by_text("Module 1", exact=True)).to_be_visible()  # a cluster
    expect(toc.get_by_text("Remediation (hidden from choice)")).to_have_count(0)
    expect(toc.get_by_text("Invisible page")).to_have_count(0)
    # the glossary can be chosen; the module's activities cannot (choice off in the module:
    # Next leads there), nor the exam (disabled): greyed, not links, with the reason read out
    expect(toc.get_by_role("link", name="Glossary")).to_be_enabled()
    expect(toc.get_by_role("link", name=re.compile("Module 1: reading"))).to_be_disabled()
    exam = toc.locator(f'[data-item="{items["exam"].pk}"] .lp-entry-disabled')
    expect(exam).to_have_attribute("aria-disabled", "true")
    expect(exam).to_contain_text("This activity is not available now.")
    # a disabled link for assistive technologies (role link, aria-disabled), without href
    expect(toc.get_by_role("link", name=re.compile("Final exam"))).to_be_disabled()
    expect(toc.locator(f'a[href*="/{items["exam"].pk}/"]')).to_have_count(0)
    exercise = toc.locator(f'[data-item="{items["m1b"].pk}"] .lp-entry-disabled')
    expect(exercise).to_have_attribute("title", "This activity cannot be chosen: follow the order.")
    color = exam.evaluate("(e) => getComputedStyle(e).color")
    link_color = toc.get_by_role("link", name="Glossary").evaluate(
        "(e) => getComputedStyle(e).color"
    )
    assert color != link_color
    page.locator("#lp-side").screenshot(path=str(screenshot(page, "sequencing-toc")))
    # the table of contents works: choosing the glossary opens it; Previous is disabled
    # there, as flow stops at the disabled exam before it (SB.2.2)
    toc.get_by_role("link", name="Glossary").click()
    expect(page.locator("#lp-item-title")).to_have_text("Glossary")
    expect(page.locator("#lp-previous")).to_be_disabled()
    expect(page.locator("#lp-next")).to_be_enabled()  # the end of the package
    assert page.console_errors == []
