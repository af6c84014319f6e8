// The learning path builder: reorder and nest items by drag and drop (or with the arrow
// buttons), then send the whole tree to the server, which checks it and renumbers the path.
(function () {
  "use strict";
  const tree = document.getElementById("lp-tree");
  if (!tree) return;
  const status = document.getElementById("lp-status");
  let dragged = null;

  function serialize(list) {
    return Array.from(list.children)
      .filter((li) => li.classList.contains("lp-node"))
      .map((li) => ({
        id: Number(li.dataset.id),
        children: serialize(li.querySelector(":scope > .lp-children")),
      }));
  }

  function show(message, ok) {
    status.textContent = message;
    status.className = "small mb-2 " + (ok ? "text-success" : "text-danger");
  }

  function save() {
    fetch(tree.dataset.reorderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tree.dataset.csrf },
      body: JSON.stringify({ tree: serialize(tree) }),
      credentials: "same-origin",
    })
      .then((response) => response.json().then((data) => ({ response, data })))
      .then(({ response, data }) => show(data.message || data.error, response.ok))
      .catch(() => show(tree.dataset.error, false));
  }

  function nodeOf(element) {
    return element && element.closest(".lp-node");
  }

  tree.addEventListener("dragstart", (event) => {
    dragged = nodeOf(event.target);
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
    dragged.classList.add("opacity-50");
  });

  tree.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("opacity-50");
    tree.querySelectorAll(".lp-drop-before, .lp-drop-after, .lp-drop-inside").forEach((el) =>
      el.classList.remove("lp-drop-before", "lp-drop-after", "lp-drop-inside"),
    );
    dragged = null;
  });

  function placement(event, target) {
    const row = target.querySelector(":scope > .lp-row");
    const box = row.getBoundingClientRect();
    const offset = (event.clientY - box.top) / box.height;
    if (target.classList.contains("lp-section") && offset > 0.3 && offset < 0.7) return "inside";
    return offset < 0.5 ? "before" : "after";
  }

  tree.addEventListener("dragover", (event) => {
    const target = nodeOf(event.target);
    if (!dragged || !target || target === dragged || dragged.contains(target)) return;
    event.preventDefault();
    tree.querySelectorAll(".lp-drop-before, .lp-drop-after, .lp-drop-inside").forEach((el) =>
      el.classList.remove("lp-drop-before", "lp-drop-after", "lp-drop-inside"),
    );
    target.classList.add("lp-drop-" + placement(event, target));
  });

  tree.addEventListener("drop", (event) => {
    const target = nodeOf(event.target);
    if (!dragged || !target || target === dragged || dragged.contains(target)) return;
    event.preventDefault();
    const where = placement(event, target);
    if (where === "inside") {
      target.querySelector(":scope > .lp-children").prepend(dragged);
    } else if (where === "before") {
      target.before(dragged);
    } else {
      target.after(dragged);
    }
    save();
  });

  tree.addEventListener("click", (event) => {
    const button = event.target.closest(".lp-up, .lp-down, .lp-outdent");
    if (!button) return;
    const node = nodeOf(button);
    if (button.classList.contains("lp-up") && node.previousElementSibling) {
      const previous = node.previousElementSibling;
      if (previous.classList.contains("lp-section")) {
        previous.querySelector(":scope > .lp-children").append(node);
      } else {
        previous.before(node);
      }
    } else if (button.classList.contains("lp-down") && node.nextElementSibling) {
      node.nextElementSibling.after(node);
    } else if (button.classList.contains("lp-outdent")) {
      const parent = nodeOf(node.parentElement);
      if (!parent) return;
      parent.after(node);
    } else {
      return;
    }
    save();
  });
})();

// The add form asks only for what the chosen kind needs (an address, a text).
(function () {
  "use strict";
  const kind = document.getElementById("id_kind");
  if (!kind) return;
  const fields = {
    url: document.getElementById("div_id_url"),
    text: document.getElementById("div_id_text"),
    target: document.getElementById("div_id_target"),
  };
  const needs = JSON.parse(kind.dataset.fields || "{}");
  function update() {
    Object.entries(fields).forEach(([name, element]) => {
      if (element) element.hidden = needs[kind.value] !== name;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
