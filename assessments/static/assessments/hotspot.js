// Image hotspots: the learner's points, kept in the image's own pixels, drawn as numbered
// markers. A point is placed by clicking, or without a pointer (WCAG 2.1.1): the image frame
// takes the focus, the arrow keys move a cursor (Shift: bigger steps), Enter or Space place a
// point there, Delete or Backspace remove the last one; each move is said in a live region.
(function () {
  "use strict";
  document.querySelectorAll(".hotspot").forEach((box) => {
    const image = box.querySelector(".hotspot-image");
    const frame = box.querySelector(".hotspot-frame");
    const inputs = box.querySelector(".hotspot-inputs");
    const cursor = box.querySelector(".hotspot-cursor");
    const status = box.querySelector(".js-hotspot-status");
    const max = Number(box.dataset.max || 1);
    // The keyboard cursor, in fractions of the image (0..1), from its centre.
    let cx = 0.5;
    let cy = 0.5;

    function draw() {
      frame.querySelectorAll(".hotspot-marker").forEach((m) => m.remove());
      if (!image.naturalWidth) return;
      const scale = image.clientWidth / image.naturalWidth;
      inputs.querySelectorAll("input").forEach((input, index) => {
        const [x, y] = input.value.split(",").map(Number);
        const marker = document.createElement("span");
        marker.className = "hotspot-marker";
        marker.textContent = String(index + 1);
        marker.style.left = `${x * scale}px`;
        marker.style.top = `${y * scale}px`;
        frame.appendChild(marker);
      });
      if (cursor) {
        cursor.style.left = `${cx * image.clientWidth}px`;
        cursor.style.top = `${cy * image.clientHeight}px`;
      }
    }
    if (image.complete) draw();
    image.addEventListener("load", draw);
    window.addEventListener("resize", draw);
    if (box.dataset.disabled) return;

    function say(template, values) {
      if (!status || !template) return;
      status.textContent = template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
    }

    function place(x, y) {
      const existing = inputs.querySelectorAll("input");
      if (existing.length >= max) existing[existing.length - 1].remove();
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = box.dataset.name;
      input.value = `${Math.round(x)},${Math.round(y)}`;
      inputs.appendChild(input);
      draw();
      box.dispatchEvent(new Event("change", { bubbles: true }));
      return inputs.querySelectorAll("input").length;
    }

    image.addEventListener("click", (event) => {
      const rect = image.getBoundingClientRect();
      const ratio = image.naturalWidth / rect.width;
      place((event.clientX - rect.left) * ratio, (event.clientY - rect.top) * ratio);
    });

    const percent = (fraction) => Math.round(fraction * 100);
    frame.addEventListener("focus", () => {
      if (cursor) cursor.hidden = false;
      draw();
      say(box.dataset.cursorLabel, { x: percent(cx), y: percent(cy) });
    });
    frame.addEventListener("blur", () => {
      if (cursor) cursor.hidden = true;
    });
    frame.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 0.1 : 0.02;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        const [dx, dy] = moves[event.key];
        // Rounded to whole percents, so that what is said is where the cursor is.
        cx = Math.min(1, Math.max(0, Math.round((cx + dx) * 100) / 100));
        cy = Math.min(1, Math.max(0, Math.round((cy + dy) * 100) / 100));
        draw();
        say(box.dataset.cursorLabel, { x: percent(cx), y: percent(cy) });
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (!image.naturalWidth) return;
        const n = place(cx * image.naturalWidth, cy * image.naturalHeight);
        say(box.dataset.placedLabel, { n, x: percent(cx), y: percent(cy) });
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        const last = inputs.querySelector("input:last-child");
        if (!last) return;
        last.remove();
        draw();
        box.dispatchEvent(new Event("change", { bubbles: true }));
        say(box.dataset.removedLabel, {});
      }
    });
    box.querySelector(".js-hotspot-clear")?.addEventListener("click", () => {
      inputs.innerHTML = "";
      draw();
      box.dispatchEvent(new Event("change", { bubbles: true }));
      say(box.dataset.clearedLabel, {});
    });
  });
})();
