// Reorderable lists (.sortable > .sortable-item): dragged with SortableJS (mouse, finger or
// pen), or from the keyboard (arrow keys on a focused item, or the up/down buttons). The
// hidden inputs inside the items follow the order, so a plain form submission sends it. A
// list with data-url also posts its order there at once (the teacher's question order).
(function () {
  "use strict";

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function changed(list) {
    list.dataset.moved = String(Number(list.dataset.moved || 0) + 1);
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

  // "Item X moved to position 3 of 5", said in the list's live region (data-status), so
  // that a learner who does not see the list knows where the item went.
  function announce(list, item) {
    const status = list.dataset.status && document.getElementById(list.dataset.status);
    if (!status || !list.dataset.movedLabel) return;
    const items = Array.from(list.querySelectorAll(".sortable-item"));
    const label = item.querySelector(".js-item-label") || item;
    const values = { item: label.textContent.trim(), position: items.indexOf(item) + 1, total: items.length };
    status.textContent = list.dataset.movedLabel.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
  }

  function move(list, item, delta) {
    const items = Array.from(list.querySelectorAll(".sortable-item"));
    const index = items.indexOf(item);
    const target = items[index + delta];
    if (!target) return;
    if (delta < 0) list.insertBefore(item, target);
    else list.insertBefore(item, target.nextSibling);
    changed(list);
    announce(list, item);
  }

  function setup(list) {
    if (list.dataset.disabled) return;

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

    if (!window.Sortable) return; // the buttons and keys still work
    window.Sortable.create(list, {
      draggable: ".sortable-item",
      filter: "button, a, input, select, textarea",
      preventOnFilter: false,
      animation: 150,
      // Pointer events rather than the browser's native drag: the same on touch screens.
      forceFallback: true,
      fallbackTolerance: 3,
      ghostClass: "sortable-ghost",
      chosenClass: "shadow",
      onEnd(event) {
        if (event.oldIndex === event.newIndex) return;
        changed(list);
        announce(list, event.item);
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".sortable").forEach(setup);
  });
})();
