"""A teacher imports a package and a learner opens it in the player, in headless Chromium."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from learnpaths import services
from learnpaths.models import LearningPath, PathAttempt
from scorm.tests.fixtures import scorm_fixtures
from tests.browser.fixtures import fill_rich_text, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ZIPPED = scorm_fixtures() / "zipped"


def stay_offline(page, live_server):
    """Packages load jQuery and fonts from CDNs: nothing may leave the machine."""
    local = urlsplit(live_server.url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", route)


def test_import_then_play(page, live_server, login, screenshot, people, password, new_page):
    course, teacher, learner = people
    stay_offline(page, live_server)
    login(page, teacher.username, password)
    page.goto("/courses/GOLF/learnpaths/")
    page.get_by_role("link", name="Import a SCORM or AICC package").click()
    page.set_input_files("input[name=package]", str(ZIPPED / "scorm12.zip"))
    page.fill("input[name=title]", "Golf explained")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-status")).to_have_attribute("data-state", "done")
    screenshot(page, "learnpaths-import-done")
    path = LearningPath.objects.get()
    assert path.title == "Golf explained"
    page.goto("/courses/GOLF/learnpaths/")
    screenshot(page, "learnpaths-index-teacher")

    learner_page = new_page(viewport={"width": 1280, "height": 900})
    stay_offline(learner_page, live_server)
    login(learner_page, learner.username, password)
    learner_page.goto("/courses/GOLF/learnpaths/")
    learner_page.get_by_role("link", name="Start").click()
    frame = learner_page.frame_locator("#lp-content")
    expect(frame.locator("body")).not_to_be_empty()
    expect(learner_page.locator("#lp-progress")).to_contain_text("%")
    first_title = learner_page.locator("#lp-item-title").inner_text()
    learner_page.locator("#lp-next").click()
    expect(learner_page.locator("#lp-item-title")).not_to_have_text(first_title)
    expect(learner_page.locator(".lp-toc [data-status=completed]").first).to_be_visible()
    screenshot(learner_page, "learnpaths-player")
    # Leaving and coming back resumes at the second item.
    second_title = learner_page.locator("#lp-item-title").inner_text()
    learner_page.goto("/courses/GOLF/learnpaths/")
    learner_page.get_by_role("link", name="Continue").click()
    expect(learner_page.locator("#lp-item-title")).to_have_text(second_title)


def test_builder_reorders_by_drag_and_drop(page, live_server, login, screenshot, people, password):
    course, teacher, _learner = people
    path = services.path_create(course=course, user=teacher, title="Built")
    section = services.item_add(path=path, kind="section", title="Chapter")
    for title in ("First", "Second", "Third"):
        services.item_add(path=path, kind="text", title=title, text=f"<p>{title}</p>")
    login(page, teacher.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/build/")
    # SortableJS: drop a handle on a row to go before it, on a section's list to go inside.
    third = page.locator(".lp-node", has_text="Third").locator(".lp-handle").first
    first_row = page.locator(".lp-node", has_text="First").locator(".lp-row").first
    third.drag_to(first_row)
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    page.reload()
    second = page.locator(".lp-node", has_text="Second").locator(".lp-handle").first
    with page.expect_response(lambda response: response.request.method == "POST"):
        second.drag_to(page.locator(".lp-section > .lp-children").first)
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    screenshot(page, "learnpaths-builder-tree")
    order = list(path.items.order_by("rank").values_list("title", "parent_id"))
    assert order == [("Chapter", None), ("Second", section.pk), ("Third", None), ("First", None)]
    # The status already says "saved" from the drag: wait for this move's own answer.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator(".lp-node", has_text="First").locator(".lp-up").first.click()
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    assert list(path.items.order_by("rank").values_list("title", flat=True)) == [
        "Chapter",
        "Second",
        "First",
        "Third",
    ]
    assert page.console_errors == []


RUNTIME_AVAILABLE = (
    Path(__file__).resolve().parents[1] / "static" / "scorm" / "runtime.js"
).is_file()


@pytest.mark.skipif(not RUNTIME_AVAILABLE, reason="scorm/static/scorm/runtime.js is not merged")
def test_scripted_learner_completes_a_sco_and_resumes(
    page, live_server, login, people, password, tmp_path
):
    from learnpaths.models import ItemProgress
    from scorm.importer import package_import
    from scorm.tests.fixtures import zip_folder

    course, _teacher, learner = people
    folder = scorm_fixtures() / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    archive = zip_folder(folder, tmp_path / "golf.zip")
    path = package_import(course=course, user=None, archive_path=archive)
    sco = path.items.get(kind="sco")
    stay_offline(page, live_server)
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/{sco.pk}/")
    wait_until(page, "() => window.API && typeof window.API.LMSSetValue === 'function'")
    page.frame_locator("#lp-content").locator("body").wait_for()
    with page.expect_response(lambda response: "/commit/" in response.url) as committed:
        page.evaluate(
            """() => {
                const api = window.API;
                api.LMSInitialize("");
                api.LMSSetValue("cmi.core.lesson_location", "page-2");
                api.LMSSetValue("cmi.suspend_data", "answers=abc");
                api.LMSSetValue("cmi.core.score.raw", "90");
                api.LMSSetValue("cmi.core.lesson_status", "passed");
                api.LMSSetValue("cmi.core.exit", "suspend");
                api.LMSCommit("");
            }"""
        )
    assert committed.value.ok
    # Leave, and let the final commit sent on unload land before reading the database
    # (the test database is SQLite shared between threads: no concurrent writers).
    page.goto("about:blank")
    page.wait_for_timeout(1000)
    progress = ItemProgress.objects.get(item=sco)
    assert progress.status == "passed" and progress.score == 90
    assert progress.suspend_data == "answers=abc" and progress.location == "page-2"
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/{sco.pk}/")
    wait_until(page, "() => window.API && typeof window.API.LMSGetValue === 'function'")
    restored = page.evaluate(
        """() => { window.API.LMSInitialize("");
                   return [window.API.LMSGetValue("cmi.suspend_data"),
                           window.API.LMSGetValue("cmi.core.entry")]; }"""
    )
    assert restored == ["answers=abc", "resume"]


def test_builder_add_form_asks_only_what_the_kind_needs(page, login, people, password):
    course, teacher, _learner = people
    path = services.path_create(course=course, user=teacher, title="Built")
    login(page, teacher.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/build/")
    # The picker shows, for each kind, only what it needs.
    page.get_by_role("link", name="Text", exact=True).click()
    expect(page.locator("#lp-text")).to_be_attached()
    expect(page.locator("#lp-url")).to_have_count(0)
    page.get_by_role("link", name="Link", exact=True).click()
    expect(page.locator("#lp-url")).to_be_visible()
    expect(page.locator("#lp-text")).to_have_count(0)
    page.get_by_role("link", name="Text", exact=True).click()
    page.fill("#lp-title", "Welcome")
    fill_rich_text(page, "#lp-text", "Hello learners")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".lp-node", has_text="Welcome")).to_be_visible()
    assert "Hello learners" in path.items.get().text
    assert page.console_errors == []


def test_a_bad_package_fails_with_a_message(page, login, people, password, tmp_path, screenshot):
    from scorm.tests.fixtures import zip_entries

    _course, teacher, _learner = people
    broken = zip_entries(
        tmp_path / "broken.zip",
        {
            "imsmanifest.xml": (
                scorm_fixtures() / "edge-cases-scorm12/MalformedXml_SCORM12/imsmanifest.xml"
            ).read_bytes()
        },
    )
    login(page, teacher.username, password)
    page.goto("/courses/GOLF/learnpaths/import/")
    page.set_input_files("input[name=package]", str(broken))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-status")).to_have_attribute("data-state", "failed")
    expect(page.locator("#import-message")).to_contain_text("not well-formed XML")
    screenshot(page, "learnpaths-import-failed")
    assert not LearningPath.objects.exists()
    page.goto("/courses/GOLF/learnpaths/")
    expect(page.get_by_text("No learning path yet.")).to_be_visible()


# The real AICC unit loads jQuery 1.7 from a CDN; offline, the test answers that request with
# the handful of jQuery calls the unit makes.
JQUERY_STAND_IN = """
(function () {
  function wrap(nodes) {
    var o = {
      ready: function (f) {
        if (document.readyState !== "loading") setTimeout(f, 0);
        else document.addEventListener("DOMContentLoaded", f);
        return o;
      },
      unload: function (f) { window.addEventListener("unload", f); return o; },
      append: function (h) {
        nodes.forEach(function (n) { n.insertAdjacentHTML("beforeend", h); }); return o;
      },
      html: function (h) {
        if (h === undefined) return nodes[0] ? nodes[0].innerHTML : "";
        nodes.forEach(function (n) { n.innerHTML = h; }); return o;
      },
      attr: function (k, v) { nodes.forEach(function (n) { n.setAttribute(k, v); }); return o; }
    };
    return o;
  }
  window.$ = window.jQuery = function (selector) {
    if (typeof selector === "function") return wrap([document]).ready(selector);
    if (selector === window || selector === document) return wrap([selector]);
    return wrap(Array.prototype.slice.call(document.querySelectorAll(selector)));
  };
  window.$.trim = function (s) { return String(s == null ? "" : s).trim(); };
})();
"""


def test_real_aicc_unit_talks_hacp_from_the_browser(page, live_server, login, people, password):
    from learnpaths.models import ItemProgress
    from scorm.importer import package_import

    course, _teacher, learner = people
    path = package_import(course=course, user=None, archive_path=ZIPPED / "aicc.zip")
    unit = path.items.get()
    local = urlsplit(live_server.url).netloc

    def route(route):
        url = route.request.url
        if "jquery" in url:
            route.fulfill(status=200, content_type="text/javascript", body=JQUERY_STAND_IN)
        elif urlsplit(url).netloc == local:
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", route)
    page.on("dialog", lambda dialog: dialog.dismiss())
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/{unit.pk}/")
    frame = page.frame_locator("#lp-content")
    expect(frame.locator("#apiLog")).to_contain_text("error=0")
    frame.get_by_role("button", name="Set LMS to Passed").click()
    expect(frame.locator("input[type=button]").first).to_be_disabled()
    page.goto("about:blank")
    page.wait_for_timeout(500)
    progress = ItemProgress.objects.get(item=unit)
    assert progress.status == "passed"
    assert progress.attempt.done_count == 1


def test_player_installs_the_runtime_and_follows_its_navigation_requests(
    page, live_server, login, people, password, tmp_path
):
    """The player's side of the runtime interface: what it installs, and how it follows the
    navigation requests the content makes."""
    from scorm.importer import package_import
    from scorm.tests.fixtures import zip_folder

    course, _teacher, learner = people
    folder = scorm_fixtures() / "golf-scorm2004" / "SequencingForcedSequential_SCORM20043rdEdition"
    path = package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )
    scos = list(path.items.filter(kind="sco").order_by("rank"))
    stay_offline(page, live_server)
    # Stand in for the runtime (runtime.js has its own tests): record what the player hands it,
    # and keep the real script, which loads too, from replacing the stand-in.
    page.add_init_script(
        """(() => {
          const standIn = {install(options) { window.__runtime = options; }};
          Object.defineProperty(window, "LMSRuntime", {get: () => standIn, set: () => {}});
        })();"""
    )
    login(page, learner.username, password)
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/")
    wait_until(page, "() => window.__runtime !== undefined")
    options = page.evaluate(
        "() => ({version: __runtime.version, commitUrl: __runtime.commitUrl,"
        " token: __runtime.csrfToken, entry: __runtime.initial['cmi.entry'],"
        " nav: typeof __runtime.onNavRequest})"
    )
    assert options["version"] == "2004" and options["entry"] == "ab-initio"
    assert options["commitUrl"].endswith(f"/items/{scos[0].pk}/commit/")
    assert options["token"] and options["nav"] == "function"
    expect(page.locator("#lp-content")).to_have_attribute("src", re.compile(r"/content/"))

    def request(value):
        with page.expect_navigation():
            page.evaluate(f"() => __runtime.onNavRequest('{value}')")
        wait_until(
            page, "() => window.__runtime !== undefined || !document.getElementById('lp-content')"
        )

    # The second SCO is disabled until the first is satisfied: "continue" is refused.
    request("continue")
    expect(page.locator("#lp-item-title")).to_have_text(scos[0].title)
    # What the SCO's commit would report (the stand-in runtime commits nothing).
    from scorm.sequencer import SEQUENCER

    attempt = PathAttempt.objects.get(path=path, user=learner)
    SEQUENCER.report(path=path, attempt=attempt, item=scos[0], data={"success_status": "passed"})
    request("continue")
    expect(page.locator("#lp-item-title")).to_have_text(scos[1].title)
    request(f"{{target={scos[0].identifier}}}choice")
    expect(page.locator("#lp-item-title")).to_have_text(scos[0].title)
    request("suspendAll")
    expect(page).to_have_url(re.compile(r"/courses/GOLF/learnpaths/$"))
