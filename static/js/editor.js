// Rich-text editing for every <textarea class="rich-text"> on any page (TinyMCE, self-hosted
// from static/vendor/tinymce, GPL build). The editor's script is loaded only on pages that have
// such a textarea. Where the textarea (or its form) carries data-editor-upload-url, images
// pasted or dropped into the editor are uploaded there (the answer: {"location": url}); with
// data-editor-images-url, the image dialog lists the images found there.
(() => {
  const script = document.currentScript;
  // static/js/editor.js (or its hashed name) -> static/vendor/tinymce
  const staticRoot = script ? script.src.replace(/js\/editor(\.[0-9a-f]+)?\.js(\?.*)?$/, "") : "/static/";
  const baseUrl = `${staticRoot}vendor/tinymce`;

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function setting(textarea, name) {
    return textarea.dataset[name] || textarea.closest("form")?.dataset[name] || "";
  }

  function uploadHandler(url) {
    return (blobInfo, progress) =>
      new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("POST", url);
        request.setRequestHeader("X-CSRFToken", csrfToken());
        request.setRequestHeader("Accept", "application/json");
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) progress((event.loaded / event.total) * 100);
        };
        request.onload = () => {
          let answer = {};
          try {
            answer = JSON.parse(request.responseText);
          } catch (error) {
            answer = {};
          }
          if (request.status === 200 && answer.location) resolve(answer.location);
          else reject({ message: answer.error || `HTTP ${request.status}`, remove: true });
        };
        request.onerror = () => reject({ message: "Network error", remove: true });
        const data = new FormData();
        data.append("file", blobInfo.blob(), blobInfo.filename());
        request.send(data);
      });
  }

  function fieldLabel(textarea) {
    const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
    return (label?.textContent || textarea.getAttribute("aria-label") || textarea.name || "")
      .replace(/\*/g, "")
      .trim();
  }

  // WCAG 4.1.2: the editing frame is named after its field, and its body is announced as a
  // multi-line text box (TinyMCE labels a role="document" body, which ARIA does not allow).
  function nameTheEditor(editor, textarea) {
    const name = fieldLabel(textarea);
    if (editor.iframeElement && name) editor.iframeElement.title = name;
    const body = editor.getBody();
    body.setAttribute("role", "textbox");
    body.setAttribute("aria-multiline", "true");
    if (name) body.setAttribute("aria-label", name);
    // The content's language is the page's (the course's language inside a course).
    const lang = textarea.closest("[lang]")?.getAttribute("lang");
    if (lang) body.setAttribute("lang", lang);
  }

  // WCAG 1.1.1: an image kept in the content needs a text alternative. Decorative images carry
  // alt="" (the dialog's "decorative" box); an image with no alt attribute at all is sent back.
  function imagesWithoutAlt(form) {
    const missing = [];
    form.querySelectorAll("textarea.rich-text").forEach((textarea) => {
      const editor = window.tinymce?.get(textarea.id);
      if (!editor) return;
      editor.getBody().querySelectorAll("img:not([alt])").forEach((img) => missing.push([editor, img]));
    });
    return missing;
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !window.tinymce) return;
      const missing = imagesWithoutAlt(form);
      if (!missing.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const [editor, img] = missing[0];
      editor.focus();
      editor.selection.select(img);
      editor.notificationManager.open({
        text: form.dataset.altMissing || document.body.dataset.altMissing ||
          "Describe each image (Insert image → Alternative description) or mark it decorative.",
        type: "error",
      });
      editor.execCommand("mceImage");
    },
    true,
  );

  function start(textareas) {
    textareas.forEach((textarea) => {
      // The editor hides the textarea: the browser could not point at it if it were required.
      textarea.removeAttribute("required");
      const uploadUrl = setting(textarea, "editorUploadUrl");
      const imagesUrl = setting(textarea, "editorImagesUrl");
      const config = {
        target: textarea,
        license_key: "gpl",
        base_url: baseUrl,
        suffix: ".min",
        promotion: false,
        branding: false,
        menubar: false,
        height: Math.max(320, (Number(textarea.getAttribute("rows")) || 12) * 24),
        plugins: "advlist autolink lists link image media table code fullscreen charmap",
        toolbar:
          "undo redo | blocks | bold italic underline | bullist numlist | " +
          "link image media table | alignleft aligncenter alignright | removeformat code fullscreen",
        // Links and images keep site-absolute paths (/courses/...), valid on every page.
        relative_urls: false,
        remove_script_host: true,
        media_live_embeds: true,
        image_caption: true,
        // The image dialog asks for a text alternative, or for "decorative" (alt="").
        a11y_advanced_options: true,
        // The status bar's resize handle is a "separator" without the values ARIA requires;
        // the editor's height follows the field's rows instead.
        statusbar: false,
        image_description: true,
        setup: (editor) => {
          editor.on("change input undo redo", () => editor.save());
          // Named as soon as its frame exists (PostRender), and again once its body exists.
          editor.on("PostRender", () => {
            const name = fieldLabel(textarea);
            if (editor.iframeElement && name) editor.iframeElement.title = name;
          });
          editor.on("init", () => nameTheEditor(editor, textarea));
        },
      };
      // The editor speaks the page's language when a pack for it is shipped (French).
      if ((document.documentElement.lang || "").toLowerCase().startsWith("fr")) {
        config.language = "fr-FR";
      }
      if (imagesUrl) config.image_list = imagesUrl;
      if (uploadUrl) {
        config.images_upload_handler = uploadHandler(uploadUrl);
        config.automatic_uploads = true;
        config.paste_data_images = true;
      } else {
        config.paste_data_images = false;
      }
      window.tinymce.init(config);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const textareas = document.querySelectorAll("textarea.rich-text");
    if (!textareas.length) return;
    if (window.tinymce) {
      start(textareas);
      return;
    }
    const loader = document.createElement("script");
    loader.src = `${baseUrl}/tinymce.min.js`;
    loader.onload = () => start(textareas);
    document.head.appendChild(loader);
  });
})();
