// Reorderable lists (.sortable > .sortable-item): drag with the mouse, a finger or a pen
// (pointer events), or from the keyboard (arrow keys on a focused item, or the up/down
// buttons). The hidden inputs inside the items follow the order, so a plain form submission
// sends it. A list with data-url also posts its order there at once.
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function changed(list) {
    list.dispatchEvent(new Event("change", { bubbles: true }));
    if (!list.dataset.url) return;
    const data = new FormData();
    list.querySelectorAll(".sortable-item").forEach((item) => data.append(list.dataset.name, item.dataset.id));
    const status = document.querySelector(".js-order-status");
    fetch(list.dataset.url, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      credentials: "same-origin",
    }).then((response) => {
      if (status) status.textContent = response.ok ? "✓" : "⚠";
      list.dataset.saved = response.ok ? "1" : "0";
    });
  }

  function move(list, item, delta) {
    const items = Array.from(list.querySelectorAll(".sortable-item"));
    const index = items.indexOf(item);
    const target = items[index + delta];
    if (!target) return;
    if (delta < 0) list.insertBefore(item, target);
    else list.insertBefore(item, target.nextSibling);
    changed(list);
  }

  function setup(list) {
    if (list.dataset.disabled) return;
    let dragging = null;

    list.addEventListener("click", (event) => {
      const button = event.target.closest(".js-up, .js-down");
      if (!button) return;
      const item = button.closest(".sortable-item");
      move(list, item, button.classList.contains("js-up") ? -1 : 1);
      button.focus();
    });

    list.addEventListener("keydown", (event) => {
      const item = event.target.closest(".sortable-item");
      if (!item || event.target !== item) return;
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        move(list, item, event.key === "ArrowUp" ? -1 : 1);
        item.focus();
      }
    });

    list.addEventListener("pointerdown", (event) => {
      const item = event.target.closest(".sortable-item");
      if (!item || event.target.closest("button, a, input, select, textarea")) return;
      if (event.button !== 0) return;
      dragging = item;
      item.classList.add("dragging", "shadow");
      item.setPointerCapture(event.pointerId);
      event.preventDefault();
    });

    list.addEventListener("pointermove", (event) => {
      if (!dragging) return;
      const items = Array.from(list.querySelectorAll(".sortable-item")).filter((i) => i !== dragging);
      let before = null;
      for (const other of items) {
        const box = other.getBoundingClientRect();
        if (event.clientY < box.top + box.height / 2) {
          before = other;
          break;
        }
      }
      if (before !== dragging.nextSibling) list.insertBefore(dragging, before);
    });

    function drop() {
      if (!dragging) return;
      dragging.classList.remove("dragging", "shadow");
      dragging = null;
      changed(list);
    }
    list.addEventListener("pointerup", drop);
    list.addEventListener("pointercancel", drop);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".sortable").forEach(setup);
  });
})();
