import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import Job
from learnpaths.models import LearningPath, PathItem
from scorm.importer import package_import, packages_root
from scorm.manifest import PackageError
from scorm.models import Package
from scorm.tests.fixtures import scorm_fixtures, zip_entries, zip_folder

FIXTURES = scorm_fixtures()
ZIPPED = FIXTURES / "zipped"
pytestmark = pytest.mark.django_db


def nothing_left():
    root = packages_root()
    leftovers = [p for p in root.iterdir() if p.name != "uploads"] if root.exists() else []
    uploads = list((root / "uploads").iterdir()) if (root / "uploads").exists() else []
    return (
        not LearningPath.objects.exists()
        and not PathItem.objects.exists()
        and not Package.objects.exists()
        and leftovers == []
        and uploads == []
    )


def test_scorm12_zip_becomes_a_path(course):
    path = package_import(course=course, user=None, archive_path=ZIPPED / "scorm12.zip")
    assert path.source == LearningPath.Source.SCORM12
    assert path.package.kind == Package.Kind.SCORM12
    items = list(path.items.order_by("rank"))
    assert [item.rank for item in items] == list(range(len(items)))
    assert {item.kind for item in items} >= {"asset"}
    assert path.item_count == sum(1 for i in items if i.kind != "section")
    launched = [i for i in items if i.launch]
    assert all((path.package.root / i.launch).is_file() for i in launched)


def test_scorm2004_zip_becomes_a_path(course):
    path = package_import(course=course, user=None, archive_path=ZIPPED / "scorm2004.zip")
    assert path.source == LearningPath.Source.SCORM2004
    assert path.package.edition == "3rd"
    assert path.items.filter(kind="sco").exists()


def test_aicc_zip_becomes_a_path(course):
    path = package_import(course=course, user=None, archive_path=ZIPPED / "aicc.zip")
    assert path.source == LearningPath.Source.AICC
    unit = path.items.get()
    assert unit.kind == "au" and unit.launch == "default.htm" and unit.identifier == "A1"


def test_aicc_with_blocks_and_prerequisites(course, tmp_path):
    archive = zip_folder(FIXTURES / "aicc" / "complex", tmp_path / "complex.zip")
    path = package_import(course=course, user=None, archive_path=archive)
    items = {item.identifier: item for item in path.items.all()}
    assert items["A2"].prerequisite == items["A1"]
    assert items["A1"].mastery_score == 80
    assert items["A3"].prerequisites_expression


def test_sequencing_and_prerequisites_are_stored(course, tmp_path):
    folder = FIXTURES / "golf-scorm2004" / "SequencingSimpleRemediation_SCORM20043rdEdition"
    path = package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )
    assert path.seq_choice is False and path.seq_flow is True
    # isvisible="false": out of the table of contents, still in the path (flow delivers it)
    assert not path.items.filter(visible=False).exists()
    assert any(item.extra.get("isvisible") is False for item in path.items.all())
    assert path.items.filter(kind="section").exists()


def test_package_zipped_inside_a_folder(course, tmp_path):
    folder = FIXTURES / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    archive = zip_folder(folder, tmp_path / "p.zip", prefix="Golf/")
    path = package_import(course=course, user=None, archive_path=archive)
    sco = path.items.get(kind="sco")
    assert sco.launch.startswith("Golf/")
    assert (path.package.root / sco.launch.partition("?")[0]).is_file()


