"""The one check every uploaded file goes through, whatever tool receives it.

A file is accepted when its name has an allowed extension, its size is within the limit and
its first bytes agree with its extension (a program renamed ``notes.pdf`` is refused). The
platform's limits come from settings (``UPLOAD_MAX_FILE_SIZE``, ``UPLOAD_ALLOWED_EXTENSIONS``,
both set from the environment by the administrator); a tool may narrow them per call.

    from core.uploads import UploadRejected, check_upload

    try:
        checked = check_upload(request.FILES["file"])
    except UploadRejected as error:
        ...  # error.message is for the person who sent the file

Forms use ``UploadValidator()`` on a ``FileField``.
"""

import mimetypes
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# Enough for every signature the sniffer knows (office formats look inside the zip header).
SNIFF_BYTES = 8192

DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024
_DOCUMENTS = "pdf doc docx xls xlsx ppt pptx pps ppsx odt ods odp odg rtf txt csv md html htm epub"
_MEDIA = (
    "jpg jpeg png gif webp bmp svg tif tiff ico mp3 wav ogg oga m4a flac aac mp4 m4v webm ogv mov"
)
DEFAULT_ALLOWED_EXTENSIONS = frozenset(f"{_DOCUMENTS} {_MEDIA} zip vtt srt json xml ggb".split(" "))

# Never accepted, whatever the extension says: programs and browser extensions.
_DANGEROUS = frozenset({"exe", "elf", "crx", "swf", "deb", "rpm", "cab", "wasm"})

