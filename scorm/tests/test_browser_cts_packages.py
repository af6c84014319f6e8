"""Conformance: the ADL CTS's LMS test packages, imported and played in our player.

One test per ``LMSTestPackage_*`` of the ADL SCORM 2004 4th Edition test suite (vendored
unmodified in cts/adl/; $LMS_ADL_CTS_DIR may name another checkout). Each package's SCO pages
are the CTS's Java-applet pages, which no browser runs any more: our runner SCO (cts/runner.js)
takes their place (and that of an asset's page when the script has calls for its activity:
assets get the run-time API too, SX-08a) and plays the package's script
(TestCases/<name>.properties), comparing every API call's result and error code with the
script's. The player follows the scripts' navigation
requests; after a visit that leaves the next step to the tester, the test does what the script
tells the tester (its ``CUI``: Continue, Previous, Choice~Activity n, Exit All, Suspend All then
relaunch), as a learner would from the player.

A package passes when every activity the script expects is delivered, in order, by the player
(none opened by hand from its address) and every scripted API result is right. Packages that do
not pass yet are listed in FAILING with the reason, as strict xfails: one that starts passing
fails the run until it is taken off the table.

`make test` plays cts.translate.SUBSET (one or more of every family); `make conformance`
(LMS_CTS_ALL=1) plays all 187. $LMS_CTS_REPORT_DIR, when set, receives each package's details as
<name>.json.
"""

import contextlib
import json
import os
import posixpath
import re
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from scorm.importer import package_import
from scorm.manifest import parse_manifest, referenced_files
from scorm.tests.cts.translate import (
    COURSES,
    TEST_CASES,
    USER_EVENT,
    cts_dir,
    load_case,
    load_instructions,
    package_names,
    predecessors,
    read_properties,
    selected,
    visits,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).parent / "cts"

# Packages that do not pass yet, each with why (what the player or run-time does wrong).
FAILING: dict[str, str] = {}


def _scripted_assets(manifest, calls: dict) -> set[str]:
    """The pages (hrefs without their query) of the assets launched by an activity the
    script has calls for: its number from the launch parameters' ``act=<n>`` (the runner
    reads it there too), else from an ``activity_<n>`` identifier."""
    scripted = {key[3:].split("V")[0] for key in calls}
    pages = set()
    for item in manifest.walk():
        resource = manifest.resources.get(item.identifierref)
        if resource is None or resource.scorm_type != "asset" or not resource.href:
            continue
        found = re.search(r"[?&]act=(\d+)", f"{resource.href} {item.parameters}")
        number = found.group(1) if found else item.identifier.removeprefix("activity_")
        if number in scripted:
            pages.add(resource.href.partition("?")[0])
    return pages


def _package(cts: Path, folder: Path, target: Path, calls: dict, run: str, hold: list) -> Path:
    courses = cts / COURSES
    search = [courses / "SCODepot", courses / "scripts", courses / "includes"]
    search.append(cts / "software_development/TestSuite/scripts")
    data = (folder / "imsmanifest.xml").read_bytes()
    manifest = parse_manifest(data)
    scos = {r.href.partition("?")[0] for r in manifest.resources.values() if r.scorm_type == "sco"}
    # An asset's page too when the script has calls for its activity (SX-08a: assets get the
    # run-time API, scorm.kinds): the runner replays them there; other assets keep their page.
    scos |= _scripted_assets(manifest, calls)
    runner = (HERE / "runner.html").read_text()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", data)
        for name in sorted(referenced_files(manifest)):
            if name in scos:
                up = "../" * name.count("/")
                archive.writestr(name, runner.replace("cts_", f"{up}cts/cts_"))
                continue
            source = folder / name
            if not source.is_file():
                found = [d / posixpath.basename(name) for d in search]
                source = next((f for f in found if f.is_file()), source)
            if source.is_file():
                archive.write(source, name)
        archive.writestr("cts/cts_runner.js", (HERE / "runner.js").read_bytes())
        archive.writestr(
            "cts/cts_commands.js",
            "window.CTS = " + json.dumps({"run": run, "calls": calls, "hold": hold}) + ";",
        )
    return target


def _import(course, archive, warnings):
    """Import, again after a pause when the server's threads hold SQLite's lock."""
    for attempt in range(5):
        try:
            return package_import(course=course, user=None, archive_path=archive, warnings=warnings)
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(1)


def _requests_navigation(calls: list[dict]) -> bool:
    """Whether a visit's script leaves a navigation request for the player (adl.nav.request
    set to something other than _none_, and accepted): then the player moves on by itself."""
    request = ""
    for call in calls:
        if (
            call["fn"] == "SetValue"
            and call["args"][0] == "adl.nav.request"
            and call["error"] == "0"
        ):
            request = call["args"][1]
    return request not in ("", "_none_")


