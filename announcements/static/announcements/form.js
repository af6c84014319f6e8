// The list of learners matters only for the audience "Chosen learners": show it then only.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".announcement-recipients");
  const radios = document.querySelectorAll("input[name=audience]");
  if (!box || !radios.length) return;
  const update = () => {
    const chosen = document.querySelector("input[name=audience]:checked");
    box.hidden = !(chosen && chosen.value === "users");
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
});
