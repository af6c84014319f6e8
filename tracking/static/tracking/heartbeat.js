// Time spent in a course: a beat every interval while the page is visible and in use. The
// server credits at most two intervals per beat, so an open tab in the background or a
// sleeping computer adds nothing, and leaving the page ("end", sent as a beacon) keeps the time
// since the last beat.
(() => {
  const element = document.getElementById("tracking-beat");
  if (!element) return;
  const url = element.dataset.url;
  const interval = Number(element.dataset.interval || 30) * 1000;
  const idleAfter = Number(element.dataset.idle || 300) * 1000;
  const token = element.dataset.csrf;
  let lastInput = Date.now();
  let running = false;
  let timer = null;

  function send(state) {
    const body = new FormData();
    body.append("state", state);
    body.append("csrfmiddlewaretoken", token);
    if (state === "end" && navigator.sendBeacon) {
      navigator.sendBeacon(url, body);
      return;
    }
    fetch(url, { method: "POST", body, credentials: "same-origin", keepalive: true }).catch(() => {});
  }
  function start() {
    if (running) return;
    running = true;
    send("start");
    timer = setInterval(() => {
      if (Date.now() - lastInput > idleAfter) stop();
      else send("beat");
    }, interval);
  }
  function stop() {
    if (!running) return;
    running = false;
    clearInterval(timer);
    send("end");
  }
  ["keydown", "pointerdown", "scroll", "touchstart", "wheel", "mousemove"].forEach((name) =>
    window.addEventListener(name, () => {
      lastInput = Date.now();
      if (!running && document.visibilityState === "visible") start();
    }, { passive: true, capture: true }),
  );
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") start();
    else stop();
  });
  window.addEventListener("pagehide", stop);
  if (document.visibilityState === "visible") start();
})();
