"""Writes of the documents tool: every change to a course's tree goes through here."""

import io
import tempfile
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from core.archives import UnsafeArchive, inspect_zip, open_zip, safe_extract
from core.html import sanitize_html
from core.uploads import (
    UploadRejected,
    check_bytes,
    check_upload,
    clean_filename,
    extension_of,
)
from courses.models import Course
from documents import selectors
from documents.models import Document

THUMBNAIL_SIZE = (320, 320)
# Larger pictures keep their generic icon: decoding them would take too much memory.
THUMBNAIL_MAX_PIXELS = 40_000_000
ZIP_MAX_FILES = 2000
# Files archivers add that nobody means to publish.
_ZIP_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}


class DocumentError(Exception):
    """A refused change; the message is for the person who asked for it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ZipImportResult:
    files: list[Document] = field(default_factory=list)
    folders: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# --- Helpers ----------------------------------------------------------------------------------


def validate_name(name: str) -> str:
    """A name a person typed: one path segment, no control characters, at most 200 chars."""
    raw = (name or "").strip()
    if "/" in raw or "\\" in raw:
        raise DocumentError(_("A name cannot contain / or \\."))
    cleaned = clean_filename(raw)
    if not cleaned:
        raise DocumentError(_("Please give a name."))
    return cleaned


def _siblings(course: Course, parent: Document | None):
    return Document.objects.filter(course=course, parent=parent)


def _name_taken(course, parent, name, *, exclude_pk=None) -> bool:
    siblings = _siblings(course, parent).filter(name__iexact=name)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()


def _free_name(course, parent, name, *, exclude_pk=None) -> str:
    """The name itself, or "name (2).ext", "name (3).ext"... when it is taken in the folder."""
    if not _name_taken(course, parent, name, exclude_pk=exclude_pk):
        return name
    ext = extension_of(name)
    stem = name[: -len(ext) - 1] if ext else name
    number = 2
    while True:
        candidate = f"{stem} ({number}).{ext}" if ext else f"{stem} ({number})"
        if not _name_taken(course, parent, candidate, exclude_pk=exclude_pk):
            return candidate
        number += 1


def _taken_error(name: str) -> DocumentError:
    return DocumentError(_("A document named %(name)s is already in this folder.") % {"name": name})


@contextmanager
def _unique_name(name: str):
    """Turn the database's refusal of a duplicate name (two people at once) into a message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise _taken_error(name) from error


def _ensure_room(course: Course, extra: int) -> None:
    """Refuse a change that would take the course over its disk quota."""
    if extra <= 0:
        return
    if transaction.get_connection().in_atomic_block:
        # Two uploads at once must not both fit in the same free space: one waits.
        Course.objects.select_for_update().filter(pk=course.pk).values_list("pk").first()
    summary = selectors.quota_summary(course)
    if summary["used"] + extra > summary["quota"]:
        raise DocumentError(
            _(
                "Not enough space: this needs %(needed)s but the course has only %(free)s left "
                "of its %(quota)s quota."
            )
            % {
                "needed": filesizeformat(extra),
                "free": filesizeformat(summary["free"]),
                "quota": filesizeformat(summary["quota"]),
            }
        )


def _check_folder(course: Course, folder: Document | None) -> None:
    if folder is not None and (folder.course_id != course.pk or not folder.is_folder):
        raise DocumentError(_("This folder does not belong to the course."))


def _set_path(document: Document) -> None:
    prefix = document.parent.path if document.parent_id else "/"
    document.path = f"{prefix}{document.pk}/"
    Document.objects.filter(pk=document.pk).update(path=document.path)


