"""Moodle writes .mbz files as gzipped tars by default: they import like the zip form, under
the same archive checks (core.archives.tar_to_zip)."""

import io
import os
import tarfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Quiz
from backups.interop import InteropError
from backups.moodle import import_moodle
from backups.tests.test_moodle import build_mbz
from core.archives import UnsafeArchive, tar_to_zip
from core.models import Job
from courses.tests.factories import CourseFactory
from documents.models import Document

pytestmark = pytest.mark.django_db


def as_tgz(entries: dict[str, bytes], *, extra=()) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for info in extra:
            tar.addfile(info)
    return buffer.getvalue()


def mbz_entries(**overrides) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(build_mbz(**overrides)))
    return {name: archive.read(name) for name in archive.namelist()}


def test_a_tar_gz_backup_imports_like_the_zip_form():
    course = CourseFactory()
    report = import_moodle(course=course, upload=io.BytesIO(as_tgz(mbz_entries())))
    assert report.count("test") == 1 and report.count("file") == 5
    assert Quiz.objects.get(course=course).quiz_questions.count() == 7


@pytest.mark.parametrize(
    ("kind", "message"),
    [("symlink", "symbolic link"), ("traversal", "leaving its folder"), ("device", "special")],
)
def test_unsafe_tars_are_refused(kind, message):
    if kind == "symlink":
        info = tarfile.TarInfo("files/evil")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        data = as_tgz(mbz_entries(), extra=[info])
    elif kind == "device":
        info = tarfile.TarInfo("files/null")
        info.type = tarfile.CHRTYPE
        data = as_tgz(mbz_entries(), extra=[info])
    else:
        data = as_tgz({**mbz_entries(), "../outside.txt": b"x"})
    course = CourseFactory()
    with pytest.raises(InteropError, match=message):
        import_moodle(course=course, upload=io.BytesIO(data))
    assert not Document.objects.filter(course=course).exists()


def test_a_gzip_bomb_and_the_limits_are_refused_while_it_is_read(tmp_path):
    zeros = as_tgz({"moodle_backup.xml": b"<moodle_backup/>", "zeros.bin": b"\0" * (3 << 20)})
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        tar_to_zip(io.BytesIO(zeros), tmp_path / "out.zip")
    noise = os.urandom(3 << 20)
    data = as_tgz({"moodle_backup.xml": b"<moodle_backup/>", "noise.bin": noise})
    with pytest.raises(UnsafeArchive, match="too large"):
        tar_to_zip(io.BytesIO(data), tmp_path / "out.zip", max_total_bytes=1 << 20)
    with pytest.raises(UnsafeArchive, match="more than 1 files"):
        tar_to_zip(io.BytesIO(data), tmp_path / "out.zip", max_files=1)
    # Within the limits, the same archive re-packs whole.
    repacked = tar_to_zip(io.BytesIO(data), tmp_path / "out.zip", max_files=2)
    assert repacked.read("noise.bin") == noise


def test_a_truncated_tar_gz_is_refused():
    data = as_tgz(mbz_entries())
    with pytest.raises(InteropError, match="not a valid archive"):
        import_moodle(course=CourseFactory(), upload=io.BytesIO(data[: len(data) // 2]))


def test_the_page_takes_a_tar_gz_backup(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    course = course_roles["course"]
    upload = SimpleUploadedFile("backup-moodle2-course.mbz", as_tgz(mbz_entries()))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(course_roles["teacher"]).post(
            reverse("backups:interop", kwargs={"code": course.code}),
            {"format": "moodle", "moodle-archive": upload},
        )
    job = Job.objects.get(course=course, kind="moodle_import")
    assert job.state == "done", job.message
    assert job.result["source"] == "Moodle 4.1.2"
