// Glossary terms highlighted in a document (glossary.api.highlight_terms) show their definition
// in a Bootstrap tooltip, on hover and on keyboard focus. The definition is plain text.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.bootstrap) return;
  document.querySelectorAll(".glossary-term[data-bs-toggle=tooltip]").forEach((element) => {
    window.bootstrap.Tooltip.getOrCreateInstance(element, { html: false, trigger: "hover focus" });
  });
});