# Instructions that name an activity by its title ("please launch API Implementation Test 1").
TITLED = {
    "APIt": "API Implementation Test {}",
    "DMIt": "Data Model Implementation Test {}",
}


def _play(page, course, path, calls: dict, run: str, order: list[str], instructions, start):
    """Play the visits ``calls`` expects (keys Act<n>V<m>, in order) as the tester would.

    ``order`` lists every visit of the script (some, an asset's, have no calls) and
    ``instructions`` what the tester does after each (CUI); ``start`` is the title of the
    activity the tester launches first, if the script names one."""
    items = {i.identifier: i for i in path.items.all()}
    titled = {i.title.strip(): i for i in path.items.all()}
    launchable = [i for i in path.items.order_by("rank") if i.kind != "section"]
    log: list = []

    def url(item):
        return reverse("learnpaths:play_item", args=[course.code, path.pk, item.pk])

    def current_item():
        found = re.search(r"/play/(\d+)/", page.url)
        return int(found.group(1)) if found else None

    def navigate(request, target=""):
        """What the tester does from the player: a navigation request to the server."""
        current = current_item()
        if current is None:
            return False
        address = reverse("learnpaths:navigate", args=[course.code, path.pk, current])
        answer = page.evaluate(
            """([address, request, target]) => {
                const token = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
                return fetch(address, {method: "POST", headers: {"X-CSRFToken": token},
                    body: new URLSearchParams({request, target})}).then((r) => r.json());
            }""",
            [address, request, target],
        )
        log.append([current, request, target, answer])
        goto(answer.get("url") or reverse("learnpaths:play", args=[course.code, path.pk]))
        return True

    def activity(number):
        return items.get(f"activity_{number}") or next(
            (i for i in items.values() if re.search(rf"act={number}\b", i.parameters)), None
        )

    def relaunch():
        # The page just left sends its SCO's last data as it goes (a beacon): let it land
        # first, as a learner's relaunch would (SQLite's lock refuses a request meanwhile).
        page.wait_for_timeout(400)
        goto(reverse("learnpaths:play", args=[course.code, path.pk]))
        return True

    def follow(instruction):
        """The script's instruction to the tester after a visit (CUI, the CTS's
        Instructions.properties says what each asks)."""
        choice = re.fullmatch(r"Choice~Activity (\d+)", instruction or "")
        named = re.fullmatch(r"(APIt|DMIt)(\d+)", instruction or "")
        if instruction in ("Continue", "Previous"):
            return navigate(instruction.lower())
        if choice:
            target = activity(choice.group(1))
            return bool(target) and navigate("choice", target.identifier)
        if named:
            target = titled.get(TITLED[named.group(1)].format(named.group(2)))
            return bool(target) and navigate("choice", target.identifier)
        if instruction == "TRIGExitAll":
            return navigate("exitAll")
        if instruction == "DMBxAct":  # relaunch and choose Data Model Behavior Test 1
            navigate("exitAll")
            relaunch()
            target = titled.get("Data Model Behavior Test 1")
            return bool(target) and navigate("choice", target.identifier)
        if instruction and instruction.startswith("Suspend"):
            navigate("suspendAll")
        elif instruction:
            navigate("exitAll")  # Exit, Relaunch..., HasEnded, AutoTest: leave, launch again
        return relaunch()

    def waits_for_choice():
        try:
            return page.locator("#lp-choose").count() > 0
        except Exception:  # noqa: BLE001 - the page is navigating
            return False

    def result(key):
        raw = page.evaluate(f"localStorage.getItem({json.dumps(f'cts-{run}-results-{key}')})")
        return json.loads(raw) if raw else None

    def wait(key, seconds):
        for _ in range(int(seconds * 10)):
            try:
                found = result(key)
            except Exception:  # noqa: BLE001 - the page is navigating
                found = None
            if found:
                return found
            page.wait_for_timeout(100)
        return None

    def goto(address):
        # The player may be leaving on a navigation request (exitAll...) at the same time.
        for _ in range(3):
            try:
                page.goto(address)
                return
            except Exception:  # noqa: BLE001 - interrupted by the player's own navigation
                page.wait_for_timeout(500)

    out = {"played": [], "by_hand": [], "instructed": [], "passed": 0, "calls": 0, "stopped": ""}
    errors: list = []  # the server's refusals and failures, for the report
    page.on(
        "response",
        lambda r: (
            errors.append([r.status, r.url]) if r.status >= 400 and len(errors) < 20 else None
        ),
    )
    page.on(
        "requestfailed", lambda r: errors.append([r.failure, r.url]) if len(errors) < 20 else None
    )
    relaunch()
    for key in calls:
        position = order.index(key)
        before = order[position - 1] if position else None
        instruction = instructions.get(before or "")
        followed = False
        if before is None:
            found = wait(key, 5)
        elif (
            before in calls
            and _requests_navigation(calls[before])
            and not USER_EVENT.match(instruction or "")
        ):
            found = wait(key, 6)  # the SCO terminated with a request: the player acts on it
        elif instruction:
            # The player waits for the learner (SN 4.4: no request, no sequencing).
            found = wait(key, 0.3)
            if found is None:
                followed = follow(instruction)
                found = wait(key, 6)
                if found is not None:
                    out["instructed"].append(key)
        else:
            found = wait(key, 3)
        if found is None and instruction and not followed and before and follow(instruction):
            found = wait(key, 6)
            if found is not None:
                out["instructed"].append(key)
        if found is None and before is None:
            # Nothing started: the learner picks the activity the test starts with (its
            # "start" title), else the first one.
            first = titled.get(start) if start else None
            goto(url(first or launchable[0]))
            found = wait(key, 5)
            if found is not None and first is not None:
                out["instructed"].append(key)
        if found is None and waits_for_choice():
            # The player delivered nothing and waits for the learner's choice (no flow to
            # start the course again, SN SB.2.5): the tester picks the activity the script
            # expects from the table of contents, as the engine replay has it.
            chosen = activity(key[3:].split("V")[0])
            if chosen is not None:
                goto(url(chosen))
                found = wait(key, 5)
                if found is not None:
                    out["instructed"].append(key)
        if found is None:
            out.setdefault("landed", {})[key] = page.url  # where the player was instead
            opened = activity(key[3:].split("V")[0])
            if opened is None:
                out["stopped"] = f"{key}: no activity_{key[3:].split('V')[0]} in the package"
                break
            goto(url(opened))
            found = wait(key, 5)
            if found is None:
                out["stopped"] = f"{key} did not run even when opened by hand"
                out["page"] = page.url
                out["navigations"] = log
                break
            out["by_hand"].append(key)
        out["played"].append(key)
        out["passed"] += found["passed"]
        if found.get("failures"):
            out.setdefault("failures", {})[key] = found["failures"][:3]
        out["calls"] += found["total"]
    out["navigations"] = log
    out["errors"] = errors
    return out


