// The learning path player: when the page goes away, tell the server, so the time spent on
// a plain item (a text, a page of the course) ends here rather than at the next item.
(function () {
  "use strict";
  const configElement = document.getElementById("lp-player-config");
  if (!configElement || !navigator.sendBeacon) return;
  const config = JSON.parse(configElement.textContent);
  if (!config.leaveUrl) return;
  let sent = false;
  window.addEventListener("pagehide", () => {
    if (sent) return;
    sent = true;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", config.csrfToken);
    navigator.sendBeacon(config.leaveUrl, data);
  });
})();
