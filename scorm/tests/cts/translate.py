"""Turn the ADL SCORM 2004 4th Edition CTS test-case scripts (``TestCases/<name>.properties``)
into plain API calls with their expected results, the way the CTS's own driver does
(org.adl.testsuite.rte.lms.util.LMSParser and Command, TestCaseEvaluator for the comparison).

The scripts, the packages' manifests and the abbreviation table
(``resources/org/adl/testsuite/rte/lms/util/resources/Commands.properties``) are read from the
unmodified copy of adlnet/SCORM-2004-4ed-Test-Suite vendored in ``adl/`` (see its README), or
from another checkout named by $LMS_ADL_CTS_DIR.
"""

import os
import re
from pathlib import Path

COMMANDS_TABLE = (
    "software_development/resources/org/adl/testsuite/rte/lms/util/resources/Commands.properties"
)
TEST_CASES = "software_development/TestSuite/LMSRTE/Courses/TestCases"
COURSES = "software_development/TestSuite/LMSRTE/Courses"
VENDORED = Path(__file__).parent / "adl"

# The packages the normal test run plays in the browser: at least one of every family (API, CM,
# CO, CT, DMB, DMI, MS, OB, RU, SX, T), each chosen for what it exercises. `make conformance`
# (LMS_CTS_ALL=1) plays all of them.
SUBSET = (
    "API",  # the API instance, its states and error codes
    "CM-01",  # completion and success from the SCO, rolled up
    "CO-01",  # control modes: flow, choice, forward only
    "CO-09",
    "CT-01",  # constrained choice
    "DMB",  # the data model's basic elements, resumed
    "DMI",  # every data model element, set and read back
    "MS-01",  # completion/satisfaction by measure
    "OB-09b",  # global objectives written by OB-09a (played first), read by OB-09b
    "RU-01aa",  # rollup rules
    "RU-12a",
    "SX-02",  # sequencing rules: skip, disabled, hidden
    "SX-05",
    "T-01a",  # navigation requests from the SCO (adl.nav.request)
)


# The tester's instructions (CUI) that are navigation events triggered from the LMS: Continue,
# Previous, Choice~Activity n, Exit (All), Suspend All. The CTS's SCO waits for them without
# terminating, so the request it left pending (adl.nav.request) is not acted on: the learner's
# event takes its place (CM-09*). "Relaunch...", "launch ...", "has ended" come after the SCO
# has terminated by itself.
USER_EVENT = re.compile(r"(Continue|Previous|Choice|Exit|TRIGExitAll|Suspend)")


def cts_dir() -> Path:
    """The CTS checkout the replays read: $LMS_ADL_CTS_DIR when set, else the vendored copy."""
    override = os.environ.get("LMS_ADL_CTS_DIR")
    return Path(override) if override else VENDORED


def package_names(cts: Path) -> list[str]:
    """Every ``LMSTestPackage_<name>`` that has a script (``TestCases/<name>.properties``),
    sorted: the packages the CTS's LMS test plays."""
    return sorted(
        folder.name.removeprefix("LMSTestPackage_")
        for folder in (cts / COURSES).glob("LMSTestPackage_*")
        if (
            cts / TEST_CASES / f"{folder.name.removeprefix('LMSTestPackage_')}.properties"
        ).is_file()
    )


def family(name: str) -> str:
    """ "OB-09b" -> "OB", "T-01a" -> "T", "API" -> "API"."""
    return re.match(r"[A-Z]+", name).group(0)


def _shared_ids(cts: Path, name: str) -> set[str]:
    """The global objectives and shared data stores a package's manifest names."""
    text = (cts / COURSES / f"LMSTestPackage_{name}" / "imsmanifest.xml").read_text("latin-1")
    found = re.findall(r"target(?:Objective)?ID\s*=\s*[\"']([^\"']*)[\"']", text)
    return {" ".join(value.replace("%20", " ").split()) for value in found}


def predecessors(name: str, names: list[str], cts: Path | None = None) -> list[str]:
    """The packages the CTS has the same learner take before ``name`` and whose global
    objectives ``name`` reads: the earlier parts of its test (OB-09a before OB-09b) that name
    a global objective or shared data store ``name`` names too."""
    stem = re.match(r"[A-Z]+-?\d*", name).group(0)
    if stem == name:
        return []
    earlier = [
        other
        for other in names
        if other < name and re.match(r"[A-Z]+-?\d*", other).group(0) == stem
    ]
    if cts is None:
        return earlier
    ids = _shared_ids(cts, name)
    return [other for other in earlier if ids & _shared_ids(cts, other)]