def manifest_zip(tmp_path, folder: str, extra: dict | None = None) -> Path:
    entries = {"imsmanifest.xml": (FIXTURES / folder / "imsmanifest.xml").read_bytes()}
    entries.update(extra or {})
    return zip_entries(tmp_path / "bad.zip", entries)


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda t: zip_entries(t / "x.zip", {"index.html": b"hi"}), "not a SCORM or AICC"),
        (lambda t: manifest_zip(t, "edge-cases-scorm12/MalformedXml_SCORM12"), "well-formed"),
        (
            lambda t: manifest_zip(t, "edge-cases-scorm12/InvalidFileReferences_SCORM12"),
            "lacks the files its lessons start from: content/nonexistent.html",
        ),
        (
            lambda t: manifest_zip(t, "edge-cases-scorm12/MissingLaunchUrl_SCORM12"),
            "no file to launch",
        ),
        (
            lambda t: zip_entries(
                t / "x.zip",
                {
                    "imsmanifest.xml": (
                        FIXTURES / "golf-scorm12/RuntimeBasicCalls_SCORM12/imsmanifest.xml"
                    )
                    .read_bytes()
                    .replace(b">1.2<", b">1.1<")
                },
            ),
            "not supported",
        ),
        (lambda t: zip_entries(t / "x.zip", {"../evil.html": b"x"}), "leaving its folder"),
        (lambda t: zip_entries(t / "x.zip", {"big.bin": b"\0" * (30 * 1024 * 1024)}), "zip bomb"),
        (lambda t: t / "not.zip" if (t / "not.zip").write_bytes(b"nope") else None, "not a valid"),
    ],
    ids=[
        "no-manifest",
        "malformed",
        "absent-files",
        "no-launch",
        "version",
        "traversal",
        "bomb",
        "not-zip",
    ],
)
def test_bad_packages_are_refused_and_leave_nothing(course, tmp_path, make, message):
    archive = make(tmp_path)
    with pytest.raises((PackageError, ValueError), match=message):
        package_import(course=course, user=None, archive_path=archive)
    assert nothing_left()


def test_failure_after_extraction_removes_files_and_rows(course, monkeypatch):
    from scorm import importer

    def broken(**kwargs):
        PathItem.objects.create(path=LearningPath.objects.first(), kind="text", title="half")
        raise RuntimeError("disk full")

    original = importer._create_scorm

    def half_then_fail(**kwargs):
        original(**kwargs)
        broken()

    monkeypatch.setattr(importer, "_create_scorm", half_then_fail)
    with pytest.raises(RuntimeError):
        package_import(course=course, user=None, archive_path=ZIPPED / "scorm12.zip")
    assert nothing_left()


def upload(client, name: str, data: bytes, **extra):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("learnpaths:scorm:import", args=["CRS1"]), {"package": file, **extra}
    )


