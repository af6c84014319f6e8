"""Course backups, restores, copies and recycling (issue #16, "Course backups").

A backup is one zip: ``manifest.json`` (format_version, the course it came from, which tools
and items it holds, and each tool's content as its provider wrote it, see backups.api) and the
files under ``files/<tool>/``. It is written under a temporary name and renamed once complete,
and its ``Backup`` row is written only then: a worker that dies half way leaves a ``.part``
file nobody lists, never a backup served as good.

A restore reads an archive checked like any upload (core.uploads for the file, core.archives
for its entries: traversal, links, bombs, counts, sizes), brings an older manifest up to the
current format one step at a time (MIGRATIONS), then runs every provider in ONE transaction:
if anything fails, the target course is as it was (and the files already written are
removed).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from backups.api import (
    BackupFiles,
    BackupWriter,
    Provider,
    RestoreContext,
    RestoreRefused,
    providers,
)
from backups.models import Backup
from core.archives import UnsafeArchive, inspect_zip, open_zip
from courses.caching import course_touch
from courses.models import Course
from courses.services import course_create

logger = logging.getLogger(__name__)

FORMAT = "lms-course-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 200 * 1024 * 1024
# In a restore's summary: the names of the files the upload check refused (left out).
REFUSED = "refused_files"


class _Encoder(DjangoJSONEncoder):
    """Dates to the microsecond (DjangoJSONEncoder keeps milliseconds): a restored wiki
    history or announcement list sorts as the original did."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class BackupError(ValueError):
    """A backup cannot be read or restored; the message is for the teacher."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "BACKUP_MAX_UPLOAD_BYTES", 2 * 1024**3))


def archive_limits() -> dict:
    """What core.archives accepts from a backup: more files and bytes than a plain upload."""
    return {
        "max_files": int(getattr(settings, "BACKUP_MAX_FILES", 50_000)),
        "max_total_bytes": int(getattr(settings, "BACKUP_MAX_UNPACKED_BYTES", 8 * 1024**3)),
    }


# --- What can be chosen ------------------------------------------------------------------


@dataclass(frozen=True)
class ToolChoice:
    provider: Provider
    items: list[tuple[int, str]]


def backup_choices(course: Course) -> list[ToolChoice]:
    """Each tool a teacher may back up, copy or empty, with the items that can be picked."""
    return [
        ToolChoice(provider, provider.items(course) if provider.items else [])
        for provider in providers()
        if not provider.follows
    ]


def normalise_selection(selection: dict) -> dict[str, list[int] | None]:
    """{tool key: None (all of it) | [ids]} limited to known tools, with the tools that follow
    another (packages follow learning paths) given the same choice."""
    known = {provider.key: provider for provider in providers()}
    chosen: dict[str, list[int] | None] = {}
    for key, ids in selection.items():
        if key in known and not known[key].follows:
            chosen[key] = None if ids is None else sorted({int(i) for i in ids})
    for provider in known.values():
        if provider.follows and provider.follows in chosen:
            chosen[provider.key] = chosen[provider.follows]
    return chosen


def whole_course_selection() -> dict[str, None]:
    return normalise_selection({provider.key: None for provider in providers()})


# --- Writing a backup --------------------------------------------------------------------


def backup_write(
    *,
    course: Course,
    selection: dict,
    destination,
    report: Callable[[int], None] | None = None,
) -> dict:
    """Write the backup of the chosen content (normalise_selection's shape) into
    ``destination`` (a path or a binary file object) as a zip; returns its manifest.
    report(percent) is called as each tool is done."""
    selection = normalise_selection(selection)
    chosen = [provider for provider in providers() if provider.key in selection]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "course": {"code": course.code, "title": course.title, "language": course.language},
        "selection": selection,
        "tools": {},
    }
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        writer = BackupWriter(archive)
        for index, provider in enumerate(chosen, start=1):
            ids = selection[provider.key]
            manifest["tools"][provider.key] = provider.export(
                course, None if ids is None else set(ids), writer
            )
            if report:
                report(int(90 * index / max(len(chosen), 1)))
        manifest["file_count"] = writer.file_count
        # Written last: an archive without its manifest is not a backup.
        archive.writestr(MANIFEST, json.dumps(manifest, cls=_Encoder, indent=1))
    return manifest


def _backup_folder(course: Course) -> Path:
    return Path("backups") / str(course.pk)


def _remove_old_parts(folder: Path) -> None:
    """Half-written zips of workers that died and whose jobs were never retried."""
    cutoff = timezone.now().timestamp() - 24 * 3600
    for part in folder.glob("job-*.zip.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < cutoff:
                part.unlink()


def backup_create(*, job, report: Callable[[int], None] | None = None) -> Backup:
    """The work of a backup job (payload: {"selection": ...}): write the zip under a
    temporary name, rename it once complete, then record it. Run again after a lost worker,
    it starts over and ends with the same single Backup row."""
    course = job.course
    selection = job.payload.get("selection") or whole_course_selection()
    folder = settings.MEDIA_ROOT / _backup_folder(course)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"{slugify(course.code) or 'course'}-{stamp}-{job.pk}.zip"
    partial = folder / f"job-{job.pk}.zip.part"
    _remove_old_parts(folder)
    try:
        manifest = backup_write(
            course=course, selection=selection, destination=partial, report=report
        )
        final = folder / name
        os.replace(partial, final)  # atomic on one file system: whole or absent
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    whole = set(normalise_selection(selection)) == set(whole_course_selection()) and all(
        ids is None for ids in normalise_selection(selection).values()
    )
    earlier = Backup.objects.filter(job=job).values_list("file", flat=True).first()
    if earlier and earlier != str(_backup_folder(course) / name):
        (settings.MEDIA_ROOT / earlier).unlink(missing_ok=True)  # the same job's, made before
    backup, _created = Backup.objects.update_or_create(
        job=job,
        defaults={
            "course": course,
            "created_by": job.user,
            "file": str(_backup_folder(course) / name),
            "name": name,
            "size": final.stat().st_size,
            "tools": sorted(manifest["tools"]),
            "whole_course": whole,
            "format_version": FORMAT_VERSION,
        },
    )
    return backup


def backup_delete(*, backup: Backup) -> None:
    """Delete a backup; its file goes once the deletion is committed (backups.signals)."""
    backup.delete()


# --- Reading a backup --------------------------------------------------------------------


# format_version N -> the function bringing a manifest of version N to N + 1. When the format
# changes, FORMAT_VERSION goes up by one and the step from the previous version is added
# here, so that every backup ever made still restores. Version 1 is the first.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def manifest_upgrade(manifest: dict) -> dict:
    """Bring a manifest written by an older version of the platform to FORMAT_VERSION;
    BackupError for a newer or unknown one."""
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(_("This archive is not a course backup of this platform."))
    if version > FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup was made by a newer version of the platform (format %(version)d); "
                "this one reads formats up to %(current)d."
            )
            % {"version": version, "current": FORMAT_VERSION}
        )
    while version < FORMAT_VERSION:
        manifest = MIGRATIONS[version](manifest)
        version = manifest["format_version"]
    return manifest


def backup_open(path_or_file) -> tuple[zipfile.ZipFile, dict]:
    """Open and check an uploaded backup: its entries (core.archives' checks, with the limits
    of archive_limits()), then its manifest, upgraded to the current format. Raises
    BackupError (UnsafeArchive's message included) with a message for the teacher."""
    try:
        archive = open_zip(path_or_file)
        inspect_zip(archive, **archive_limits())
    except UnsafeArchive as error:
        raise BackupError(str(error)) from error
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        archive.close()
        raise BackupError(
            _("This archive is not a course backup: it has no manifest.json.")
        ) from None
    if info.file_size > MAX_MANIFEST_BYTES:
        archive.close()
        raise BackupError(_("The backup's manifest is too large."))
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile) as error:
        archive.close()
        raise BackupError(_("The backup's manifest cannot be read.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        archive.close()
        raise BackupError(_("This archive is not a course backup of this platform."))
    try:
        manifest = manifest_upgrade(manifest)
    except BackupError:
        archive.close()
        raise
    if not isinstance(manifest.get("tools"), dict):
        archive.close()
        raise BackupError(_("The backup's manifest cannot be read."))
    return archive, manifest


# --- Restoring ---------------------------------------------------------------------------


def upload_keep(upload) -> Path:
    """Keep an uploaded backup (already checked by core.uploads) for its restore job: an
    absolute path under MEDIA_ROOT/backups/uploads/, removed when the job ends."""
    folder = settings.MEDIA_ROOT / "backups" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.zip"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


@dataclass(frozen=True)
class NewCourse:
    """Restore into a course created by the restore itself (rolled back with it)."""

    code: str
    title: str


def _restore(
    *,
    archive: zipfile.ZipFile,
    manifest: dict,
    course: Course | NewCourse,
    user,
    conflict_policy: str,
    report: Callable[[int], None] | None = None,
) -> tuple[Course, dict]:
    files = BackupFiles(archive)
    if report:
        # Not from inside the transaction: an UPDATE of the job there would lock its row
        # until the commit, and the heartbeat thread and the polling page would wait on it.
        report(10)
    try:
        with transaction.atomic():
            if isinstance(course, NewCourse):
                course = course_create(creator=user, code=course.code, title=course.title)
            context = RestoreContext(
                user_id=user.pk if user else None,
                source_code=str(manifest.get("course", {}).get("code", "")),
                target_code=course.code,
            )
            chosen = [p for p in providers() if p.key in manifest["tools"]]
            summary = {}
            for provider in chosen:
                data = manifest["tools"][provider.key] or {}
                summary[provider.key] = provider.restore(
                    course, data, files, conflict_policy, context
                )
            # The providers write in bulk, which sends no signal: every cached piece of the
            # course (courses/caching.py) is to be built again.
            course_touch(course.pk)
    except RestoreRefused as error:
        files.discard()
        raise BackupError(str(error)) from error
    except BaseException:
        files.discard()
        raise
    if files.refused:
        summary[REFUSED] = files.refused[:100]
    return course, summary


def backup_restore(
    *,
    archive_path,
    course: Course | NewCourse,
    user,
    conflict_policy: str,
    report: Callable[[int], None] | None = None,
) -> tuple[Course, dict]:
    """Restore a backup file into ``course`` (or a NewCourse), all or nothing. Returns the
    course and {tool: {kind of object: count}}. BackupError for an archive that is refused
    (nothing changed); any other error also leaves the course as it was."""
    archive, manifest = backup_open(archive_path)
    with archive:
        return _restore(
            archive=archive,
            manifest=manifest,
            course=course,
            user=user,
            conflict_policy=conflict_policy,
            report=report,
        )


def course_copy(
    *,
    source: Course,
    target: Course,
    user,
    selection: dict,
    conflict_policy: str,
) -> dict:
    """Copy chosen content of ``source`` into ``target`` directly (the backup is made in a
    temporary spool, never offered as a file), in one transaction. Returns the summary."""
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        manifest = backup_write(course=source, selection=selection, destination=spool)
        spool.seek(0)
        with zipfile.ZipFile(spool) as archive:
            manifest = json.loads(json.dumps(manifest, cls=_Encoder))
            _course, summary = _restore(
                archive=archive,
                manifest=manifest,
                course=target,
                user=user,
                conflict_policy=conflict_policy,
            )
    return summary


def summary_text(summary: dict) -> str:
    """ "Objects restored: 12, in 5 tools." for the job's message, and the files refused."""
    restored = [
        {kind: count for kind, count in counts.items() if kind != "left_out"}
        for key, counts in summary.items()
        if key != REFUSED and counts
    ]
    total = sum(sum(counts.values()) for counts in restored)
    tools = sum(1 for counts in restored if any(counts.values()))
    text = _("Objects restored: %(objects)d, in %(tools)d tools.") % {
        "objects": total,
        "tools": tools,
    }
    if summary.get(REFUSED):
        text += " " + _("Files refused by the upload check, left out: %(names)s.") % {
            "names": ", ".join(summary[REFUSED][:10])
        }
    return text


# --- Emptying a course -------------------------------------------------------------------


def recycle_preview(course: Course, keys=None) -> list[tuple[Provider, list[tuple[str, int]]]]:
    """What emptying the chosen tools (all by default) would delete: per tool, its
    (label, count) lines, only the tools holding something."""
    preview = []
    for provider in providers():
        if provider.empty is None or provider.describe is None:
            continue
        if keys is not None and provider.key not in keys:
            continue
        lines = [(label, count) for label, count in provider.describe(course) if count]
        if lines:
            preview.append((provider, lines))
    return preview


@transaction.atomic
def course_recycle(*, course: Course, keys) -> list[str]:
    """Delete the content of the chosen tools (Chamilo's "recycle"); learners' results held by
    that content go with it. Returns the keys of the tools emptied. Files are removed once
    the deletion is committed."""
    emptied = []
    for provider in reversed(providers()):  # what points at others goes first
        if provider.key in keys and provider.empty is not None:
            provider.empty(course)
            emptied.append(provider.key)
    if emptied:
        course_touch(course.pk)  # bulk deletes send no signal (courses/caching.py)
    return emptied
