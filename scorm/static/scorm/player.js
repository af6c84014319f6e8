// Starts the SCORM runtime for the SCO shown in the player, then loads the SCO.
// The runtime (runtime.js) installs window.API / window.API_1484_11 on this window, where
// content finds them by walking up its parent frames.
(function () {
  "use strict";
  const configElement = document.getElementById("lp-player-config");
  const frame = document.getElementById("lp-content");
  if (!configElement || !frame) return;
  const config = JSON.parse(configElement.textContent);
  const runtime = config.runtime;

  function go(url) {
    if (url) window.location.assign(url);
  }

  // The server's sequencing decides where a navigation request leads (SCORM 2004 SN).
  function navigate(request, target) {
    const body = new URLSearchParams({ request: request, target: target || "" });
    return fetch(config.navigateUrl, {
      method: "POST",
      headers: { "X-CSRFToken": runtime.csrfToken || config.csrfToken },
      body: body,
      credentials: "same-origin",
    })
      .then((response) => response.json())
      .then((answer) => go(answer.url || config.exitUrl))
      .catch(() => go(config.exitUrl));
  }

  // The player's controls unload the SCO before their request (learnpaths/player.js): it
  // terminates (or its data is sent as final), so the sequencing sees what it reported.
  const hooks = (window.LPPlayer = window.LPPlayer || {});
  let rt = null;
  hooks.beforeLeave = function (request) {
    // Abandoning: the SCO's last commit says so, and its data is not reported to the
    // sequencing (scorm.services.sco_commit), as when the content itself abandons.
    if (rt && (request === "abandon" || request === "abandonAll")) {
      rt.load("adl.nav.request", request);
    }
    return new Promise((resolve) => {
      const done = () => {
        if (rt && typeof rt.flush === "function") rt.flush().then(resolve, resolve);
        else resolve();
      };
      const timer = setTimeout(done, 3000);
      frame.addEventListener(
        "load",
        () => {
          clearTimeout(timer);
          done();
        },
        { once: true }
      );
      frame.src = "about:blank";
    });
  };

  // After each commit: the controls as the sequencing now answers (SN 4.4; the run-time
  // already took adl.nav.request_valid from the same answer), and the table of contents.
  function onCommitted(answer) {
    const navigation = answer && answer.navigation;
    if (!navigation || !navigation.controls || hooks.navigating) return;
    const ids = {
      continue: "lp-next",
      previous: "lp-previous",
      suspendAll: "lp-suspend",
      exitAll: "lp-exit-all",
      abandonAll: "lp-abandon-all",
    };
    let changed = false;
    Object.keys(ids).forEach((request) => {
      const button = document.getElementById(ids[request]);
      if (!button || !(request in navigation.controls)) return;
      changed = changed || button.disabled === navigation.controls[request];
      button.disabled = !navigation.controls[request];
      // The reason shown for a disabled control (the page's, from the engine's code) is
      // only known for the page's answers: a control disabled since says "Not available now".
      const reason = document.getElementById(`${ids[request]}-reason`);
      if (!reason) return;
      const text = reason.querySelector(".lp-nav-reason");
      if (!button.disabled) {
        button.title = button.dataset.title || "";
        if (text) text.textContent = "";
        reason.hidden = true;
      } else if (text && !text.textContent) {
        text.textContent = reason.dataset.generic || "";
        button.title = text.textContent;
        reason.hidden = reason.classList.contains("visually-hidden");
      }
    });
    // The table of contents (what a choice reaches, the statuses) after a final commit, or
    // when the controls changed: not on every commit, its answers cost a run per activity.
    if (navigation.choices || changed) document.dispatchEvent(new CustomEvent("lp:refresh"));
  }

  function onNavRequest(request) {
    if (hooks.navigating) return; // the learner's control already decides where to go
    const value = String(request || "");
    const choice = value.match(/^\{target=([^}]+)\}(choice|jump)$/);
    if (config.navigateUrl && runtime.version === "2004") {
      if (choice) return navigate(choice[2], choice[1]);
      return navigate(value, "");
    }
    if (choice) return go(config.itemUrls[choice[1]]);
    if (value === "continue") return go(config.nextUrl);
    if (value === "previous") return go(config.previousUrl);
    if (["exit", "exitAll", "suspendAll", "abandon", "abandonAll"].includes(value)) {
      return go(config.exitUrl);
    }
  }

  if (runtime && window.LMSRuntime && typeof window.LMSRuntime.install === "function") {
    rt = window.LMSRuntime.install({
      version: runtime.version,
      initial: runtime.initial || {},
      commitUrl: runtime.commitUrl,
      csrfToken: runtime.csrfToken,
      sharedData: runtime.sharedData || {},
      onNavRequest: onNavRequest,
      onCommitted: onCommitted,
    });
  }
  frame.src = frame.dataset.src;
})();
