// Matching by drag and drop (SortableJS): drag an answer chip onto a row and the row's list
// takes that value; the chip goes back to the pool for other rows. The lists stay the
// keyboard and screen-reader way of answering.
(function () {
  "use strict";

  function rowAt(table, event) {
    const point = event && (event.changedTouches ? event.changedTouches[0] : event);
    if (!point || point.clientX === undefined) return null;
    const below = document.elementFromPoint(point.clientX, point.clientY);
    const row = below ? below.closest(".match-row") : null;
    return row && table.contains(row) ? row : null;
  }

  function setup(pool) {
    const table = pool.nextElementSibling;
    if (!window.Sortable || !table) return;
    let hovered = null;
    function mark(row) {
      if (hovered && hovered !== row) hovered.classList.remove("table-active");
      hovered = row;
      if (row) row.classList.add("table-active");
    }
    window.Sortable.create(pool, {
      sort: false,
      draggable: ".match-chip",
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 3,
      animation: 0,
      onMove(event, originalEvent) {
        mark(rowAt(table, originalEvent));
        return false; // the pool keeps its order
      },
      onEnd(event) {
        const row = rowAt(table, event.originalEvent);
        mark(null);
        if (!row) return;
        const select = row.querySelector("select");
        select.value = event.item.dataset.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      },
    });
    document.addEventListener("pointermove", (event) => {
      if (pool.querySelector(".sortable-chosen")) mark(rowAt(table, event));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".match-pool").forEach(setup);
  });
})();
