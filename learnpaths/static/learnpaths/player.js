// The learning path player.
// * When the page goes away, tell the server, so the time spent on a plain item (a text, a
//   document, a page) ends here rather than at the next item.
// * Each time the frame loads a page (a test's next question, its result), read the side
//   panel again: a submitted test shows its score and unlocks what it opens at once.
// * A sequenced package's controls (Previous, Next, Suspend, Exit, Abandon) are forms that
//   send a navigation request: the content is unloaded first (window.LPPlayer.beforeLeave,
//   set by the package's player script, lets it terminate and commit), then the request is
//   posted and the player goes where the answer says. Abandon asks first, in a <dialog>.
(function () {
  "use strict";
  const configElement = document.getElementById("lp-player-config");
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent);
  const hooks = (window.LPPlayer = window.LPPlayer || {});
  let navigating = false;

  function send(form) {
    if (navigating) return;
    navigating = true;
    hooks.navigating = true;
    form.querySelectorAll("button").forEach((button) => (button.disabled = true));
    const request = form.dataset.nav;
    const leave = typeof hooks.beforeLeave === "function" ? hooks.beforeLeave(request) : null;
    Promise.resolve(leave)
      .catch(() => {})
      .then(() =>
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
      )
      .then((response) => response.json())
      .then((answer) => window.location.assign(answer.url || config.exitUrl))
      .catch(() => window.location.assign(config.exitUrl));
  }

  // A sequenced package's table of contents: a choice, too, waits for the content to be
  // unloaded and its data sent (the side panel is redrawn: listen on the document).
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".lp-toc a[href]");
    if (!link || typeof hooks.beforeLeave !== "function" || event.defaultPrevented) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (navigating) return;
    navigating = true;
    hooks.navigating = true;
    Promise.resolve(hooks.beforeLeave())
      .catch(() => {})
      .then(() => window.location.assign(link.href));
  });

  document.querySelectorAll("form[data-nav]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const dialog = form.dataset.navConfirm && document.getElementById(form.dataset.navConfirm);
      if (!dialog || typeof dialog.showModal !== "function") {
        send(form);
        return;
      }
      dialog.returnValue = "";
      dialog.addEventListener(
        "close",
        () => {
          if (dialog.returnValue === "confirm") send(form);
          else form.querySelector("button").focus();
        },
        { once: true }
      );
      dialog.showModal();
    });
  });
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
    if (hooks.navigating) return; // the page is going away
    fetch(config.tocUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null) return;
        side.innerHTML = html;
        const percent = side.querySelector("#lp-progress");
        const badge = document.getElementById("lp-bar-percent");
        if (percent && badge) badge.textContent = percent.textContent;
        // A Previous/Next shown disabled because the item it reaches was locked comes alive
        // once the refreshed table of contents shows that item unlocked.
        ["lp-previous", "lp-next"].forEach((id) => {
          const control = document.getElementById(id);
          const target = control && control.dataset.target;
          if (!target || side.querySelector(`li[data-item="${target}"][data-locked]`)) return;
          control.classList.remove("disabled");
          ["aria-disabled", "aria-describedby", "title", "data-target"].forEach((name) =>
            control.removeAttribute(name)
          );
          const reason = document.getElementById(`${id}-reason`);
          if (reason) reason.remove();
        });
      })
      .catch(() => {});
  }
  // The package's script asks for it after a commit changed what the sequencing allows.
  document.addEventListener("lp:refresh", refresh);
  frame.addEventListener("load", () => {
    loads += 1;
    if (loads > 1) refresh(); // the first load is the item itself, already shown
  });
})();
