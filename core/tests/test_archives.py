import io
import stat
import zipfile

import pytest

from core.archives import UnsafeArchive, inspect_zip, open_zip, safe_extract


def make_zip(entries):
    """entries: (name, bytes) or (ZipInfo, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def test_a_plain_archive_extracts(tmp_path):
    archive = make_zip([("a.txt", b"hello"), ("dir/b.txt", b"world")])
    entries = safe_extract(archive, tmp_path)
    assert {e.name for e in entries} == {"a.txt", "dir/b.txt"}
    assert (tmp_path / "dir" / "b.txt").read_bytes() == b"world"


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "dir/../../evil.txt", "/etc/passwd", "C:/windows/evil.txt", "..\\evil.txt"],
)
def test_paths_leaving_the_folder_are_refused(tmp_path, name):
    archive = make_zip([("ok.txt", b"ok"), (name, b"x")])
    with pytest.raises(UnsafeArchive):
        safe_extract(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing was written, not even ok.txt


def test_symlinks_are_refused(tmp_path):
    info = zipfile.ZipInfo("link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = make_zip([(info, b"/etc/passwd")])
    with pytest.raises(UnsafeArchive, match="symbolic link"):
        inspect_zip(archive)


def test_zip_bombs_are_refused():
    archive = make_zip([("bomb.txt", b"\0" * (20 * 1024 * 1024))])
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        inspect_zip(archive)


def test_file_count_and_total_size_are_bounded():
    archive = make_zip([(f"f{i}.txt", b"x") for i in range(11)])
    with pytest.raises(UnsafeArchive, match="11 files"):
        inspect_zip(archive, max_files=10)
    archive = make_zip([("a.bin", b"1" * 600), ("b.bin", b"2" * 600)])
    with pytest.raises(UnsafeArchive, match="too large"):
        inspect_zip(archive, max_total_bytes=1000)


def test_not_a_zip_is_a_clear_error():
    with pytest.raises(UnsafeArchive, match="not a valid zip"):
        open_zip(io.BytesIO(b"this is not a zip"))
