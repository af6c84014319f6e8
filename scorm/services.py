"""Runtime data: what SCOs commit and what AICC units post over HACP.

The server owns the attempt: it validates the elements a SCO sends (the runtime module's
``validate_cmi``), keeps them per learner, item and attempt, and derives the item's status,
score and time (``summarize``) before moving the path's counters through learnpaths.api.
"""

import importlib
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.compiled import CompiledQuery
from learnpaths.api import progress_row, record_progress
from scorm import aicc
from scorm.kinds import learner_name, new_session_id
from scorm.models import AiccSession, ScoData, SharedDataStore
from scorm.runtime.datamodel import parse_timespan
from sequencing.durations import format_duration

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


# The SCO's data of a progress row (a launch), and locked with its progress row (a commit):
# their SQL built once per process (core.compiled), the ORM's building of it cost more CPU
# than PostgreSQL's answer. Same SQL, rows and query counts as the querysets written out.
SCO_DATA = CompiledQuery(
    lambda progress_id: ScoData.objects.filter(progress_id=progress_id).order_by(),
    progress_id=-6,
)
SCO_DATA_LOCKED = CompiledQuery(
    lambda attempt_id, item_id: (
        ScoData.objects.select_for_update()
        .select_related("progress")
        .filter(progress__attempt_id=attempt_id, progress__item_id=item_id)
        .order_by("pk")
    ),
    attempt_id=-5,
    item_id=-3,
)


def _sco_data_create(*, progress, version: str) -> tuple[ScoData, bool]:
    """``ScoData.objects.get_or_create``'s second half, once ``SCO_DATA`` found no row: create
    it in a savepoint; a concurrent launch that created it first wins (read it)."""
    try:
        with transaction.atomic():
            return ScoData.objects.create(progress=progress, version=version), True
    except IntegrityError:
        return ScoData.objects.get(progress=progress), False


def _progress_for(*, attempt, item):
    return progress_row(attempt=attempt, item=item)


@transaction.atomic(savepoint=False)  # inside the player's transaction: no savepoint
def sco_session_start(
    *, attempt, item, version: str, resumed: bool | None = None, create: bool = True
) -> ScoData:
    """A launch: a new session whose time the commits will add to the item's time.

    ``create=False`` (an asset's launch, ``scorm.kinds``): when the item has no data yet,
    nothing is written: an unsaved row (no elements, entry "ab-initio") is returned and the
    first commit creates it (``sco_commit``), so an asset that never calls the API costs one
    read. One that called it before starts its session as a SCO does.

    ``resumed`` (SCORM 2004 with sequencing: whether the delivery resumed the activity's
    suspended attempt, ``Sequencer.answers``): then the SCO's learner attempt carries on,
    cmi.entry "resume", whatever its last cmi.exit (a suspendAll navigation request suspends
    it too, RTE 4.2.8 and 4.4.3). Otherwise a SCORM 2004 SCO that terminated without
    cmi.exit "suspend" starts a new attempt. SCORM 2004's cmi.total_time (RTE 4.2.28: the
    sum of the attempt's session times) is kept with the data: the last session's time is
    added to it here."""
    progress = _progress_for(attempt=attempt, item=item)
    data, created = SCO_DATA.first(progress_id=progress.pk), False
    if data is None:
        if not create:
            return ScoData(progress=progress, version=version, entry="ab-initio")
        data, created = _sco_data_create(progress=progress, version=version)
    before = (data.cmi, data.entry, data.session_seconds, data.finished)
    previous_exit = data.cmi.get("cmi.core.exit" if version == "1.2" else "cmi.exit")
    carry_on = previous_exit == "suspend" or (bool(resumed) and bool(data.cmi))
    if version == "2004" and data.finished and not carry_on:
        # SCORM 2004: after a normal exit, the next launch is a new attempt on the SCO: its
        # data model starts afresh (the item keeps its status until the SCO reports again).
        data.cmi = {}
    data.entry = "resume" if carry_on else ("" if data.cmi else "ab-initio")
    if version == "2004" and data.cmi.get("cmi.session_time"):
        total = (parse_timespan(data.cmi.get("cmi.total_time")) or 0) + (
            parse_timespan(data.cmi["cmi.session_time"]) or 0
        )
        data.cmi = {**data.cmi, "cmi.total_time": format_duration(total)}
    # Write-only elements belong to the session that wrote them: a session time or exit kept
    # would count the last session's time again when this one commits before setting its own
    # (RTE 1.2 3.4.4 cmi.core.session_time; 2004 RTE 4.2.23, 4.2.11).
    data.cmi = {k: v for k, v in data.cmi.items() if k not in WRITE_ONLY.get(version, set())}
    data.session_seconds = 0
    data.finished = False
    # Reopening a SCO whose session has nothing to reset (a reload, no commit since) writes
    # nothing: the row is already what this launch starts from.
    if created or (data.cmi, data.entry, data.session_seconds, data.finished) != before:
        data.save(update_fields=["cmi", "entry", "session_seconds", "finished", "updated_at"])
    data.progress = progress
    return data


