/*
 * SCORM run-time API for the player: window.API (SCORM 1.2) and window.API_1484_11 (SCORM 2004).
 *
 * Written from the specifications' tables (SCORM 1.2 RTE section 3.4, SCORM 2004 4th edition RTE
 * chapters 3 and 4): every element has its read/write rule, type and range, and every call sets
 * the error code the specification names. The server validates again what it stores
 * (scorm/runtime/datamodel.py mirrors these tables) and owns total_time and the status.
 *
 * Usage (from a player script, no inline script needed):
 *   LMSRuntime.install({version: "1.2" | "2004", initial: {"cmi.core.student_id": "42", ...},
 *                       commitUrl: "/.../commit/", csrfToken: "...",
 *                       onNavRequest: function (request) {...}});
 *
 * Commit sends {"cmi": {element: value, ...}, "final": bool} (only what changed since the last
 * successful commit) as JSON with the X-CSRFToken header. Commit's answer must be honest, so the
 * request is synchronous while the page is alive; if the browser refuses that (page being
 * dismissed), a fetch with keepalive takes over. On pagehide, if the content never terminated
 * (or the final commit failed), navigator.sendBeacon sends what is left with "final": true and
 * "csrfmiddlewaretoken" in the JSON body. The API keeps answering after that beacon: content
 * frames unload after the player window's pagehide, and content often sets its last values and
 * terminates there (that commit goes out as a keepalive fetch), so "final" may arrive twice.
 */
