"""Assets get the SCO's run-time API (scorm.kinds._asset_setup): their page finds it, their
commits are accepted and kept, and an asset stays completed once delivered whatever its
content reports (scorm.services.asset_status, asset_report)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.tests.factories import CourseFactory
from learnpaths.models import ItemProgress, PathAttempt
from scorm.importer import package_import
from scorm.models import ScoData, SequencingState
from scorm.services import asset_report, asset_status
from scorm.tests.fixtures import zip_entries

pytestmark = pytest.mark.django_db

PAGE = b"<!doctype html><html lang='en'><title>Page</title><p>Hello</p></html>"

# A page declared asset and a SCO, in either version's namespaces: {namespaces, schema version,
# the scormType attribute as each version spells it}.
MANIFEST = """<?xml version="1.0"?>
<manifest identifier="assets" version="1" {namespaces}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>Assets</title>
      <item identifier="page" identifierref="r_page"><title>A page</title></item>
      <item identifier="sco" identifierref="r_sco"><title>A SCO</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r_page" type="webcontent" adlcp:{attribute}="asset" href="page.html">
      <file href="page.html"/>
    </resource>
    <resource identifier="r_sco" type="webcontent" adlcp:{attribute}="sco" href="sco.html">
      <file href="sco.html"/>
    </resource>
  </resources>