def selected(cts: Path) -> list[str]:
    """The packages to play: all with $LMS_CTS_ALL set (`make conformance`), else SUBSET."""
    names = package_names(cts)
    if os.environ.get("LMS_CTS_ALL"):
        return names
    return [name for name in names if name in SUBSET]


def read_properties(path: Path) -> list[tuple[str, str]]:
    """A Java .properties file as (key, value) pairs in file order (continuation lines,
    \\uXXXX and backslash escapes as java.util.Properties reads them)."""
    text = path.read_bytes().decode("latin-1")
    logical, buffer = [], None
    for raw in text.splitlines():
        line = raw.lstrip() if buffer is not None else raw.lstrip()
        if buffer is None and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            buffer = (buffer or "") + line[:-1]
            continue
        logical.append((buffer or "") + line)
        buffer = None
    if buffer is not None:
        logical.append(buffer)
    pairs = []
    for line in logical:
        key, i = [], 0
        while i < len(line):
            char = line[i]
            if char == "\\" and i + 1 < len(line):
                key.append(line[i : i + 2])
                i += 2
                continue
            if char in "=: \t":
                break
            key.append(char)
            i += 1
        rest = line[i:].lstrip(" \t")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t")
        pairs.append((_unescape("".join(key)), _unescape(rest)))
    return pairs