_ZIP_FAMILY = frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})
_OLE_FAMILY = frozenset({"doc", "xls", "ppt"})
# What the sniffer must find for extensions whose format it knows.
_EXPECTED: dict[str, frozenset[str]] = {
    "jpg": frozenset({"jpg"}),
    "jpeg": frozenset({"jpg"}),
    "png": frozenset({"png", "apng"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "bmp": frozenset({"bmp"}),
    "tif": frozenset({"tif"}),
    "tiff": frozenset({"tif"}),
    "ico": frozenset({"ico"}),
    "mp3": frozenset({"mp3"}),
    "wav": frozenset({"wav"}),
    "ogg": frozenset({"ogg"}),
    "oga": frozenset({"ogg"}),
    "ogv": frozenset({"ogg"}),
    "m4a": frozenset({"m4a", "mp4"}),
    "aac": frozenset({"aac", "m4a"}),
    "flac": frozenset({"flac"}),
    "mp4": frozenset({"mp4", "m4v", "m4a", "mov"}),
    "m4v": frozenset({"m4v", "mp4"}),
    "mov": frozenset({"mov", "mp4"}),
    "webm": frozenset({"webm", "mkv"}),
    "pdf": frozenset({"pdf"}),
    "rtf": frozenset({"rtf"}),
    **dict.fromkeys(_ZIP_FAMILY, _ZIP_FAMILY),
    "ggb": _ZIP_FAMILY,
    "ppsx": _ZIP_FAMILY,
    **dict.fromkeys(_OLE_FAMILY, _OLE_FAMILY),
    "pps": _OLE_FAMILY,
    "odg": _ZIP_FAMILY,
}
# Text formats: the content must not be a binary format the sniffer recognises.
_TEXT = frozenset({"txt", "csv", "md", "html", "htm", "svg", "vtt", "srt", "json", "xml"})

_CONTENT_TYPES = {
    "md": "text/markdown",
    "vtt": "text/vtt",
    "srt": "text/plain",
    "m4a": "audio/mp4",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "ogv": "video/ogg",
    "webm": "video/webm",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "aac": "audio/aac",
    "ggb": "application/vnd.geogebra.file",
    "epub": "application/epub+zip",
}


class UploadRejected(ValidationError):
    """The file is refused; ``message`` is for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message, code="upload_rejected")


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # cleaned file name, safe to show and to offer as a download name
    extension: str  # lower case, without the dot
    size: int
    content_type: str


def max_upload_size() -> int:
    return int(getattr(settings, "UPLOAD_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE))


def allowed_extensions() -> frozenset[str]:
    configured = getattr(settings, "UPLOAD_ALLOWED_EXTENSIONS", None)
    if not configured:
        return DEFAULT_ALLOWED_EXTENSIONS
    return frozenset(ext.strip().lower().lstrip(".") for ext in configured if ext.strip())


def clean_filename(name: str, *, max_length: int = 200) -> str:
    """The last path segment of a name, without control characters; empty when nothing is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    name = " ".join(name.split())
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:max_length].rstrip()
    return name


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def content_type_for(name: str) -> str:
    ext = extension_of(name)
    if ext in _CONTENT_TYPES:
        return _CONTENT_TYPES[ext]
    guessed, _encoding = mimetypes.guess_type(f"x.{ext}", strict=False)
    return guessed or "application/octet-stream"


def sniff(head: bytes) -> str | None:
    """The extension of the format the bytes start with, or None for unrecognised (text...)."""
    kind = filetype.guess(head)
    return kind.extension if kind else None


def _read_head(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    head = file.read(SNIFF_BYTES)
    file.seek(position)
    return bytes(head or b"")


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def check_bytes(
    *,
    name: str,
    head: bytes,
    size: int,
    max_size: int | None = None,
    extensions: frozenset[str] | set[str] | None = None,
) -> CheckedUpload:
    """Check a file known by its name, first bytes and size (for files already on disk)."""
    cleaned = clean_filename(name)
    if not cleaned:
        raise UploadRejected(_("The file has no usable name."))
    limit = max_upload_size() if max_size is None else min(max_size, max_upload_size())
    if size > limit:
        raise UploadRejected(
            _("%(name)s is too large (%(size)s); the maximum is %(max)s.")
            % {"name": cleaned, "size": filesizeformat(size), "max": filesizeformat(limit)}
        )
    if size == 0:
        raise UploadRejected(_("%(name)s is empty.") % {"name": cleaned})
    ext = extension_of(cleaned)
    allowed = allowed_extensions()
    if extensions is not None:
        allowed = allowed & {e.lower() for e in extensions}
    if not ext or ext not in allowed:
        raise UploadRejected(
            _("Files of this type (%(ext)s) are not accepted. Allowed: %(allowed)s.")
            % {
                "ext": f".{ext}" if ext else _("no extension"),
                "allowed": ", ".join(sorted(allowed)),
            }
        )
    found = sniff(head)
    if found in _DANGEROUS:
        raise UploadRejected(
            _("%(name)s contains a program; programs are not accepted.") % {"name": cleaned}
        )
    mismatch = False
    if ext in _TEXT:
        mismatch = found is not None or b"\x00" in head
    elif ext in _EXPECTED:
        expected = _EXPECTED[ext]
        # Old binary office files are not always recognised; anything else must be.
        mismatch = found not in expected and not (found is None and expected is _OLE_FAMILY)
    if mismatch:
        raise UploadRejected(
            _("The content of %(name)s does not match its extension (.%(ext)s).")
            % {"name": cleaned, "ext": ext}
        )
    return CheckedUpload(
        name=cleaned, extension=ext, size=size, content_type=content_type_for(cleaned)
    )


def check_upload(
    file,
    *,
    name: str | None = None,
    max_size: int | None = None,
    extensions: frozenset[str] | set[str] | None = None,
) -> CheckedUpload:
    """Check an uploaded file (Django UploadedFile or any seekable binary file object)."""
    return check_bytes(
        name=name if name is not None else getattr(file, "name", "") or "",
        head=_read_head(file),
        size=_file_size(file),
        max_size=max_size,
        extensions=extensions,
    )


@deconstructible
class UploadValidator:
    """For form and model FileFields: ``validators=[UploadValidator(extensions={"pdf"})]``."""

    def __init__(self, *, max_size: int | None = None, extensions=None):
        self.max_size = max_size
        self.extensions = frozenset(extensions) if extensions else None

    def __call__(self, file):
        check_upload(file, max_size=self.max_size, extensions=self.extensions)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.max_size == other.max_size
            and self.extensions == other.extensions
        )


ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024  # bytes, under the platform's own limit
# What announcements, forums, agenda events and project articles accept as attachments:
# documents, pictures and sound, never web pages or scripts that a browser could run.
ATTACHMENT_EXTENSIONS = frozenset(
    {
        "csv",
        "doc",
        "docx",
        "gif",
        "jpeg",
        "jpg",
        "mp3",
        "odp",
        "ods",
        "odt",
        "pdf",
        "png",
        "ppt",
        "pptx",
        "rtf",
        "txt",
        "webp",
        "xls",
        "xlsx",
        "zip",
    }
)
