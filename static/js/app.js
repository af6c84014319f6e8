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
  // WCAG 3.3.1: an error about the whole form (a wrong password) is tied to its fields, and the
  // first field in error takes the focus.
  document.querySelectorAll("[data-form-errors]").forEach((alert) => {
    const form = alert.closest("form");
    if (!form) return;
    form.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
      const ids = new Set((field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
      ids.add(alert.id);
      field.setAttribute("aria-describedby", [...ids].join(" "));
      field.setAttribute("aria-invalid", "true");
    });
  });
  const firstInvalid = document.querySelector("main [aria-invalid=true]:not([type=hidden])");
  if (firstInvalid && !document.querySelector("[autofocus]")) firstInvalid.focus();
  // Buttons cannot be clicked twice while their form is being sent. They are disabled just
  // after the browser has read the form: a disabled submitter would not send its name=value,
  // and forms with several submit buttons ("Save" / "Save and add another") need it.
  document.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      setTimeout(() => {
        form.querySelectorAll("button[type=submit]:not([disabled])").forEach((b) => {
          b.disabled = true;
          b.dataset.sending = "1";
        });
      }, 0);
    });
  });
});
// Coming back with the browser's Back button shows the page as it was left: usable again
// (only the buttons disabled above; those the page disabled stay so).
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form button[data-sending]").forEach((b) => {
    b.disabled = false;
    delete b.dataset.sending;
  });
});
