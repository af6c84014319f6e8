"""Survey: every LMS test package of the ADL CTS, imported and played in our player.

Not a pass/fail test of the platform: a measurement for the maintainers' notes. Run it with
$LMS_ADL_CTS_DIR (a checkout of adlnet/SCORM-2004-4ed-Test-Suite) and $LMS_ADL_CTS_SURVEY set
to the JSON file to write. Each package's SCO pages are the CTS's Java-applet pages, which no
browser runs any more: our runner SCO (cts/runner.js) takes their place and plays the package's
script (TestCases/<name>.properties). The player is left to follow the scripts' navigation
requests; when it does not reach the next activity the script expects, the survey opens that
activity itself (as a tester would from the table of contents) and counts it as "opened by hand".
"""

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
from scorm.manifest import PackageError, parse_manifest, referenced_files
from scorm.tests.cts.translate import (
    COURSES,
    TEST_CASES,
    load_case,
    load_instructions,
    read_properties,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).parent / "cts"


def _cts() -> Path:
    folder = Path(os.environ.get("LMS_ADL_CTS_DIR", "/nonexistent"))
    if not (folder / COURSES).is_dir() or not os.environ.get("LMS_ADL_CTS_SURVEY"):
        pytest.skip("Set LMS_ADL_CTS_DIR (the ADL CTS checkout) and LMS_ADL_CTS_SURVEY (a path).")
    return folder


def _package(cts: Path, folder: Path, target: Path, calls: dict, run: str) -> Path:
    courses = cts / COURSES
    search = [courses / "SCODepot", courses / "scripts", courses / "includes"]
    search.append(cts / "software_development/TestSuite/scripts")
    data = (folder / "imsmanifest.xml").read_bytes()
    manifest = parse_manifest(data)
    scos = {r.href.partition("?")[0] for r in manifest.resources.values() if r.scorm_type == "sco"}
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
            "cts/cts_commands.js", "window.CTS = " + json.dumps({"run": run, "calls": calls}) + ";"
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


def _play(
    page, course, path, expected: list[str], run: str, instructions=None, start_with=""
) -> dict:
    items = {i.identifier: i for i in path.items.all()}
    launchable = [i for i in path.items.order_by("rank") if i.kind != "section"]
    instructions = instructions or {}
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

    def follow(instruction):
        """The script's instruction to the tester after a visit (CUI)."""
        choice = re.fullmatch(r"Choice~Activity (\d+)", instruction or "")
        if instruction in ("Continue", "Previous"):
            return navigate(instruction.lower())
        if choice:
            target = items.get(f"activity_{choice.group(1)}") or next(
                (i for i in items.values() if re.search(rf"act={choice.group(1)}\b", i.parameters)),
                None,
            )
            return bool(target) and navigate("choice", target.identifier)
        if instruction == "TRIGExitAll":
            return navigate("exitAll")
        if instruction and instruction.startswith("Suspend"):
            navigate("suspendAll")
        elif instruction:
            navigate("exitAll")
        goto(reverse("learnpaths:play", args=[course.code, path.pk]))  # launched again
        return True

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
    goto(reverse("learnpaths:play", args=[course.code, path.pk]))
    previous_key = None
    for key in expected:
        found = wait(key, 3)
        instruction = instructions.get(previous_key or "")
        if found is None and instruction and follow(instruction):
            found = wait(key, 4)
            if found is not None:
                out["instructed"].append(key)
        if found is None and previous_key is None:
            # Nothing started: the learner picks the activity the test starts with ("start=
            # Activity n" in its script), else the first one.
            first = items.get(f"activity_{start_with}") if start_with else None
            goto(url(first or launchable[0]))
            found = wait(key, 3)
            if found is not None and first is not None:
                out["instructed"].append(key)
        if found is None:
            activity = items.get(f"activity_{key[3:].split('V')[0]}")
            if activity is None:
                out["stopped"] = f"{key}: no activity_{key[3:].split('V')[0]} in the package"
                break
            goto(url(activity))
            found = wait(key, 4)
            if found is None:
                out["stopped"] = f"{key} did not run even when opened by hand"
                out["page"] = page.url
                out["frames"] = [frame.url for frame in page.frames]
                out["navigations"] = log
                break
            out["by_hand"].append(key)
        out["played"].append(key)
        previous_key = key
        out["passed"] += found["passed"]
        if found.get("failures"):
            out.setdefault("failures", {})[key] = found["failures"][:3]
        out["calls"] += found["total"]
    return out


def test_survey_of_the_cts_lms_test_packages(page, live_server, login, people, password, tmp_path):
    cts = _cts()
    course, _teacher, learner = people
    login(page, learner.username, password)
    survey = {}
    budget = time.monotonic() + 60 * float(os.environ.get("LMS_ADL_CTS_SURVEY_MINUTES", "25"))
    report = Path(os.environ["LMS_ADL_CTS_SURVEY"])
    start = os.environ.get("LMS_ADL_CTS_SURVEY_FROM", "")
    for folder in sorted((cts / COURSES).glob("LMSTestPackage_*")):
        name = folder.name.removeprefix("LMSTestPackage_")
        only = os.environ.get("LMS_ADL_CTS_SURVEY_ONLY", "")
        before = os.environ.get("LMS_ADL_CTS_SURVEY_BEFORE", "")
        if name < start or (only and name not in only.split(",")) or (before and name >= before):
            continue
        entry = survey.setdefault(name, {})
        report.write_text(json.dumps(survey, indent=1))
        if time.monotonic() > budget:
            entry["stopped"] = "not surveyed: out of time"
            continue
        properties = cts / TEST_CASES / f"{name}.properties"
        calls = load_case(cts, name, learner_id=str(learner.pk)) if properties.is_file() else {}
        run = uuid.uuid4().hex[:8]
        warnings: list[str] = []
        try:
            archive = _package(cts, folder, tmp_path / f"{name}.zip", calls, run)
            path = _import(course, archive, warnings)
        except (PackageError, ValueError) as error:
            entry.update(imported=False, reason=str(error))
            continue
        entry.update(imported=True, warnings=warnings, visits=len(calls))
        if not calls:
            entry["stopped"] = "no script in TestCases"
            continue
        instructions = load_instructions(cts, name) if properties.is_file() else {}
        start_with = ""
        for key, value in read_properties(properties) if properties.is_file() else []:
            if key == "start" and re.fullmatch(r"Activity \d+", value.strip()):
                start_with = value.split()[-1]
        entry.update(_play(page, course, path, list(calls), run, instructions, start_with))
        entry["to_the_end"] = len(entry["played"]) == len(calls)
    Path(os.environ["LMS_ADL_CTS_SURVEY"]).write_text(json.dumps(survey, indent=1))
    tried = [e for e in survey.values() if "imported" in e]
    imported = sum(1 for e in tried if e["imported"])
    ended = sum(1 for e in tried if e.get("to_the_end"))
    alone = sum(1 for e in tried if e.get("to_the_end") and not e["by_hand"])
    print(
        f"CTS packages: {len(tried)} tried, {imported} imported, {ended} played to the end, "
        f"{alone} of them without opening an activity by hand"
    )
    assert imported == len(tried)
