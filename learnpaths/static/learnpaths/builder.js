// The learning path builder: reorder and nest items by drag and drop (SortableJS, nested
// lists: the path's top level and each section's list), or with the arrow buttons; the whole
// tree is then sent to the server, which checks it and renumbers the path.
(function () {
  "use strict";
  const tree = document.getElementById("lp-tree");
  if (!tree) return;
  const status = document.getElementById("lp-status");

  function serialize(list) {
    if (!list) return [];
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

  if (window.Sortable) {
    const lists = [tree, ...tree.querySelectorAll(".lp-children")];
    lists.forEach((list) => {
      window.Sortable.create(list, {
        group: "lp-tree",
        handle: ".lp-handle",
        animation: 150,
        fallbackOnBody: true,
        swapThreshold: 0.65,
        emptyInsertThreshold: 12,
        ghostClass: "lp-ghost",
        onEnd: save,
      });
    });
  }

  tree.addEventListener("click", (event) => {
    const button = event.target.closest(".lp-up, .lp-down, .lp-outdent");
    if (!button) return;
    const node = nodeOf(button);
    if (button.classList.contains("lp-up") && node.previousElementSibling) {
      const previous = node.previousElementSibling;
      const inside = previous.querySelector(":scope > .lp-children");
      if (previous.classList.contains("lp-section") && inside) {
        inside.append(node);
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
