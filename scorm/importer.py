"""Import a SCORM or AICC package as a new learning path.

Everything is checked before anything is written: the archive (core.archives), the manifest or
the AICC descriptors, and that every file they reference is in the archive. The files are then
extracted to a folder of their own and the path is created in one transaction; if anything
fails, the transaction rolls back and the folder is removed, so nothing half-imported remains.
"""

import posixpath
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.archives import UnsafeArchive, inspect_zip, open_zip, remove_tree, safe_extract
from documents.api import QuotaExceeded, ensure_room
from learnpaths.api import ImportedItem, path_import_tree
from scorm import aicc
from scorm.manifest import (
    ControlMode,
    Manifest,
    PackageError,
    launch_files,
    parse_manifest,
    referenced_files,
)
from scorm.models import Package
from scorm.sequencing import sequencing_tree

MAX_MANIFEST_BYTES = 5 * 1024 * 1024


def packages_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "scorm"


def _find_manifest(names: set[str]) -> str | None:
    if "imsmanifest.xml" in names:
        return "imsmanifest.xml"
    # Some tools zip the package's folder rather than its content: accept one level down.
    nested = [n for n in names if n.count("/") == 1 and n.lower().endswith("/imsmanifest.xml")]
    if len(nested) == 1:
        return nested[0]
    lower = [n for n in names if n.lower() == "imsmanifest.xml"]
    return lower[0] if lower else None


def _read(archive, name: str, limit: int = MAX_MANIFEST_BYTES) -> bytes:
    info = archive.getinfo(
        next(i.filename for i in archive.infolist() if _norm(i.filename) == name)
    )
    if info.file_size > limit:
        raise PackageError(_("The file %(name)s is too large to be a descriptor.") % {"name": name})
    with archive.open(info) as handle:
        return handle.read(limit + 1)[:limit]


def _norm(name: str) -> str:
    return "/".join(p for p in name.replace("\\", "/").split("/") if p not in ("", "."))


