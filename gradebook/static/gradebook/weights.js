// A new category or evaluation weighs what remains at its level: when the teacher picks
// another level, the weight follows, until they type a weight of their own.
(() => {
  document.querySelectorAll("input[data-remaining-weights]").forEach((weight) => {
    const remaining = JSON.parse(weight.dataset.remainingWeights);
    const level = document.getElementById(weight.dataset.levelField);
    if (!level) return;
    let typed = false;
    weight.addEventListener("input", () => {
      typed = true;
    });
    level.addEventListener("change", () => {
      if (!typed) weight.value = remaining[level.value] ?? "100";
    });
  });
})();
