// The hotspot editor: the question's image with its zones drawn over it; drag on the image to
// draw a rectangle, which fills the next empty zone row (coordinates in the image's pixels).
(function () {
  "use strict";
  const box = document.getElementById("hotspot-editor");
  const table = document.getElementById("answers-editor");
  if (!box || !table) return;
  const image = box.querySelector("img");
  const input = document.getElementById("id_image");
  let start = null;
  let preview = null;

  function ratio() {
    return image.naturalWidth ? image.naturalWidth / image.getBoundingClientRect().width : 1;
  }

  function point(event) {
    const rect = image.getBoundingClientRect();
    const r = ratio();
    const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return { x: Math.round(x * r), y: Math.round(y * r) };
  }

  function shapeBox(shape, numbers) {
    if (shape === "rect" && numbers.length === 4) return numbers;
    if (shape === "circle" && numbers.length === 3) {
      const [cx, cy, radius] = numbers;
      return [cx - radius, cy - radius, radius * 2, radius * 2];
    }
    if (shape === "poly" && numbers.length >= 6) {
      const xs = numbers.filter((_, i) => i % 2 === 0);
      const ys = numbers.filter((_, i) => i % 2 === 1);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    }
    return null;
  }

  function place(element, [x, y, width, height]) {
    const scale = 1 / ratio();
    element.style.left = `${x * scale}px`;
    element.style.top = `${y * scale}px`;
    element.style.width = `${width * scale}px`;
    element.style.height = `${height * scale}px`;
  }

  function draw() {
    box.querySelectorAll(".zone").forEach((zone) => zone.remove());
    if (!image.naturalWidth) return;
    table.querySelectorAll("tbody tr").forEach((row, index) => {
      const coords = row.querySelector("input[name$=-coords]");
      const shape = row.querySelector("select[name$=-shape]");
      if (!coords || !coords.value.trim()) return;
      const numbers = coords.value.split(/[\s,;]+/).filter(Boolean).map(Number);
      if (numbers.some(Number.isNaN)) return;
      const area = shapeBox(shape ? shape.value : "rect", numbers);
      if (!area) return;
      const zone = document.createElement("span");
      zone.className = `zone zone-${shape ? shape.value : "rect"}`;
      zone.textContent = String(index + 1);
      place(zone, area);
      box.appendChild(zone);
    });
  }

  function emptyRow() {
    for (const row of table.querySelectorAll("tbody tr")) {
      const coords = row.querySelector("input[name$=-coords]");
      if (coords && !coords.value.trim()) return row;
    }
    document.querySelector(".js-add-row")?.click();
    const rows = table.querySelectorAll("tbody tr");
    return rows[rows.length - 1];
  }

  image.addEventListener("pointerdown", (event) => {
    if (!image.naturalWidth || event.button !== 0) return;
    event.preventDefault();
    image.setPointerCapture(event.pointerId);
    start = point(event);
    preview = document.createElement("span");
    preview.className = "zone zone-drawing";
    box.appendChild(preview);
  });
  image.addEventListener("pointermove", (event) => {
    if (!start) return;
    const end = point(event);
    place(preview, [Math.min(start.x, end.x), Math.min(start.y, end.y), Math.abs(end.x - start.x), Math.abs(end.y - start.y)]);
  });
  image.addEventListener("pointerup", (event) => {
    if (!start) return;
    const end = point(event);
    preview.remove();
    const width = Math.abs(end.x - start.x);
    const height = Math.abs(end.y - start.y);
    if (width > 2 && height > 2) {
      const row = emptyRow();
      row.querySelector("select[name$=-shape]").value = "rect";
      row.querySelector("input[name$=-coords]").value =
        `${Math.min(start.x, end.x)},${Math.min(start.y, end.y)},${width},${height}`;
      row.querySelector("input[name$=-text]")?.focus();
    }
    start = null;
    draw();
  });

  if (input) {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.addEventListener("load", () => {
        image.src = reader.result;
        box.hidden = false;
      });
      reader.readAsDataURL(file);
    });
  }
  image.addEventListener("load", draw);
  table.addEventListener("input", draw);
  table.addEventListener("change", draw);
  window.addEventListener("resize", draw);
  if (image.complete) draw();
})();