def package_import(
    *,
    course,
    user,
    archive_path,
    title: str = "",
    original_name: str = "",
    report: Callable[[int], None] | None = None,
    organization: str = "",
    warnings: list[str] | None = None,
) -> object:
    """The package's default organization becomes the path (returned), or the one named.

    Refused (PackageError, UnsafeArchive) when the archive is unsafe, the descriptors are
    unreadable, a launched file is missing or the course's disk quota would be exceeded.
    Files the manifest lists but the zip lacks are only reported: one sentence each is
    appended to ``warnings`` (CAM: the <file> elements are an inventory).
    """
    report = report or (lambda percent: None)
    warnings = warnings if warnings is not None else []
    archive = open_zip(archive_path)
    with archive:
        entries = inspect_zip(archive)
        names = {entry.name for entry in entries if not entry.is_dir}
        report(10)
        manifest_name = _find_manifest(names)
        if manifest_name:
            prefix = posixpath.dirname(manifest_name)
            manifest = parse_manifest(_read(archive, manifest_name))
            if organization:
                known = [o.identifier for o in manifest.organizations]
                if organization not in known:
                    raise PackageError(
                        _("The package has no organization %(name)s (it has: %(known)s).")
                        % {"name": organization, "known": ", ".join(known)}
                    )
                manifest.default_organization = organization
                manifest.title = manifest.organization.title

            def absent(name):
                return (posixpath.join(prefix, name) if prefix else name) not in names

            missing = sorted(name for name in launch_files(manifest) if absent(name))
            if missing:
                raise PackageError(
                    _("The package lacks the files its lessons start from: %(files)s")
                    % {"files": ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")}
                )
            for name in sorted(n for n in referenced_files(manifest) if absent(n)):
                warnings.append(
                    _("The manifest lists %(file)s, which the package does not contain.")
                    % {"file": name}
                )
            structure = ("scorm", manifest, prefix)
        else:
            found = aicc.find_course_files(sorted(names))
            if "crs" not in found:
                raise PackageError(
                    _(
                        "This zip is not a SCORM or AICC package: it has no imsmanifest.xml "
                        "and no AICC course file (.crs)."
                    )
                )
            course_structure = aicc.parse_course(
                {ext: _read(archive, name) for ext, name in found.items()}
            )
            prefix = posixpath.dirname(found["crs"])
            for unit in course_structure.walk():
                if unit.file_name and "://" not in unit.file_name:
                    local = posixpath.join(prefix, unit.file_name) if prefix else unit.file_name
                    if local.partition("?")[0] not in names:
                        raise PackageError(
                            _("The AICC unit %(id)s launches %(file)s, missing from the package.")
                            % {"id": unit.system_id, "file": unit.file_name}
                        )
            structure = ("aicc", course_structure, prefix)
        unpacked = sum(entry.size for entry in entries)
        _ensure_room(course, unpacked)
        report(25)
        folder = uuid.uuid4().hex
        destination = packages_root() / folder
        try:
            safe_extract(archive, destination)
            report(70)
            with transaction.atomic():
                _ensure_room(course, unpacked)  # again, under the course's lock
                if structure[0] == "scorm":
                    path = _create_scorm(
                        course=course,
                        user=user,
                        manifest=structure[1],
                        prefix=structure[2],
                        title=title,
                    )
                    kind = (
                        Package.Kind.SCORM12
                        if structure[1].version == "1.2"
                        else (Package.Kind.SCORM2004)
                    )
                    edition, identifier = structure[1].edition, structure[1].identifier
                    sequencing = (
                        sequencing_tree(structure[1]) if structure[1].version == "2004" else {}
                    )
                else:
                    path = _create_aicc(
                        course=course,
                        user=user,
                        course_structure=structure[1],
                        prefix=structure[2],
                        title=title,
                    )
                    kind, edition = Package.Kind.AICC, structure[1].version
                    identifier = structure[1].course_id
                    sequencing = {}
                Package.objects.create(
                    path=path,
                    kind=kind,
                    edition=edition[:20],
                    identifier=identifier[:255],
                    folder=folder,
                    file_count=len(names),
                    size=sum(entry.size for entry in entries),
                    original_name=original_name[:255],
                    sequencing=sequencing,
                )
            report(95)
        except BaseException:
            remove_tree(destination)
            raise
    return path


def _ensure_room(course, size: int) -> None:
    try:
        ensure_room(course, size)
    except QuotaExceeded as error:
        raise PackageError(
            _("The package does not fit in the course's disk quota. %(reason)s")
            % {"reason": str(error)}
        ) from error


def _control(control: ControlMode | None, version: str) -> tuple[bool, bool, bool]:
    """(choice, flow, forward_only): SCORM 1.2 has no control modes (free navigation)."""
    if version == "1.2":
        return True, True, False
    control = control or ControlMode()  # the SCORM 2004 defaults
    return control.choice, control.flow, control.forward_only


def _create_scorm(*, course, user, manifest: Manifest, prefix: str, title: str):
    organization = manifest.organization
    # Sequencing rules "disabled until the activity writing objective X is satisfied"
    # become prerequisites on the activities that write those objectives.
    writers = {
        target: entry.identifier for entry in manifest.walk() for target in entry.writes_objectives
    }
    derived: dict[str, str] = {}
    for entry in manifest.walk():
        needed = [writers[t] for t in entry.requires_objectives if t in writers]
        needed = [identifier for identifier in needed if identifier != entry.identifier]
        if needed and not entry.prerequisites:
            derived[entry.identifier] = " AND ".join(needed)

    def tree(entries) -> list[ImportedItem]:
        nodes = []
        for entry in entries:
            resource = manifest.resources.get(entry.identifierref) if entry.identifierref else None
            if resource is None:
                kind, launch = "section", ""
            else:
                kind = "sco" if resource.scorm_type == "sco" else "asset"
                launch = posixpath.join(prefix, resource.href) if prefix else resource.href
            expression = entry.prerequisites or derived.get(entry.identifier, "")
            nodes.append(
                ImportedItem(
                    kind=kind,
                    title=entry.title,
                    identifier=entry.identifier,
                    # isvisible="false" (CAM 4th Ed., <item>) hides an item from the table of
                    # contents, not from delivery: SCORM 2004 sequencing still delivers it
                    # (by flow, or a SCO's choice request; CTS CM-04d, CM-14). A path item
                    # hidden from learners could not be opened, so a 2004 leaf stays visible;
                    # the sequencing tree keeps the flag ("visible") for the contents.
                    visible=entry.visible or (manifest.version != "1.2" and kind != "section"),
                    launch=launch,
                    parameters=entry.parameters,
                    launch_data=entry.launch_data,
                    mastery_score=entry.mastery_score,
                    prerequisites_expression=expression,
                    prerequisite=expression,
                    control=_control(entry.control, manifest.version),
                    extra={
                        "max_time_allowed": entry.max_time_allowed,
                        "time_limit_action": entry.time_limit_action,
                        "completion_threshold": (
                            str(entry.completion_threshold)
                            if entry.completion_threshold is not None
                            else ""
                        ),
                        "shared_data": entry.shared_data,
                    },
                    children=tree(entry.children),
                )
            )
        return nodes

    return path_import_tree(
        course=course,
        user=user,
        title=(title or manifest.title)[:255],
        source="scorm12" if manifest.version == "1.2" else "scorm2004",
        control=_control(organization.control, manifest.version),
        items=tree(organization.items),
    )


def _create_aicc(*, course, user, course_structure, prefix: str, title: str):
    def tree(units) -> list[ImportedItem]:
        nodes = []
        for unit in units:
            launch = ""
            if not unit.is_block:
                launch = unit.file_name
                if "://" not in launch and prefix:
                    launch = posixpath.join(prefix, launch)
            nodes.append(
                ImportedItem(
                    kind="section" if unit.is_block else "au",
                    title=unit.title,
                    identifier=unit.system_id,
                    launch=launch,
                    mastery_score=unit.mastery_score,
                    prerequisites_expression=unit.prerequisites,
                    prerequisite=unit.prerequisites,
                    extra={
                        "web_launch": unit.web_launch,
                        "max_score": str(unit.max_score) if unit.max_score is not None else "",
                        "max_time_allowed": unit.max_time_allowed,
                        "time_limit_action": unit.time_limit_action,
                        "description": unit.description,
                        "core_vendor": unit.core_vendor,
                        "command_line": unit.command_line,
                    },
                    children=tree(unit.children),
                )
            )
        return nodes

    return path_import_tree(
        course=course,
        user=user,
        title=(title or course_structure.title)[:255],
        description=course_structure.description,
        source="aicc",
        items=tree(course_structure.units),
    )


def import_error_message(error: Exception) -> str:
    if isinstance(error, PackageError | UnsafeArchive):
        return str(error)
    return _("The package could not be imported; nothing was kept.")
