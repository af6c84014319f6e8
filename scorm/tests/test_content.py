import io
import urllib.parse
import urllib.request
import zipfile

import pytest
from django.urls import reverse

from courses.tests.factories import CourseFactory
from learnpaths.models import ItemProgress, LearningPath
from scorm.exporter import export_scorm12
from scorm.importer import package_import
from scorm.manifest import parse_manifest
from scorm.models import AiccSession
from scorm.tests.fixtures import scorm_fixtures

ZIPPED = scorm_fixtures() / "zipped"


@pytest.fixture
def path(course):
    return package_import(course=course, user=None, archive_path=ZIPPED / "scorm12.zip")


def content_url(path, name, code="CRS1"):
    return reverse("learnpaths:scorm:content", args=[code, path.pk, name])


@pytest.mark.django_db
def test_members_get_package_files_with_their_own_policy(course_roles, client_for, path):
    launch = path.items.exclude(launch="").first().launch.partition("?")[0]
    response = client_for(course_roles["learner"]).get(content_url(path, launch))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    platform = client_for(course_roles["learner"]).get(reverse("learnpaths:index", args=["CRS1"]))
    assert (
        "'unsafe-inline'"
        not in platform["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    css = next(path.package.root.rglob("*.css")).relative_to(path.package.root).as_posix()
    assert (
        client_for(course_roles["learner"]).get(content_url(path, css))["Content-Type"]
        == "text/css"
    )


@pytest.mark.django_db
def test_outsiders_and_anonymous_are_refused(course_roles, client_for, path):
    launch = path.items.exclude(launch="").first().launch.partition("?")[0]
    assert client_for(course_roles["outsider"]).get(content_url(path, launch)).status_code == 403
    assert client_for(None).get(content_url(path, launch)).status_code == 302


@pytest.mark.django_db
def test_no_way_out_of_the_package(course_roles, client_for, path, settings):
    client = client_for(course_roles["learner"])
    (settings.MEDIA_ROOT / "secret.txt").write_text("TOPSECRET-CONTENT")
    for name in [
        "../secret.txt",
        "..%2F..%2Fsecret.txt",
        "%2e%2e/%2e%2e/secret.txt",
        "missing.html",
        "/etc/passwd",
    ]:
        response = client.get(content_url(path, "x").replace("x", "") + name)
        assert response.status_code == 404, name
        assert b"TOPSECRET-CONTENT" not in response.content
    other = CourseFactory(code="OTHER")
    assert client.get(content_url(path, "index.html", code="OTHER")).status_code in (403, 404)
    del other


@pytest.mark.django_db
def test_export_scorm12_reimports(course_roles, client_for, path):
    response = client_for(course_roles["teacher"]).get(
        reverse("learnpaths:scorm:export", args=["CRS1", path.pk])
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = parse_manifest(archive.read("imsmanifest.xml"))
    assert manifest.version == "1.2"
    again = package_import(course=path.course, user=None, archive_path=io.BytesIO(data))
    assert list(again.items.order_by("rank").values_list("title", "kind")) == list(
        path.items.order_by("rank").values_list("title", "kind")
    )
    assert (
        client_for(course_roles["learner"])
        .get(reverse("learnpaths:scorm:export", args=["CRS1", path.pk]))
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_export_of_a_hand_built_path(course):
    from learnpaths import services

    built = services.path_create(course=course, user=None, title="Built")
    section = services.item_add(path=built, kind="section", title="Part")
    services.item_add(path=built, kind="text", title="Read", text="<p>x</p>", parent=section)
    services.item_add(path=built, kind="link", title="Go", url="/courses/CRS1/about/")
    archive = zipfile.ZipFile(export_scorm12(path=built, base_url="https://lms.example/"))
    manifest = parse_manifest(archive.read("imsmanifest.xml"))
    titles = [item.title for item in manifest.walk()]
    assert titles == ["Part", "Read", "Go"]
    assert b"https://lms.example/courses/CRS1/about/" in archive.read(
        next(n for n in archive.namelist() if "link_" in n)
    )


def hacp(base, **fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(f"{base}/scorm/hacp/", data=data, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        return response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_hacp_over_http(live_server, course_roles, client_for):
    learner = course_roles["learner"]
    aicc_path = package_import(
        course=course_roles["course"], user=None, archive_path=ZIPPED / "aicc.zip"
    )
    unit = aicc_path.items.get()
    page = (
        client_for(learner)
        .get(reverse("learnpaths:play_item", args=["CRS1", aicc_path.pk, unit.pk]))
        .content.decode()
    )
    session = AiccSession.objects.get()
    assert f"AICC_SID={session.session_id}" in page and "AICC_URL=" in page
    assert len(session.session_id) >= 40
    base = live_server.url

    reply = hacp(base, command="GetParam", session_id=session.session_id, version="3.5")
    assert reply.startswith("error=0\r\n")
    assert f"Student_ID={learner.pk}" in reply
    assert f"Student_Name={learner.last_name}, {learner.first_name}" in reply
    assert "Lesson_Status=not attempted, ab-initio" in reply and "[Core_Lesson]" in reply

    aicc_data = (
        "[Core]\r\nLesson_Location=slide-7\r\nLesson_Status=passed\r\nScore=88\r\n"
        "Time=00:02:05\r\n[Core_Lesson]\r\nbookmark=7;answers=abc\r\n"
    )
    reply = hacp(base, COMMAND="PUTPARAM", Session_ID=session.session_id, AICC_Data=aicc_data)
    assert reply.startswith("error=0")
    progress = ItemProgress.objects.get(item=unit)
    assert (progress.status, progress.score, progress.location, progress.seconds) == (
        "passed",
        88,
        "slide-7",
        125,
    )
    assert progress.suspend_data == "bookmark=7;answers=abc"
    assert progress.attempt.seconds == 125 and progress.attempt.done_count == 1

    reply = hacp(base, command="GetParam", session_id=session.session_id)
    assert "Lesson_Location=slide-7" in reply and "Score=88" in reply
    assert "Time=00:02:05" in reply and "bookmark=7;answers=abc" in reply

    assert hacp(base, command="ExitAU", session_id=session.session_id).startswith("error=0")
    # An ended session, a made-up one or an unknown command are refused.
    assert hacp(base, command="GetParam", session_id=session.session_id).startswith("error=3")
    assert hacp(base, command="GetParam", session_id="guess").startswith("error=3")
    assert hacp(base, command="Format C:", session_id="guess").startswith("error=1")
    assert LearningPath.objects.count() == 1


@pytest.mark.django_db
def test_a_front_server_can_send_the_files(course_roles, client_for, path, settings):
    settings.SCORM_ACCEL_REDIRECT_PREFIX = "/protected/scorm/"
    launch = path.items.exclude(launch="").first().launch.partition("?")[0]
    response = client_for(course_roles["learner"]).get(content_url(path, launch))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/scorm/{path.package.folder}/{launch}"
    assert response.content == b""
    assert client_for(course_roles["outsider"]).get(content_url(path, launch)).status_code == 403
