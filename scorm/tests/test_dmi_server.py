"""SCORM 2004 4th Edition data model, server side: what the ADL CTS found, as unit tests."""

import json

import pytest
from django.urls import reverse

from learnpaths.models import PathAttempt
from scorm.importer import package_import
from scorm.manifest import parse_manifest
from scorm.models import ScoData, SharedDataStore
from scorm.runtime.datamodel import check_response, time2004, validate_cmi
from scorm.tests.fixtures import zip_entries

pytestmark = pytest.mark.django_db

NS = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"'
)


def manifest(items: str, resources: str, edition="2004 4th Edition") -> bytes:
    return f"""<?xml version="1.0"?><manifest identifier="m" {NS}>
      <metadata><schema>ADL SCORM</schema><schemaversion>{edition}</schemaversion></metadata>
      <organizations default="o"><organization identifier="o"><title>T</title>{items}
      </organization></organizations><resources>{resources}</resources></manifest>""".encode()


SCOS = (
    '<resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="a.html"/>'
    '<resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="b.html"/>'
)
ITEMS = """
  <item identifier="a1" identifierref="r1"><title>One</title>
    <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
    <adlcp:data><adlcp:map targetID="urn:notes"/>
      <adlcp:map targetID="urn:fixed" writeSharedData="false"/></adlcp:data></item>
  <item identifier="a2" identifierref="r2"><title>Two</title>
    <adlcp:data><adlcp:map targetID="urn:fixed"/>
      <adlcp:map targetID="urn:notes" readSharedData="false"/></adlcp:data></item>"""


def test_manifest_shared_data_maps_and_completion_thresholds():
    parsed = parse_manifest(manifest(ITEMS, SCOS))
    one, two = parsed.organization.items
    assert one.shared_data == [
        {"id": "urn:notes", "read": True, "write": True},
        {"id": "urn:fixed", "read": True, "write": False},
    ]
    assert two.shared_data[1] == {"id": "urn:notes", "read": False, "write": True}
    assert str(one.completion_threshold) == "0.8"
    # The 3rd Edition text form, and the 4th Edition form without minProgressMeasure (1.0).
    third = parse_manifest(
        manifest(
            '<item identifier="a" identifierref="r1"><title>A</title>'
            "<adlcp:completionThreshold>0.75</adlcp:completionThreshold></item>",
            SCOS,
            edition="2004 3rd Edition",
        )
    )
    assert str(third.organization.items[0].completion_threshold) == "0.75"
    fourth = parse_manifest(
        manifest(
            '<item identifier="a" identifierref="r1"><title>A</title>'
            '<adlcp:completionThreshold completedByMeasure="true"/></item>',
            SCOS,
        )
    )
    assert fourth.organization.items[0].completion_threshold == 1


@pytest.mark.parametrize(
    "value, ok",
    [
        ("2004-04-01T15", True),
        ("2004-04-01T15:30", True),
        ("2004-04-01T15:30:10.5Z", True),
        ("2004-04-01T15:30:10.55-03:00", True),
        ("2004-04-01T15Z", False),
        ("2004-04-01T15:30Z", False),
        ("2004-04-01T15:30:10+02", False),
        ("2004-02-30", False),
    ],
)
def test_timestamps_with_reduced_precision_and_time_zones(value, ok):
    assert (time2004(value) is None) is ok


def test_long_identifiers_must_be_uris():
    clean, errors = validate_cmi(
        "2004", {"cmi.objectives.0.id": "urn:", "cmi.objectives.1.id": "urn:x"}
    )
    assert clean == {"cmi.objectives.1.id": "urn:x"} and "cmi.objectives.0.id" in errors[0]


@pytest.mark.parametrize(
    "itype, pattern, ok",
    [
        ("fill-in", "{lang=frl}z", False),
        ("fill-in", "{case_matters=invalid}z", False),
        ("fill-in", "{lang=en-US}{case_matters=invalid}z", True),
        ("long-fill-in", "{lang=eng}{case_matters=true}text", True),
        ("performance", "{order_matters=maybe}a[.]b", False),
    ],
)
def test_pattern_delimiters(itype, pattern, ok):
    assert (check_response(itype, pattern, pattern=True) is None) is ok


@pytest.fixture
def shared_path(course, tmp_path):
    archive = zip_entries(
        tmp_path / "p.zip",
        {"imsmanifest.xml": manifest(ITEMS, SCOS), "a.html": b"a", "b.html": b"b"},
    )
    return package_import(course=course, user=None, archive_path=archive)


def _runtime(client, path, item):
    page = client.get(reverse("learnpaths:play_item", args=["CRS1", path.pk, item.pk]))
    body = page.content.decode()
    return json.loads(
        body.split('id="lp-player-config" type="application/json">')[1].split("</script>")[0]
    )["runtime"]


def _commit(client, path, item, **body):
    url = reverse("learnpaths:scorm:commit", args=["CRS1", path.pk, item.pk])
    return client.post(url, json.dumps({"cmi": {}, **body}), content_type="application/json")


def test_shared_data_stores_are_kept_across_scos_and_attempts(
    course_roles, shared_path, client_for
):
    learner = course_roles["learner"]
    one, two = shared_path.items.order_by("rank")
    client = client_for(learner)
    runtime = _runtime(client, shared_path, one)
    assert runtime["initial"]["adl.data.0.id"] == "urn:notes"
    assert runtime["initial"]["adl.data.1.id"] == "urn:fixed"
    assert runtime["sharedData"]["urn:fixed"] == {"read": True, "write": False}
    assert runtime["initial"]["cmi.completion_threshold"] == "0.8"
    response = _commit(
        client, shared_path, one, adl_data={"urn:notes": "hello", "urn:fixed": "refused"}
    )
    assert response.json()["errors"] == ["urn:fixed: this shared data store may not be written."]
    assert dict(SharedDataStore.objects.values_list("target_id", "store")) == {"urn:notes": "hello"}
    # The other SCO maps the stores in its own order.
    runtime = _runtime(client, shared_path, two)
    assert runtime["initial"]["adl.data.1.id"] == "urn:notes"
    assert runtime["initial"]["adl.data.1.store"] == "hello"
    assert runtime["sharedData"]["urn:notes"] == {"read": False, "write": True}
    # A new attempt keeps the learner's stores; another learner does not see them.
    PathAttempt.objects.filter(user=learner).delete()
    ScoData.objects.all().delete()
    assert _runtime(client, shared_path, one)["initial"]["adl.data.0.store"] == "hello"
    other = client_for(course_roles["teacher"])
    assert "adl.data.0.store" not in _runtime(other, shared_path, one)["initial"]


def test_jump_and_choice_targets_come_from_the_activity_tree(course_roles, shared_path, client_for):
    one, two = shared_path.items.order_by("rank")
    runtime = _runtime(client_for(course_roles["learner"]), shared_path, one)
    initial = runtime["initial"]
    assert initial["adl.nav.request_valid.jump.{target=a2}"] == "true"
    assert initial["adl.nav.request_valid.choice.{target=a2}"] in ("true", "false")
