// The event form: hide the time fields of an all-day event, and the chosen learners (groups)
// unless the audience asks for them.
(function () {
  "use strict";
  const form = document.querySelector(".agenda-form");
  if (!form) return;
  const allDay = form.querySelector("input[name=all_day]");
  const times = form.querySelectorAll(".agenda-time");
  const recipients = form.querySelector("#div_id_recipients");
  const groups = form.querySelector("#div_id_groups");
  function update() {
    times.forEach((el) => { el.hidden = allDay && allDay.checked; });
    const chosen = form.querySelector("input[name=audience]:checked");
    if (recipients) recipients.hidden = !chosen || chosen.value !== "users";
    if (groups) groups.hidden = !chosen || chosen.value !== "groups";
  }
  form.addEventListener("change", update);
  update();
})();
