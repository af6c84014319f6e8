"""Read AICC course structure files (CMI001): .crs, .au, .des, .cst and, when present, .ort
and .pre. Keys and headers are case-insensitive; tables are CSV with quoted fields.

Also the HACP message format: ``[Core]`` key=value sections and free text in
``[Core_Lesson]``.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from scorm.manifest import PackageError

EXTENSIONS = ("crs", "au", "des", "cst", "ort", "pre")


@dataclass
class AiccUnit:
    system_id: str
    title: str
    file_name: str = ""
    web_launch: str = ""
    au_type: str = ""
    mastery_score: Decimal | None = None
    max_score: Decimal | None = None
    max_time_allowed: str = ""
    time_limit_action: str = ""
    description: str = ""
    prerequisites: str = ""
    core_vendor: str = ""  # [Core_Vendor] of GetParam
    command_line: str = ""
    system_vendor: str = ""
    is_block: bool = False
    children: list["AiccUnit"] = field(default_factory=list)


@dataclass
class AiccCourse:
    course_id: str
    title: str
    description: str
    version: str
    units: list[AiccUnit]  # the tree's top level
    objectives: list[dict] = field(default_factory=list)

    def walk(self, units=None):
        for unit in self.units if units is None else units:
            yield unit
            yield from self.walk(unit.children)


# Legacy code pages course files are found in, in order of preference when the detector finds
# several equally plausible (Western European first, as most AICC courses are).
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_15",
    "koi8_r",
)
_RE_NON_ASCII_WORD = re.compile(
    rb"[^\x00-\x40\x5b-\x60\x7b-\x7f]*[\x80-\xff][^\x00-\x40\x5b-\x60\x7b-\x7f]*"
)


def detect_encoding(*blobs: bytes) -> str:
    """The encoding of a course's descriptor files: UTF-8 when they all are valid UTF-8, else
    the legacy code page charset-normalizer finds most plausible. Only the words holding
    non-ASCII bytes are looked at: the keys and ASCII values around them would drown a short
    title (a lone "Course_Title=Охрана труда" in cp1251 otherwise reads as cp1250)."""
    try:
        for blob in blobs:
            blob.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    sample = b" ".join(word for blob in blobs for word in _RE_NON_ASCII_WORD.findall(blob))
    matches = list(from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return "cp1252"
    least = min(match.chaos for match in matches)
    best = {match.encoding for match in matches if match.chaos <= least}
    for encoding in LEGACY_ENCODINGS:
        if encoding in best:
            return encoding
    return matches[0].encoding


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text of a descriptor file, in the given encoding or the detected one."""
    encoding = encoding or detect_encoding(data)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")


def parse_ini(text: str) -> dict[str, dict | str]:
    """Sections of key=value lines, keys lower-cased; free-text sections keep their text.

    Returns {section: {key: value}}, and for every section its raw text under
    ``{section: {"__text__": ...}}``.
    """
    sections: dict[str, dict] = {}
    current = sections.setdefault("", {"__text__": ""})
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip().lower(), {"__text__": ""})
            continue
        current["__text__"] += raw_line + "\n"
        if "=" in line and not line.startswith(";"):
            key, _sep, value = line.partition("=")
            current.setdefault(key.strip().lower(), value.strip())
    for section in sections.values():
        section["__text__"] = section["__text__"].strip("\n")
    return sections


def parse_table(text: str) -> list[dict[str, str]]:
    """A CSV table with a header row; headers lower-cased. Repeated headers get a number."""
    rows = list(csv.reader(io.StringIO(text.strip()), skipinitialspace=True))
    if not rows:
        return []
    headers, counts = [], {}
    for header in rows[0]:
        name = header.strip().lower()
        counts[name] = counts.get(name, 0) + 1
        headers.append(name if counts[name] == 1 else f"{name}{counts[name]}")
    table = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        table.append({headers[i]: cell.strip() for i, cell in enumerate(row) if i < len(headers)})
    return table


