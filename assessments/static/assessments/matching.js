// Matching by drag and drop: drag an answer chip onto a row and the row's list takes that
// value. The lists stay the keyboard and screen-reader way of answering.
(function () {
  "use strict";
  document.querySelectorAll(".match-pool").forEach((pool) => {
    const table = pool.nextElementSibling;
    let chip = null;
    let ghost = null;

    pool.addEventListener("pointerdown", (event) => {
      chip = event.target.closest(".match-chip");
      if (!chip) return;
      event.preventDefault();
      chip.setPointerCapture(event.pointerId);
      ghost = chip.cloneNode(true);
      ghost.classList.add("match-ghost", "shadow");
      document.body.appendChild(ghost);
      move(event);
    });

    function move(event) {
      if (!ghost) return;
      ghost.style.left = `${event.pageX + 8}px`;
      ghost.style.top = `${event.pageY + 8}px`;
      table.querySelectorAll(".match-row").forEach((row) => row.classList.remove("table-active"));
      const row = rowAt(event);
      if (row) row.classList.add("table-active");
    }

    function rowAt(event) {
      const below = document.elementFromPoint(event.clientX, event.clientY);
      const row = below ? below.closest(".match-row") : null;
      return row && table.contains(row) ? row : null;
    }

    pool.addEventListener("pointermove", move);
    pool.addEventListener("pointerup", (event) => {
      if (!chip) return;
      if (ghost) ghost.remove();
      const row = rowAt(event);
      table.querySelectorAll(".match-row").forEach((r) => r.classList.remove("table-active"));
      if (row) {
        const select = row.querySelector("select");
        select.value = chip.dataset.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      chip = null;
      ghost = null;
    });
    pool.addEventListener("pointercancel", () => {
      if (ghost) ghost.remove();
      chip = null;
      ghost = null;
    });
  });
})();