</manifest>"""
MANIFEST_12 = MANIFEST.format(
    namespaces='xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
    version="1.2",
    attribute="scormtype",
)
MANIFEST_2004 = MANIFEST.format(
    namespaces='xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
    version="2004 4th Edition",
    attribute="scormType",
)


def _import(course, tmp_path, manifest: str, name: str = "p.zip"):
    archive = zip_entries(
        tmp_path / name,
        {"imsmanifest.xml": manifest.encode(), "page.html": PAGE, "sco.html": PAGE},
    )
    return package_import(course=course, user=None, archive_path=archive)


@pytest.fixture
def path12(course, tmp_path):
    return _import(course, tmp_path, MANIFEST_12)


@pytest.fixture
def path2004(course, tmp_path):
    return _import(course, tmp_path, MANIFEST_2004, "p2004.zip")


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _page(client, path, item):
    return client.get(reverse("learnpaths:play_item", args=[path.course.code, path.pk, item.pk]))


def _config(response) -> dict:
    body = response.content.decode()
    return json.loads(
        body.split('id="lp-player-config" type="application/json">')[1].split("</script>")[0]
    )


def _commit(client, path, item_id, cmi: dict, *, final=False, code=None):
    return client.post(
        reverse("learnpaths:scorm:commit", args=[code or path.course.code, path.pk, item_id]),
        json.dumps({"cmi": cmi, "final": final}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


@pytest.mark.parametrize(
    ("fixture", "version", "entry"),
    [("path12", "1.2", "cmi.core.entry"), ("path2004", "2004", "cmi.entry")],
)
def test_an_assets_page_gets_the_runtime_without_writing_its_data(
    request, course_roles, client_for, fixture, version, entry
):
    path = request.getfixturevalue(fixture)
    asset = path.items.get(kind="asset")
    client = client_for(course_roles["learner"])
    response = _page(client, path, asset)
    assert response.status_code == 200
    assert "scorm/runtime.js" in response.content.decode()
    runtime = _config(response)["runtime"]
    assert runtime["version"] == version
    assert runtime["commitUrl"] == reverse(
        "learnpaths:scorm:commit", args=["CRS1", path.pk, asset.pk]
    )
    assert runtime["initial"][entry] == "ab-initio"
    assert runtime["csrfToken"]
    # Still a plain item for the player: completed on delivery, its time counted until the
    # page goes away; and no run-time data until its content commits.
    assert ItemProgress.objects.get(item=asset).status == "completed"
    assert _config(response)["leaveUrl"]
    assert not ScoData.objects.exists()


def test_an_asset_that_never_calls_the_api_completes_on_delivery_and_writes_no_data(
    course_roles, path2004, client_for
):
    asset = path2004.items.get(kind="asset")
    client = client_for(course_roles["learner"])
    assert _page(client, path2004, asset).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert _page(client, path2004, asset).status_code == 200  # a reload
    assert not [q for q in captured if "scodata" in q["sql"].lower() and "SELECT" not in q["sql"]]
    progress = ItemProgress.objects.get(item=asset)
    assert progress.status == "completed"
    assert PathAttempt.objects.get().done_count == 1
    assert not ScoData.objects.exists()


def test_an_assets_commit_is_accepted_and_kept_like_a_scos(course_roles, path12):
    asset = path12.items.get(kind="asset")
    client = _csrf_client(course_roles["learner"])
    _page(client, path12, asset)
    response = _commit(
        client,
        path12,
        asset.pk,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "p2",
            "cmi.suspend_data": "s=1",
            "cmi.core.session_time": "0000:05:00",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"ok": True, "errors": []}
    data = ScoData.objects.get(progress__item=asset)
    assert data.cmi["cmi.suspend_data"] == "s=1" and data.commits == 1
    progress = ItemProgress.objects.get(item=asset)
    # "incomplete" does not take back the delivery's completion; the session time is the
    # player's to count (an asset is not self-tracking), not added a second time.
    assert (progress.status, progress.location, progress.suspend_data, progress.seconds) == (
        "completed",
        "p2",
        "s=1",
        0,
    )
    # A done status is recorded as a SCO's would be.
    _commit(client, path12, asset.pk, {"cmi.core.lesson_status": "passed"}, final=True)
    progress.refresh_from_db()
    assert progress.status == "passed"
    assert ScoData.objects.get(progress__item=asset).finished
    # The next launch resumes from what the asset stored.
    runtime = _config(_page(client, path12, asset))["runtime"]
    assert runtime["initial"]["cmi.suspend_data"] == "s=1"
    assert runtime["initial"]["cmi.core.lesson_status"] == "passed"


def test_an_assets_commit_in_a_sequenced_package_answers_the_navigation(course_roles, path2004):
    asset = path2004.items.get(kind="asset")
    client = _csrf_client(course_roles["learner"])
    _page(client, path2004, asset)
    response = _commit(
        client,
        path2004,
        asset.pk,
        {"cmi.completion_status": "incomplete", "cmi.success_status": "passed"},
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["ok"] and answer["errors"] == []
    assert set(answer["navigation"]["controls"]) >= {"continue", "previous", "exitAll"}
    assert ItemProgress.objects.get(item=asset).status == "passed"
    activities = SequencingState.objects.get().state["activities"]
    # The success status reaches the tracking model; the "incomplete" does not, so that the
    # End Attempt Process (SN UP.4) completes the asset's activity when the learner leaves.
    assert activities["page"]["completed"] is None
    _page(client, path2004, path2004.items.get(kind="sco"))  # a choice: the asset's attempt ends
    activities = SequencingState.objects.get().state["activities"]
    assert activities["page"]["completed"] is True


def test_an_asset_of_another_path_or_course_and_a_forged_id_are_404(course_roles, path12, tmp_path):
    other_path = _import(course_roles["course"], tmp_path, MANIFEST_12, "other.zip")
    other_asset = other_path.items.get(kind="asset")
    elsewhere = CourseFactory(code="CRS2", title="Course two")
    foreign_path = _import(elsewhere, tmp_path, MANIFEST_12, "foreign.zip")
    foreign_asset = foreign_path.items.get(kind="asset")
    asset = path12.items.get(kind="asset")
    client = _csrf_client(course_roles["learner"])
    _page(client, path12, asset)
    cmi = {"cmi.core.lesson_status": "passed"}
    # An asset of another path of the course, through this path's address.
    assert _commit(client, path12, other_asset.pk, cmi).status_code == 404
    # An asset of another course's path, through this course's address.
    assert _commit(client, foreign_path, foreign_asset.pk, cmi, code="CRS1").status_code == 404
    # Ids no item has, or no key column can hold.
    assert _commit(client, path12, 999999, cmi).status_code == 404
    assert _commit(client, path12, 2**64, cmi).status_code == 404
    assert not ScoData.objects.exists()
    assert ItemProgress.objects.get(item=asset).status == "completed"


def test_an_au_is_still_refused_by_the_commit(course_roles, path12):
    sco = path12.items.get(kind="sco")
    sco.kind = "au"
    sco.save(update_fields=["kind"])
    client = _csrf_client(course_roles["learner"])
    _page(client, path12, path12.items.get(kind="asset"))
    assert _commit(client, path12, sco.pk, {}).status_code == 404


@pytest.mark.parametrize(
    ("reported", "kept"),
    [
        ("completed", "completed"),
        ("passed", "passed"),
        ("failed", "failed"),
        ("incomplete", None),
        ("not_attempted", None),
        ("browsed", None),
    ],
)
def test_asset_status_never_lowers_a_delivered_asset(reported, kept):
    assert asset_status(reported) == kept


def test_asset_report_leaves_out_completion_below_completed():
    report = {
        "completion_status": "incomplete",
        "success_status": "passed",
        "score_scaled": 0.9,
        "objectives": [
            {"id": "o1", "completion_status": "incomplete", "success_status": "failed"},
            {"id": "o2", "completion_status": "completed"},
        ],
    }
    assert asset_report(report) == {
        "success_status": "passed",
        "score_scaled": 0.9,
        "objectives": [
            {"id": "o1", "success_status": "failed"},
            {"id": "o2", "completion_status": "completed"},
        ],
    }
    assert asset_report({"completion_status": "completed", "objectives": []}) == {
        "completion_status": "completed",
        "objectives": [],
    }
