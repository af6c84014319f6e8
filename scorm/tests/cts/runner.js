/*
 * Replays one visit of a CTS test case inside the LMS's player, as the CTS's own SCO driver
 * does (org.adl.testsuite.rte.lms.util.Command.evaluate), and compares each call's result with
 * the CTS's expectations (TestCaseEvaluator.evaluateCurrentResult). window.CTS = {run, calls:
 * {"Act1V1": [{fn, args, value, error, mode}]}} comes from cts_commands.js, written by the test.
 * The visit is counted per activity in localStorage; the results are stored there too, under
 * "cts-<run>-results-<ActNVm>", for the test to read.
 */
(function () {
  "use strict";

  function findApi(win) {
    for (var i = 0; i < 12 && win; i++) {
      if (win.API_1484_11) return win.API_1484_11;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var RE_REAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

  // The CTS compares responses through its data model: leading delimiters in any order, and a
  // delimiter stating the default ({lang=en}, {case_matters=false}, {order_matters=true}) is
  // the same as none (RTE 4.1.1.x, 4.2.9.1).
  var DEFAULTS = { "lang=en": true, "case_matters=false": true, "order_matters=true": true };

  function normalized(v) {
    var kept = [];
    var m;
    while ((m = /^\{(lang|case_matters|order_matters)=([^}]*)\}/.exec(v))) {
      var delimiter = m[1] + "=" + m[2];
      if (!DEFAULTS[delimiter]) kept.push(delimiter);
      v = v.substring(m[0].length);
    }
    return kept.sort().join("|") + "|" + v;
  }

  function sameValue(expected, returned, element) {
    if (expected === returned) return true;
    if (/(pattern|learner_response)$/.test(element)) return normalized(expected) === normalized(returned);
    if (/\._children$/.test(element)) {
      // A list of names: the CTS's data model compares it as a set.
      return expected.split(",").sort().join(",") === returned.split(",").sort().join(",");
    }
    if (RE_REAL.test(expected) && RE_REAL.test(returned)) {
      return parseFloat(expected) === parseFloat(returned);
    }
    return false;
  }

  function run() {
    var api = findApi(window);
    var act = (/[?&]act=(\d+)/.exec(window.location.search) || [])[1] || "1";
    var prefix = "cts-" + window.CTS.run + "-";
    var visit = parseInt(window.localStorage.getItem(prefix + "visits-" + act) || "0", 10) + 1;
    window.localStorage.setItem(prefix + "visits-" + act, String(visit));
    var key = "Act" + act + "V" + visit;
    var calls = window.CTS.calls[key] || [];
    var report = { key: key, total: calls.length, passed: 0, strictRequestValid: 0, failures: [] };
    if (!api) {
      report.failures.push({ index: -1, call: "API_1484_11 not found" });
      window.localStorage.setItem(prefix + "results-" + key, JSON.stringify(report));
      return;
    }

    function resolve(name) {
      // "adl.data.&tarID2&.store" / "cmi.objectives.&obj&.id": the entry with that id.
      var m = /^([^&]*)&([^&]*)&(.*)$/.exec(name);
      if (!m) return name;
      var collection;
      if (m[1].indexOf("data") >= 0) collection = "adl.data";
      else if (m[1].indexOf("objective") >= 0) collection = "cmi.objectives";
      else return name;
      var count = parseInt(api.GetValue(collection + "._count"), 10) || 0;
      var index = -1;
      for (var i = 0; i < count; i++) {
        if (api.GetValue(collection + "." + i + ".id") === m[2]) {
          index = i;
          break;
        }
      }
      return m[1] + index + m[3];
    }

    for (var i = 0; i < calls.length; i++) {
      var call = calls[i];
      var element = resolve(call.args[0]);
      var returned, error, ok;
      if (call.fn === "COI") {
        // The CTS's compareObjIds: cmi.objectives holds the manifest's objectives, by id.
        var ids = [];
        var n = parseInt(api.GetValue("cmi.objectives._count"), 10) || 0;
        for (var k = 0; k < n; k++) ids.push(api.GetValue("cmi.objectives." + k + ".id"));
        returned = ids.sort().join(",");
        error = String(api.GetLastError());
        ok = returned === call.args[0].split(",").sort().join(",");
      } else if (element.indexOf("-1") >= 0 && element !== call.args[0]) {
        returned = "";
        error = "";
        ok = false; // the CTS's FailedResult: the id was not found
      } else {
        switch (call.fn) {
          case "GetValue":
            returned = api.GetValue(element);
            break;
          case "SetValue":
            returned = api.SetValue(element, call.args[1]);
            break;
          case "GetErrorString":
            returned = api.GetErrorString(element);
            break;
          case "GetDiagnostic":
            returned = api.GetDiagnostic(element);
            break;
          case "GetLastError":
            returned = api.GetLastError();
            break;
          default:
            // Initialize, Commit, Terminate with the script's argument ("illegal" must fail).
            returned = api[call.fn](element);
        }
        returned = returned === undefined || returned === null ? "" : String(returned);
        error = String(api.GetLastError());
        var errorOk = error === call.error;
        switch (call.mode) {
          case "error":
            ok = errorOk;
            break;
          case "objective_id":
            // TestCaseEvaluator.compareObjectiveIDs: the id between the & signs
            ok = returned === (/&([^&]*)&/.exec(call.args[0]) || [])[1] && errorOk;
            break;
          case "request_valid":
            ok = ["true", "false", "unknown"].indexOf(returned) >= 0;
            if (returned === "true" || returned === "false") report.strictRequestValid++;
            break;
          case "comments_from_lms":
            ok =
              ["0", "301", "403"].indexOf(error) >= 0 ||
              (element === "cmi.comments_from_lms" && error === "401");
            break;
          case "regular":
            ok = sameValue(call.value, returned, element) && errorOk;
            break;
          case "error_string":
            if (call.value === "less255") ok = returned.length < 255;
            else if (call.value === "emptyCS") ok = returned === "";
            else ok = returned === call.value;
            ok = ok && errorOk;
            break;
          case "diagnostic":
            ok = returned.length < 255 && errorOk;
            break;
          default:
            ok = returned === call.value && errorOk;
        }
      }
      if (ok) {
        report.passed++;
      } else if (report.failures.length < 400) {
        report.failures.push({
          index: i,
          fn: call.fn,
          element: element,
          argument: call.args[1].length > 80 ? call.args[1].substring(0, 80) + "…" : call.args[1],
          expected: [call.value.length > 80 ? call.value.substring(0, 80) + "…" : call.value, call.error],
          returned: [returned.length > 80 ? returned.substring(0, 80) + "…" : returned, error],
        });
      }
    }
    // The CTS page terminates when its commands are done, unless the script has the tester
    // navigate from the LMS next (CUI Continue, Choice...): then it waits, its data committed,
    // and the player ends it, the learner's navigation in place of any request it left.
    if ((window.CTS.hold || []).indexOf(key) >= 0) api.Commit("");
    else api.Terminate("");
    window.localStorage.setItem(prefix + "results-" + key, JSON.stringify(report));
    document.getElementById("status").textContent = key + ": " + report.passed + "/" + report.total;
  }

  window.addEventListener("load", run);
})();