def test_import_view_runs_a_job_and_links_to_the_path(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    client = client_for(course_roles["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "golf.zip", (ZIPPED / "scorm2004.zip").read_bytes(), title="Golf")
    job = Job.objects.get(kind="scorm_import")
    assert response.status_code == 302
    assert response.url == reverse("learnpaths:scorm:import_status", args=["CRS1", job.pk])
    assert job.state == Job.State.DONE, job.message
    path = LearningPath.objects.get(pk=job.result["path_id"])
    assert path.title == "Golf"
    page = client.get(response.url)
    assert reverse("learnpaths:play", args=["CRS1", path.pk]) in page.content.decode()
    assert not list((packages_root() / "uploads").iterdir())


def test_import_view_reports_a_bad_package(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    client = client_for(course_roles["teacher"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "bad.zip", buffer.getvalue())
    job = Job.objects.get(kind="scorm_import")
    assert job.state == Job.State.FAILED
    assert "no imsmanifest.xml" in job.message
    page = client.get(reverse("learnpaths:scorm:import_status", args=["CRS1", job.pk]))
    assert "no imsmanifest.xml" in page.content.decode()
    assert nothing_left()


def test_import_view_refuses_what_is_not_a_zip(course_roles, client_for):
    client = client_for(course_roles["teacher"])
    response = upload(client, "evil.zip", b"MZ not a zip at all")
    assert response.status_code == 200
    assert "not a zip archive" in response.content.decode()
    assert not Job.objects.exists()


def test_learners_cannot_import(course_roles, client_for):
    response = upload(client_for(course_roles["learner"]), "a.zip", b"PK\x03\x04")
    assert response.status_code == 403


def test_management_command(course, capsys):
    call_command("import_package", "CRS1", str(ZIPPED / "aicc.zip"))
    assert "Imported" in capsys.readouterr().out
    assert LearningPath.objects.filter(source="aicc").count() == 1
    with pytest.raises(CommandError, match="No course"):
        call_command("import_package", "NOPE", str(ZIPPED / "aicc.zip"))


def test_deleting_the_path_removes_its_files(course, django_capture_on_commit_callbacks):
    path = package_import(course=course, user=None, archive_path=ZIPPED / "scorm12.zip")
    root = path.package.root
    assert root.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        path.delete()
    assert not root.exists()


def test_aicc_course_uploaded_as_loose_files(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    client = client_for(course_roles["teacher"])
    files = []
    for file in sorted((FIXTURES / "aicc" / "package").iterdir()):
        handle = io.BytesIO(file.read_bytes())
        handle.name = file.name
        files.append(handle)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learnpaths:scorm:import", args=["CRS1"]), {"package": files}
        )
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == Job.State.DONE, job.message
    path = LearningPath.objects.get(pk=job.result["path_id"])
    assert path.source == "aicc" and path.items.get().kind == "au"
    loose = [io.BytesIO(b"x"), io.BytesIO(b"y")]
    loose[0].name, loose[1].name = "a.au", "b.des"
    response = client.post(reverse("learnpaths:scorm:import", args=["CRS1"]), {"package": loose})
    assert ".crs" in response.content.decode()


def test_forced_sequential_rules_become_prerequisites(course, tmp_path):
    folder = FIXTURES / "golf-scorm2004" / "SequencingForcedSequential_SCORM20043rdEdition"
    path = package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )
    items = {item.identifier: item for item in path.items.all()}
    assert items["playing_item"].prerequisite is None
    assert items["etuqiette_item"].prerequisite == items["playing_item"]
    chained = [item for item in items.values() if item.prerequisite_id]
    assert len(chained) == 4


def test_another_organization_can_be_imported(course, tmp_path):
    from scorm.manifest import parse_manifest, referenced_files

    folder = FIXTURES / "edge-cases-scorm12" / "ComplexNestedOrganization_SCORM12"
    data = (folder / "imsmanifest.xml").read_bytes()
    entries = {"imsmanifest.xml": data}
    entries.update(dict.fromkeys(referenced_files(parse_manifest(data)), b"<p>x</p>"))
    archive = zip_entries(tmp_path / "p.zip", entries)
    default = package_import(course=course, user=None, archive_path=archive)
    other = package_import(
        course=course, user=None, archive_path=archive, organization="alternate_org"
    )
    assert default.title != other.title
    assert default.items.count() != other.items.count() or default.title != other.title
    with pytest.raises(PackageError, match="no organization"):
        package_import(course=course, user=None, archive_path=archive, organization="nope")
    call_command("import_package", "CRS1", str(archive), "--organization", "alternate_org")
    assert LearningPath.objects.filter(title=other.title).count() == 2


def test_an_invisible_scorm_2004_leaf_stays_deliverable(course, tmp_path):
    """CAM 4th Ed. <item isvisible="false">: hidden from the table of contents, still
    delivered by sequencing (CTS CM-04d's SCOs choose such items): the path item stays open to
    learners, the sequencing tree keeps the flag. A hidden cluster stays hidden."""
    from scorm.tests.cts.translate import COURSES, cts_dir

    folder = cts_dir() / COURSES / "LMSTestPackage_CM-04d"
    archive = tmp_path / "cm04d.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(folder / "imsmanifest.xml", "imsmanifest.xml")
        zipped.writestr("resources/SequencingTest.htm", "<html></html>")
    path = package_import(course=course, user=None, archive_path=archive)
    sample = path.items.get(identifier="Sample15")
    assert sample.visible is True
    tree = path.package.sequencing["root"]["children"]
    assert next(node for node in tree if node["id"] == "Sample15")["visible"] is False
