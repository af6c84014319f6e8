"""Server side of the SCORM run-time: validate what content commits, and what it means."""

from scorm.runtime.datamodel import (
    SCORM12,
    SCORM2004,
    add_time,
    initial_cmi,
    parse_timespan,
    summarize,
    validate_adl_data,
    validate_cmi,
)

__all__ = [
    "SCORM12",
    "SCORM2004",
    "add_time",
    "initial_cmi",
    "parse_timespan",
    "summarize",
    "validate_adl_data",
    "validate_cmi",
]
