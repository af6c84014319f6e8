// Show a conditional question only when the earlier answer it depends on is chosen (the server
// checks again on submit: hidden questions are never required).
(function () {
  "use strict";
  const form = document.querySelector("form.survey-answer");
  if (!form) return;
  const dependants = form.querySelectorAll("[data-condition-question]");
  function chosen(questionId, optionId) {
    const fields = form.querySelectorAll('[name="q' + questionId + '"]');
    if (!fields.length) return null; // the question is on another page: the server decided
    return Array.from(fields).some(function (field) {
      if (field.tagName === "SELECT") return field.value === optionId;
      return field.checked && field.value === optionId;
    });
  }
  function update() {
    dependants.forEach(function (block) {
      const shown = chosen(block.dataset.conditionQuestion, block.dataset.conditionOption);
      if (shown !== null) block.hidden = !shown;
    });
  }
  form.addEventListener("change", update);
  update();
})();
