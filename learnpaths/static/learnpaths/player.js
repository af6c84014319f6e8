// The learning path player.
// * When the page goes away, tell the server, so the time spent on a plain item (a text, a
//   document, a page) ends here rather than at the next item.
// * Each time the frame loads a page (a test's next question, its result), read the side
//   panel again: a submitted test shows its score and unlocks what it opens at once.
(function () {
  "use strict";
  const configElement = document.getElementById("lp-player-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  let sent = false;
  if (config.leaveUrl && navigator.sendBeacon) {
    window.addEventListener("pagehide", () => {
      if (sent) return;
      sent = true;
      const data = new FormData();
      data.append("csrfmiddlewaretoken", config.csrfToken);
      navigator.sendBeacon(config.leaveUrl, data);
    });
  }
  const frame = document.getElementById("lp-content");
  const side = document.getElementById("lp-side-inner");
  if (!frame || !side || !config.tocUrl) return;
  let loads = 0;
  function refresh() {
    fetch(config.tocUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null) return;
        side.innerHTML = html;
        const percent = side.querySelector("#lp-progress");
        const badge = document.getElementById("lp-bar-percent");
        if (percent && badge) badge.textContent = percent.textContent;
        const next = document.getElementById("lp-next");
        if (next) next.classList.remove("disabled");
      })
      .catch(() => {});
  }
  frame.addEventListener("load", () => {
    loads += 1;
    if (loads > 1) refresh(); // the first load is the item itself, already shown
  });
})();
