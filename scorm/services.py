"""Runtime data: what SCOs commit and what AICC units post over HACP.

The server owns the attempt: it validates the elements a SCO sends (the runtime module's
``validate_cmi``), keeps them per learner, item and attempt, and derives the item's status,
score and time (``summarize``) before moving the path's counters through learnpaths.api.
"""

import importlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from learnpaths.api import progress_row, record_progress
from scorm import aicc
from scorm.kinds import learner_name, new_session_id
from scorm.models import AiccSession, ScoData

# Elements a SCO may write but never read back; not replayed at the next launch.
WRITE_ONLY = {
    "1.2": {"cmi.core.session_time", "cmi.core.exit"},
    "2004": {"cmi.session_time", "cmi.exit"},
}


def plain_number(value) -> str:
    """80.00 -> "80", 0.8000 -> "0.8": never an exponent (Decimal.normalize gives 8E+1)."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def datamodel():
    """The runtime's data model module (scorm/runtime/datamodel.py)."""
    return importlib.import_module("scorm.runtime.datamodel")


def _progress_for(*, attempt, item):
    return progress_row(attempt=attempt, item=item)


@transaction.atomic
def sco_session_start(*, attempt, item, version: str) -> ScoData:
    """A launch: a new session whose time the commits will add to the item's time."""
    progress = _progress_for(attempt=attempt, item=item)
    data, _created = ScoData.objects.get_or_create(progress=progress, defaults={"version": version})
    if version == "2004" and data.finished and data.cmi.get("cmi.exit") != "suspend":
        # SCORM 2004: after a normal exit, the next launch is a new attempt on the SCO: its
        # data model starts afresh (the item keeps its status until the SCO reports again).
        data.cmi = {}
    data.session_seconds = 0
    data.finished = False
    data.save(update_fields=["cmi", "session_seconds", "finished", "updated_at"])
    data.progress = progress
    return data


def _duration_12(seconds: int) -> str:
    return f"{seconds // 3600:04d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _duration_2004(seconds: int) -> str:
    return f"PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"


def initial_cmi(*, version: str, data: ScoData, item, user) -> dict:
    """What the runtime starts with: the stored elements plus what the LMS owns."""
    stored = {k: v for k, v in data.cmi.items() if k not in WRITE_ONLY.get(version, set())}
    progress = data.progress
    resumed = data.cmi.get("cmi.core.exit" if version == "1.2" else "cmi.exit") == "suspend"
    entry = "resume" if resumed else ("" if data.cmi else "ab-initio")
    if version == "1.2":
        lms = {
            "cmi.core.student_id": str(user.pk),
            "cmi.core.student_name": learner_name(user),
            "cmi.core.credit": "credit",
            "cmi.core.entry": entry,
            "cmi.core.lesson_mode": "normal",
            "cmi.core.total_time": _duration_12(progress.seconds),
            "cmi.launch_data": item.launch_data,
        }
        if item.mastery_score is not None:
            lms["cmi.student_data.mastery_score"] = plain_number(item.mastery_score)
        if item.extra.get("max_time_allowed"):
            lms["cmi.student_data.max_time_allowed"] = item.extra["max_time_allowed"]
        if item.extra.get("time_limit_action"):
            lms["cmi.student_data.time_limit_action"] = item.extra["time_limit_action"]
        stored.setdefault("cmi.core.lesson_status", "not attempted")
    else:
        lms = {
            "cmi.learner_id": str(user.pk),
            "cmi.learner_name": learner_name(user, last_first=False),
            "cmi.credit": "credit",
            "cmi.entry": entry,
            "cmi.mode": "normal",
            "cmi.total_time": _duration_2004(progress.seconds),
            "cmi.launch_data": item.launch_data,
        }
        if item.mastery_score is not None:
            lms["cmi.scaled_passing_score"] = plain_number(
                (Decimal(item.mastery_score) / 100).quantize(Decimal("0.0001"))
            )
        if item.extra.get("completion_threshold"):
            lms["cmi.completion_threshold"] = item.extra["completion_threshold"]
        if item.extra.get("max_time_allowed", "").startswith("P"):
            lms["cmi.max_time_allowed"] = item.extra["max_time_allowed"]
        if item.extra.get("time_limit_action"):
            lms["cmi.time_limit_action"] = item.extra["time_limit_action"]
    return {**stored, **lms}


def _apply_mastery(version: str, summary: dict, item) -> str:
    """SCORM 1.2: with a mastery score and a raw score, the LMS decides passed or failed."""
    status = summary.get("status") or "incomplete"
    raw = summary.get("score_raw")
    scored = version == "1.2" and item.mastery_score is not None and raw is not None
    if scored and status in {"completed", "passed", "failed"}:
        status = "passed" if Decimal(str(raw)) >= item.mastery_score else "failed"
    return status


