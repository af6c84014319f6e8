// Copies the npm packages the pages use into static/vendor (no CDN: the platform works offline).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
const copies = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/css/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/css/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/js/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/js/bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/font/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "bootstrap-icons/font/fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  // The rich-text editor (GPL build, self-hosted): core, then what it loads at run time.
  ["tinymce/tinymce.min.js", "tinymce/tinymce.min.js"],
  ["tinymce/license.md", "tinymce/license.md"],
  ["tinymce/icons", "tinymce/icons"],
  ["tinymce/models", "tinymce/models"],
  ["tinymce/plugins", "tinymce/plugins"],
  ["tinymce/skins", "tinymce/skins"],
  ["tinymce/themes", "tinymce/themes"],
  // The editor's own French (its menus and dialogs), from the community language packs.
  ["tinymce-i18n/langs8/fr-FR.js", "tinymce/langs/fr-FR.js"],
  // Drag-and-drop lists (path builder, ordering questions, any sortable list).
  ["sortablejs/Sortable.min.js", "sortablejs/Sortable.min.js"],
  // Charts (statistics, survey results, gradebook).
  ["chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"],
  // collectstatic (manifest storage) follows the sourceMappingURL: the map must be there.
  ["chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"],
  // Accessibility checks, injected by the browser tests only.
  ["axe-core/axe.min.js", "axe-core/axe.min.js"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  const target = join(vendor, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, "node_modules", from), target, { recursive: true });
}
console.log(`Copied ${copies.length} assets into static/vendor`);
