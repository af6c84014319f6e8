"""A small stand-in for scorm/runtime/datamodel.py (written separately), for tests only.

It follows the agreed signatures: validate_cmi(version, cmi) -> (cleaned, errors) and
summarize(version, cmi) -> dict with status, scores, session_seconds, location, suspend_data
and exit.
"""

import re
import sys
import types

STATUS_12 = {
    "passed": "passed",
    "completed": "completed",
    "failed": "failed",
    "incomplete": "incomplete",
    "browsed": "incomplete",
    "not attempted": "not_attempted",
}


def validate_cmi(version, cmi):
    cleaned, errors = {}, []
    for key, value in cmi.items():
        if not key.startswith(("cmi.", "adl.")) or not isinstance(value, str):
            errors.append(f"{key}: refused")
            continue
        cleaned[key] = value
    return cleaned, errors


def _seconds(value: str) -> int:
    if not value:
        return 0
    match = re.fullmatch(r"(\d+):(\d\d):(\d\d)(\.\d+)?", value)
    if match:
        return int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3])
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.\d+)?S)?", value)
    if match:
        return int(match[1] or 0) * 3600 + int(match[2] or 0) * 60 + int(match[3] or 0)
    return 0


def _number(value):
    return float(value) if value not in (None, "") else None


def summarize(version, cmi):
    if version == "1.2":
        status = STATUS_12.get(cmi.get("cmi.core.lesson_status", ""), "incomplete")
        return {
            "status": status,
            "score_raw": _number(cmi.get("cmi.core.score.raw")),
            "score_min": _number(cmi.get("cmi.core.score.min")),
            "score_max": _number(cmi.get("cmi.core.score.max")),
            "score_scaled": None,
            "session_seconds": _seconds(cmi.get("cmi.core.session_time", "")),
            "location": cmi.get("cmi.core.lesson_location", ""),
            "suspend_data": cmi.get("cmi.suspend_data", ""),
            "exit": cmi.get("cmi.core.exit", ""),
        }
    success = cmi.get("cmi.success_status", "unknown")
    completion = cmi.get("cmi.completion_status", "unknown")
    status = (
        success
        if success in ("passed", "failed")
        else ("completed" if completion == "completed" else "incomplete")
    )
    return {
        "status": status,
        "score_raw": _number(cmi.get("cmi.score.raw")),
        "score_min": _number(cmi.get("cmi.score.min")),
        "score_max": _number(cmi.get("cmi.score.max")),
        "score_scaled": _number(cmi.get("cmi.score.scaled")),
        "session_seconds": _seconds(cmi.get("cmi.session_time", "")),
        "location": cmi.get("cmi.location", ""),
        "suspend_data": cmi.get("cmi.suspend_data", ""),
        "exit": cmi.get("cmi.exit", ""),
    }


def install(monkeypatch):
    module = types.ModuleType("scorm.runtime.datamodel")
    module.validate_cmi = validate_cmi
    module.summarize = summarize
    monkeypatch.setitem(sys.modules, "scorm.runtime.datamodel", module)
    return module
