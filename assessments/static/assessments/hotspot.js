// Image hotspots: the learner's points, kept in the image's own pixels, drawn as numbered
// markers; clicking adds a point (up to one per zone) unless the widget is in review mode.
(function () {
  "use strict";
  // --- Image hotspots: points kept in the image's own pixels -------------------------------
  document.querySelectorAll(".hotspot").forEach((box) => {
    const image = box.querySelector(".hotspot-image");
    const frame = box.querySelector(".hotspot-frame");
    const inputs = box.querySelector(".hotspot-inputs");
    const max = Number(box.dataset.max || 1);

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
    }
    if (image.complete) draw();
    image.addEventListener("load", draw);
    window.addEventListener("resize", draw);
    if (box.dataset.disabled) return;

    image.addEventListener("click", (event) => {
      const rect = image.getBoundingClientRect();
      const ratio = image.naturalWidth / rect.width;
      const x = Math.round((event.clientX - rect.left) * ratio);
      const y = Math.round((event.clientY - rect.top) * ratio);
      const existing = inputs.querySelectorAll("input");
      if (existing.length >= max) existing[existing.length - 1].remove();
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = box.dataset.name;
      input.value = `${x},${y}`;
      inputs.appendChild(input);
      draw();
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    box.querySelector(".js-hotspot-clear")?.addEventListener("click", () => {
      inputs.innerHTML = "";
      draw();
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

})();
