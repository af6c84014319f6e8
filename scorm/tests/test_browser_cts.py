"""The ADL SCORM 2004 4th Edition conformance test suite's DMI scripts, replayed in our player.

The CTS (github.com/adlnet/SCORM-2004-4ed-Test-Suite) is vendored unmodified in cts/adl/;
$LMS_ADL_CTS_DIR may point at another checkout (the folder holding software_development/). It
imports the CTS's own DMI manifest with a runner SCO of ours in place of the CTS's Java-applet
pages, plays the four activities' first and resumed visits in Chromium as a learner, and
compares every call with the CTS's expected return value and error code. A JSON report is
written to $LMS_ADL_CTS_REPORT when set.
"""

import json
import os
import uuid
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from scorm.importer import package_import
from scorm.tests.cts.translate import COURSES, cts_dir, load_case
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).parent / "cts"
ORDER = ["Act1V1", "Act2V1", "Act3V1", "Act4V1", "Act1V2", "Act2V2", "Act3V2", "Act4V2"]
GOAL = 0.99


def dmi_package(target: Path, calls: dict, run: str) -> Path:
    """The CTS's DMI manifest, our runner in place of its four test pages."""
    manifest = (cts_dir() / COURSES / "LMSTestPackage_DMI" / "imsmanifest.xml").read_bytes()
    runner = (HERE / "runner.html").read_bytes().replace(b"cts_", b"../cts/cts_")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for number in range(1, 5):
            archive.writestr(f"resources/DMImplementationTest{number}.htm", runner)
        archive.writestr("cts/cts_runner.js", (HERE / "runner.js").read_bytes())
        archive.writestr(
            "cts/cts_commands.js",
            "window.CTS = " + json.dumps({"run": run, "calls": calls}) + ";",
        )
    return target


def test_cts_dmi_scripts_replayed_in_the_player(
    page, live_server, login, people, password, tmp_path
):
    course, _teacher, learner = people
    calls = load_case(cts_dir(), "DMI", learner_id=str(learner.pk))
    run = uuid.uuid4().hex[:8]
    path = package_import(
        course=course, user=None, archive_path=dmi_package(tmp_path / "dmi.zip", calls, run)
    )
    items = {item.identifier: item for item in path.items.all()}
    login(page, learner.username, password)
    reports = {}
    for key in ORDER:
        item = items[f"activity_{key[3]}"]
        page.goto(reverse("learnpaths:play_item", args=[course.code, path.pk, item.pk]))
        storage_key = f"cts-{run}-results-{key}"
        raw = wait_until(page, f"localStorage.getItem({json.dumps(storage_key)})", timeout=180)
        reports[key] = json.loads(raw)
        assert reports[key]["key"] == key
    total = sum(r["total"] for r in reports.values())
    passed = sum(r["passed"] for r in reports.values())
    summary = {
        "total": total,
        "passed": passed,
        "percent": round(100 * passed / total, 2),
        "visits": {k: [r["passed"], r["total"]] for k, r in reports.items()},
        "request_valid_true_or_false": sum(r["strictRequestValid"] for r in reports.values()),
    }
    if os.environ.get("LMS_ADL_CTS_REPORT"):
        Path(os.environ["LMS_ADL_CTS_REPORT"]).write_text(
            json.dumps({"summary": summary, "reports": reports}, indent=1, ensure_ascii=False)
        )
    print("CTS DMI replay:", json.dumps(summary))
    assert total == sum(len(v) for v in calls.values())
    assert passed / total >= GOAL, summary
