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


# --- Names: UTF-8 without flag bit 11, cp437 -------------------------------------------------


def raw_named_zip(names: dict[bytes, bytes]) -> bytes:
    """A zip whose entry names are the given raw bytes, flag bit 11 clear (as macOS Finder
    writes): written under ASCII placeholders of the same length, then patched in."""
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (raw, data) in enumerate(names.items()):
            placeholder = (f"{index:02d}" + "X" * len(raw))[: len(raw)].encode()
            placeholders[placeholder] = raw
            archive.writestr(placeholder.decode(), data)
    blob = buffer.getvalue()
    for placeholder, raw in placeholders.items():
        assert blob.count(placeholder) == 2  # local header and central directory
        blob = blob.replace(placeholder, raw)
    return blob


def test_utf8_names_without_the_flag_are_read_as_utf8():
    name = "Résumé café.txt"
    blob = raw_named_zip({name.encode("utf-8"): b"hello"})
    assert not zipfile.ZipFile(io.BytesIO(blob)).infolist()[0].flag_bits & 0x800
    archive = open_zip(io.BytesIO(blob))
    assert [e.name for e in inspect_zip(archive)] == [name]
    assert archive.read(name) == b"hello"  # the local header still matches


def test_cp437_names_stay_cp437(tmp_path):
    raw = "Répertoire.txt".encode("cp437")  # not valid UTF-8: é is 0x82
    archive = open_zip(io.BytesIO(raw_named_zip({raw: b"x"})))
    safe_extract(archive, tmp_path)
    assert (tmp_path / "Répertoire.txt").read_bytes() == b"x"


def test_flagged_utf8_names_are_unchanged():
    archive = open_zip(io.BytesIO(make_zip([("Leçon 1.html", b"x")]).fp.getvalue()))
    assert archive.namelist() == ["Leçon 1.html"]


# --- Whole-archive limits --------------------------------------------------------------------


def test_many_small_entries_of_zeros_are_a_zip_bomb_as_a_whole():
    """900 entries of 1 MiB of zeros in about 1.4 MB: no single entry is suspicious enough
    alone for the old per-entry check (exactly 1 MiB), the archive as a whole is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for index in range(900):
            archive.writestr(f"zeros/{index:03d}.bin", b"\0" * (1024 * 1024))
    assert 0.5e6 < len(buffer.getvalue()) < 2e6
    buffer.seek(0)
    with pytest.raises(UnsafeArchive, match="zip bomb"):
        inspect_zip(zipfile.ZipFile(buffer))


@pytest.mark.parametrize("ratio, refused", [(99, False), (100, False), (101, True)])
def test_the_whole_archive_ratio_boundary(ratio, refused):
    # Stored entries (ratio 1) whose declared sizes make the whole archive's ratio exact.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.bin", b"\1" * (2 * 1024 * 1024))
    buffer.seek(0)
    archive = zipfile.ZipFile(buffer)
    info = archive.infolist()[0]
    info.compress_size = (2 * 1024 * 1024) // 100
    info.file_size = info.compress_size * ratio
    if refused:
        with pytest.raises(UnsafeArchive, match="zip bomb"):
            inspect_zip(archive, max_ratio=100)
    else:
        inspect_zip(archive, max_ratio=100)


def _forged(size_in_directory: int, data: bytes) -> bytes:
    """A deflated one-entry zip whose central directory states size_in_directory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.txt", data)
    blob = bytearray(buffer.getvalue())
    central = blob.index(b"PK\x01\x02")
    blob[central + 24 : central + 28] = size_in_directory.to_bytes(4, "little")
    return bytes(blob)


@pytest.mark.parametrize("declared, refused", [(5000, False), (4999, True), (1000, True)])
def test_extraction_checks_the_size_against_the_data(tmp_path, declared, refused):
    """The size check during extraction: a header understating an entry is refused."""
    archive = open_zip(io.BytesIO(_forged(declared, b"a" * 5000)))
    if refused:
        with pytest.raises(UnsafeArchive):
            safe_extract(archive, tmp_path)
    else:
        safe_extract(archive, tmp_path)
        assert (tmp_path / "data.txt").read_bytes() == b"a" * 5000


@pytest.mark.parametrize("limit, refused", [(5000, False), (4999, True)])
def test_extraction_stops_at_the_total_limit(tmp_path, limit, refused, monkeypatch):
    """The running total while extracting (not only the declared sizes) meets the limit."""
    from core import archives

    archive = open_zip(io.BytesIO(_forged(5000, b"a" * 5000)))
    # The inspection is told nothing is too big, so only the check while writing can refuse.
    monkeypatch.setattr(
        archives,
        "inspect_zip",
        lambda archive, **limits: [archives.ArchiveEntry(name="data.txt", size=0, is_dir=False)],
    )
    if refused:
        with pytest.raises(UnsafeArchive, match="too large"):
            safe_extract(archive, tmp_path, max_total_bytes=limit)
    else:
        safe_extract(archive, tmp_path, max_total_bytes=limit)
