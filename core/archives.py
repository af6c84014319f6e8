"""Zip archives from users are inspected before a single byte is extracted.

Refused: absolute paths, drive letters, `..` segments, symlinks and other non-regular entries,
too many files, too large once uncompressed (in total), and suspicious compression ratios (zip
bombs), entry by entry and for the whole archive. Sizes are checked against what the archive
declares and again while extracting, since a forged header can under-declare.

Entry names: the zip format says a name is cp437 unless flag bit 11 says UTF-8, but macOS
Finder and many other archivers write UTF-8 without setting the flag. ``open_zip`` decodes such
names as strict UTF-8 when their bytes are valid UTF-8, else keeps cp437 (APPNOTE 6.3.x,
appendix D), so every reader of uploaded archives sees the names the sender saw.
"""

import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

DEFAULT_MAX_FILES = 5000
DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # 1 GiB uncompressed
DEFAULT_MAX_RATIO = 200  # uncompressed / compressed, per entry and for the whole archive
RATIO_FLOOR_BYTES = 1024 * 1024  # below this (entry or total), any ratio is harmless
UTF8_FLAG = 0x800  # general purpose flag bit 11: the name is UTF-8


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
    entries, total, compressed, seen = [], 0, 0, set()
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
        compressed += info.compress_size
        if total > max_total_bytes:
            raise UnsafeArchive(
                _("The archive is too large once unpacked (more than %(max)d MB).")
                % {"max": max_total_bytes // (1024 * 1024)}
            )
        if info.file_size >= RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise UnsafeArchive(
                _("The archive looks like a zip bomb (%(name)s expands too much).") % {"name": name}
            )
        entries.append(ArchiveEntry(name=name, size=info.file_size, is_dir=info.is_dir()))
    if total >= RATIO_FLOOR_BYTES and total > max_ratio * max(compressed, 1):
        raise UnsafeArchive(
            _(
                "The archive looks like a zip bomb: its %(size)d MB of content are compressed "
                "more than %(ratio)d times."
            )
            % {"size": total // (1024 * 1024), "ratio": max_ratio}
        )
    return entries


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its sender wrote it: a name without the UTF-8 flag is UTF-8 when
    its bytes are valid UTF-8 (what macOS Finder writes), else cp437 (the zip default)."""
    if info.flag_bits & UTF8_FLAG:
        return info.orig_filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # decoded with another metadata_encoding: leave it
        return info.orig_filename
    if raw.isascii():
        return info.orig_filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return info.orig_filename


def decode_names(archive: zipfile.ZipFile) -> zipfile.ZipFile:
    """Give every entry its real name (see entry_name), in place. ``orig_filename`` keeps the
    raw decoding, which zipfile compares with the local header when opening an entry."""
    for info in archive.infolist():
        name = entry_name(info)
        if name != info.orig_filename:
            archive.NameToInfo.pop(info.filename, None)
            info.filename = name
            archive.NameToInfo[name] = info
    return archive


def open_zip(fileobj_or_path) -> zipfile.ZipFile:
    """Open an uploaded zip, with its entries' names decoded (see entry_name)."""
    try:
        return decode_names(zipfile.ZipFile(fileobj_or_path))
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
        info = by_name[entry.name]
        try:
            with archive.open(info) as source, open(target, "wb") as out:
                this_entry = 0
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    this_entry += len(chunk)
                    if written > max_total:  # the header lied about the size
                        raise UnsafeArchive(_("The archive is too large once unpacked."))
                    out.write(chunk)
                if this_entry != info.file_size:
                    raise UnsafeArchive(
                        _("The archive's directory misstates the size of %(name)s.")
                        % {"name": entry.name}
                    )
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            # A size or checksum that does not match the data: a damaged or forged archive.
            raise UnsafeArchive(
                _("The archive is damaged or forged (%(name)s cannot be unpacked).")
                % {"name": entry.name}
            ) from error
    return entries


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(fileobj) -> bool:
    """Whether the file starts like a gzip stream (a .tar.gz); the position is kept."""
    position = fileobj.tell()
    head = fileobj.read(2)
    fileobj.seek(position)
    return head == GZIP_MAGIC


def tar_to_zip(
    fileobj,
    destination,
    *,
    max_files: int = DEFAULT_MAX_FILES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> zipfile.ZipFile:
    """Re-pack a gzipped tar (Moodle's default .mbz) into the zip file ``destination`` (a path
    or a writable binary file), checking what inspect_zip checks: names leaving the folder,
    links and special files, the same path twice, too many files, too many bytes once
    unpacked and too high a compression ratio. The tar is read as a stream, once; sizes are
    counted on the data itself. Returns the new zip opened for reading; raises UnsafeArchive.
    """
    import tarfile

    position = fileobj.tell()
    fileobj.seek(0, 2)
    compressed = max(fileobj.tell() - position, 1)
    fileobj.seek(position)
    total, count, seen = 0, 0, set()
    try:
        with (
            tarfile.open(fileobj=fileobj, mode="r|gz") as tar,
            zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for member in tar:
                if member.issym() or member.islnk():
                    raise UnsafeArchive(
                        _("The archive contains a symbolic link: %(name)s") % {"name": member.name}
                    )
                if not (member.isfile() or member.isdir()):
                    raise UnsafeArchive(
                        _("The archive contains a special file: %(name)s") % {"name": member.name}
                    )
                name = _normalise(member.name)
                if not name or member.isdir():
                    continue
                count += 1
                if count > max_files:
                    raise UnsafeArchive(
                        _("The archive holds more than %(max)d files.") % {"max": max_files}
                    )
                if name.lower() in seen:
                    raise UnsafeArchive(
                        _("The archive contains the same path twice: %(name)s") % {"name": name}
                    )
                seen.add(name.lower())
                source = tar.extractfile(member)
                with out.open(name, "w", force_zip64=True) as target:
                    while chunk := source.read(1024 * 1024):
                        total += len(chunk)
                        if total > max_total_bytes:
                            raise UnsafeArchive(
                                _("The archive is too large once unpacked (more than %(max)d MB).")
                                % {"max": max_total_bytes // (1024 * 1024)}
                            )
                        if total >= RATIO_FLOOR_BYTES and total > max_ratio * compressed:
                            raise UnsafeArchive(
                                _("The archive looks like a zip bomb (%(name)s expands too much).")
                                % {"name": name}
                            )
                        target.write(chunk)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise UnsafeArchive(_("This file is not a valid archive.")) from error
    return zipfile.ZipFile(destination)
