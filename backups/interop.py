"""What the Common Cartridge and Moodle imports share: the archive check, the XML parser, the
import report, and an all-or-nothing run that removes stored files when it fails.

An import reads an uploaded zip (checked like any upload: traversal, links, bombs, sizes),
creates content through each tool's api.py inside one transaction, and tells what it created
and what it left out and why (``ImportReport``).
"""

import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from core.archives import UnsafeArchive, inspect_zip, is_gzip, open_zip, tar_to_zip
from documents.api import DocumentRefused

MAX_FILES = 5000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024

# What a report's lines are about: key -> label shown to the teacher.
KINDS = {
    "section": gettext_lazy("Section"),
    "folder": gettext_lazy("Folder"),
    "file": gettext_lazy("File"),
    "page": gettext_lazy("Web page"),
    "link": gettext_lazy("Link"),
    "test": gettext_lazy("Test"),
    "question": gettext_lazy("Question"),
    "forum": gettext_lazy("Forum"),
    "glossary": gettext_lazy("Glossary term"),
    "assignment": gettext_lazy("Assignment"),
    "activity": gettext_lazy("Activity"),
    "resource": gettext_lazy("Resource"),
}


class InteropError(ValueError):
    """The whole archive is refused; the message is for the teacher. Nothing was imported."""


class Skip(Exception):
    """One item is left out; the message (the reason) goes into the report."""


@dataclass
class ImportReport:
    """What an import created (kind -> titles) and what it left out (kind, title, reason)."""

    imported: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)
    source: str = ""  # "Common Cartridge 1.1", "Moodle 4.1"...

    def add(self, kind: str, title: str) -> None:
        self.imported.setdefault(kind, []).append(str(title))

    def skip(self, kind: str, title: str, reason: str) -> None:
        self.skipped.append({"kind": kind, "title": str(title), "reason": str(reason)})

    def count(self, kind: str) -> int:
        return len(self.imported.get(kind, []))

    def as_dict(self) -> dict:
        """A JSON-ready form, kept on the job (``Job.result``) and shown by the report page."""
        return {"source": self.source, "imported": self.imported, "skipped": self.skipped}


def report_rows(result: dict) -> tuple[list[dict], list[dict]]:
    """The imported counts and skipped lines of a stored report, with their kinds' labels."""
    imported = [
        {"kind": str(KINDS.get(kind, kind)), "count": len(titles), "titles": titles}
        for kind, titles in (result.get("imported") or {}).items()
    ]
    skipped = [
        dict(row, label=str(KINDS.get(row.get("kind"), row.get("kind"))))
        for row in result.get("skipped") or []
    ]
    return imported, skipped


@contextmanager
def open_archive(fileobj, *, required: str):
    """Open an uploaded archive after the one archive check (core.archives), and require the
    entry ``required`` (imsmanifest.xml, moodle_backup.xml); use as ``with``. A gzipped tar
    (Moodle's default .mbz) is re-packed as a zip first, under the same checks. Raises
    InteropError."""
    with tempfile.TemporaryFile() as repacked:
        try:
            if hasattr(fileobj, "read") and is_gzip(fileobj):
                tar_to_zip(fileobj, repacked, max_files=MAX_FILES, max_total_bytes=MAX_TOTAL_BYTES)
                fileobj = repacked
            archive = open_zip(fileobj)
            inspect_zip(archive, max_files=MAX_FILES, max_total_bytes=MAX_TOTAL_BYTES)
        except UnsafeArchive as error:
            raise InteropError(str(error)) from error
        with archive:
            if required not in archive.NameToInfo:
                raise InteropError(
                    _(
                        "The archive has no %(name)s at its top: it is not the expected kind "
                        "of file."
                    )
                    % {"name": required}
                )
            yield archive


def _parser():
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def parse_xml(content: bytes, name: str):
    """The root element of an XML file read with entities and network access off; raises
    InteropError naming the file when it is not well-formed."""
    try:
        return etree.fromstring(content, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise InteropError(
            _("%(name)s is not well-formed XML: %(error)s")
            % {"name": name, "error": getattr(error, "msg", str(error))}
        ) from None


def read_entry(archive: zipfile.ZipFile, name: str, *, limit: int = MAX_TOTAL_BYTES) -> bytes:
    """An entry's bytes (at most ``limit``); KeyError when the archive has no such entry."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise Skip(_("%(name)s is too large.") % {"name": name})
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Skip(_("%(name)s is too large.") % {"name": name})
    return data


def read_xml(archive: zipfile.ZipFile, name: str):
    """The parsed XML entry ``name``; InteropError when missing or malformed."""
    try:
        return parse_xml(read_entry(archive, name, limit=MAX_XML_BYTES), name)
    except KeyError:
        raise InteropError(_("The archive has no %(name)s.") % {"name": name}) from None


def local(element) -> str:
    """An element's name without its namespace (cartridge versions differ only there)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def kids(element, name: str) -> list:
    """The children of ``element`` named ``name``, whatever their namespace."""
    if element is None:
        return []
    return [child for child in element if local(child) == name]


def first(element, *path: str):
    """The first element down ``path`` (names, any namespace), or None."""
    for name in path:
        found = kids(element, name)
        if not found:
            return None
        element = found[0]
    return element


def text(element, *path: str, default: str = "") -> str:
    found = first(element, *path) if path else element
    if found is None or found.text is None:
        return default
    return found.text.strip()


def _remove_blobs(documents: list) -> None:
    for document in documents:
        for blob in (document.file, document.thumbnail):
            if blob and blob.name:
                default_storage.delete(blob.name)


@contextmanager
def stored_files_removed_on_failure():
    """Collect the documents an import stores; if the import fails (its transaction rolled
    back), their blobs are removed too, so nothing is left behind."""
    documents: list = []
    try:
        yield documents
    except BaseException:
        _remove_blobs(documents)
        raise


@contextmanager
def item(report: ImportReport, kind: str, title: str, stored: list | None = None):
    """Run one item's import in a savepoint: a refusal (Skip, a tool's ValueError, a refused
    document) rolls back this item only, removes the files it stored (the documents it added
    to ``stored``), and is reported with its reason."""
    mark = len(stored) if stored is not None else 0
    try:
        with transaction.atomic():
            yield
    except (Skip, ValueError, DocumentRefused) as error:
        if stored is not None:
            _remove_blobs(stored[mark:])
            del stored[mark:]
        reason = error if isinstance(error, Skip) else getattr(error, "message", None) or error
        report.skip(kind, title, str(reason))
