// The question editor: "Add a row" copies the last answer row with empty values.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".js-add-row").forEach((button) => {
      button.addEventListener("click", () => {
        const table = document.getElementById(button.dataset.target);
        const total = document.querySelector("input[name=answers-TOTAL_FORMS]");
        const rows = table.querySelectorAll("tbody tr");
        const last = rows[rows.length - 1];
        if (!last || !total) return;
        const index = Number(total.value);
        const copy = last.cloneNode(true);
        copy.querySelectorAll("input, select").forEach((field) => {
          field.name = field.name.replace(/answers-\d+-/, `answers-${index}-`);
          if (field.id) field.id = field.id.replace(/answers-\d+-/, `answers-${index}-`);
          if (field.type === "radio") {
            field.value = String(index);
            field.checked = false;
          } else if (field.type === "checkbox") field.checked = false;
          else if (field.tagName === "SELECT") field.selectedIndex = 0;
          else field.value = "";
          field.classList.remove("is-invalid");
        });
        copy.querySelectorAll(".invalid-feedback").forEach((e) => e.remove());
        table.querySelector("tbody").appendChild(copy);
        total.value = String(index + 1);
        copy.querySelector("input[type=text]")?.focus();
      });
    });
  });
})();
