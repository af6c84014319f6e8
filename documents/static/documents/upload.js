// Documents: upload one or many files by choosing or dropping them, with a progress bar.
// The files go in one request to the form's action; the page then reloads to show the
// folder and the server's messages. Without JavaScript the form posts as usual.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("documents-upload");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const bar = form.querySelector(".js-upload-progress");
  const fill = bar.querySelector(".progress-bar");
  const status = form.querySelector(".js-upload-status");
  const button = form.querySelector(".js-upload-button");
  const maxSize = Number(form.dataset.maxSize) || 0;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let busy = false;

  const say = (text, isError) => {
    status.textContent = text;
    status.classList.toggle("text-danger", Boolean(isError));
  };
  const format = (template, name) => template.replace("{name}", name);
  const setProgress = (percent) => {
    const value = Math.max(0, Math.min(100, Math.round(percent)));
    fill.style.width = `${value}%`;
    // The percent sign as the language writes it ("45 %", French with a no-break space).
    fill.textContent = (form.dataset.msgPercent || "{percent} %").replace("{percent}", value);
    bar.setAttribute("aria-valuenow", String(value));
  };

  function send(files) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-CSRFToken", token);
      request.setRequestHeader("Accept", "application/json");
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) setProgress((event.loaded / event.total) * 100);
      };
      request.onload = () => resolve(request.status < 500);
      request.onerror = () => resolve(false);
      const data = new FormData();
      files.forEach((file) => data.append("files", file, file.name));
      request.send(data);
    });
  }

  async function upload(files) {
    if (busy || !files.length) return;
    const tooLarge = files.filter((file) => maxSize && file.size > maxSize);
    if (tooLarge.length) {
      say(tooLarge.map((file) => format(form.dataset.msgTooLarge, file.name)).join(" "), true);
      return;
    }
    busy = true;
    button.disabled = true;
    form.classList.add("documents-uploading");
    bar.classList.remove("d-none");
    setProgress(0);
    say(format(form.dataset.msgUploading, files.map((file) => file.name).join(", ")));
    const ok = await send(files);
    setProgress(100);
    say(ok ? form.dataset.msgDone : form.dataset.msgFailed, !ok);
    // The server's messages (files added, files refused and why) show on the reloaded page.
    if (ok) window.location.reload();
    else {
      busy = false;
      button.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    upload(Array.from(input.files));
  });
  input.addEventListener("change", () => upload(Array.from(input.files)));
  ["dragenter", "dragover"].forEach((name) =>
    form.addEventListener(name, (event) => {
      event.preventDefault();
      form.classList.add("documents-dragover");
    }),
  );
  ["dragleave", "drop"].forEach((name) =>
    form.addEventListener(name, () => form.classList.remove("documents-dragover")),
  );
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    upload(Array.from(event.dataTransfer.files));
  });
});
