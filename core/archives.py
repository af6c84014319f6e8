"""Zip archives from users are inspected before a single byte is extracted.

Refused: absolute paths, drive letters, `..` segments, symlinks and other non-regular entries,
too many files, too large once uncompressed, and suspicious compression ratios (zip bombs).
Sizes are checked against what the archive declares and again while extracting, since a
forged header can under-declare.
"""

import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

DEFAULT_MAX_FILES = 5000
DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # 1 GiB uncompressed
DEFAULT_MAX_RATIO = 200  # uncompressed / compressed, per entry above 1 MiB


class UnsafeArchive(ValueError):
    """The archive is refused; the message is for the person who sent it."""


@dataclass(frozen=True)
class ArchiveEntry:
    name: str  # normalised relative POSIX path
    size: int
    is_dir: bool


def _normalise(name: str) -> str:
    name = name.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchive(_("The archive contains an absolute path: %(name)s") % {"name": name})
    parts = [part for part in path.parts if part not in ("", ".")]
    if any(part == ".." for part in parts):
        raise UnsafeArchive(
            _("The archive contains a path leaving its folder: %(name)s") % {"name": name}
        )
    return "/".join(parts)


def inspect_zip(
    archive: zipfile.ZipFile,
    *,
    max_files: int = DEFAULT_MAX_FILES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> list[ArchiveEntry]:
    infos = archive.infolist()
    if len(infos) > max_files:
        raise UnsafeArchive(
            _("The archive holds %(count)d files; at most %(max)d are allowed.")
            % {"count": len(infos), "max": max_files}
        )
    entries, total, seen = [], 0, set()
    for info in infos:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UnsafeArchive(
                _("The archive contains a symbolic link: %(name)s") % {"name": info.filename}
            )
        # Archivers that record no file type leave these bits at zero: a plain file.
        if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise UnsafeArchive(
                _("The archive contains a special file: %(name)s") % {"name": info.filename}
            )
        if info.flag_bits & 0x1:
            raise UnsafeArchive(_("Encrypted archives are not accepted."))
        name = _normalise(info.filename)
        if not name:
            continue
        if name.lower() in seen:
            raise UnsafeArchive(
                _("The archive contains the same path twice: %(name)s") % {"name": name}
            )
        seen.add(name.lower())
        total += info.file_size
        if total > max_total_bytes:
            raise UnsafeArchive(
                _("The archive is too large once unpacked (more than %(max)d MB).")
                % {"max": max_total_bytes // (1024 * 1024)}
            )
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise UnsafeArchive(
                _("The archive looks like a zip bomb (%(name)s expands too much).") % {"name": name}
            )
        entries.append(ArchiveEntry(name=name, size=info.file_size, is_dir=info.is_dir()))
    return entries


def open_zip(fileobj_or_path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj_or_path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnsafeArchive(_("This file is not a valid zip archive.")) from error


def safe_extract(archive: zipfile.ZipFile, destination: Path, **limits) -> list[ArchiveEntry]:
    """Inspect, then extract into destination; nothing is written if the inspection fails."""
    entries = inspect_zip(archive, **limits)
    max_total = limits.get("max_total_bytes", DEFAULT_MAX_TOTAL_BYTES)
    destination = Path(destination).resolve()
    written = 0
    by_name = {_normalise(info.filename): info for info in archive.infolist()}
    for entry in entries:
        target = (destination / entry.name).resolve()
        if not target.is_relative_to(destination):
            raise UnsafeArchive(_("The archive contains a path leaving its folder."))
        if entry.is_dir:
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(by_name[entry.name]) as source, open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > max_total:  # the header lied about the size
                    raise UnsafeArchive(_("The archive is too large once unpacked."))
                out.write(chunk)
    return entries


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
