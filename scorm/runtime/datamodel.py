"""The SCORM run-time data models, server side: what may be stored, and what it means.

Written from the specifications' tables (SCORM 1.2 RTE section 3.4; SCORM 2004 4th edition RTE
chapter 4) and mirroring scorm/static/scorm/runtime.js: the browser runtime answers the content,
this module decides what the server keeps. The content is not trusted: an element it may not
write, or a value of the wrong type, is dropped with an error message, never stored.

Element names are the full dotted names ("cmi.core.lesson_status", "cmi.interactions.0.id").
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sequencing.durations import duration_seconds, format_duration, is_duration

SCORM12 = "1.2"
SCORM2004 = "2004"

# A collection may hold at most this many entries on the server (the content cannot grow the
# stored data without bound).
MAX_COLLECTION_SIZE = 1000

# ------------------------------------------------------------------------------ value checks
# A check returns None (fine), "type" or "range".

Check = Callable[[str], str | None]

_RE_12_DECIMAL = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_RE_12_INTEGER = re.compile(r"-?\d+")
_RE_12_TIMESPAN = re.compile(r"(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)")
_RE_12_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d{1,2})?")
_RE_12_IDENTIFIER = re.compile(r"[\x21-\x7e]{1,255}")
_RE_REAL = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
# RTE 4.1.1.7 time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]]: reduced precision
# allowed, a time zone only after the fraction of a second (as the ADL CTS expects).
_RE_TIME = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,2})"
    r"(Z|[+-](\d{2})(?::(\d{2}))?)?)?)?)?)?)?)?"
)
# ISO 639-1 and ISO 639-2 codes (RTE 4.1.1.6 language_type, RFC 3066), and withdrawn codes
# content still sends. Kept in step with runtime.js (a test compares them).
_LANGUAGE_CODES_TEXT = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu aar abk ace ach ada ady afa afh afr ain aka akk alb ale alg alt amh ang anp "
    "apa ara arc arg arm arn arp art arw asm ast ath aus ava ave awa aym aze bad bai bak bal "
    "bam ban baq bas bat bej bel bem ben ber bho bih bik bin bis bla bnt bod bos bra bre btk "
    "bua bug bul bur byn cad cai car cat cau ceb cel ces cha chb che chg chi chk chm chn cho "
    "chp chr chu chv chy cmc cnr cop cor cos cpe cpf cpp cre crh crp csb cus cym cze dak dan "
    "dar day del den deu dgr din div doi dra dsb dua dum dut dyu dzo efi egy eka ell elx eng "
    "enm epo est eus ewe ewo fan fao fas fat fij fil fin fiu fon fra fre frm fro frr frs fry "
    "ful fur gaa gay gba gem geo ger gez gil gla gle glg glv gmh goh gon gor got grb grc gre "
    "grn gsw guj gwi hai hat hau haw heb her hil him hin hit hmn hmo hrv hsb hun hup hye iba "
    "ibo ice ido iii ijo iku ile ilo ina inc ind ine inh ipk ira iro isl ita jav jbo jpn jpr "
    "jrb kaa kab kac kal kam kan kar kas kat kau kaw kaz kbd kha khi khm kho kik kin kir kmb "
    "kok kom kon kor kos kpe krc krl kro kru kua kum kur kut lad lah lam lao lat lav lez lim "
    "lin lit lol loz ltz lua lub lug lui lun luo lus mac mad mag mah mai mak mal man mao map "
    "mar mas may mdf mdr men mga mic min mis mkd mkh mlg mlt mnc mni mno moh mon mos mri msa "
    "mul mun mus mwl mwr mya myn myv nah nai nap nau nav nbl nde ndo nds nep new nia nic niu "
    "nld nno nob nog non nor nqo nso nub nwc nya nym nyn nyo nzi oci oji ori orm osa oss ota "
    "oto paa pag pal pam pan pap pau peo per phi phn pli pol pon por pra pro pus que raj rap "
    "rar roa roh rom ron rum run rup rus sad sag sah sai sal sam san sas sat scn sco sel sem "
    "sga sgn shn sid sin sio sit sla slk slo slv sma sme smi smj smn smo sms sna snd snk sog "
    "som son sot spa sqi srd srn srp srr ssa ssw suk sun sus sux swa swe syc syr tah tai tam "
    "tat tel tem ter tet tgk tgl tha tib tig tir tiv tkl tlh tli tmh tog ton tpi tsi tsn tso "
    "tuk tum tup tur tut tvl twi tyv udm uga uig ukr umb und urd uzb vai ven vie vol vot wak "
    "wal war was wel wen wln wol xal xho yao yap yid yor ypk zap zbl zen zgh zha zho znd zul "
    "zun zxx zza "
)
LANGUAGE_CODES = frozenset(_LANGUAGE_CODES_TEXT.split())
LANGUAGE_CODES = LANGUAGE_CODES | {"mo", "mol", "sh", "iw", "in", "ji", "jw", "scc", "scr"}
_RE_SUBTAG = re.compile(r"[a-zA-Z0-9]{1,8}")
_RE_URI_CHARS = re.compile(r'[^\s"<>\\^`{|}\x00-\x1f\x7f]+')
_RE_BAD_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")
_RE_URI_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_RE_SHORT_ID = re.compile(r"[^\s\[\]]{1,250}")
_RE_NAV_TARGET = re.compile(r"\{target=([^\s{}]+)\}(choice|jump)")
_RE_INDEX = re.compile(r"0|[1-9]\d*")


def vocab(*words: str) -> Check:
    allowed = frozenset(words)
    return lambda v: None if v in allowed else "type"


def max_len(n: int) -> Check:
    return lambda v: None if len(v) <= n else "type"


def decimal12(low: float | None, high: float | None, *, blank: bool) -> Check:
    def check(v: str) -> str | None:
        if v == "":
            return None if blank else "type"
        if not _RE_12_DECIMAL.fullmatch(v):
            return "type"
        x = float(v)
        if (low is not None and x < low) or (high is not None and x > high):
            return "type"  # SCORM 1.2 has no range error: 405 covers it
        return None

    return check


def integer12(low: int, high: int) -> Check:
    def check(v: str) -> str | None:
        if not _RE_12_INTEGER.fullmatch(v):
            return "type"
        return None if low <= int(v) <= high else "type"

    return check


def timespan12(v: str) -> str | None:
    m = _RE_12_TIMESPAN.fullmatch(v)
    if not m:
        return "type"
    return "type" if int(m.group(2)) > 59 or float(m.group(3)) >= 60 else None


def time12(v: str) -> str | None:
    m = _RE_12_TIME.fullmatch(v)
    if not m:
        return "type"
    bad = int(m.group(1)) > 23 or int(m.group(2)) > 59 or int(m.group(3)) > 59
    return "type" if bad else None


def identifier12(v: str) -> str | None:
    return None if _RE_12_IDENTIFIER.fullmatch(v) else "type"


def result12(v: str) -> str | None:
    if v in ("correct", "wrong", "unanticipated", "neutral"):
        return None
    return None if _RE_12_DECIMAL.fullmatch(v) else "type"


def real(low: float | None, high: float | None) -> Check:
    def check(v: str) -> str | None:
        if not _RE_REAL.fullmatch(v):
            return "type"
        x = float(v)
        if (low is not None and x < low) or (high is not None and x > high):
            return "range"
        return None

    return check


def interval(v: str) -> str | None:
    return None if is_duration(v) else "type"


def time2004(v: str) -> str | None:
    m = _RE_TIME.fullmatch(v)
    if not m:
        return "type"
    year, month, day, hour, minute, second = (m.group(i) for i in range(1, 7))
    tz_hour, tz_minute = m.group(9), m.group(10)
    if not 1970 <= int(year) <= 2038:
        return "type"
    if month and not 1 <= int(month) <= 12:
        return "type"
    if day and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        return "type"
    for value, top in ((hour, 23), (minute, 59), (second, 59), (tz_hour, 23), (tz_minute, 59)):
        if value and int(value) > top:
            return "type"
    return None


def valid_uri(v: str) -> bool:
    """RTE 4.1.1.4 long_identifier_type is a URI (RFC 3986): no spaces or characters a URI
    cannot hold, "%" only as an escape, a scheme only with something after it ("urn:")."""
    if not _RE_URI_CHARS.fullmatch(v) or _RE_BAD_ESCAPE.search(v):
        return False
    if v.startswith(":") or v.count("#") > 1:
        return False
    scheme = _RE_URI_SCHEME.match(v)
    if scheme and scheme.end() == len(v):
        return False
    return not ("[" in v or "]" in v) or bool(
        re.match(r"[a-zA-Z][a-zA-Z0-9+.\-]*://\[[0-9a-fA-F:.]+\]", v)
    )


def long_id(spm: int) -> Check:
    return lambda v: None if 0 < len(v) <= spm and valid_uri(v) else "type"


def valid_language(code: str) -> bool:
    """An RFC 3066 language code whose primary subtag is ISO 639-1/-2, "i" or "x"."""
    if not code or len(code) > 250:
        return False
    primary, *subtags = code.split("-")
    primary = primary.lower()
    if primary in ("i", "x"):
        if not subtags:
            return False
    elif not (2 <= len(primary) <= 3 and primary.isalpha() and primary in LANGUAGE_CODES):
        return False
    return all(_RE_SUBTAG.fullmatch(subtag) for subtag in subtags)


def language(v: str) -> str | None:
    if v == "":
        return None
    return None if valid_language(v) else "type"


def _localized_text(v: str) -> str | None:
    """The text after an optional "{lang=xx}" delimiter, or None when the delimiter is bad."""
    if v.startswith("{lang="):
        end = v.find("}")
        if end < 0 or not valid_language(v[6:end]):
            return None
        return v[end + 1 :]
    return v


def localized(spm: int) -> Check:
    def check(v: str) -> str | None:
        text = _localized_text(v)
        return None if text is not None and len(text) <= spm else "type"

    return check


def result2004(v: str) -> str | None:
    if v in ("correct", "incorrect", "unanticipated", "neutral"):
        return None
    return None if _RE_REAL.fullmatch(v) else "type"


def nav_request(v: str) -> str | None:
    words = ("continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll")
    if v in words or v == "_none_" or _RE_NAV_TARGET.fullmatch(v):
        return None
    return "type"


def _split(v: str, sep: str) -> list[str]:
    return [] if v == "" else v.split(sep)


def _strip_delimiters(v: str, names: tuple[str, ...]) -> str | None:
    """Leading {case_matters=}/{order_matters=} delimiters (RTE 4.2.9.1): each once, true or
    false (else None: a type mismatch). After the text or a {lang=} starts, braces are text."""
    used: set[str] = set()
    while m := re.match(r"\{(case_matters|order_matters)=([^}]*)\}", v):
        if m.group(1) not in names:
            break
        if m.group(1) in used or m.group(2) not in ("true", "false"):
            return None
        used.add(m.group(1))
        v = v[m.end() :]
    return v


def check_response(interaction_type: str | None, v: str, *, pattern: bool) -> str | None:
    """SCORM 2004 learner_response / correct_responses.n.pattern formats (RTE 4.2.9)."""
    t = interaction_type
    if t == "true-false":
        return None if v in ("true", "false") else "type"
    if t == "choice":
        items = _split(v, "[,]")
        ok = all(_RE_SHORT_ID.fullmatch(i) for i in items) and len(set(items)) == len(items)
        return None if ok else "type"
    if t == "sequencing":
        items = _split(v, "[,]")
        if not items:
            return "type" if pattern else None
        return None if all(_RE_SHORT_ID.fullmatch(i) for i in items) else "type"
    if t == "fill-in":
        if pattern:
            v = _strip_delimiters(v, ("case_matters", "order_matters"))
            if v is None:
                return "type"
        for item in _split(v, "[,]"):
            text = _localized_text(item)
            if text is None or len(text) > 250:
                return "type"
        return None
    if t == "long-fill-in":
        if pattern:
            v = _strip_delimiters(v, ("case_matters",))
            if v is None:
                return "type"
        text = _localized_text(v)
        if text is None:
            return "type"
        if pattern:  # a well-formed {case_matters=} after the language is a delimiter too
            text = re.sub(r"^\{case_matters=(true|false)\}", "", text)
        return None if len(text) <= 4000 else "type"
    if t == "likert":
        if v == "" and not pattern:
            return None
        return None if _RE_SHORT_ID.fullmatch(v) else "type"
    if t == "matching":
        items = _split(v, "[,]")
        if pattern and not items:
            return "type"
        for item in items:
            pair = item.split("[.]")
            if len(pair) != 2 or not all(_RE_SHORT_ID.fullmatch(p) for p in pair):
                return "type"
        return None
    if t == "performance":
        if pattern:
            v = _strip_delimiters(v, ("order_matters",))
            if v is None:
                return "type"
        items = _split(v, "[,]")
        if not items:
            return "type" if pattern else None
        for item in items:
            pair = item.split("[.]")
            if len(pair) != 2:
                return "type"
            name, answer = pair
            if (name and not _RE_SHORT_ID.fullmatch(name)) or (not name and not answer):
                return "type"
            if len(answer) > 250:
                return "type"
            if pattern and "[:]" in answer:
                bounds = answer.split("[:]")
                if len(bounds) != 2 or any(b and not _RE_REAL.fullmatch(b) for b in bounds):
                    return "type"
        return None
    if t == "numeric":
        if not pattern:
            return None if _RE_REAL.fullmatch(v) else "type"
        bounds = v.split("[:]")
        if len(bounds) == 1:
            return None if _RE_REAL.fullmatch(v) else "type"
        if len(bounds) != 2 or any(b and not _RE_REAL.fullmatch(b) for b in bounds):
            return "type"
        if all(bounds) and float(bounds[0]) > float(bounds[1]):
            return "type"
        return None
    if t == "other":
        return None if len(v) <= 4000 else "type"
    return "type"


# ------------------------------------------------------------------------------ the tables


@dataclass(frozen=True)
class Element:
    access: str  # "r", "w" or "rw"
    check: Check | None = None
    default: str | None = None  # None: no value until set (2004 answers 403)

    @property
    def writable(self) -> bool:
        return "w" in self.access

    @property
    def readable(self) -> bool:
        return "r" in self.access


_STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed")
_SUCCESS = ("passed", "failed", "unknown")
_COMPLETION = ("completed", "incomplete", "not attempted", "unknown")
_INTERACTION_TYPES_12 = (
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "performance",
    "likert",
    "sequencing",
    "numeric",
)
_INTERACTION_TYPES_2004 = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "likert",
    "matching",
    "performance",
    "sequencing",
    "numeric",
    "other",
)

ELEMENTS_12: dict[str, Element] = {
    "cmi._version": Element("r", default="3.4"),
    "cmi.core.student_id": Element("r", default=""),
    "cmi.core.student_name": Element("r", default=""),
    "cmi.core.lesson_location": Element("rw", max_len(255), ""),
    "cmi.core.credit": Element("r", default="credit"),
    "cmi.core.lesson_status": Element("rw", vocab(*_STATUS_12), "not attempted"),
    "cmi.core.entry": Element("r", default="ab-initio"),
    "cmi.core.score.raw": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.core.score.min": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.core.score.max": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.core.total_time": Element("r", default="0000:00:00.00"),
    "cmi.core.lesson_mode": Element("r", default="normal"),
    "cmi.core.exit": Element("w", vocab("time-out", "suspend", "logout", "")),
    "cmi.core.session_time": Element("w", timespan12),
    # CMIString4096 by the specification; real content stores more, so up to 64000 here.
    "cmi.suspend_data": Element("rw", max_len(64000), ""),
    "cmi.launch_data": Element("r", default=""),
    "cmi.comments": Element("rw", max_len(4096), ""),
    "cmi.comments_from_lms": Element("r", default=""),
    "cmi.objectives.n.id": Element("rw", identifier12, ""),
    "cmi.objectives.n.score.raw": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.objectives.n.score.min": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.objectives.n.score.max": Element("rw", decimal12(0, 100, blank=True), ""),
    "cmi.objectives.n.status": Element("rw", vocab(*_STATUS_12, "not attempted"), "not attempted"),
    "cmi.student_data.mastery_score": Element("r", default=""),
    "cmi.student_data.max_time_allowed": Element("r", default=""),
    "cmi.student_data.time_limit_action": Element("r", default=""),
    "cmi.student_preference.audio": Element("rw", integer12(-1, 100), "0"),
    "cmi.student_preference.language": Element("rw", max_len(255), ""),
    "cmi.student_preference.speed": Element("rw", integer12(-100, 100), "0"),
    "cmi.student_preference.text": Element("rw", integer12(-1, 1), "0"),
    "cmi.interactions.n.id": Element("w", identifier12),
    "cmi.interactions.n.objectives.n.id": Element("w", identifier12),
    "cmi.interactions.n.time": Element("w", time12),
    "cmi.interactions.n.type": Element("w", vocab(*_INTERACTION_TYPES_12)),
    "cmi.interactions.n.correct_responses.n.pattern": Element("w", max_len(255)),
    "cmi.interactions.n.weighting": Element("w", decimal12(None, None, blank=False)),
    "cmi.interactions.n.student_response": Element("w", max_len(255)),
    "cmi.interactions.n.result": Element("w", result12),
    "cmi.interactions.n.latency": Element("w", timespan12),
}

CHILDREN_12 = {
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,"
    "total_time,lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,"
    "result,latency",
}

COLLECTIONS_12 = (
    "cmi.objectives",
    "cmi.interactions",
    "cmi.interactions.n.objectives",
    "cmi.interactions.n.correct_responses",
)

# Responses are checked against the interaction's type (check_response), not a fixed check.
_RESPONSE = None

# The specification's sizes are smallest permitted maxima (SPM): what an LMS must at least store,
# not a limit to enforce. Content does exceed the small ones (question text in
# interactions.n.description, long bookmarks), so these SPM 250/1000 strings are kept up to 4000
# characters rather than refused and lost. Identifiers keep their exact limits.
ROOMY = 4000

ELEMENTS_2004: dict[str, Element] = {
    "cmi._version": Element("r", default="1.0"),
    "cmi.comments_from_learner.n.comment": Element("rw", localized(4000)),
    "cmi.comments_from_learner.n.location": Element("rw", max_len(ROOMY)),
    "cmi.comments_from_learner.n.timestamp": Element("rw", time2004),
    "cmi.comments_from_lms.n.comment": Element("r"),
    "cmi.comments_from_lms.n.location": Element("r"),
    "cmi.comments_from_lms.n.timestamp": Element("r"),
    "cmi.completion_status": Element("rw", vocab(*_COMPLETION), "unknown"),
    "cmi.completion_threshold": Element("r"),
    "cmi.credit": Element("r", default="credit"),
    "cmi.entry": Element("r", default="ab-initio"),
    "cmi.exit": Element("w", vocab("time-out", "suspend", "logout", "normal", "")),
    "cmi.interactions.n.id": Element("rw", long_id(4000)),
    "cmi.interactions.n.type": Element("rw", vocab(*_INTERACTION_TYPES_2004)),
    "cmi.interactions.n.objectives.n.id": Element("rw", long_id(4000)),
    "cmi.interactions.n.timestamp": Element("rw", time2004),
    "cmi.interactions.n.correct_responses.n.pattern": Element("rw", _RESPONSE),
    "cmi.interactions.n.weighting": Element("rw", real(None, None)),
    "cmi.interactions.n.learner_response": Element("rw", _RESPONSE),
    "cmi.interactions.n.result": Element("rw", result2004),
    "cmi.interactions.n.latency": Element("rw", interval),
    "cmi.interactions.n.description": Element("rw", localized(ROOMY)),
    "cmi.launch_data": Element("r"),
    "cmi.learner_id": Element("r", default=""),
    "cmi.learner_name": Element("r", default=""),
    "cmi.learner_preference.audio_level": Element("rw", real(0, None), "1"),
    "cmi.learner_preference.language": Element("rw", language, ""),
    "cmi.learner_preference.delivery_speed": Element("rw", real(0, None), "1"),
    "cmi.learner_preference.audio_captioning": Element("rw", vocab("-1", "0", "1"), "0"),
    "cmi.location": Element("rw", max_len(ROOMY)),
    "cmi.max_time_allowed": Element("r"),
    "cmi.mode": Element("r", default="normal"),
    "cmi.objectives.n.id": Element("rw", long_id(4000)),
    "cmi.objectives.n.score.scaled": Element("rw", real(-1, 1)),
    "cmi.objectives.n.score.raw": Element("rw", real(None, None)),
    "cmi.objectives.n.score.min": Element("rw", real(None, None)),
    "cmi.objectives.n.score.max": Element("rw", real(None, None)),
    "cmi.objectives.n.success_status": Element("rw", vocab(*_SUCCESS), "unknown"),
    "cmi.objectives.n.completion_status": Element("rw", vocab(*_COMPLETION), "unknown"),
    "cmi.objectives.n.progress_measure": Element("rw", real(0, 1)),
    "cmi.objectives.n.description": Element("rw", localized(ROOMY)),
    "cmi.progress_measure": Element("rw", real(0, 1)),
    "cmi.scaled_passing_score": Element("r"),
    "cmi.score.scaled": Element("rw", real(-1, 1)),
    "cmi.score.raw": Element("rw", real(None, None)),
    "cmi.score.min": Element("rw", real(None, None)),
    "cmi.score.max": Element("rw", real(None, None)),
    "cmi.session_time": Element("w", interval),
    "cmi.success_status": Element("rw", vocab(*_SUCCESS), "unknown"),
    "cmi.suspend_data": Element("rw", max_len(64000)),
    "cmi.time_limit_action": Element("r", default="continue,no message"),
    "cmi.total_time": Element("r", default="PT0H0M0S"),
    "adl.nav.request": Element("rw", nav_request, "_none_"),
    "adl.nav.request_valid.continue": Element("r", default="unknown"),
    "adl.nav.request_valid.previous": Element("r", default="unknown"),
    "adl.nav.request_valid.choice.{target}": Element("r", default="unknown"),
    "adl.nav.request_valid.jump.{target}": Element("r", default="unknown"),
    # Shared data stores (adlcp:data / adlcp:map); the LMS lists them.
    "adl.data.n.id": Element("r"),
    "adl.data.n.store": Element("rw", max_len(64000)),
}

CHILDREN_2004 = {
    "cmi.comments_from_learner": "comment,location,timestamp",
    "cmi.comments_from_lms": "comment,location,timestamp",
    "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,"
    "learner_response,result,latency,description",
    "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.objectives.n.score": "scaled,raw,min,max",
    "cmi.score": "scaled,raw,min,max",
    "adl.data": "id,store",
}

COLLECTIONS_2004 = (
    "cmi.comments_from_learner",
    "cmi.comments_from_lms",
    "cmi.interactions",
    "cmi.interactions.n.objectives",
    "cmi.interactions.n.correct_responses",
    "cmi.objectives",
    "adl.data",
)

_RESPONSE_ELEMENTS = (
    "cmi.interactions.n.correct_responses.n.pattern",
    "cmi.interactions.n.learner_response",
)


def _tables(version: str) -> tuple[dict[str, Element], tuple[str, ...]]:
    if version == SCORM12:
        return ELEMENTS_12, COLLECTIONS_12
    if version == SCORM2004:
        return ELEMENTS_2004, COLLECTIONS_2004
    raise ValueError(f"Unknown SCORM version: {version!r}")


def parse_element(version: str, name: str) -> tuple[str, tuple[int, ...]] | None:
    """("cmi.interactions.n.id", (3,)) for "cmi.interactions.3.id"; None if not an element."""
    elements, collections = _tables(version)
    if version == SCORM2004:
        m = re.fullmatch(r"adl\.nav\.request_valid\.(choice|jump)\.\{target=[^\s{}]+\}", name)
        if m:
            return f"adl.nav.request_valid.{m.group(1)}.{{target}}", ()
    generic: list[str] = []
    indexes: list[int] = []
    for segment in name.split("."):
        if ".".join(generic) in collections:
            if not _RE_INDEX.fullmatch(segment):
                return None
            indexes.append(int(segment))
            generic.append("n")
        else:
            generic.append(segment)
    key = ".".join(generic)
    return (key, tuple(indexes)) if key in elements else None


def element(version: str, name: str) -> Element | None:
    parsed = parse_element(version, name)
    return _tables(version)[0][parsed[0]] if parsed else None


# ------------------------------------------------------------------------------ validation


def validate_cmi(version: str, cmi: dict, stored: dict | None = None) -> tuple[dict, list[str]]:
    """Keep the elements the content may write, with well-typed values; explain the rest.

    Returns (clean, errors). Values must be strings. Indexes are bounded by
    MAX_COLLECTION_SIZE. Interaction responses (2004) are checked against the interaction's
    type, from this payload or else from `stored` (the attempt's data so far); without one,
    against the loosest format ("other").
    """
    elements, _ = _tables(version)
    clean: dict[str, str] = {}
    errors: list[str] = []
    if not isinstance(cmi, dict):
        return clean, ["The data is not an object."]
    for name, value in cmi.items():
        if not isinstance(name, str):
            errors.append(f"{name!r}: not an element name.")
            continue
        parsed = parse_element(version, name)
        if parsed is None:
            errors.append(f"{name}: not a SCORM {version} data model element.")
            continue
        generic, indexes = parsed
        spec = elements[generic]
        if not spec.writable:
            errors.append(f"{name}: read-only.")
            continue
        if any(i >= MAX_COLLECTION_SIZE for i in indexes):
            errors.append(f"{name}: index beyond {MAX_COLLECTION_SIZE}.")
            continue
        if not isinstance(value, str):
            errors.append(f"{name}: the value is not a string.")
            continue
        if version == SCORM2004 and generic in _RESPONSE_ELEMENTS:
            key = f"cmi.interactions.{indexes[0]}.type"
            itype = cmi.get(key, (stored or {}).get(key) if isinstance(stored, dict) else None)
            if not isinstance(itype, str) or itype not in _INTERACTION_TYPES_2004:
                itype = "other"
            problem = check_response(
                itype, value, pattern=generic != "cmi.interactions.n.learner_response"
            )
        else:
            problem = spec.check(value) if spec.check else None
        if problem == "type":
            errors.append(f"{name}: {_short(value)!r} is not a valid value.")
            continue
        if problem == "range":
            errors.append(f"{name}: {_short(value)!r} is out of range.")
            continue
        clean[name] = value
    return clean, errors


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:60] + "..."


def validate_adl_data(data: dict) -> tuple[dict, list[str]]:
    """The "adl_data" part of a SCORM 2004 commit: {target id: store}. Whether the SCO may write
    a given store (writeSharedData) is for the caller to check against the manifest."""
    clean: dict[str, str] = {}
    errors: list[str] = []
    if not isinstance(data, dict):
        return clean, ["The shared data is not an object."]
    for target, store in data.items():
        if not isinstance(target, str) or long_id(4000)(target):
            errors.append(f"{_short(str(target))!r}: not a shared data identifier.")
        elif not isinstance(store, str) or len(store) > 64000:
            errors.append(f"{target}: the store is not a string of at most 64000 characters.")
        else:
            clean[target] = store
    return clean, errors


def initial_cmi(
    version: str,
    stored: dict | None,
    *,
    learner_id: str,
    learner_name: str,
    total_time: str | None = None,
    credit: bool = True,
    mode: str = "normal",
    launch_data: str | None = None,
    mastery_score: str | float | None = None,
    max_time_allowed: str | None = None,
    time_limit_action: str | None = None,
    completion_threshold: str | float | None = None,
    scaled_passing_score: str | float | None = None,
    objective_ids: tuple[str, ...] | list[str] = (),
) -> dict[str, str]:
    """The `initial` values for LMSRuntime.install: what the LMS provides, plus what the
    learner's attempt stored before (pass stored={} or None for a new attempt).

    Only elements the content may read are handed back (an exit or session_time stored last
    time is not); cmi.core.entry / cmi.entry is "resume" after a suspended session,
    "ab-initio" for a new attempt, "" otherwise. Objectives declared in the manifest
    (objective_ids) are listed first, the stored ones keep their index.
    """
    _tables(version)
    stored = stored if isinstance(stored, dict) else {}
    out: dict[str, str] = {}
    for name, value in stored.items():
        if not isinstance(name, str) or not name.startswith("cmi.") or not isinstance(value, str):
            continue
        spec = element(version, name)
        if spec is not None and spec.access == "rw":
            out[name] = value
    v12 = version == SCORM12
    prefix = "cmi.core." if v12 else "cmi."
    exit_ = stored.get(prefix + "exit", "")
    if not stored:
        entry = "ab-initio"
    elif exit_ == "suspend":
        entry = "resume"
    else:
        entry = ""
    known = {out[k] for k in out if re.fullmatch(r"cmi\.objectives\.\d+\.id", k)}
    count = len([k for k in out if re.fullmatch(r"cmi\.objectives\.\d+\.id", k)])
    for objective_id in objective_ids:
        if objective_id not in known and count < MAX_COLLECTION_SIZE:
            out[f"cmi.objectives.{count}.id"] = objective_id
            known.add(objective_id)
            count += 1

    def put(name: str, value) -> None:
        if value is not None and value != "":
            out[name] = str(value)

    if v12:
        put("cmi.core.student_id", learner_id)
        put("cmi.core.student_name", learner_name)
        put("cmi.core.credit", "credit" if credit else "no-credit")
        put("cmi.core.lesson_mode", mode)
        out["cmi.core.entry"] = entry
        put("cmi.core.total_time", format_timespan(SCORM12, parse_timespan(total_time) or 0))
        put("cmi.launch_data", launch_data)
        put("cmi.student_data.mastery_score", mastery_score)
        put("cmi.student_data.max_time_allowed", max_time_allowed)
        put("cmi.student_data.time_limit_action", time_limit_action)
    else:
        put("cmi.learner_id", learner_id)
        put("cmi.learner_name", learner_name)
        put("cmi.credit", "credit" if credit else "no-credit")
        put("cmi.mode", mode)
        out["cmi.entry"] = entry
        put("cmi.total_time", format_timespan(SCORM2004, parse_timespan(total_time) or 0))
        put("cmi.launch_data", launch_data)
        put("cmi.max_time_allowed", max_time_allowed)
        put("cmi.time_limit_action", time_limit_action)
        put("cmi.completion_threshold", completion_threshold)
        put("cmi.scaled_passing_score", scaled_passing_score)
    return out


# ------------------------------------------------------------------------------ time


def parse_timespan(value: str | None) -> float | None:
    """Seconds in a SCORM 1.2 CMITimespan ("HHHH:MM:SS.SS") or an ISO 8601 duration
    ("PT1H2M3.5S", SCORM 2004 timeinterval). None when empty or malformed.

    Years count 365 days and months 30 days (the specification leaves it open; content writes
    hours, minutes and seconds in practice).
    """
    if not value or not isinstance(value, str):
        return None
    m = _RE_12_TIMESPAN.fullmatch(value)
    if m:
        if int(m.group(2)) > 59 or float(m.group(3)) >= 60:
            return None
        return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return duration_seconds(value)


def format_timespan(version: str, seconds: float) -> str:
    """Seconds as a CMITimespan (1.2, hours capped at 9999) or an ISO 8601 duration (2004, in
    the shortest form: ``sequencing.durations.format_duration``)."""
    seconds = max(0.0, seconds)
    centis = int(round(seconds * 100))
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    secs, cs = divmod(rest, 100)
    if version == SCORM12:
        if hours > 9999:
            return "9999:59:59.99"
        return f"{hours:02d}:{minutes:02d}:{secs:02d}.{cs:02d}"
    return format_duration(seconds)


def add_time(version: str, total: str | None, session: str | None) -> str:
    """total_time + session_time, in the version's format. Malformed parts count as zero."""
    _tables(version)
    seconds = (parse_timespan(total) or 0.0) + (parse_timespan(session) or 0.0)
    return format_timespan(version, seconds)


# ------------------------------------------------------------------------------ summary


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        x = float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None
    return x if math.isfinite(x) else None


def summarize(
    version: str,
    cmi: dict,
    *,
    mastery_score: float | str | None = None,
    completion_threshold: float | str | None = None,
    scaled_passing_score: float | str | None = None,
) -> dict:
    """What an attempt's data means: status, score, time, location, suspend data, exit.

    status is one of not_attempted, incomplete, completed, passed, failed.
    SCORM 1.2: from cmi.core.lesson_status ("browsed" counts as incomplete); with a mastery
    score, a raw score and credit, a completed/passed/failed status becomes passed or failed by
    the score (RTE 3.4.4, cmi.core.lesson_status).
    SCORM 2004: success_status first (passed/failed), then completion_status; a completion
    threshold decides completion from progress_measure, a scaled passing score decides success
    from score.scaled (RTE 4.2.4.1, 4.2.22.1).
    score_scaled for 1.2 is derived: (raw - min) / (max - min), min 0 and max 100 by default.
    """
    _tables(version)
    cmi = cmi if isinstance(cmi, dict) else {}
    if version == SCORM12:
        raw = _number(cmi.get("cmi.core.score.raw"))
        low = _number(cmi.get("cmi.core.score.min"))
        high = _number(cmi.get("cmi.core.score.max"))
        lesson_status = cmi.get("cmi.core.lesson_status") or "not attempted"
        status = {
            "passed": "passed",
            "completed": "completed",
            "failed": "failed",
            "incomplete": "incomplete",
            "browsed": "incomplete",
        }.get(lesson_status, "not_attempted")
        mastery = _number(mastery_score)
        credit = cmi.get("cmi.core.credit", "credit") != "no-credit"
        scored = mastery is not None and raw is not None and credit
        if scored and status in ("completed", "passed", "failed"):
            status = "passed" if raw >= mastery else "failed"
        scaled = None
        if raw is not None:
            lo = low if low is not None else 0.0
            hi = high if high is not None else 100.0
            if hi > lo:
                scaled = max(-1.0, min(1.0, (raw - lo) / (hi - lo)))
        session = cmi.get("cmi.core.session_time")
        location = cmi.get("cmi.core.lesson_location", "")
        exit_ = cmi.get("cmi.core.exit", "")
    else:
        raw = _number(cmi.get("cmi.score.raw"))
        low = _number(cmi.get("cmi.score.min"))
        high = _number(cmi.get("cmi.score.max"))
        scaled = _number(cmi.get("cmi.score.scaled"))
        completion = cmi.get("cmi.completion_status") or "unknown"
        success = cmi.get("cmi.success_status") or "unknown"
        threshold = _number(completion_threshold)
        if threshold is not None:
            progress = _number(cmi.get("cmi.progress_measure"))
            if progress is not None:
                completion = "completed" if progress >= threshold else "incomplete"
            else:
                completion = "unknown"
        passing = _number(scaled_passing_score)
        if passing is not None:
            if scaled is not None:
                success = "passed" if scaled >= passing else "failed"
            else:
                success = "unknown"
        if success in ("passed", "failed"):
            status = success
        elif completion == "completed":
            status = "completed"
        elif completion == "incomplete":
            status = "incomplete"
        else:
            status = "not_attempted"
        session = cmi.get("cmi.session_time")
        location = cmi.get("cmi.location", "")
        exit_ = cmi.get("cmi.exit", "")
    return {
        "status": status,
        "score_raw": raw,
        "score_min": low,
        "score_max": high,
        "score_scaled": scaled,
        "session_seconds": parse_timespan(session) or 0.0,
        "location": location or "",
        "suspend_data": cmi.get("cmi.suspend_data", "") or "",
        "exit": exit_ or "",
    }
