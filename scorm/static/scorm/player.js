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

  function onNavRequest(request) {
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
    window.LMSRuntime.install({
      version: runtime.version,
      initial: runtime.initial || {},
      commitUrl: runtime.commitUrl,
      csrfToken: runtime.csrfToken,
      sharedData: runtime.sharedData || {},
      onNavRequest: onNavRequest,
    });
  }
  frame.src = frame.dataset.src;
})();
