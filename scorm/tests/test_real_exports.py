"""Packages as authoring tools really export them (issue: real exports, the CTS)."""

import io
import os
import zipfile

import pytest
from django.urls import reverse

from core.models import Job
from core.tests.test_archives import raw_named_zip
from documents.models import DocumentSettings
from scorm.importer import package_import
from scorm.manifest import PackageError, parse_manifest
from scorm.tests.fixtures import zip_entries

pytestmark = pytest.mark.django_db

NS12 = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)


def manifest12(resources: str, organizations: str | None = None) -> bytes:
    if organizations is None:
        organizations = """<organizations default="o"><organization identifier="o">
            <title>Course</title>
            <item identifier="i1" identifierref="r1"><title>Lesson</title></item>
          </organization></organizations>"""
    return f"""<?xml version="1.0"?><manifest identifier="m" {NS12}>
      <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
      {organizations}<resources>{resources}</resources></manifest>""".encode()


# --- 1. the <file> list is an inventory ------------------------------------------------------


def test_a_listed_file_missing_from_the_zip_is_a_warning(course, tmp_path):
    manifest = manifest12(
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/><file href="readme.txt"/></resource>'
    )
    archive = zip_entries(tmp_path / "p.zip", {"imsmanifest.xml": manifest, "index.html": b"x"})
    warnings = []
    path = package_import(course=course, user=None, archive_path=archive, warnings=warnings)
    assert path.items.get().launch == "index.html"
    assert len(warnings) == 1 and "readme.txt" in warnings[0]


def test_a_missing_launch_file_is_refused(course, tmp_path):
    manifest = manifest12(
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/></resource>'
    )
    archive = zip_entries(tmp_path / "p.zip", {"imsmanifest.xml": manifest, "other.html": b"x"})
    with pytest.raises(PackageError, match="start from: index.html"):
        package_import(course=course, user=None, archive_path=archive)


def test_the_job_page_shows_the_warnings(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    manifest = manifest12(
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/><file href="story.html"/><file href="readme.txt"/></resource>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("index.html", "x")
    file = io.BytesIO(buffer.getvalue())
    file.name = "rise.zip"
    client = client_for(course_roles["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learnpaths:scorm:import", args=["CRS1"]), {"package": file})
    job = Job.objects.get(kind="scorm_import")
    assert job.state == Job.State.DONE, job.message
    assert len(job.result["warnings"]) == 2
    page = client.get(reverse("learnpaths:scorm:import_status", args=["CRS1", job.pk]))
    html = page.content.decode()
    assert "2 warnings" in html and "story.html" in html and "readme.txt" in html


# --- 2. names: hrefs are URI references, zip names may be UTF-8 without the flag -------------


@pytest.mark.parametrize(
    "base_resources, base_resource, href, launch, file",
    [
        ("", "", "Le%C3%A7on%201.html", "Le\u00e7on 1.html", "Le\u00e7on 1.html"),
        ("", "", "./page.html?lang=fr#s2", "page.html?lang=fr#s2", "page.html"),
        ("content/", "", "page.html", "content/page.html", "content/page.html"),
        ("content/", "unit1/", "./a%20b.html", "content/unit1/a b.html", "content/unit1/a b.html"),
        ("", "unit1", "../page.html?x=1", "page.html?x=1", "page.html"),
    ],
)
def test_hrefs_are_uri_references(
    course, tmp_path, base_resources, base_resource, href, launch, file
):
    manifest = manifest12(
        f'<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="{href}"'
        f' xml:base="{base_resource}"><file href="{href}"/></resource>'
    ).replace(b"<resources>", f'<resources xml:base="{base_resources}">'.encode())
    archive = zip_entries(tmp_path / "p.zip", {"imsmanifest.xml": manifest, file: b"x"})
    warnings = []
    path = package_import(course=course, user=None, archive_path=archive, warnings=warnings)
    assert path.items.get().launch == launch and warnings == []


def test_zip_names_in_utf8_without_the_flag_match_the_manifest(course, tmp_path):
    manifest = manifest12(
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" '
        'href="Le%C3%A7on%201.html"><file href="Le%C3%A7on%201.html"/></resource>'
    )
    blob = raw_named_zip({b"imsmanifest.xml": manifest, "Leçon 1.html".encode(): b"x"})
    (tmp_path / "p.zip").write_bytes(blob)
    path = package_import(course=course, user=None, archive_path=tmp_path / "p.zip")
    item = path.items.get()
    assert (path.package.root / item.launch).read_bytes() == b"x"


# --- 3. an empty <organizations/> --------------------------------------------------------------


def test_an_empty_organizations_element_gets_a_default_organization(course, tmp_path):
    manifest = manifest12(
        '<resource identifier="sco1" type="webcontent" adlcp:scormtype="sco" href="a.html">'
        '<file href="a.html"/></resource>'
        '<resource identifier="asset1" type="webcontent" adlcp:scormtype="asset" href="c.css"/>'
        '<resource identifier="sco2" type="webcontent" adlcp:scormtype="sco" href="b.html"/>',
        organizations="<organizations/>",
    )
    parsed = parse_manifest(manifest)
    assert [item.identifierref for item in parsed.organization.items] == ["sco1", "sco2"]
    archive = zip_entries(
        tmp_path / "p.zip",
        {"imsmanifest.xml": manifest, "a.html": b"a", "b.html": b"b", "c.css": b""},
    )
    path = package_import(course=course, user=None, archive_path=archive)
    assert [(i.kind, i.launch) for i in path.items.order_by("rank")] == [
        ("sco", "a.html"),
        ("sco", "b.html"),
    ]


# --- 8. packages count against the course's disk quota ------------------------------------------


@pytest.mark.parametrize("room, refused", [(-1, True), (0, False), (1, False)])
def test_packages_count_against_the_disk_quota(course, tmp_path, room, refused):
    manifest = manifest12(
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    )
    entries = {"imsmanifest.xml": manifest, "index.html": b"x" * 4000}
    size = sum(len(data) for data in entries.values())
    DocumentSettings.objects.create(course=course, quota_mb=1)
    quota = 1024 * 1024
    first = {
        "imsmanifest.xml": manifest,
        "index.html": os.urandom(quota - 2 * size - room + len(b"x" * 4000)),
    }
    package_import(course=course, user=None, archive_path=zip_entries(tmp_path / "1.zip", first))
    # One package already takes all but size + room bytes of the quota.
    from documents.api import course_usage

    assert course_usage(course) == quota - size - room
    archive = zip_entries(tmp_path / "2.zip", entries)
    if refused:
        with pytest.raises(PackageError, match="disk quota.*Not enough space"):
            package_import(course=course, user=None, archive_path=archive)
    else:
        package_import(course=course, user=None, archive_path=archive)