@transaction.atomic
def sco_commit(*, attempt, item, version: str, cmi: dict, final: bool) -> tuple[ScoData, list]:
    """Validate and keep what a SCO committed, then move the item's progress."""
    model = datamodel()
    cleaned, errors = model.validate_cmi(version, cmi)
    progress = _progress_for(attempt=attempt, item=item)
    data, _created = ScoData.objects.select_for_update().get_or_create(
        progress=progress, defaults={"version": version}
    )
    merged = {**data.cmi, **cleaned}
    summary = model.summarize(version, merged)
    session = max(0, int(summary.get("session_seconds") or 0))
    add_seconds = max(0, session - data.session_seconds)
    data.session_seconds = max(session, data.session_seconds)
    data.cmi = merged
    data.version = version
    data.commits += 1
    data.finished = data.finished or final
    data.save()
    score_raw = summary.get("score_raw")
    score_max = summary.get("score_max")
    if score_raw is None and summary.get("score_scaled") is not None:
        score_raw, score_max = Decimal(str(summary["score_scaled"])) * 100, 100
    record_progress(
        attempt=attempt,
        item=item,
        status=_apply_mastery(version, summary, item),
        score=score_raw,
        score_min=summary.get("score_min"),
        score_max=score_max,
        add_seconds=add_seconds,
        location=summary.get("location") or "",
        suspend_data=summary.get("suspend_data") or "",
    )
    return data, errors


# --- AICC HACP -------------------------------------------------------------------------------


@transaction.atomic
def aicc_session_start(*, attempt, item) -> AiccSession:
    progress = _progress_for(attempt=attempt, item=item)
    return AiccSession.objects.create(session_id=new_session_id(), progress=progress)


HACP_OK, HACP_BAD_COMMAND, HACP_BAD_SESSION, HACP_BAD_DATA = 0, 1, 3, 2
HACP_MESSAGES = {
    HACP_OK: "Successful",
    HACP_BAD_COMMAND: "Invalid Command",
    HACP_BAD_DATA: "Invalid AU password",
    HACP_BAD_SESSION: "Invalid Session ID",
}


def _hacp_reply(error: int, aicc_data: str = "") -> str:
    lines = [f"error={error}", f"error_text={HACP_MESSAGES[error]}", "version=3.5"]
    if aicc_data:
        lines.append(f"aicc_data={aicc_data}")
    return "\r\n".join(lines) + "\r\n"


def _get_param(session: AiccSession) -> str:
    progress = session.progress
    user = progress.attempt.user
    item = progress.item
    status = aicc.AICC_STATUS.get(progress.status, "not attempted")
    if progress.suspend_data and status == "incomplete":
        entry = "resume"
    else:
        entry = "ab-initio" if progress.status == "not_attempted" else ""
    score = "" if progress.score is None else plain_number(progress.score)
    core = [
        "[Core]",
        f"Student_ID={user.pk}",
        f"Student_Name={learner_name(user)}",
        f"Lesson_Location={progress.location}",
        "Credit=C",
        f"Lesson_Status={status}{', ' + entry if entry else ''}",
        f"Score={score}",
        f"Time={aicc.format_time(progress.seconds)}",
        "Lesson_Mode=normal",
        "[Core_Lesson]",
        progress.suspend_data,
        "[Core_Vendor]",
        item.launch_data,
    ]
    if item.mastery_score is not None:
        core += ["[Student_Data]", f"Mastery_Score={plain_number(item.mastery_score)}"]
    return "\r\n".join(core)


def _put_param(session: AiccSession, aicc_data: str) -> None:
    sections = aicc.parse_ini(aicc_data)
    core = sections.get("core", {})
    lesson = sections.get("core_lesson", {}).get("__text__")
    progress = session.progress
    item = progress.item
    status = aicc.parse_status(core.get("lesson_status", ""))
    score = aicc.parse_score(core.get("score", ""))
    scored = item.mastery_score is not None and score is not None
    if scored and status in {"completed", "passed", "failed"}:
        status = "passed" if score >= item.mastery_score else "failed"
    record_progress(
        attempt=progress.attempt,
        item=item,
        status=status,
        score=score,
        score_max=item.extra.get("max_score") or None,
        add_seconds=aicc.parse_time(core.get("time", "")),
        location=core.get("lesson_location"),
        suspend_data=lesson,
    )


def hacp_handle(*, command: str, session_id: str, aicc_data: str) -> str:
    """Answer one HACP request (GetParam, PutParam, ExitAU...) as the protocol's text."""
    command = (command or "").strip().lower()
    if command not in {
        "getparam",
        "putparam",
        "exitau",
        "putcomments",
        "putobjectives",
        "putinteractions",
        "putpath",
        "putperformance",
    }:
        return _hacp_reply(HACP_BAD_COMMAND)
    with transaction.atomic():
        session = (
            AiccSession.objects.select_for_update()
            .select_related("progress__attempt__user", "progress__item")
            .filter(session_id=(session_id or "").strip(), ended_at__isnull=True)
            .first()
        )
        if session is None or not session_id:
            return _hacp_reply(HACP_BAD_SESSION)
        session.last_seen = timezone.now()
        if command == "getparam":
            reply = _hacp_reply(HACP_OK, _get_param(session))
        elif command == "putparam":
            _put_param(session, aicc_data or "")
            reply = _hacp_reply(HACP_OK)
        elif command == "exitau":
            session.ended_at = timezone.now()
            reply = _hacp_reply(HACP_OK)
        else:  # comments, objectives, interactions...: accepted, not kept
            reply = _hacp_reply(HACP_OK)
        session.save(update_fields=["last_seen", "ended_at"])
    return reply
