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

  function onNavRequest(request) {
    const value = String(request || "");
    const choice = value.match(/^\{target=([^}]+)\}(choice|jump)$/);
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