def _unescape(value: str) -> str:
    def replace(match):
        escaped = match.group(1)
        if escaped.startswith("u"):
            return chr(int(escaped[1:], 16))
        return {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(escaped, escaped)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", replace, value)


class Table:
    """Commands.properties: an abbreviation's text (String.format'ed), or the key itself."""

    def __init__(self, pairs):
        self.values = dict(pairs)

    def get(self, key: str, *args) -> str:
        if key not in self.values:
            return key
        value = self.values[key]
        if args:
            return value.replace("%s", args[0], 1)
        return value.replace("%%", "%")


def _final_split(part: str) -> tuple[str, str]:
    if part.index("!") == len(part) - 1:
        return part[:-1], ""
    i = part.index("!")
    return part[:i], part[i + 1 :]


def _set_params(table: Table, key: str) -> str:
    split = key.split("~")
    start = table.get(split[0])
    n = len(split)
    if n == 2:
        a, b = _final_split(split[-1])
        return f"{start}.{table.get(a)}!{table.get(b)}"
    if n == 3:
        a, b = _final_split(split[-1])
        return f"{start}.{table.get(split[1])}.{table.get(a)}!{table.get(b)}"
    if n == 4:
        a, b = _final_split(split[-1])
        return f"{start}.{table.get(split[1])}.{split[2]}.{table.get(a)}!{table.get(b)}"
    if n == 5:
        if "a~n~r" in key:
            temp = split[2].split("!")
            return (
                f"{start}.{table.get(split[1])}.{table.get(temp[0])}!"
                f"{table.get(temp[1], split[3])}{table.get(split[4])}"
            )
        temp = split[4].split("!")
        return (
            f"{start}.{table.get(split[1])}.{table.get(split[2])}.{table.get(split[3])}."
            f"{table.get(temp[0])}!{table.get(temp[1])}"
        )
    if n == 6:
        a, b = _final_split(split[-1])
        middle = ".".join(table.get(s) for s in split[1:5])
        return f"{start}.{middle}.{table.get(a)}!{table.get(b)}"
    return start


def _get_params(table: Table, key: str) -> str:
    if "~" not in key:
        return key
    split = key.split("~")
    if split[1] == "INTR" and "!" in key:
        split = [s.split("!")[0] if "!" in s else s for s in split]
    if len(split) == 6 and "a~n~r" in key:
        return ".".join(table.get(s) for s in split[:4]) + "." + table.get(split[4], split[5])
    if len(split) == 4 and "a~n~r" in key:
        return ".".join(table.get(s) for s in split)
    return ".".join(table.get(s) for s in split)


API = {
    "I": "Initialize",
    "T": "Terminate",
    "C": "Commit",
    "GET": "GetValue",
    "SET": "SetValue",
    "GES": "GetErrorString",
    "GLE": "GetLastError",
    "GeDi": "GetDiagnostic",
}


def translate(table: Table, script: str, *, learner_id: str) -> dict | None:
    """One script line ("SET->cmi~LOC!z->t->0") as a call for the runner:
    {"fn", "args": [a, b], "value", "error", "mode"} (see the runner for the modes)."""
    split = script.split("->")
    command = split[0]
    if command == "COI":
        return {"fn": "COI", "args": [split[1]], "value": "", "error": "", "mode": "objectives"}
    typed = False
    if command in ("GET", "I", "C"):
        params = _get_params(table, split[1])
        # "c~INTR~4~LR!TY.lf": a response read with its interaction's type (long-fill-in)
        typed = "~INTR~" in split[1] and "!" in split[1]
        value = ""
        for token in split[2:-1]:
            looked = table.get(token)
            value = token if (looked == "" and token != "") else looked
        error = split[-1]
        if "LN" in split[1] or "LI" in split[1]:
            value = learner_id if "LI" in split[1] else ""
    elif command == "SET":
        params = _set_params(table, split[1])
        value = table.get(split[2]) if len(split) > 3 else ""
        error = split[-1]
    elif command in ("GES", "GeDi"):
        params, value, error = split[1], split[2] if len(split) > 2 else "", split[3]
    elif command == "GLE":
        params, value, error = "", split[2], split[3]
    elif command == "T":
        params, value, error = "", "", ""
    else:
        return None  # the CTS's driver skips a line it does not know (one script has a typo)
    fn = API[command]
    if "!" in params:
        i = params.index("!")
        args = [params[:i], params[i + 1 :]]
    else:
        args = [params, ""]
    if fn == "GetValue" and "learner_name" in params:
        mode = "error"
    elif fn == "GetValue" and ("request_valid.choice" in params or "request_valid.jump" in params):
        mode = "request_valid"
    elif fn == "GetValue" and "_children" not in params and "comments_from_lms" in params:
        mode = "comments_from_lms"
    elif fn == "GetValue" and (value != "" or typed) and ("_count" not in params):
        # A response or pattern read with its interaction's type ("GET->c~INTR~4~LR!TY.lf"):
        # the CTS compares it through its data model of that type, an empty value too
        # ("{lang=en}" states the default language of an empty long-fill-in, RTE 4.2.9.1).
        mode = "regular"
    elif fn == "GetValue" and "&" in params and ".id" in params:
        mode = "objective_id"
    elif fn == "GetErrorString":
        mode = "error_string"
    elif fn == "GetDiagnostic":
        mode = "diagnostic"
    else:
        mode = "exact"
    return {"fn": fn, "args": args, "value": value, "error": error, "mode": mode}


def visits(cts_dir: Path, name: str) -> list[tuple[str, str, str]]:
    """The script's visit lines as (visit, field, value), in file order: ("Act1V1",
    "commands.0", "I->->t->0"), ("Act1V1", "CUI", "Continue")...

    CM-09aa's script numbers its second visit of activity 1 "Act1V1" again (after Act2V1):
    a block of a visit already seen, after another visit's, is read as that activity's next
    visit (Act1V2), which is what the script's order of visits says."""
    out, seen, last, mapped, highest = [], set(), None, None, {}
    for key, value in read_properties(cts_dir / TEST_CASES / f"{name}.properties"):
        m = re.fullmatch(r"Act(\d+)V(\d+)\.(.+)", key)
        if not m:
            continue
        act, number, field = m.group(1), int(m.group(2)), m.group(3)
        raw = f"Act{act}V{number}"
        if raw != last:
            if raw in seen:
                number = highest[act] + 1
            seen.add(raw)
            last, mapped = raw, f"Act{act}V{number}"
            highest[act] = max(highest.get(act, 0), number)
        out.append((mapped, field, value))
    return out


def load_case(cts_dir: Path, name: str, *, learner_id: str) -> dict[str, list[dict]]:
    """{"Act1V1": [call, ...], ...} in the script's order, for TestCases/<name>.properties."""
    table = Table(read_properties(cts_dir / COMMANDS_TABLE))
    case: dict[str, list] = {}
    for visit, field, value in visits(cts_dir, name):
        m = re.fullmatch(r"commands\.(\d+)", field)
        call = translate(table, value, learner_id=learner_id) if m else None
        if call is not None:
            # A command number given twice (CO-10's Act1V1.commands.13: the navigation request,
            # then cmi.exit): both are played, in the script's order; CO-10 needs both.
            case.setdefault(visit, []).append((int(m.group(1)), call))
    return {k: [call for _n, call in sorted(v, key=lambda x: x[0])] for k, v in case.items()}


def load_instructions(cts_dir: Path, name: str) -> dict[str, str]:
    """{"Act1V1": "Continue", ...}: what the tester is told to do after each visit (the
    script's ``CUI``: Continue, Previous, Choice~Activity n, TRIGExitAll, Exit, relaunch...)."""
    return {visit: value for visit, field, value in visits(cts_dir, name) if field == "CUI"}