def _take(page, course, learner, cts: Path, name: str, tmp_path: Path) -> dict:
    """Import package ``name`` and play its script as ``learner``: the survey entry
    (played, by_hand, instructed, passed, calls, failures, stopped)."""
    calls = load_case(cts, name, learner_id=str(learner.pk))
    run = uuid.uuid4().hex[:8]
    warnings: list[str] = []
    folder = cts / COURSES / f"LMSTestPackage_{name}"
    instructions = load_instructions(cts, name)
    # The visits after which the tester navigates from the player: the SCO waits for it.
    hold = [key for key, instruction in instructions.items() if USER_EVENT.match(instruction)]
    archive = _package(cts, folder, tmp_path / f"{name}.zip", calls, run, hold)
    path = _import(course, archive, warnings)
    properties = cts / TEST_CASES / f"{name}.properties"
    start = next((v.strip() for k, v in read_properties(properties) if k == "start"), "")
    order = list(dict.fromkeys(visit for visit, _field, _value in visits(cts, name)))
    entry = {"visits": len(calls), "warnings": warnings}
    entry.update(_play(page, course, path, calls, run, order, instructions, start))
    entry["to_the_end"] = len(entry["played"]) == len(calls)
    entry["conformant"] = (
        entry["to_the_end"] and not entry["by_hand"] and entry["passed"] == entry["calls"]
    )
    return entry


@pytest.fixture
def cts_page(browser, live_server):
    """A page without the accessibility audit: these tests measure SCORM conformance, and the
    player's pages are audited by the player's own browser tests."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    for open_page in context.pages:
        with contextlib.suppress(Exception):  # a page that is already gone is fine
            open_page.goto("about:blank")
    time.sleep(0.3)  # the runtime's beacon on leaving must land before the database is reset
    context.close()


def _params():
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=FAILING[name])] if name in FAILING else [],
        )
        for name in selected(cts_dir())
    ]


@pytest.mark.parametrize("name", _params())
def test_cts_package_plays_conformantly(
    name, cts_page, live_server, login, people, password, tmp_path
):
    cts = cts_dir()
    course, _teacher, learner = people
    login(cts_page, learner.username, password)
    # The same learner takes the earlier parts of the test first (OB-09a writes the global
    # objectives OB-09b reads), as the CTS has it.
    for earlier in predecessors(name, package_names(cts), cts):
        _take(cts_page, course, learner, cts, earlier, tmp_path)
    entry = _take(cts_page, course, learner, cts, name, tmp_path)
    if os.environ.get("LMS_CTS_REPORT_DIR"):
        folder = Path(os.environ["LMS_CTS_REPORT_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.json").write_text(json.dumps(entry, indent=1))
    assert entry["to_the_end"], entry.get("stopped")
    assert not entry["by_hand"], f"opened by hand (not delivered by the player): {entry['by_hand']}"
    assert entry["passed"] == entry["calls"], json.dumps(entry.get("failures"))[:2000]