def _duration_12(seconds: int) -> str:
    return f"{seconds // 3600:04d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def initial_cmi(*, version: str, data: ScoData, item, user) -> dict:
    """What the runtime starts with: the stored elements plus what the LMS owns."""
    stored = {k: v for k, v in data.cmi.items() if k not in WRITE_ONLY.get(version, set())}
    progress = data.progress
    entry = data.entry
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
            # The attempt's own total (sco_session_start), not the item's time over attempts.
            "cmi.total_time": stored.get("cmi.total_time") or format_duration(0),
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
        lms.update(shared_data_initial(item=item, user=user))
    return {**stored, **lms}


def shared_data_rules(item) -> dict:
    """{target id: {"read": bool, "write": bool}} from the item's adlcp:map elements."""
    return {
        entry["id"]: {"read": entry["read"], "write": entry["write"]}
        for entry in (item.extra or {}).get("shared_data", [])
    }


def shared_data_initial(*, item, user) -> dict:
    """adl.data.n.id for every store the item maps, in manifest order, and adl.data.n.store
    for those written before, by any SCO of the package, in any attempt (RTE 4.3)."""
    maps = (item.extra or {}).get("shared_data", [])
    if not maps:
        return {}
    stored = dict(
        SharedDataStore.objects.filter(
            path_id=item.path_id, user=user, target_id__in=[entry["id"] for entry in maps]
        ).values_list("target_id", "store")
    )
    out = {}
    for index, entry in enumerate(maps):
        out[f"adl.data.{index}.id"] = entry["id"]
        if entry["id"] in stored:
            out[f"adl.data.{index}.store"] = stored[entry["id"]]
    return out


def _store_shared_data(*, item, user, adl_data) -> list[str]:
    """Keep what the SCO wrote to its shared data stores; refuse stores the item does not map
    or may not write (writeSharedData="false")."""
    model = datamodel()
    clean, errors = model.validate_adl_data(adl_data)
    rules = shared_data_rules(item)
    for target, store in clean.items():
        rule = rules.get(target)
        if rule is None or not rule["write"]:
            errors.append(f"{target}: this shared data store may not be written.")
            continue
        SharedDataStore.objects.update_or_create(
            path_id=item.path_id, user=user, target_id=target[:255], defaults={"store": store}
        )
    return errors


def _rules(version: str, item) -> dict:
    """What the manifest says decides the status, as summarize takes it: the 1.2 mastery
    score (0-100), the 2004 completion threshold and scaled passing score (0-1)."""
    if version == "1.2":
        return {"mastery_score": item.mastery_score}
    passing = None
    if item.mastery_score is not None:
        passing = (Decimal(item.mastery_score) / 100).quantize(Decimal("0.0001"))
    return {
        "completion_threshold": item.extra.get("completion_threshold") or None,
        "scaled_passing_score": passing,
    }


def asset_status(status: str) -> str | None:
    """The status an asset's commit gives its item: a done one it reports ("completed",
    "passed", "failed") is recorded as a SCO's would be; anything less ("incomplete", "not
    attempted", "browsed"...) changes nothing, None: the player completed the asset when it
    delivered it, and what the content says never takes that back.

    Why: an asset is content the LMS launches and tracks itself (RTE 3.1; SN 4.2.1 and
    UP.4, the End Attempt Process: content that does not set its completion status is
    completed by the LMS when its attempt ends, Completion Set by Content being false). The
    specification requires no API of an asset but forbids none; like the ADL Sample RTE,
    SCORM Cloud and Moodle, this LMS gives assets the SCO's run-time so that content
    declared asset by mistake still finds it (CTS SX-08a). What such content reports is
    kept like a SCO's, on top of the delivery's completion, never beneath it."""
    return status if status in {"completed", "passed", "failed"} else None


