"""ISO 8601 durations (xs:duration) as SCORM 2004 writes them: the manifest's
``attemptAbsoluteDurationLimit`` (IMS SS limitConditions) and the run-time's timeinterval
(RTE 4.1.1.7, e.g. ``cmi.session_time``). Here, not in scorm.runtime, because the sequencing
engine needs it and imports nothing of the platform."""

import re

ISO_DURATION = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)


def is_duration(value: str) -> bool:
    """Whether ``value`` is a well-formed duration: "P" alone and a "T" with no time part are
    not (xs:duration)."""
    return bool(ISO_DURATION.fullmatch(value)) and value != "P" and not value.endswith("T")


def duration_seconds(value: str | None) -> float | None:
    """Seconds in an ISO 8601 duration ("PT1H2M3.5S" -> 3723.5); None when empty or malformed.

    Years count 365 days and months 30 days (the specification leaves it open; content and
    manifests write hours, minutes and seconds in practice).
    """
    if not value or not isinstance(value, str) or not is_duration(value):
        return None
    m = ISO_DURATION.fullmatch(value)
    years, months, days, hours, minutes = (int(m.group(i) or 0) for i in range(1, 6))
    seconds = float(m.group(6) or 0)
    return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds


def format_duration(seconds: float) -> str:
    """Seconds as a SCORM 2004 timeinterval (RTE 4.1.1.7, xs:duration), in the shortest form
    the ADL's run-time gives for cmi.total_time (RTE 4.2.28): days, hours, minutes and seconds
    to the hundredth, each only when not zero (93784.5 -> "P1DT2H3M4.5S", 60 -> "PT1M");
    nothing at all is "PT0H0M0S", as the element's initial value. Years and months are never
    used (their length varies)."""
    centis = int(round(max(0.0, float(seconds)) * 100))
    if centis == 0:
        return "PT0H0M0S"
    days, centis = divmod(centis, 86_400_00)
    hours, centis = divmod(centis, 3600_00)
    minutes, centis = divmod(centis, 60_00)
    whole, hundredths = divmod(centis, 100)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if whole or hundredths:
        time += str(whole) + (f".{hundredths:02d}".rstrip("0") if hundredths else "") + "S"
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