def _decimal(value: str) -> Decimal | None:
    value = (value or "").strip().rstrip("%")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_course(files: dict[str, bytes]) -> AiccCourse:
    """files: {extension: content} for one course (extension lower-case, without the dot)."""
    missing = [ext for ext in ("crs", "au", "des", "cst") if ext not in files]
    if missing:
        raise PackageError(
            _("The AICC course lacks its %(files)s file(s).")
            % {"files": ", ".join(f".{ext}" for ext in missing)}
        )
    encoding = detect_encoding(*files.values())

    def text(data: bytes) -> str:  # one encoding for the whole course
        return decode(data, encoding)

    crs = parse_ini(text(files["crs"]))
    course = crs.get("course", {})
    description = crs.get("course_description", {}).get("__text__", "").strip()
    descriptors = {row.get("system_id", "").lower(): row for row in parse_table(text(files["des"]))}
    units: dict[str, AiccUnit] = {}
    for row in parse_table(text(files["au"])):
        system_id = row.get("system_id", "")
        if not system_id:
            continue
        descriptor = descriptors.get(system_id.lower(), {})
        units[system_id.lower()] = AiccUnit(
            system_id=system_id,
            title=descriptor.get("title") or system_id,
            description=descriptor.get("description", ""),
            file_name=row.get("file_name", ""),
            web_launch=row.get("web_launch", ""),
            au_type=row.get("type", ""),
            mastery_score=_decimal(row.get("mastery_score", "")),
            max_score=_decimal(row.get("max_score", "")),
            max_time_allowed=row.get("max_time_allowed", ""),
            time_limit_action=row.get("time_limit_action", ""),
            core_vendor=row.get("core_vendor", ""),
            command_line=row.get("command_line", ""),
            system_vendor=row.get("system_vendor", ""),
        )
    if not units:
        raise PackageError(_("The AICC course has no assignable unit (.au file is empty)."))
    for unit in units.values():
        if not unit.file_name:
            raise PackageError(
                _("The AICC unit %(id)s has no file to launch.") % {"id": unit.system_id}
            )
    blocks: dict[str, AiccUnit] = {}
    structure: list[tuple[str, list[str]]] = []
    for row in parse_table(text(files["cst"])):
        block = row.get("block", "")
        members = [value for key, value in row.items() if key.startswith("member") and value]
        if block:
            structure.append((block, members))
    for block, _members in structure:
        key = block.lower()
        if key != "root" and key not in units and key not in blocks:
            descriptor = descriptors.get(key, {})
            blocks[key] = AiccUnit(
                system_id=block,
                title=descriptor.get("title") or block,
                description=descriptor.get("description", ""),
                is_block=True,
            )
    nodes = {**units, **blocks}
    placed: set[str] = set()
    roots: list[AiccUnit] = []
    for block, members in structure:
        parent = None if block.lower() == "root" else nodes.get(block.lower())
        for member in members:
            node = nodes.get(member.lower())
            if node is None or member.lower() in placed or node is parent:
                continue
            placed.add(member.lower())
            (parent.children if parent else roots).append(node)
    for key, node in nodes.items():  # units the structure forgot still get played
        if key not in placed and not any(node is r for r in roots):
            if node.is_block and not node.children:
                continue
            roots.append(node)
    if "pre" in files:
        for row in parse_table(text(files["pre"])):
            values = list(row.values())
            if len(values) >= 2 and values[0].lower() in nodes:
                unit = nodes[values[0].lower()]
                unit.prerequisites = (
                    f"{unit.prerequisites} & {values[1]}" if unit.prerequisites else values[1]
                )
    objectives = parse_table(text(files["ort"])) if "ort" in files else []
    return AiccCourse(
        course_id=course.get("course_id", ""),
        title=course.get("course_title", "") or course.get("course_id", "") or _("AICC course"),
        description=description,
        version=course.get("version", ""),
        units=roots,
        objectives=objectives,
    )


def find_course_files(names: list[str]) -> dict[str, str]:
    """Among archive entries, the descriptor files of one course: {extension: entry name}."""
    found: dict[str, str] = {}
    for name in names:
        lower = name.lower()
        for ext in EXTENSIONS:
            if lower.endswith(f".{ext}") and ext not in found:
                found[ext] = name
    return found


# --- HACP messages ---------------------------------------------------------------------------

STATUS_WORDS = {
    "p": "passed",
    "passed": "passed",
    "c": "completed",
    "completed": "completed",
    "f": "failed",
    "failed": "failed",
    "i": "incomplete",
    "incomplete": "incomplete",
    "b": "incomplete",  # browsed
    "browsed": "incomplete",
    "n": "not_attempted",
    "not attempted": "not_attempted",
}

AICC_STATUS = {
    "passed": "passed",
    "completed": "completed",
    "failed": "failed",
    "incomplete": "incomplete",
    "not_attempted": "not attempted",
}


def parse_status(value: str) -> str | None:
    """'passed', 'p', 'incomplete, suspend'... -> our status, or None when unreadable."""
    head = (value or "").split(",")[0].strip().lower()
    return STATUS_WORDS.get(head)


def parse_score(value: str) -> Decimal | None:
    return _decimal((value or "").split(",")[0])


def parse_time(value: str) -> int:
    """HH:MM:SS(.ss) -> seconds (0 when unreadable)."""
    parts = (value or "").strip().split(":")
    if len(parts) != 3:
        return 0
    try:
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = float(parts[2])
    except ValueError:
        return 0
    if hours < 0 or not 0 <= minutes < 60 or not 0 <= seconds < 60:
        return 0
    return hours * 3600 + minutes * 60 + int(seconds)


def format_time(seconds: int) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