def asset_report(report: dict) -> dict:
    """What an asset committed, as the sequencing takes it (``Engine.report``'s dict, from
    ``scorm.sequencer.report_from_cmi``): a completion status other than "completed", the
    activity's or an objective's (the primary objective's stands for the activity's, RTE
    4.2.17), is left out, so that the End Attempt Process (SN UP.4: Completion Set by Content
    false and no status from the content) completes the asset's activity when its attempt
    ends, as it did before assets had the run-time. The rest is reported as a SCO's."""
    out = dict(report)
    if out.get("completion_status") != "completed":
        out.pop("completion_status", None)
    out["objectives"] = [
        {k: v for k, v in entry.items() if k != "completion_status" or v == "completed"}
        for entry in report.get("objectives", [])
    ]
    return out


def _apply_mastery(version: str, summary: dict, item, *, final: bool = False) -> str:
    """SCORM 1.2: with a mastery score and a raw score, the LMS decides passed or failed.
    A SCO that finishes (LMSFinish) still "not attempted" is "completed" first (RTE 1.2
    3.4.4, cmi.core.lesson_status, additional behaviour), then the mastery score applies."""
    status = summary.get("status") or "incomplete"
    if version == "1.2" and final and status == "not_attempted":
        status = "completed"
    raw = summary.get("score_raw")
    scored = version == "1.2" and item.mastery_score is not None and raw is not None
    if scored and status in {"completed", "passed", "failed"}:
        status = "passed" if Decimal(str(raw)) >= item.mastery_score else "failed"
    return status


@transaction.atomic
def sco_commit(
    *,
    attempt,
    item,
    version: str,
    cmi: dict,
    final: bool,
    adl_data: dict | None = None,
    nav_request: str = "",
) -> tuple[ScoData, list]:
    """Validate and keep what a SCO (or an asset, ``asset_status``) committed, then move the
    item's progress. ``adl_data`` ({target id: store}, SCORM 2004) goes to the learner's
    shared data stores.

    An asset's commit differs in three ways: a status less than done leaves the item's as the
    delivery made it (``asset_status``); its session time is not added (the player counts
    an asset's time); its completion status is reported to the sequencing only when
    "completed" (UP.4 completes the activity otherwise, as for content that never reports).
    Success status, scores, objectives, location and suspend data are kept as a SCO's."""
    model = datamodel()
    # The SCO's data and the item's progress row, locked together: one query (the launch
    # made both; a commit without a launch makes them here).
    data = SCO_DATA_LOCKED.first(attempt_id=attempt.pk, item_id=item.pk)
    if data is None:
        progress = _progress_for(attempt=attempt, item=item)
        data, _created = ScoData.objects.select_for_update().get_or_create(
            progress=progress, defaults={"version": version}
        )
        data.progress = progress
    progress = data.progress
    # Responses are checked against the interaction's type, sent now or stored before.
    cleaned, errors = model.validate_cmi(version, cmi, data.cmi)
    if adl_data and version == "2004":
        errors += _store_shared_data(item=item, user=attempt.user, adl_data=adl_data)
    merged = {**data.cmi, **cleaned}
    summary = model.summarize(version, merged, **_rules(version, item))
    session = max(0, int(summary.get("session_seconds") or 0))
    add_seconds = max(0, session - data.session_seconds)
    data.session_seconds = max(session, data.session_seconds)
    data.cmi = merged
    data.version = version
    data.commits += 1
    data.finished = data.finished or final
    data.save(
        update_fields=["cmi", "version", "commits", "session_seconds", "finished", "updated_at"]
    )
    score_raw = summary.get("score_raw")
    score_max = summary.get("score_max")
    if score_raw is None and summary.get("score_scaled") is not None:
        score_raw, score_max = Decimal(str(summary["score_scaled"])) * 100, 100
    status = _apply_mastery(version, summary, item, final=final)
    asset = item.kind == "asset"
    record_progress(
        attempt=attempt,
        item=item,
        status=asset_status(status) if asset else status,
        score=score_raw,
        score_min=summary.get("score_min"),
        score_max=score_max,
        # An asset's time is the player's to count, from its delivery to the page's leaving
        # (it is not self-tracking, learnpaths.player): its session time would count twice.
        add_seconds=0 if asset else add_seconds,
        location=summary.get("location") or "",
        suspend_data=summary.get("suspend_data") or "",
        progress=progress,
    )
    if version == "2004" and nav_request not in ("abandon", "abandonAll"):
        # The package's sequencing tracks what the SCO reported (SN 4.2.1), unless it
        # abandons its attempt.
        from scorm.sequencer import SEQUENCER, report_from_cmi

        report = report_from_cmi(merged)
        if asset:
            report = asset_report(report)
        SEQUENCER.report(path=item.path, attempt=attempt, item=item, data=report)
    return data, errors


