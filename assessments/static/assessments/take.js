// Taking a test: answers saved as the learner goes (debounced), a countdown that follows the
// server's clock, image hotspots and audio recording. The server stays the judge: late saves
// are refused there and the page then goes to the result.
(function () {
  "use strict";

  const form = document.getElementById("attempt-form");
  if (!form) return;
  const status = document.getElementById("save-status");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let timer = null;
  let pending = null;
  let sending = false;
  let withFiles = false;
  let dirty = false;
  let submitting = false;

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    if (sending) {
      pending = true;
      return Promise.resolve();
    }
    sending = true;
    dirty = false;
    const data = new FormData(form);
    data.delete("action");
    if (!withFiles) {
      for (const [name, value] of Array.from(data.entries())) {
        if (value instanceof File) data.delete(name);
      }
    }
    withFiles = false;
    say(form.dataset.savingLabel);
    return fetch(form.dataset.saveUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => response.json().then((json) => ({ response, json })))
      .then(({ response, json }) => {
        if (json.closed) {
          window.location.assign(json.redirect);
          return;
        }
        if (!response.ok) throw new Error("save failed");
        form.querySelectorAll(".js-question-error").forEach((el) => { el.textContent = ""; });
        Object.entries(json.errors || {}).forEach(([id, message]) => {
          const box = document.querySelector(`#question-${id} .js-question-error`);
          if (box) box.textContent = message;
        });
        say(`${form.dataset.savedLabel} ${json.saved_at}`);
        form.dataset.saved = String(Number(form.dataset.saved || 0) + 1);
        if (json.seconds_left !== null && json.seconds_left !== undefined) countdown.sync(json.seconds_left);
      })
      .catch(() => {
        dirty = true;
        say(form.dataset.errorLabel);
      })
      .finally(() => {
        sending = false;
        if (pending) {
          pending = null;
          save();
        }
      });
  }

  function later(event) {
    if (event && event.target && event.target.type === "file") withFiles = true;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, withFiles ? 0 : 700);
  }

  // Leaving with a change not yet sent (closing the tab inside the debounce): send it with
  // a beacon, which the browser delivers even as the page goes away. The CSRF token travels
  // in the form data.
  window.addEventListener("pagehide", () => {
    if (!dirty || submitting || !navigator.sendBeacon) return;
    const data = new FormData(form);
    data.delete("action");
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) data.delete(name);
    }
    navigator.sendBeacon(form.dataset.saveUrl, data);
  });

  form.addEventListener("change", later);
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[type=text], textarea")) later(event);
  });

  // The clicked button's value travels in a hidden field: buttons are disabled on submit.
  form.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && !window.confirm(submitter.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    clearTimeout(timer);
    submitting = true;
    let hidden = form.querySelector("input[type=hidden][name=action]");
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "action";
      form.appendChild(hidden);
    }
    hidden.value = submitter ? submitter.value : "";
  });

  // --- Countdown, following the server's clock -------------------------------------------
  const countdown = (function () {
    const badge = document.getElementById("countdown");
    if (!badge) return { sync() {} };
    const label = badge.querySelector(".js-time");
    const icon = badge.querySelector(".js-time-icon");
    const warningBox = document.getElementById("time-warnings");
    const timeUpBox = document.getElementById("time-up");
    const timeUpText = document.querySelector(".js-time-up-text");
    // The teacher's thresholds, in seconds, largest first.
    const warnings = Array.from(document.querySelectorAll(".js-warning-text")).map((el) => ({
      seconds: Number(el.dataset.minutes) * 60,
      text: el.textContent,
    }));
    let endsAt = Date.now() + Number(badge.dataset.secondsLeft) * 1000;
    let finished = false;

    function warn(left) {
      // The smallest threshold crossed, said once (on a resumed attempt: only that one).
      const crossed = warnings.filter((w) => left <= w.seconds);
      if (!crossed.length) return;
      const latest = crossed[crossed.length - 1];
      if (warningBox.dataset.seconds === String(latest.seconds)) return;
      warningBox.dataset.seconds = String(latest.seconds);
      warningBox.innerHTML = "";
      const alert = document.createElement("p");
      alert.className = "alert alert-warning d-flex align-items-center gap-2 py-2 mb-2";
      const sign = document.createElement("i");
      sign.className = "bi bi-exclamation-triangle-fill";
      sign.setAttribute("aria-hidden", "true");
      alert.append(sign, document.createTextNode(latest.text));
      warningBox.appendChild(alert);
      icon.className = "bi bi-exclamation-triangle-fill js-time-icon";
    }

    function show() {
      const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, "0");
      label.textContent = `${minutes}:${seconds}`;
      badge.dataset.left = String(left);
      badge.classList.toggle("text-bg-danger", left <= 60);
      badge.classList.toggle("text-bg-dark", left > 60);
      if (warningBox && left > 0) warn(left);
      if (left <= 0 && !finished) {
        finished = true;
        // Said (an alert) and shown before the page goes: the learner is told why.
        if (timeUpBox && timeUpText) {
          const alert = document.createElement("p");
          alert.className = "alert alert-danger d-flex align-items-center gap-2 py-2 mb-2";
          const sign = document.createElement("i");
          sign.className = "bi bi-hourglass-bottom";
          sign.setAttribute("aria-hidden", "true");
          alert.append(sign, document.createTextNode(timeUpText.textContent));
          timeUpBox.appendChild(alert);
        }
        // Time is up: flush what is typed, then let the server close and grade the attempt
        // (it refuses anything after its own deadline) and show the result.
        clearTimeout(timer);
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "action";
        hidden.value = "finish";
        Promise.resolve(save()).finally(() => {
          setTimeout(() => {
            form.appendChild(hidden);
            form.submit();
          }, 1500);
        });
      }
    }
    setInterval(show, 1000);
    setInterval(() => {
      fetch(badge.dataset.timeUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => r.json())
        .then((json) => {
          if (json.closed) window.location.reload();
          else if (json.seconds_left !== null) endsAt = Date.now() + json.seconds_left * 1000;
        })
        .catch(() => {});
    }, 30000);
    show();
    return {
      sync(seconds) {
        endsAt = Date.now() + seconds * 1000;
      },
    };
  })();

  // --- Oral expression: record in the browser when it can, else upload a file --------------
  document.querySelectorAll(".oral-recorder").forEach((box) => {
    const button = box.querySelector(".js-record");
    const state = box.querySelector(".js-record-status");
    const input = document.getElementById(`q${box.dataset.question}-file`);
    if (!window.MediaRecorder || !navigator.mediaDevices || !input) return;
    button.hidden = false;
    let recorder = null;
    let chunks = [];
    button.addEventListener("click", async () => {
      if (recorder && recorder.state === "recording") {
        recorder.stop();
        return;
      }
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        recorder = new MediaRecorder(stream);
        chunks = [];
        recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
        recorder.addEventListener("stop", () => {
          stream.getTracks().forEach((t) => t.stop());
          const type = recorder.mimeType.includes("ogg") ? "ogg" : "webm";
          const file = new File(chunks, `recording.${type}`, { type: `audio/${type}` });
          const transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
          button.classList.remove("active");
          button.querySelector(".js-record-label").textContent = button.dataset.recordLabel;
          state.textContent = "✓";
          const playback = box.querySelector(".js-record-playback");
          if (playback) {
            playback.src = URL.createObjectURL(file);
            playback.hidden = false;
          }
        });
        recorder.start();
        button.classList.add("active");
        button.querySelector(".js-record-label").textContent = button.dataset.stopLabel;
        state.textContent = "●";
      } catch (error) {
        state.textContent = "⚠";
      }
    });
  });
})();
