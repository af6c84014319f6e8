// Small behaviours shared by every page. No inline scripts: the CSP allows only 'self'.
document.addEventListener("DOMContentLoaded", () => {
  // The language menu switches as soon as a language is picked.
  document.querySelectorAll(".js-language-form").forEach((form) => {
    form.querySelector(".js-hide-when-scripted")?.classList.add("d-none");
    form.querySelector("select")?.addEventListener("change", () => form.submit());
  });
  // Forms that ask for confirmation before a destructive action.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Buttons cannot be clicked twice while their form is being sent.
  document.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    });
  });
});
// Coming back with the browser's Back button shows the page as it was left: usable again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form button[type=submit]").forEach((b) => { b.disabled = false; });
});