def sco_navigation(*, attempt, item, choices: bool = True) -> dict | None:
    """What the player and the SCO's run-time are told after a commit of a SCORM 2004
    package with sequencing (SN 4.4, RTE 4.4.2: adl.nav.request_valid answered by the
    sequencer at the time of asking): ``{"controls": {"continue", "previous", "exitAll",
    "abandonAll", "suspendAll": bool}, "request_valid": {adl.nav.request_valid.*:
    "true"/"false"}, "choices": bool}``; None for a package without sequencing.

    ``choices=False`` leaves out adl.nav.request_valid.choice.*: each is a sequencing run
    of its own (about 20 ms each for a 110-activity package), too much for every commit;
    the final commit (Terminate) has them all."""
    from scorm.sequencer import SEQUENCER, request_valid_cmi

    if not SEQUENCER.applies(item.path):
        return None
    answers = SEQUENCER.answers(path=item.path, attempt=attempt, item=item, choices=choices)
    hidden = set(answers["hide_ui"])
    controls = {
        name: bool(answers[name]) and name not in hidden
        for name in ("continue", "previous", "exitAll", "abandonAll", "suspendAll")
    }
    return {"controls": controls, "request_valid": request_valid_cmi(answers), "choices": choices}


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
    """The AICC_Data of a GetParam answer (CMI001 4.0, HACP 6.4.3): every group the course
    files give values for, with CMI001's initial values on the unit's first launch."""
    progress = session.progress
    user = progress.attempt.user
    item = progress.item
    extra = item.extra or {}
    first = not (
        AiccSession.objects.filter(progress=progress, last_seen__isnull=False)
        .exclude(pk=session.pk)
        .exists()
        or progress.suspend_data
        or progress.location
        or progress.score is not None
        or progress.status in {"passed", "completed", "failed"}
    )
    if first:
        status, entry = "not attempted", "ab-initio"
    else:
        status = aicc.AICC_STATUS.get(progress.status, "not attempted")
        entry = "resume" if progress.suspend_data and status == "incomplete" else ""
    score = "" if progress.score is None else plain_number(progress.score)
    package = getattr(item.path, "package", None)
    lines = [
        "[Core]",
        f"Student_ID={user.pk}",
        f"Student_Name={learner_name(user)}",
        f"Lesson_Location={'' if first else progress.location}",
        "Credit=C",
        f"Lesson_Status={status}{', ' + entry if entry else ''}",
        f"Score={score}",
        f"Time={aicc.format_time(progress.seconds)}",
        "Lesson_Mode=normal",
        "[Core_Lesson]",
        "" if first else progress.suspend_data,
        "[Core_Vendor]",
        extra.get("core_vendor") or item.launch_data,
        "[Evaluation]",
        f"Course_ID={package.identifier if package else ''}",
        "[Student_Data]",
        "Mastery_Score=" + ("" if item.mastery_score is None else plain_number(item.mastery_score)),
        f"Max_Time_Allowed={extra.get('max_time_allowed', '')}",
        f"Time_Limit_Action={extra.get('time_limit_action', '')}",
        "[Student_Preferences]",
        "Audio=0",
        f"Language={getattr(user, 'language', '') or ''}",
        "Speed=0",
        "Text=0",
    ]
    return "\r\n".join(lines)


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
    # [Core] Time is this session's time so far (CMI001 PutParam): the last one replaces the
    # earlier ones, so only its growth since the last PutParam is added.
    add_seconds = 0
    if core.get("time", "").strip():
        session_time = aicc.parse_time(core["time"])
        add_seconds = max(0, session_time - session.seconds)
        session.seconds = max(session.seconds, session_time)
    record_progress(
        attempt=progress.attempt,
        item=item,
        status=status,
        score=score,
        score_max=item.extra.get("max_score") or None,
        add_seconds=add_seconds,
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
            # The learner's own rows only: without OF the item's and the user's rows would be
            # locked too, and every learner of the same AU would wait for the others in turn.
            AiccSession.objects.select_for_update(of=("self", "progress"))
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
        session.save(update_fields=["last_seen", "ended_at", "seconds"])
    return reply
