// The question form: show only the fields that the chosen type uses.
(function () {
  "use strict";
  const kind = document.querySelector("select[name=kind]");
  if (!kind) return;
  const uses = {
    options: ["single", "multiple", "dropdown"],
    allow_other: ["single", "multiple", "dropdown"],
    score_max: ["score"],
    required: ["yesno", "single", "multiple", "dropdown", "open", "score", "percentage"],
    text: ["yesno", "single", "multiple", "dropdown", "open", "score", "percentage", "comment"],
  };
  function update() {
    Object.keys(uses).forEach(function (name) {
      const wrapper = document.getElementById("div_id_" + name);
      if (wrapper) wrapper.hidden = uses[name].indexOf(kind.value) === -1;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