(function (global) {
  "use strict";

  // ---------------------------------------------------------------- value types and checks
  // A check returns 0 (fine), "type" (type mismatch) or "range" (out of range).

  var RE_12_DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
  var RE_12_INTEGER = /^-?\d+$/;
  var RE_12_TIMESPAN = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var RE_12_TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,2})?$/;
  var RE_12_IDENTIFIER = /^[\x21-\x7e]{1,255}$/;
  var RE_REAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
  var RE_INTERVAL = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
  var RE_TIME =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
  // ISO 639-1 and ISO 639-2 language codes (RTE 4.1.1.6 language_type: RFC 3066, whose primary
  // subtag is one of these, or "i" / "x"). Kept in step with scorm/runtime/datamodel.py.
  var LANGUAGE_CODES =
    " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv " +
    " cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr " +
    " ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw " +
    " ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv " +
    " ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr " +
    " ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi " +
    " yo za zh zu aar abk ace ach ada ady afa afh afr ain aka akk alb ale alg alt amh ang anp " +
    " apa ara arc arg arm arn arp art arw asm ast ath aus ava ave awa aym aze bad bai bak bal " +
    " bam ban baq bas bat bej bel bem ben ber bho bih bik bin bis bla bnt bod bos bra bre btk " +
    " bua bug bul bur byn cad cai car cat cau ceb cel ces cha chb che chg chi chk chm chn cho " +
    " chp chr chu chv chy cmc cnr cop cor cos cpe cpf cpp cre crh crp csb cus cym cze dak dan " +
    " dar day del den deu dgr din div doi dra dsb dua dum dut dyu dzo efi egy eka ell elx eng " +
    " enm epo est eus ewe ewo fan fao fas fat fij fil fin fiu fon fra fre frm fro frr frs fry " +
    " ful fur gaa gay gba gem geo ger gez gil gla gle glg glv gmh goh gon gor got grb grc gre " +
    " grn gsw guj gwi hai hat hau haw heb her hil him hin hit hmn hmo hrv hsb hun hup hye iba " +
    " ibo ice ido iii ijo iku ile ilo ina inc ind ine inh ipk ira iro isl ita jav jbo jpn jpr " +
    " jrb kaa kab kac kal kam kan kar kas kat kau kaw kaz kbd kha khi khm kho kik kin kir kmb " +
    " kok kom kon kor kos kpe krc krl kro kru kua kum kur kut lad lah lam lao lat lav lez lim " +
    " lin lit lol loz ltz lua lub lug lui lun luo lus mac mad mag mah mai mak mal man mao map " +
    " mar mas may mdf mdr men mga mic min mis mkd mkh mlg mlt mnc mni mno moh mon mos mri msa " +
    " mul mun mus mwl mwr mya myn myv nah nai nap nau nav nbl nde ndo nds nep new nia nic niu " +
    " nld nno nob nog non nor nqo nso nub nwc nya nym nyn nyo nzi oci oji ori orm osa oss ota " +
    " oto paa pag pal pam pan pap pau peo per phi phn pli pol pon por pra pro pus que raj rap " +
    " rar roa roh rom ron rum run rup rus sad sag sah sai sal sam san sas sat scn sco sel sem " +
    " sga sgn shn sid sin sio sit sla slk slo slv sma sme smi smj smn smo sms sna snd snk sog " +
    " som son sot spa sqi srd srn srp srr ssa ssw suk sun sus sux swa swe syc syr tah tai tam " +
    " tat tel tem ter tet tgk tgl tha tib tig tir tiv tkl tlh tli tmh tog ton tpi tsi tsn tso " +
    " tuk tum tup tur tut tvl twi tyv udm uga uig ukr umb und urd uzb vai ven vie vol vot wak " +
    " wal war was wel wen wln wol xal xho yao yap yid yor ypk zap zbl zen zgh zha zho znd zul " +
    " zun zxx zza ";

  // Withdrawn codes content still sends (Moldavian, Serbo-Croatian, old Hebrew/Indonesian/
  // Yiddish/Javanese codes): the CTS accepts "mo".
  LANGUAGE_CODES += " mo mol sh iw in ji jw scc scr ";

  function validLanguage(code) {
    if (code.length === 0 || code.length > 250) return false;
    var parts = code.split("-");
    var primary = parts[0].toLowerCase();
    if (primary === "i" || primary === "x") {
      if (parts.length < 2) return false;
    } else if (!/^[a-z]{2,3}$/.test(primary) || LANGUAGE_CODES.indexOf(" " + primary + " ") < 0) {
      return false;
    }
    for (var i = 1; i < parts.length; i++) if (!/^[a-zA-Z0-9]{1,8}$/.test(parts[i])) return false;
    return true;
  }

  // RTE 4.1.1.4 long_identifier_type: a URI (RFC 3986): no spaces or characters a URI cannot
  // hold, "%" only as an escape, a scheme only with something after it ("urn:" alone is not).
  var RE_URI_CHARS = /^[^\s"<>\\^`{|}\x00-\x1f\x7f]+$/;
  function validUri(v) {
    if (!RE_URI_CHARS.test(v)) return false;
    if (/%(?![0-9a-fA-F]{2})/.test(v)) return false;
    if (v.charAt(0) === ":" || v.split("#").length > 2) return false;
    var scheme = /^[a-zA-Z][a-zA-Z0-9+.\-]*:/.exec(v);
    if (scheme && scheme[0].length === v.length) return false;
    if (/[\[\]]/.test(v) && !/^[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/\[[0-9a-fA-F:.]+\]/.test(v)) return false;
    return true;
  }

  function vocab(words) {
    return function (v) {
      return words.indexOf(v) >= 0 ? 0 : "type";
    };
  }

  function maxLen(n) {
    return function (v) {
      return v.length <= n ? 0 : "type";
    };
  }

  function decimal12(min, max, blank) {
    return function (v) {
      if (v === "") return blank ? 0 : "type";
      if (!RE_12_DECIMAL.test(v)) return "type";
      var x = parseFloat(v);
      if ((min !== null && x < min) || (max !== null && x > max)) return "type";
      return 0;
    };
  }

  function integer12(min, max) {
    return function (v) {
      if (!RE_12_INTEGER.test(v)) return "type";
      var x = parseInt(v, 10);
      return x < min || x > max ? "type" : 0;
    };
  }

  function timespan12(v) {
    var m = RE_12_TIMESPAN.exec(v);
    if (!m) return "type";
    var parts = v.split(":");
    return parseInt(parts[1], 10) > 59 || parseFloat(parts[2]) >= 60 ? "type" : 0;
  }

  function time12(v) {
    var m = RE_12_TIME.exec(v);
    if (!m) return "type";
    return parseInt(m[1], 10) > 23 || parseInt(m[2], 10) > 59 || parseInt(m[3], 10) > 59 ? "type" : 0;
  }

  function identifier12(v) {
    return RE_12_IDENTIFIER.test(v) ? 0 : "type";
  }

  function result12(v) {
    if (["correct", "wrong", "unanticipated", "neutral"].indexOf(v) >= 0) return 0;
    return RE_12_DECIMAL.test(v) ? 0 : "type";
  }

  function real(min, max) {
    return function (v) {
      if (!RE_REAL.test(v)) return "type";
      var x = parseFloat(v);
      if ((min !== null && x < min) || (max !== null && x > max)) return "range";
      return 0;
    };
  }

  function interval(v) {
    var m = RE_INTERVAL.exec(v);
    if (!m || v === "P" || /T$/.test(v)) return "type";
    return 0;
  }

  // RTE 4.1.1.7 time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], reduced precision
  // allowed; a time zone only after the fraction of a second (the CTS agrees).
  var RE_TIME_2004 =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,2})(Z|[+-](\d{2})(?::(\d{2}))?)?)?)?)?)?)?)?$/;

  function time2004(v) {
    var m = RE_TIME_2004.exec(v);
    if (!m) return "type";
    var year = parseInt(m[1], 10);
    if (year < 1970 || year > 2038) return "type";
    if (m[2] !== undefined && (parseInt(m[2], 10) < 1 || parseInt(m[2], 10) > 12)) return "type";
    if (m[3] !== undefined) {
      var days = new Date(Date.UTC(year, parseInt(m[2], 10), 0)).getUTCDate();
      if (parseInt(m[3], 10) < 1 || parseInt(m[3], 10) > days) return "type";
    }
    if (m[4] !== undefined && parseInt(m[4], 10) > 23) return "type";
    if (m[5] !== undefined && parseInt(m[5], 10) > 59) return "type";
    if (m[6] !== undefined && parseInt(m[6], 10) > 59) return "type";
    if (m[9] !== undefined && parseInt(m[9], 10) > 23) return "type";
    if (m[10] !== undefined && parseInt(m[10], 10) > 59) return "type";
    return 0;
  }

  function longId(spm) {
    return function (v) {
      return v.length > 0 && v.length <= spm && validUri(v) ? 0 : "type";
    };
  }

  function language(allowEmpty) {
    return function (v) {
      if (v === "") return allowEmpty ? 0 : "type";
      return validLanguage(v) ? 0 : "type";
    };
  }

  // "{lang=xx}text": the text after an optional language delimiter, or null when malformed.
  function localizedText(v) {
    if (v.indexOf("{lang=") === 0) {
      var end = v.indexOf("}");
      if (end < 0) return null;
      var lang = v.substring(6, end);
      if (!validLanguage(lang)) return null;
      return v.substring(end + 1);
    }
    return v;
  }

  function localized(spm) {
    return function (v) {
      var text = localizedText(v);
      if (text === null) return "type";
      return text.length <= spm ? 0 : "type";
    };
  }

  function characterstring(spm) {
    return maxLen(spm);
  }

  // SCORM 2004 interaction responses, by interaction type (RTE 4.2.9).
  var SHORT_ID = /^[^\s\[\]]{1,250}$/;

  function splitList(v, sep) {
    return v === "" ? [] : v.split(sep);
  }

  function allShortIds(list, unique) {
    var seen = {};
    for (var i = 0; i < list.length; i++) {
      if (!SHORT_ID.test(list[i])) return false;
      if (unique) {
        if (seen[list[i]]) return false;
        seen[list[i]] = true;
      }
    }
    return true;
  }

  function stripDelimiters(v, names) {
    // Leading {case_matters=true|false} / {order_matters=true|false}, each at most once.
    // RTE 4.2.9.1: they come first, before any {lang=}; a value other than true or false is a
    // type mismatch. Once the text (or a {lang=}) starts, braces are the text's own.
    var used = {};
    var re = /^\{(case_matters|order_matters)=([^}]*)\}/;
    for (;;) {
      var m = re.exec(v);
      if (!m || names.indexOf(m[1]) < 0) break;
      if (used[m[1]] || (m[2] !== "true" && m[2] !== "false")) return null;
      used[m[1]] = true;
      v = v.substring(m[0].length);
    }
    return v;
  }

  function checkResponse(type, v, isPattern) {
    var list, i, pair;
    switch (type) {
      case "true-false":
        return v === "true" || v === "false" ? 0 : "type";
      case "choice":
        list = splitList(v, "[,]");
        return allShortIds(list, true) ? 0 : "type";
      case "sequencing":
        list = splitList(v, "[,]");
        if (list.length === 0 && !isPattern) return 0;
        return list.length > 0 && allShortIds(list, false) ? 0 : "type";
      case "fill-in":
        if (isPattern) {
          v = stripDelimiters(v, ["case_matters", "order_matters"]);
          if (v === null) return "type";
        }
        list = splitList(v, "[,]");
        for (i = 0; i < list.length; i++) {
          var t = localizedText(list[i]);
          if (t === null || t.length > 250) return "type";
        }
        return 0;
      case "long-fill-in":
        if (isPattern) {
          v = stripDelimiters(v, ["case_matters"]);
          if (v === null) return "type";
        }
        var text = localizedText(v);
        if (text === null) return "type";
        // A {case_matters=} written after the language is a delimiter too when well-formed.
        if (isPattern) text = text.replace(/^\{case_matters=(true|false)\}/, "");
        return text.length <= 4000 ? 0 : "type";
      case "likert":
        if (v === "" && !isPattern) return 0;
        return SHORT_ID.test(v) ? 0 : "type";
      case "matching":
        list = splitList(v, "[,]");
        if (isPattern && list.length === 0) return "type";
        for (i = 0; i < list.length; i++) {
          pair = list[i].split("[.]");
          if (pair.length !== 2 || !SHORT_ID.test(pair[0]) || !SHORT_ID.test(pair[1])) return "type";
        }
        return 0;
      case "performance":
        if (isPattern) {
          v = stripDelimiters(v, ["order_matters"]);
          if (v === null) return "type";
        }
        list = splitList(v, "[,]");
        if (list.length === 0) return isPattern ? "type" : 0;
        for (i = 0; i < list.length; i++) {
          pair = list[i].split("[.]");
          if (pair.length !== 2) return "type";
          if (pair[0] !== "" && !SHORT_ID.test(pair[0])) return "type";
          if (pair[0] === "" && pair[1] === "") return "type";
          if (pair[1].length > 250) return "type";
          if (isPattern && pair[1].indexOf("[:]") >= 0) {
            var range = pair[1].split("[:]");
            if (range.length !== 2) return "type";
            if ((range[0] !== "" && !RE_REAL.test(range[0])) || (range[1] !== "" && !RE_REAL.test(range[1])))
              return "type";
          }
        }
        return 0;
      case "numeric":
        if (!isPattern) return RE_REAL.test(v) ? 0 : "type";
        var bounds = v.split("[:]");
        if (bounds.length === 1) return RE_REAL.test(v) ? 0 : "type";
        if (bounds.length !== 2) return "type";
        for (i = 0; i < 2; i++) if (bounds[i] !== "" && !RE_REAL.test(bounds[i])) return "type";
        if (bounds[0] !== "" && bounds[1] !== "" && parseFloat(bounds[0]) > parseFloat(bounds[1])) return "type";
        return 0;
      case "other":
        return v.length <= 4000 ? 0 : "type";
      default:
        return "type";
    }
  }

  // Interaction types where only one correct response pattern is allowed.
  var SINGLE_PATTERN = ["true-false", "likert", "numeric", "other"];

  // ---------------------------------------------------------------- the data models
  // access: "r" read-only, "w" write-only, "rw"; check: value check; def: default value (null: none,
  // i.e. 2004 answers 403 until it is set).

  var MODEL_12 = {
    elements: {
      // RTE 1.2 3.4.4: the version of the data model the LMS supports.
      "cmi._version": { access: "r", def: "3.4" },
      "cmi.core.student_id": { access: "r", def: "" },
      "cmi.core.student_name": { access: "r", def: "" },
      "cmi.core.lesson_location": { access: "rw", check: maxLen(255), def: "" },
      "cmi.core.credit": { access: "r", def: "credit" },
      "cmi.core.lesson_status": {
        access: "rw",
        check: vocab(["passed", "completed", "failed", "incomplete", "browsed"]),
        def: "not attempted",
      },
      "cmi.core.entry": { access: "r", def: "ab-initio" },
      "cmi.core.score.raw": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.core.score.min": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.core.score.max": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.core.total_time": { access: "r", def: "0000:00:00.00" },
      "cmi.core.lesson_mode": { access: "r", def: "normal" },
      "cmi.core.exit": { access: "w", check: vocab(["time-out", "suspend", "logout", ""]) },
      "cmi.core.session_time": { access: "w", check: timespan12 },
      // CMIString4096 by the specification; real content stores more, so up to 64000 here.
      "cmi.suspend_data": { access: "rw", check: maxLen(64000), def: "" },
      "cmi.launch_data": { access: "r", def: "" },
      "cmi.comments": { access: "rw", check: maxLen(4096), def: "" },
      "cmi.comments_from_lms": { access: "r", def: "" },
      "cmi.objectives.n.id": { access: "rw", check: identifier12, def: "" },
      "cmi.objectives.n.score.raw": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.objectives.n.score.min": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.objectives.n.score.max": { access: "rw", check: decimal12(0, 100, true), def: "" },
      "cmi.objectives.n.status": {
        access: "rw",
        check: vocab(["passed", "completed", "failed", "incomplete", "browsed", "not attempted"]),
        def: "not attempted",
      },
      "cmi.student_data.mastery_score": { access: "r", def: "" },
      "cmi.student_data.max_time_allowed": { access: "r", def: "" },
      "cmi.student_data.time_limit_action": { access: "r", def: "" },
      "cmi.student_preference.audio": { access: "rw", check: integer12(-1, 100), def: "0" },
      "cmi.student_preference.language": { access: "rw", check: maxLen(255), def: "" },
      "cmi.student_preference.speed": { access: "rw", check: integer12(-100, 100), def: "0" },
      "cmi.student_preference.text": { access: "rw", check: integer12(-1, 1), def: "0" },
      "cmi.interactions.n.id": { access: "w", check: identifier12 },
      "cmi.interactions.n.objectives.n.id": { access: "w", check: identifier12 },
      "cmi.interactions.n.time": { access: "w", check: time12 },
      "cmi.interactions.n.type": {
        access: "w",
        check: vocab(["true-false", "choice", "fill-in", "matching", "performance", "likert", "sequencing", "numeric"]),
      },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "w", check: maxLen(255) },
      "cmi.interactions.n.weighting": { access: "w", check: decimal12(null, null, false) },
      "cmi.interactions.n.student_response": { access: "w", check: maxLen(255) },
      "cmi.interactions.n.result": { access: "w", check: result12 },
      "cmi.interactions.n.latency": { access: "w", check: timespan12 },
    },
    children: {
      "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
      "cmi.core.score": "raw,min,max",
      "cmi.objectives": "id,score,status",
      "cmi.objectives.n.score": "raw,min,max",
      "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
      "cmi.student_preference": "audio,language,speed,text",
      "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
    },
    collections: [
      "cmi.objectives",
      "cmi.interactions",
      "cmi.interactions.n.objectives",
      "cmi.interactions.n.correct_responses",
    ],
  };

  var SUCCESS = ["passed", "failed", "unknown"];
  var COMPLETION = ["completed", "incomplete", "not attempted", "unknown"];
  var INTERACTION_TYPES = [
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
  ];

  function result2004(v) {
    if (["correct", "incorrect", "unanticipated", "neutral"].indexOf(v) >= 0) return 0;
    return RE_REAL.test(v) ? 0 : "type";
  }

  var NAV_WORDS = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];
  var RE_NAV_TARGET = /^\{target=([^\s{}]+)\}(choice|jump)$/;

  function navRequest(v) {
    return NAV_WORDS.indexOf(v) >= 0 || RE_NAV_TARGET.test(v) ? 0 : "type";
  }

  // The specification's sizes are smallest permitted maxima (SPM): what an LMS must at least
  // store, not a limit to enforce. Content does exceed the small ones (question text in
  // interactions.n.description, long bookmarks), so these SPM 250/1000 strings are kept up to
  // 4000 characters rather than refused and lost. Identifiers keep their exact limits.
  var ROOMY = 4000;

  var MODEL_2004 = {
    elements: {
      "cmi._version": { access: "r", def: "1.0" },
      "cmi.comments_from_learner.n.comment": { access: "rw", check: localized(4000), def: null },
      "cmi.comments_from_learner.n.location": { access: "rw", check: characterstring(ROOMY), def: null },
      "cmi.comments_from_learner.n.timestamp": { access: "rw", check: time2004, def: null },
      "cmi.comments_from_lms.n.comment": { access: "r", def: null },
      "cmi.comments_from_lms.n.location": { access: "r", def: null },
      "cmi.comments_from_lms.n.timestamp": { access: "r", def: null },
      "cmi.completion_status": { access: "rw", check: vocab(COMPLETION), def: "unknown" },
      "cmi.completion_threshold": { access: "r", def: null },
      "cmi.credit": { access: "r", def: "credit" },
      "cmi.entry": { access: "r", def: "ab-initio" },
      "cmi.exit": { access: "w", check: vocab(["time-out", "suspend", "logout", "normal", ""]) },
      "cmi.interactions.n.id": { access: "rw", check: longId(4000), def: null },
      "cmi.interactions.n.type": { access: "rw", check: vocab(INTERACTION_TYPES), def: null },
      "cmi.interactions.n.objectives.n.id": { access: "rw", check: longId(4000), def: null },
      "cmi.interactions.n.timestamp": { access: "rw", check: time2004, def: null },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "rw", check: null, def: null },
      "cmi.interactions.n.weighting": { access: "rw", check: real(null, null), def: null },
      "cmi.interactions.n.learner_response": { access: "rw", check: null, def: null },
      "cmi.interactions.n.result": { access: "rw", check: result2004, def: null },
      "cmi.interactions.n.latency": { access: "rw", check: interval, def: null },
      "cmi.interactions.n.description": { access: "rw", check: localized(ROOMY), def: null },
      "cmi.launch_data": { access: "r", def: null },
      "cmi.learner_id": { access: "r", def: "" },
      "cmi.learner_name": { access: "r", def: "" },
      "cmi.learner_preference.audio_level": { access: "rw", check: real(0, null), def: "1" },
      "cmi.learner_preference.language": { access: "rw", check: language(true), def: "" },
      "cmi.learner_preference.delivery_speed": { access: "rw", check: real(0, null), def: "1" },
      "cmi.learner_preference.audio_captioning": { access: "rw", check: vocab(["-1", "0", "1"]), def: "0" },
      "cmi.location": { access: "rw", check: characterstring(ROOMY), def: null },
      "cmi.max_time_allowed": { access: "r", def: null },
      "cmi.mode": { access: "r", def: "normal" },
      "cmi.objectives.n.id": { access: "rw", check: longId(4000), def: null },
      "cmi.objectives.n.score.scaled": { access: "rw", check: real(-1, 1), def: null },
      "cmi.objectives.n.score.raw": { access: "rw", check: real(null, null), def: null },
      "cmi.objectives.n.score.min": { access: "rw", check: real(null, null), def: null },
      "cmi.objectives.n.score.max": { access: "rw", check: real(null, null), def: null },
      "cmi.objectives.n.success_status": { access: "rw", check: vocab(SUCCESS), def: "unknown" },
      "cmi.objectives.n.completion_status": { access: "rw", check: vocab(COMPLETION), def: "unknown" },
      "cmi.objectives.n.progress_measure": { access: "rw", check: real(0, 1), def: null },
      "cmi.objectives.n.description": { access: "rw", check: localized(ROOMY), def: null },
      "cmi.progress_measure": { access: "rw", check: real(0, 1), def: null },
      "cmi.scaled_passing_score": { access: "r", def: null },
      "cmi.score.scaled": { access: "rw", check: real(-1, 1), def: null },
      "cmi.score.raw": { access: "rw", check: real(null, null), def: null },
      "cmi.score.min": { access: "rw", check: real(null, null), def: null },
      "cmi.score.max": { access: "rw", check: real(null, null), def: null },
      "cmi.session_time": { access: "w", check: interval },
      "cmi.success_status": { access: "rw", check: vocab(SUCCESS), def: "unknown" },
      "cmi.suspend_data": { access: "rw", check: characterstring(64000), def: null },
      "cmi.time_limit_action": { access: "r", def: "continue,no message" },
      "cmi.total_time": { access: "r", def: "PT0H0M0S" },
      "adl.nav.request": { access: "rw", check: navRequest, def: "_none_" },
      "adl.nav.request_valid.continue": { access: "r", def: "unknown" },
      "adl.nav.request_valid.previous": { access: "r", def: "unknown" },
      "adl.nav.request_valid.choice.{target}": { access: "r", def: "unknown" },
      "adl.nav.request_valid.jump.{target}": { access: "r", def: "unknown" },
      // Shared data stores (adlcp:data/adlcp:map): the LMS lists them, the content reads and
      // writes their store as the map's readSharedData/writeSharedData allow.
      "adl.data.n.id": { access: "r", def: null },
      "adl.data.n.store": { access: "rw", check: characterstring(64000), def: null },
    },
    children: {
      "cmi.comments_from_learner": "comment,location,timestamp",
      "cmi.comments_from_lms": "comment,location,timestamp",
      "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
      "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
      "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
      "cmi.objectives.n.score": "scaled,raw,min,max",
      "cmi.score": "scaled,raw,min,max",
      "adl.data": "id,store",
    },
    collections: [
      "cmi.comments_from_learner",
      "cmi.comments_from_lms",
      "cmi.interactions",
      "cmi.interactions.n.objectives",
      "cmi.interactions.n.correct_responses",
      "cmi.objectives",
      "adl.data",
    ],
    // Collections whose entries only the LMS creates.
    fixed: ["adl.data", "cmi.comments_from_lms"],
  };

  // ---------------------------------------------------------------- error codes

  var ERRORS_12 = {
    0: "No error",
    101: "General exception",
    201: "Invalid argument error",
    202: "Element cannot have children",
    203: "Element not an array - cannot have count",
    301: "Not initialized",
    401: "Not implemented error",
    402: "Invalid set value, element is a keyword",
    403: "Element is read only",
    404: "Element is write only",
    405: "Incorrect data type",
  };

  var ERRORS_2004 = {
    0: "No error",
    101: "General exception",
    102: "General initialization failure",
    103: "Already initialized",
    104: "Content instance terminated",
    111: "General termination failure",
    112: "Termination before initialization",
    113: "Termination after termination",
    122: "Retrieve data before initialization",
    123: "Retrieve data after termination",
    132: "Store data before initialization",
    133: "Store data after termination",
    142: "Commit before initialization",
    143: "Commit after termination",
    201: "General argument error",
    301: "General get failure",
    351: "General set failure",
    391: "General commit failure",
    401: "Undefined data model element",
    402: "Unimplemented data model element",
    403: "Data model element value not initialized",
    404: "Data model element is read only",
    405: "Data model element is write only",
    406: "Data model element type mismatch",
    407: "Data model element value out of range",
    408: "Data model dependency not established",
  };

  // ---------------------------------------------------------------- element names

  // Parse an element name against a model. Returns {kind, generic, collection, indexes, concrete}
  // kind: "element" | "children" | "count" | "collection" | "unknown" | "bad_children" | "bad_count"
  function parse(model, name) {
    if (typeof name !== "string" || name === "") return { kind: "unknown" };
    var nav = /^adl\.nav\.request_valid\.(choice|jump)\.\{target=([^\s{}]+)\}$/.exec(name);
    if (nav) return { kind: "element", generic: "adl.nav.request_valid." + nav[1] + ".{target}", indexes: [], concrete: name };
    var segs = name.split(".");
    var generic = [];
    var indexes = [];
    for (var i = 0; i < segs.length; i++) {
      var seg = segs[i];
      var prefix = generic.join(".");
      var isCollection = model.collections.indexOf(prefix) >= 0;
      if (seg === "_children" || seg === "_count") {
        if (i !== segs.length - 1) return { kind: "unknown" };
        var known =
          isCollection ||
          model.children[prefix] !== undefined ||
          model.elements[prefix] !== undefined ||
          isElementPrefix(model, prefix);
        if (!known) return { kind: "unknown" };
        if (seg === "_children")
          return model.children[prefix] !== undefined
            ? { kind: "children", generic: prefix, indexes: indexes, value: model.children[prefix] }
            : { kind: "bad_children", generic: prefix, indexes: indexes };
        return isCollection
          ? { kind: "count", generic: prefix, indexes: indexes, concrete: concreteName(prefix, indexes) }
          : { kind: "bad_count", generic: prefix, indexes: indexes };
      }
      if (isCollection) {
        // "01": a number, but not an index as the RTE writes them (351 / 301, as the CTS expects).
        if (/^0\d+$/.test(seg)) return { kind: "bad_index" };
        if (!/^(0|[1-9]\d*)$/.test(seg)) return { kind: "unknown" };
        indexes.push(parseInt(seg, 10));
        generic.push("n");
      } else {
        generic.push(seg);
      }
    }
    var g = generic.join(".");
    if (model.elements[g]) return { kind: "element", generic: g, indexes: indexes, concrete: name };
    if (model.collections.indexOf(g) >= 0 || model.children[g] !== undefined || isElementPrefix(model, g))
      return { kind: "collection", generic: g, indexes: indexes };
    if (g === "cmi") return { kind: "collection", generic: g, indexes: indexes };
    return { kind: "unknown" };
  }

  function isElementPrefix(model, prefix) {
    if (prefix === "") return false;
    if (prefix === "cmi") return true;
    for (var g in model.elements) if (g.indexOf(prefix + ".") === 0) return true;
    return false;
  }

  // "cmi.interactions.n.objectives" + [2] -> "cmi.interactions.2.objectives"
  function concreteName(generic, indexes) {
    var k = 0;
    return generic
      .split(".")
      .map(function (s) {
        return s === "n" ? String(indexes[k++]) : s;
      })
      .join(".");
  }

  // The collections an element lives in, outermost first: [{generic, concrete, index}]
  function collectionsOf(model, generic, indexes) {
    var out = [];
    var segs = generic.split(".");
    var k = 0;
    for (var i = 0; i < segs.length; i++) {
      if (segs[i] === "n") {
        var g = segs.slice(0, i).join(".");
        out.push({ generic: g, concrete: concreteName(g, indexes.slice(0, k)), index: indexes[k] });
        k++;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- the runtime

  function Runtime(options) {
    this.version = options.version === "1.2" ? "1.2" : "2004";
    this.model = this.version === "1.2" ? MODEL_12 : MODEL_2004;
    this.errors = this.version === "1.2" ? ERRORS_12 : ERRORS_2004;
    this.commitUrl = options.commitUrl || null;
    this.csrfToken = options.csrfToken || "";
    // {targetID: {read: bool, write: bool}} for adl.data stores (default: both allowed).
    this.sharedData = options.sharedData || {};
    this.onNavRequest = options.onNavRequest || null;
    // Called with the server's answer to each commit the page waited for ({ok, errors,
    // navigation?: {controls, request_valid}}).
    this.onCommitted = options.onCommitted || null;
    this.state = "not_initialized"; // -> running -> terminated
    this.lastError = 0;
    this.diagnostic = "";
    this.values = {};
    this.counts = {};
    this.dirty = {};
    this.dirtyOrder = [];
    this.finalPending = false;
    var initial = options.initial || {};
    for (var key in initial) {
      if (Object.prototype.hasOwnProperty.call(initial, key)) this.load(key, initial[key]);
    }
  }

  Runtime.prototype.load = function (name, value) {
    // Trusted values from the LMS: no access or type checks, only the name must be known.
    var p = parse(this.model, name);
    if (p.kind !== "element") return;
    var colls = collectionsOf(this.model, p.generic, p.indexes);
    for (var i = 0; i < colls.length; i++) {
      var c = colls[i];
      if ((this.counts[c.concrete] || 0) <= c.index) this.counts[c.concrete] = c.index + 1;
    }
    this.values[name] = value === null || value === undefined ? "" : String(value);
  };

  Runtime.prototype.fail = function (code, diagnostic) {
    this.lastError = code;
    this.diagnostic = diagnostic || this.errors[code] || "";
    return code;
  };

  Runtime.prototype.ok = function () {
    this.lastError = 0;
    this.diagnostic = "";
  };

  Runtime.prototype.count = function (concrete) {
    return this.counts[concrete] || 0;
  };

  // ---- Initialize / Terminate / Commit

  Runtime.prototype.initialize = function (param) {
    var v12 = this.version === "1.2";
    if (param !== "" && param !== undefined) return this.fail(201, "The parameter must be an empty string."), "false";
    if (this.state === "running") return this.fail(v12 ? 101 : 103), "false";
    if (this.state === "terminated") return this.fail(v12 ? 101 : 104), "false";
    this.state = "running";
    this.ok();
    return "true";
  };

  Runtime.prototype.terminate = function (param) {
    var v12 = this.version === "1.2";
    if (param !== "" && param !== undefined) return this.fail(201, "The parameter must be an empty string."), "false";
    if (this.state === "not_initialized") return this.fail(v12 ? 301 : 112), "false";
    if (this.state === "terminated") return this.fail(v12 ? 301 : 113), "false";
    var error = this.send(true);
    if (error) {
      // Stay running: the content may try again, and pagehide sends what is left.
      return this.fail(v12 ? 101 : 111, "The final commit failed: " + error), "false";
    }
    this.state = "terminated";
    this.ok();
    var request = this.values["adl.nav.request"];
    if (!v12 && request && request !== "_none_" && typeof this.onNavRequest === "function") {
      var callback = this.onNavRequest;
      setTimeout(function () {
        callback(request);
      }, 0);
    }
    return "true";
  };

  Runtime.prototype.commit = function (param) {
    var v12 = this.version === "1.2";
    if (param !== "" && param !== undefined) return this.fail(201, "The parameter must be an empty string."), "false";
    if (this.state === "not_initialized") return this.fail(v12 ? 301 : 142), "false";
    if (this.state === "terminated") return this.fail(v12 ? 301 : 143), "false";
    var error = this.send(false);
    if (error) return this.fail(v12 ? 101 : 391, "The commit failed: " + error), "false";
    this.ok();
    return "true";
  };

  // {cmi: {element: value}, final, adl_data?: {targetID: store}, nav_request?}; the element
  // names and values sent are kept in a non-enumerable "sent" property.
  Runtime.prototype.payload = function (isFinal) {
    var cmi = {};
    var shared = null;
    var sent = {};
    for (var i = 0; i < this.dirtyOrder.length; i++) {
      var name = this.dirtyOrder[i];
      sent[name] = this.values[name];
      var m = /^adl\.data\.(\d+)\.store$/.exec(name);
      if (m) {
        shared = shared || {};
        shared[this.values["adl.data." + m[1] + ".id"]] = this.values[name];
      } else {
        cmi[name] = this.values[name];
      }
    }
    var data = { cmi: cmi, final: !!isFinal };
    if (shared) data.adl_data = shared;
    var request = this.values["adl.nav.request"];
    if (request && request !== "_none_") data.nav_request = request;
    Object.defineProperty(data, "sent", { value: sent, enumerable: false });
    return data;
  };

  Runtime.prototype.clearDirty = function (sentNames, sentValues) {
    // Only what was sent and has not changed since.
    var keep = [];
    var dirty = {};
    for (var i = 0; i < this.dirtyOrder.length; i++) {
      var name = this.dirtyOrder[i];
      if (sentNames.hasOwnProperty(name) && sentValues[name] === this.values[name]) continue;
      keep.push(name);
      dirty[name] = true;
    }
    this.dirtyOrder = keep;
    this.dirty = dirty;
  };

  // Returns "" on success or a diagnostic.
  Runtime.prototype.send = function (isFinal) {
    if (!this.commitUrl) {
      this.clearDirty({}, {});
      return "";
    }
    var data = this.payload(isFinal);
    var body = JSON.stringify(data);
    try {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", this.commitUrl, false);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.setRequestHeader("X-CSRFToken", this.csrfToken);
      xhr.send(body);
      if (xhr.status >= 200 && xhr.status < 300) {
        this.clearDirty(data.sent, data.sent);
        this.answered(xhr.responseText);
        return "";
      }
      return "the server answered " + xhr.status + ".";
    } catch (e) {
      // Synchronous requests are refused while the page is being dismissed: hand the data to a
      // keepalive fetch, which outlives the page like a beacon (and is not sent twice).
      if (typeof fetch === "function") {
        try {
          this.track(
            fetch(this.commitUrl, {
              method: "POST",
              body: body,
              keepalive: true,
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken },
            })
          );
          this.clearDirty(data.sent, data.sent);
          return "";
        } catch (e2) {
          return "the request could not be sent (" + e2 + ").";
        }
      }
      return "the request could not be sent (" + e + ").";
    }
  };

  // The commit's answer: adl.nav.request_valid.* as the sequencing answers after what was
  // just committed (RTE 4.4.2: the LMS answers at the time of the request), then the player.
  Runtime.prototype.answered = function (text) {
    var answer;
    try {
      answer = JSON.parse(text || "{}");
    } catch (e) {
      return;
    }
    var valid = answer && answer.navigation && answer.navigation.request_valid;
    if (valid) {
      for (var name in valid) {
        if (Object.prototype.hasOwnProperty.call(valid, name)) this.load(name, valid[name]);
      }
    }
    if (typeof this.onCommitted === "function") {
      var callback = this.onCommitted;
      setTimeout(function () {
        callback(answer);
      }, 0);
    }
  };

  // Commits sent without waiting (keepalive fetches: content that terminates while it is
  // being unloaded, where a synchronous request is refused) are kept until answered.
  Runtime.prototype.track = function (request) {
    var settled = Promise.resolve(request).then(
      function () {},
      function () {}
    );
    this.pending = Promise.all([this.pending || Promise.resolve(), settled]);
  };

  // The player leaves the SCO (its content is unloaded): what it did not send yet goes now,
  // as final; the promise settles once every commit has been answered, so a navigation
  // request sent after it finds the sequencing up to date.
  Runtime.prototype.flush = function () {
    var self = this;
    return Promise.resolve(this.pending).then(function () {
      var idle = self.dirtyOrder.length === 0;
      if ((self.state === "not_initialized" || self.state === "terminated") && idle) return "";
      var error = self.send(true);
      return Promise.resolve(self.pending).then(function () {
        return error;
      });
    });
  };

  Runtime.prototype.beacon = function () {
    if (!this.commitUrl) return false;
    if (this.state === "terminated" && this.dirtyOrder.length === 0) return false;
    if (this.state === "not_initialized" && this.dirtyOrder.length === 0) return false;
    var data = this.payload(true);
    data.csrfmiddlewaretoken = this.csrfToken;
    var blob = new Blob([JSON.stringify(data)], { type: "application/json" });
    var queued = false;
    if (navigator.sendBeacon) {
      try {
        queued = navigator.sendBeacon(this.commitUrl, blob);
      } catch (e) {
        queued = false;
      }
    }
    if (!queued && typeof fetch === "function") {
      try {
        this.track(
          fetch(this.commitUrl, {
            method: "POST",
            body: JSON.stringify(data),
            keepalive: true,
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken },
          })
        );
        queued = true;
      } catch (e) {
        queued = false;
      }
    }
    // The session stays open: the window's pagehide comes before the content frames unload,
    // and content often sets its last values and terminates in its own unload handler. Those
    // calls still work, and their commit goes out as a keepalive fetch.
    if (queued) this.clearDirty(data.sent, data.sent);
    return queued;
  };

  // ---- GetValue

  Runtime.prototype.getValue = function (name) {
    var v12 = this.version === "1.2";
    if (this.state === "not_initialized") return this.fail(v12 ? 301 : 122), "";
    if (this.state === "terminated") return this.fail(v12 ? 301 : 123), "";
    if (name === undefined || name === null || name === "")
      return this.fail(v12 ? 201 : 301, "GetValue needs an element name."), "";
    name = String(name);
    var p = parse(this.model, name);
    var i, c, colls;
    switch (p.kind) {
      case "unknown":
        return this.fail(v12 ? 201 : 401, "Not a data model element: " + name), "";
      case "collection":
        return this.fail(v12 ? 201 : 401, name + " is not an element with a value."), "";
      case "bad_children":
        return this.fail(v12 ? 202 : 301, name + ": the element has no children."), "";
      case "bad_count":
        return this.fail(v12 ? 203 : 301, name + ": the element is not a collection."), "";
      case "bad_index":
        return this.fail(v12 ? 201 : 301, name + ": not a valid index."), "";
    }
    // Every index on the way must exist.
    colls = collectionsOf(this.model, p.generic, p.indexes);
    for (i = 0; i < colls.length; i++) {
      c = colls[i];
      if (c.index >= this.count(c.concrete))
        return this.fail(v12 ? 201 : 301, name + ": index " + c.index + " is past the collection's count."), "";
    }
    if (p.kind === "children") {
      this.ok();
      return p.value;
    }
    if (p.kind === "count") {
      this.ok();
      return String(this.count(p.concrete));
    }
    var def = this.model.elements[p.generic];
    if (def.access === "w") return this.fail(v12 ? 404 : 405, name + " is write-only."), "";
    if (p.generic === "adl.data.n.store" && !this.sharedAccess(p.indexes[0], "read"))
      return this.fail(405, name + ": this shared data store may not be read."), "";
    if (p.generic === "adl.data.n.store" && !this.values[name])
      return this.fail(403, name + " has no value yet."), ""; // an empty store is none (CTS)
    if (!v12 && (name === "cmi.completion_status" || name === "cmi.success_status")) {
      var evaluated = this.evaluatedStatus(name);
      if (evaluated) {
        this.ok();
        return evaluated;
      }
    }
    if (Object.prototype.hasOwnProperty.call(this.values, name)) {
      this.ok();
      return this.values[name];
    }
    if (p.generic === "adl.nav.request_valid.choice.{target}" || p.generic === "adl.nav.request_valid.jump.{target}") {
      // The LMS listed the activity tree's targets: one it did not list is not in the tree.
      this.ok();
      return this.values.hasOwnProperty("adl.nav.request_valid.continue") ? "false" : "unknown";
    }
    if (def.def === null || def.def === undefined) {
      if (v12) {
        this.ok();
        return "";
      }
      return this.fail(403, name + " has no value yet."), "";
    }
    this.ok();
    return def.def;
  };

  // SCORM 2004 RTE 4.2.4.1 and 4.2.22.1: with a completion threshold (or scaled passing score)
  // from the manifest, the LMS answers from progress_measure (or score.scaled), "unknown" while
  // the content has not reported it. "" when no such rule applies.
  Runtime.prototype.evaluatedStatus = function (name) {
    var completion = name === "cmi.completion_status";
    var limit = this.values[completion ? "cmi.completion_threshold" : "cmi.scaled_passing_score"];
    if (limit === undefined || limit === "" || !RE_REAL.test(limit)) return "";
    var measure = this.values[completion ? "cmi.progress_measure" : "cmi.score.scaled"];
    if (measure === undefined) return "unknown";
    var reached = parseFloat(measure) >= parseFloat(limit);
    if (completion) return reached ? "completed" : "incomplete";
    return reached ? "passed" : "failed";
  };

  // ---- SetValue

  Runtime.prototype.setValue = function (name, value) {
    var v12 = this.version === "1.2";
    if (this.state === "not_initialized") return this.fail(v12 ? 301 : 132), "false";
    if (this.state === "terminated") return this.fail(v12 ? 301 : 133), "false";
    if (name === undefined || name === null || name === "")
      return this.fail(v12 ? 201 : 351, "SetValue needs an element name."), "false";
    name = String(name);
    if (value === undefined || value === null) value = "";
    if (typeof value !== "string") value = String(value);
    var p = parse(this.model, name);
    switch (p.kind) {
      case "unknown":
      case "collection":
        return this.fail(v12 ? 201 : 401, "Not a data model element that can be set: " + name), "false";
      case "children":
      case "count":
      case "bad_children":
      case "bad_count":
        return this.fail(v12 ? 402 : 404, name + " is a keyword (read-only)."), "false";
      case "bad_index":
        return this.fail(v12 ? 201 : 351, name + ": not a valid index."), "false";
    }
    var def = this.model.elements[p.generic];
    if (def.access === "r") return this.fail(v12 ? 403 : 404, name + " is read-only."), "false";

    // Collections: each index at most the current count (the count creates a new entry).
    var colls = collectionsOf(this.model, p.generic, p.indexes);
    var creates = [];
    for (var i = 0; i < colls.length; i++) {
      var c = colls[i];
      var n = this.count(c.concrete);
      if (c.index > n || (c.index === n && (this.model.fixed || []).indexOf(c.generic) >= 0))
        return this.fail(v12 ? 201 : 351, name + ": index " + c.index + " is out of order (count is " + n + ")."), "false";
      if (c.index === n) creates.push(c);
    }

    if (p.generic === "adl.data.n.store" && !this.sharedAccess(p.indexes[0], "write"))
      return this.fail(404, name + ": this shared data store may not be written."), "false";

    if (!v12) {
      var dep = this.dependency(p, name);
      if (dep) return this.fail(408, dep), "false";
    }

    if (!v12 && p.generic === "cmi.interactions.n.correct_responses.n.pattern" && p.indexes[1] > 0) {
      // RTE 4.2.9.1: these types have a single correct response pattern (351 before any
      // check of the value).
      var single = this.values["cmi.interactions." + p.indexes[0] + ".type"];
      if (SINGLE_PATTERN.indexOf(single) >= 0)
        return this.fail(351, name + ": a " + single + " interaction has a single correct response pattern."), "false";
    }

    var check = def.check;
    var result = 0;
    if (!v12 && (p.generic === "cmi.interactions.n.correct_responses.n.pattern" || p.generic === "cmi.interactions.n.learner_response")) {
      var type = this.values["cmi.interactions." + p.indexes[0] + ".type"];
      result = checkResponse(type, value, p.generic !== "cmi.interactions.n.learner_response");
    } else if (check) {
      result = check(value);
    }
    if (result === "type") return this.fail(v12 ? 405 : 406, name + ': "' + shorten(value) + '" is not a valid value.'), "false";
    if (result === "range") return this.fail(v12 ? 405 : 407, name + ': "' + shorten(value) + '" is out of range.'), "false";

    if (!v12) {
      var conflict = this.uniqueness(p, name, value, creates);
      if (conflict) return this.fail(351, conflict), "false";
    }

    for (var j = 0; j < creates.length; j++) this.counts[creates[j].concrete] = creates[j].index + 1;
    this.values[name] = value;
    if (name !== "adl.nav.request" && !this.dirty[name]) {
      this.dirty[name] = true;
      this.dirtyOrder.push(name);
    }
    this.ok();
    return "true";
  };

  Runtime.prototype.sharedAccess = function (index, what) {
    var rule = this.sharedData[this.values["adl.data." + index + ".id"]];
    return !rule || rule[what] !== false;
  };

  // SCORM 2004 dependencies (408): an interaction's or objective's id comes first; responses
  // need the interaction's type.
  Runtime.prototype.dependency = function (p, name) {
    var g = p.generic;
    if (g.indexOf("cmi.interactions.n.") === 0 && g !== "cmi.interactions.n.id") {
      if (!this.values.hasOwnProperty("cmi.interactions." + p.indexes[0] + ".id"))
        return name + ": set cmi.interactions." + p.indexes[0] + ".id first.";
      if (g === "cmi.interactions.n.correct_responses.n.pattern" || g === "cmi.interactions.n.learner_response") {
        if (!this.values.hasOwnProperty("cmi.interactions." + p.indexes[0] + ".type"))
          return name + ": set cmi.interactions." + p.indexes[0] + ".type first.";
      }
    }
    if (g.indexOf("cmi.objectives.n.") === 0 && g !== "cmi.objectives.n.id") {
      if (!this.values.hasOwnProperty("cmi.objectives." + p.indexes[0] + ".id"))
        return name + ": set cmi.objectives." + p.indexes[0] + ".id first.";
    }
    return "";
  };

  // SCORM 2004 uniqueness rules (351).
  Runtime.prototype.uniqueness = function (p, name, value, creates) {
    var g = p.generic;
    var i, n;
    if (g === "cmi.objectives.n.id") {
      var current = this.values[name];
      if (current !== undefined && current !== value) return name + ": an objective's id cannot change once set.";
      n = this.count("cmi.objectives");
      for (i = 0; i < n; i++)
        if (i !== p.indexes[0] && this.values["cmi.objectives." + i + ".id"] === value)
          return name + ": objective " + value + " is already at index " + i + ".";
    }
    if (g === "cmi.interactions.n.objectives.n.id") {
      var base = "cmi.interactions." + p.indexes[0] + ".objectives";
      n = this.count(base);
      for (i = 0; i < n; i++)
        if (i !== p.indexes[1] && this.values[base + "." + i + ".id"] === value)
          return name + ": the interaction already lists objective " + value + ".";
    }
    // A choice interaction's patterns are distinct sets (351); other types' patterns may repeat,
    // as the CTS expects.
    if (g === "cmi.interactions.n.correct_responses.n.pattern") {
      var baseR = "cmi.interactions." + p.indexes[0] + ".correct_responses";
      if (this.values["cmi.interactions." + p.indexes[0] + ".type"] === "choice") {
        n = this.count(baseR);
        for (i = 0; i < n; i++)
          if (i !== p.indexes[1] && this.values[baseR + "." + i + ".pattern"] === value)
            return name + ": the same pattern is already at index " + i + ".";
      }
    }
    return "";
  };

  function shorten(v) {
    return v.length > 60 ? v.substring(0, 60) + "..." : v;
  }

  // ---- errors

  Runtime.prototype.getLastError = function () {
    return String(this.lastError);
  };

  Runtime.prototype.getErrorString = function (code) {
    var c = parseInt(code, 10);
    if (isNaN(c) || !Object.prototype.hasOwnProperty.call(this.errors, c)) return "";
    return this.errors[c];
  };

  Runtime.prototype.getDiagnostic = function (code) {
    if (code === undefined || code === null || code === "" || parseInt(code, 10) === this.lastError)
      return this.diagnostic;
    return this.getErrorString(code);
  };

  // ---------------------------------------------------------------- install

  function bind(rt, method) {
    return function () {
      return rt[method].apply(rt, arguments);
    };
  }

  var current = null;

  // One runtime per window: installing the next SCO's runtime first sends what the previous
  // one still holds (if its content never terminated) and removes its API.
  function install(options) {
    options = options || {};
    if (current) {
      current.beacon();
      current.uninstall();
    }
    var rt = new Runtime(options);
    current = rt;
    var api;
    if (rt.version === "1.2") {
      api = {
        LMSInitialize: bind(rt, "initialize"),
        LMSFinish: bind(rt, "terminate"),
        LMSGetValue: bind(rt, "getValue"),
        LMSSetValue: bind(rt, "setValue"),
        LMSCommit: bind(rt, "commit"),
        LMSGetLastError: bind(rt, "getLastError"),
        LMSGetErrorString: bind(rt, "getErrorString"),
        LMSGetDiagnostic: bind(rt, "getDiagnostic"),
      };
      global.API = api;
    } else {
      api = {
        version: "1.0",
        Initialize: bind(rt, "initialize"),
        Terminate: bind(rt, "terminate"),
        GetValue: bind(rt, "getValue"),
        SetValue: bind(rt, "setValue"),
        Commit: bind(rt, "commit"),
        GetLastError: bind(rt, "getLastError"),
        GetErrorString: bind(rt, "getErrorString"),
        GetDiagnostic: bind(rt, "getDiagnostic"),
      };
      global.API_1484_11 = api;
    }
    var onLeave = function () {
      rt.beacon();
    };
    global.addEventListener("pagehide", onLeave);
    rt.api = api;
    rt.uninstall = function () {
      global.removeEventListener("pagehide", onLeave);
      if (global.API === api) delete global.API;
      if (global.API_1484_11 === api) delete global.API_1484_11;
      if (current === rt) current = null;
    };
    return rt;
  }

  global.LMSRuntime = { install: install, version: "1" };
})(window);