@contextmanager
def _blobs():
    """Collects stored file names; removes them if the block fails, so no orphan stays."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _delete_blobs_on_commit(names: list[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _make_thumbnail(document: Document, source, written: list[str]) -> None:
    """A small JPEG for images Pillow can read; anything it cannot read simply has none."""
    if not document.content_type.startswith("image/") or document.content_type == "image/svg+xml":
        return
    try:
        source.seek(0)
        with Image.open(source) as image:
            if image.width * image.height > THUMBNAIL_MAX_PIXELS:
                return
            image.draft("RGB", THUMBNAIL_SIZE)
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return
    finally:
        source.seek(0)
    document.thumbnail.save("thumb.jpg", ContentFile(out.getvalue()), save=False)
    written.append(document.thumbnail.name)


def _save_file(document: Document, source, written: list[str]) -> None:
    source.seek(0)
    document.file.save("blob", File(source), save=False)
    written.append(document.file.name)
    _make_thumbnail(document, source, written)


def _checked(upload, **limits):
    try:
        return check_upload(upload, **limits)
    except UploadRejected as error:
        raise DocumentError(error.message) from error


# --- Folders and pages ------------------------------------------------------------------------


@transaction.atomic
def folder_create(*, course: Course, parent: Document | None, name: str, user) -> Document:
    _check_folder(course, parent)
    name = validate_name(name)
    if _name_taken(course, parent, name):
        raise _taken_error(name)
    with _unique_name(name):
        folder = Document.objects.create(
            course=course, parent=parent, kind=Document.Kind.FOLDER, name=name, created_by=user
        )
    _set_path(folder)
    return folder


@transaction.atomic
def page_create(
    *, course: Course, parent: Document | None, name: str, content: str, user
) -> Document:
    _check_folder(course, parent)
    name = validate_name(name)
    if _name_taken(course, parent, name):
        raise _taken_error(name)
    content = sanitize_html(content)
    size = len(content.encode())
    _ensure_room(course, size)
    with _unique_name(name):
        page = Document.objects.create(
            course=course,
            parent=parent,
            kind=Document.Kind.PAGE,
            name=name,
            content=content,
            content_type="text/html",
            size=size,
            created_by=user,
        )
    _set_path(page)
    return page


@transaction.atomic
def page_update(*, document: Document, name: str, content: str) -> Document:
    if not document.is_page:
        raise DocumentError(_("Only web pages can be edited here."))
    name = validate_name(name)
    if _name_taken(document.course, document.parent, name, exclude_pk=document.pk):
        raise _taken_error(name)
    content = sanitize_html(content)
    size = len(content.encode())
    _ensure_room(document.course, size - document.size)
    document.name, document.content, document.size = name, content, size
    with _unique_name(name):
        document.save(update_fields=["name", "content", "size", "updated_at"])
    return document


# --- Files ------------------------------------------------------------------------------------


def file_upload(*, course: Course, parent: Document | None, upload, user, **limits) -> Document:
    """Store one uploaded file in a folder; a taken name becomes "name (2).ext"."""
    _check_folder(course, parent)
    checked = _checked(upload, **limits)
    with _blobs() as written, transaction.atomic():
        _ensure_room(course, checked.size)
        document = Document(
            course=course,
            parent=parent,
            kind=Document.Kind.FILE,
            name=_free_name(course, parent, checked.name),
            content_type=checked.content_type,
            size=checked.size,
            created_by=user,
        )
        _save_file(document, upload, written)
        with _unique_name(document.name):
            document.save()
        _set_path(document)
    return document


def file_replace(*, document: Document, upload) -> Document:
    """New content for the same document (same id: links to it keep working)."""
    if not document.is_file:
        raise DocumentError(_("Only files can be replaced."))
    checked = _checked(upload)
    old_blobs = [document.file.name, document.thumbnail.name]
    with _blobs() as written, transaction.atomic():
        _ensure_room(document.course, checked.size - document.size)
        if extension_of(checked.name) != extension_of(document.name):
            stem = document.name.rsplit(".", 1)[0] if extension_of(document.name) else document.name
            document.name = _free_name(
                document.course,
                document.parent,
                f"{stem}.{checked.extension}",
                exclude_pk=document.pk,
            )
        document.content_type, document.size = checked.content_type, checked.size
        document.thumbnail = ""
        _save_file(document, upload, written)
        document.save()
        _delete_blobs_on_commit(old_blobs)
    return document


# --- Any document -----------------------------------------------------------------------------


@transaction.atomic
def document_rename(*, document: Document, name: str) -> Document:
    name = validate_name(name)
    old_ext = extension_of(document.name)
    if document.is_file and old_ext and extension_of(name) != old_ext:
        # The extension tells browsers and learners' computers what the file is: keep it.
        name = f"{name}.{old_ext}"
    if _name_taken(document.course, document.parent, name, exclude_pk=document.pk):
        raise _taken_error(name)
    document.name = name
    with _unique_name(name):
        document.save(update_fields=["name", "updated_at"])
    return document


@transaction.atomic
def document_move(*, document: Document, target: Document | None) -> Document:
    course = document.course
    _check_folder(course, target)
    if target is not None and target.path.startswith(document.path):
        raise DocumentError(_("A folder cannot be moved into itself or one of its sub-folders."))
    if (target.pk if target else None) == document.parent_id:
        return document
    if _name_taken(course, target, document.name):
        raise _taken_error(document.name)
    old_prefix = document.path
    new_prefix = f"{target.path if target else '/'}{document.pk}/"
    document.parent = target
    with _unique_name(document.name):
        document.save(update_fields=["parent", "updated_at"])
    subtree = list(Document.objects.filter(course=course, path__startswith=old_prefix))
    for node in subtree:
        node.path = new_prefix + node.path[len(old_prefix) :]
    Document.objects.bulk_update(subtree, ["path"], batch_size=500)
    document.path = new_prefix
    return document


@transaction.atomic
def document_set_visibility(*, document: Document, visible: bool) -> Document:
    document.visible = visible
    document.save(update_fields=["visible", "updated_at"])
    return document


@transaction.atomic
def document_delete(*, document: Document) -> int:
    """Delete a document, or a folder with everything in it; returns how many were removed."""
    subtree = Document.objects.filter(course=document.course, path__startswith=document.path)
    blobs = []
    for file_name, thumb_name in subtree.values_list("file", "thumbnail"):
        blobs += [file_name, thumb_name]
    count = subtree.count()
    # Children first is not needed: the parent foreign key cascades inside the database.
    Document.objects.filter(pk=document.pk).delete()
    _delete_blobs_on_commit(blobs)
    return count


# --- Zip archives -----------------------------------------------------------------------------


def _zip_folder(course, parent, name, user, folders: dict, result: ZipImportResult):
    key = (parent.pk if parent else None, name.lower())
    if key in folders:
        return folders[key]
    existing = (
        _siblings(course, parent).filter(name__iexact=name, kind=Document.Kind.FOLDER).first()
    )
    if existing is None:
        existing = Document.objects.create(
            course=course,
            parent=parent,
            kind=Document.Kind.FOLDER,
            name=_free_name(course, parent, name),
            created_by=user,
        )
        _set_path(existing)
        result.folders.append(existing)
    folders[key] = existing
    return existing


def zip_import(*, course: Course, parent: Document | None, upload, user) -> ZipImportResult:
    """Unpack a zip archive into a folder, all or nothing.

    The archive is inspected before anything is written (traversal, absolute paths, links,
    zip bombs, file count), its unpacked size must fit in the quota, and every file in it goes
    through the platform's upload check. Any refusal leaves the tree as it was.
    """
    _check_folder(course, parent)
    _checked(upload, extensions={"zip"})
    result = ZipImportResult()
    try:
        archive = open_zip(upload)
        with archive:
            entries = inspect_zip(archive, max_files=ZIP_MAX_FILES)
            _ensure_room(course, sum(entry.size for entry in entries))
            free = selectors.quota_summary(course)["free"]
            with tempfile.TemporaryDirectory(prefix="docs-zip-") as tmp:
                safe_extract(archive, Path(tmp), max_files=ZIP_MAX_FILES, max_total_bytes=free)
                files = _zip_files_checked(Path(tmp), entries, result)
                _zip_store(course, parent, user, Path(tmp), files, result)
    except UnsafeArchive as error:
        raise _archive_refused(str(error)) from error
    return result


ZIP_JOB_KIND = "documents_zip_import"


def zip_import_queue(*, course: Course, parent: Document | None, upload, user):
    """Check an archive now, unpack it in the background; returns the Job to watch.

    What can be told from the archive's directory (traversal, absolute paths, links, zip
    bombs, file count, quota) is refused at once, so the teacher sees it on the form. The
    unpacking itself, and the check of every file's content, happen in the Celery task,
    which runs ``zip_import`` on the stored copy: all or nothing, as always.
    """
    from core.jobs import job_create, job_enqueue
    from documents.tasks import zip_import_task

    _check_folder(course, parent)
    _checked(upload, extensions={"zip"})
    try:
        with open_zip(upload) as archive:
            entries = inspect_zip(archive, max_files=ZIP_MAX_FILES)
    except UnsafeArchive as error:
        raise _archive_refused(str(error)) from error
    _ensure_room(course, sum(entry.size for entry in entries))
    upload.seek(0)
    stored = default_storage.save(
        f"documents/{course.pk}/incoming/{uuid.uuid4().hex}.zip", File(upload)
    )
    job = job_create(
        kind=ZIP_JOB_KIND,
        user=user,
        course=course,
        payload={"archive": stored, "folder": parent.pk if parent else None},
        files=[stored],
    )
    job_enqueue(job, zip_import_task)
    return job


def _archive_refused(reason: str) -> DocumentError:
    reason = reason.strip()
    if not reason.endswith((".", "!", "?", ")")):
        reason += "."
    return DocumentError(
        _("The archive was refused: %(reason)s Nothing was imported.") % {"reason": reason}
    )


def _zip_files_checked(root: Path, entries, result: ZipImportResult) -> list[tuple[list, str]]:
    files, problems = [], []
    for entry in entries:
        if entry.is_dir:
            continue
        parts = entry.name.split("/")
        if parts[0] == "__MACOSX" or parts[-1].lower() in _ZIP_JUNK:
            result.skipped.append(entry.name)
            continue
        cleaned = [clean_filename(part) for part in parts]
        if not all(cleaned):
            problems.append(_("%(name)s has no usable name.") % {"name": entry.name})
            continue
        source = root / entry.name
        with open(source, "rb") as handle:
            head = handle.read(8192)
        try:
            check_bytes(name=cleaned[-1], head=head, size=source.stat().st_size)
        except UploadRejected as error:
            problem = {"name": entry.name, "problem": error.message}
            problems.append(_("%(name)s: %(problem)s") % problem)
            continue
        files.append((cleaned, entry.name))
    if problems:
        shown = " ".join(problems[:5])
        more = len(problems) - 5
        if more > 0:
            shown += " " + ngettext(
                "(and %(count)d more problem)", "(and %(count)d more problems)", more
            ) % {"count": more}
        raise _archive_refused(shown)
    return files


def _zip_store(course, parent, user, root: Path, files, result: ZipImportResult) -> None:
    folders: dict = {}
    with _blobs() as written, transaction.atomic():
        _ensure_room(course, sum((root / name).stat().st_size for _parts, name in files))
        for parts, entry_name in files:
            folder = parent
            for part in parts[:-1]:
                folder = _zip_folder(course, folder, part, user, folders, result)
            source_path = root / entry_name
            with open(source_path, "rb") as handle:
                checked = check_bytes(
                    name=parts[-1], head=handle.read(8192), size=source_path.stat().st_size
                )
                document = Document(
                    course=course,
                    parent=folder,
                    kind=Document.Kind.FILE,
                    name=_free_name(course, folder, checked.name),
                    content_type=checked.content_type,
                    size=checked.size,
                    created_by=user,
                )
                _save_file(document, handle, written)
                document.save()
            _set_path(document)
            result.files.append(document)


def folder_zip(*, course: Course, folder: Document | None, include_hidden: bool):
    """A temporary file holding the folder (or the whole tree) as a zip; the caller closes it."""
    if folder is None:
        nodes = Document.objects.filter(course=course).order_by("path")
        # Groups' folders belong to their spaces, not to the course's archive.
        groups = set(nodes.filter(parent=None, group_id__isnull=False).values_list("pk", flat=True))
        if not include_hidden:
            hidden = set(nodes.filter(visible=False).values_list("pk", flat=True))
            nodes = [n for n in nodes if not hidden.intersection(n.ancestor_ids + [n.pk])]
        nodes = [n for n in nodes if not groups.intersection(n.ancestor_ids[:1] + [n.pk])]
        base: list[int] = []
    else:
        nodes = selectors.descendants(folder, include_hidden=include_hidden)
        base = folder.ancestor_ids + [folder.pk]
    nodes = list(nodes)
    names = {node.pk: node.name for node in nodes}
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for node in nodes:
            relative = [names[pk] for pk in node.ancestor_ids[len(base) :] if pk in names]
            arcname = "/".join([*relative, node.name])
            if node.is_folder:
                archive.writestr(arcname + "/", b"")
            elif node.is_page:
                archive.writestr(arcname + ".html", _page_as_file(node))
            elif node.file:
                try:
                    with (
                        default_storage.open(node.file.name, "rb") as source,
                        archive.open(arcname, "w", force_zip64=True) as target,
                    ):
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
                except FileNotFoundError:
                    continue
    out.seek(0)
    return out


def _page_as_file(page: Document) -> bytes:
    from django.utils.html import escape

    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
        f"{escape(page.name)}</title></head>\n<body>\n{sanitize_html(page.content)}\n</body></html>\n"
    ).encode()


@transaction.atomic
def group_folder_ensure(*, course: Course, group_id: int, name: str) -> Document:
    """The folder at the top of the tree that holds a group's documents (created once)."""
    folder = Document.objects.filter(course=course, parent=None, group_id=group_id).first()
    if folder is not None:
        return folder
    taken = set(Document.objects.filter(course=course, parent=None).values_list("name", flat=True))
    candidate, number = name[:190], 1
    while candidate in taken:
        number += 1
        candidate = f"{name[:180]} ({number})"
    folder = Document.objects.create(
        course=course, kind=Document.Kind.FOLDER, name=candidate, group_id=group_id
    )
    _set_path(folder)
    return folder


# --- A deleted group's documents (groups.api.GroupContent) -------------------------------------


def group_content_count(course: Course, group_id: int) -> int:
    """Files, pages and folders in the group's folder (the folder itself not counted)."""
    folder = Document.objects.filter(course=course, parent=None, group_id=group_id).first()
    if folder is None:
        return 0
    return Document.objects.filter(course=course, path__startswith=folder.path).count() - 1


@transaction.atomic
def group_content_release(*, course: Course, group_id: int, group_name: str, keep: bool) -> None:
    """Keep: the group's folder becomes a course folder named after the group, hidden from
    learners until a teacher shows it (it was the group's). Else it goes, with its files."""
    folder = Document.objects.filter(course=course, parent=None, group_id=group_id).first()
    if folder is None:
        return
    if not keep:
        document_delete(document=folder)
        return
    folder.group_id, folder.visible = None, False
    folder.name = _free_name(course, None, group_name[:190] or folder.name, exclude_pk=folder.pk)
    folder.save(update_fields=["group_id", "visible", "name", "updated_at"])
