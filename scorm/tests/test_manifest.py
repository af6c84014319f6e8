from decimal import Decimal

import pytest

from scorm.manifest import PackageError, parse_manifest, referenced_files
from scorm.tests.fixtures import scorm_fixtures

FIXTURES = scorm_fixtures()
VALID = [path.parent for path in sorted(FIXTURES.glob("golf-*/*/imsmanifest.xml"))]
REFUSED = {
    "edge-cases-scorm12/MalformedXml_SCORM12": "not well-formed",
    "edge-cases-scorm12/MissingLaunchUrl_SCORM12": "no file to launch",
    "edge-cases-scorm12/ItemWithNonExistentResourceId_SCORM12": "does not define",
    "edge-cases-scorm2004/InvalidMissingOrgIdentifier_SCORM20043rdEdition": "no identifier",
}


def parse(relative: str):
    return parse_manifest((FIXTURES / relative / "imsmanifest.xml").read_bytes())


@pytest.mark.parametrize("folder", VALID, ids=lambda p: p.name)
def test_every_golf_package_parses_and_its_files_exist(folder):
    manifest = parse_manifest((folder / "imsmanifest.xml").read_bytes())
    expected = "1.2" if "SCORM12" in folder.name else "2004"
    assert manifest.version == expected
    assert manifest.organizations and manifest.title
    items = list(manifest.walk())
    assert any(item.identifierref for item in items)
    missing = [name for name in referenced_files(manifest) if not (folder / name).is_file()]
    assert missing == []


@pytest.mark.parametrize("relative,message", sorted(REFUSED.items()))
def test_broken_manifests_are_refused_with_a_readable_message(relative, message):
    with pytest.raises(PackageError, match=message):
        parse(relative)


def test_editions_are_told_apart():
    golf = "golf-scorm2004/"
    assert parse(golf + "ContentPackagingSingleSCO_SCORM20042ndEdition").edition == "2nd"
    assert parse(golf + "ContentPackagingSingleSCO_SCORM20043rdEdition").edition == "3rd"
    assert parse(golf + "SequencingPostTestRollup4thEd_SCORM20044thEdition").edition == "4th"
    assert parse("edge-cases-scorm2004/ContentPackagingNoSchemaVersion_SCORM20042ndEdition")
    assert parse("golf-scorm12/RuntimeBasicCalls_SCORM12").edition == "1.2"


def test_unsupported_version_is_refused():
    data = (FIXTURES / "golf-scorm12/RuntimeBasicCalls_SCORM12/imsmanifest.xml").read_bytes()
    data = data.replace(
        b"<schemaversion>1.2</schemaversion>", b"<schemaversion>1.1</schemaversion>"
    )
    with pytest.raises(PackageError, match="not supported"):
        parse_manifest(data)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY x SYSTEM "file://{secret}">]>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">
<metadata><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>&x;</title>
<item identifier="i" identifierref="r"><title>T</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" href="a.html"/></resources></manifest>"""
    manifest = parse_manifest(data.encode())
    assert "TOP-SECRET" not in manifest.title


def test_nested_items_and_several_organizations():
    manifest = parse("edge-cases-scorm12/ComplexNestedOrganization_SCORM12")
    assert len(manifest.organizations) == 2
    assert manifest.organization.identifier == manifest.default_organization
    depth = max(_depth(item) for item in manifest.organization.items)
    assert depth >= 3


def _depth(item):
    return 1 + max((_depth(child) for child in item.children), default=0)


def test_scorm12_mastery_score_prerequisites_and_launch_data():
    manifest = parse("edge-cases-scorm12/PrerequisitesTest_SCORM12")
    items = {item.identifier: item for item in manifest.walk()}
    assert items["module1"].mastery_score == Decimal(80)
    assert items["module4"].mastery_score == Decimal(90)
    assert items["module2"].prerequisites == "module1"
    assert items["module4"].prerequisites == "(module1 AND module2) OR module3"
    assert items["module2"].launch_data == "custom_data_for_module2"
    assert items["module1"].prerequisites == ""


def test_isvisible_and_parameters():
    manifest = parse("golf-scorm2004/SequencingRandomTest_SCORM20043rdEdition")
    items = list(manifest.walk())
    assert any(not item.visible for item in items)
    assert any(item.parameters.startswith("?") for item in items)


def test_adl_attributes_2004():
    manifest = parse("edge-cases-scorm2004/AdlAttributes_SCORM20043rdEdition")
    item = next(manifest.walk())
    assert item.control is not None
    assert item.control.choice is False and item.control.flow is True


def test_sequencing_control_modes():
    manifest = parse("golf-scorm2004/SequencingSimpleRemediation_SCORM20043rdEdition")
    assert manifest.organization.control.choice is False
    assert manifest.organization.control.flow is True
    random_test = parse("golf-scorm2004/SequencingRandomTest_SCORM20043rdEdition")
    posttest = next(i for i in random_test.walk() if i.identifier == "posttest_item")
    assert posttest.control.choice is False
    # A shared sequencing collection is applied through IDRef.
    forced = parse("golf-scorm2004/SequencingForcedSequential_SCORM20043rdEdition")
    assert forced.organization.control.flow is True


def test_resources_files_and_scorm_types():
    manifest = parse("golf-scorm12/ContentPackagingOneFilePerSCO_SCORM12")
    types = {resource.scorm_type for resource in manifest.resources.values()}
    assert types == {"asset"} or "asset" in types
    assert all(resource.files for resource in manifest.resources.values() if resource.href)


def test_time_limits_passing_measure_and_completion_threshold():
    items = {i.identifier: i for i in parse("edge-cases-scorm12/PrerequisitesTest_SCORM12").walk()}
    assert items["module1"].max_time_allowed == "02:30:00"
    assert items["module3"].time_limit_action == "exit,message"
    advanced = parse("golf-scorm2004/RunTimeAdvancedCalls_SCORM20043rdEdition")
    assert next(advanced.walk()).mastery_score == Decimal("80.0")
    adl = next(parse("edge-cases-scorm2004/AdlAttributes_SCORM20043rdEdition").walk())
    assert adl.completion_threshold == Decimal("0.75")
    assert adl.time_limit_action == "exit,message"
