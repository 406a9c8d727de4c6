// Build the web UI's assets into the Python package (both folders are build output, gitignored):
//   server/qalamoun_kg/web/static/vendor/yasgui/  YASGUI's minified bundle and stylesheet
//   server/qalamoun_kg/web/static/gallery/        the example queries, copied from tests/competency
// Run by `make ui` (after `npm ci`); nothing is fetched at run time.
import { copyFileSync, mkdirSync, readdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(root, "server", "qalamoun_kg", "web");

function copyInto(target, files) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const [from, name] of files) copyFileSync(from, join(target, name));
  console.log(`ui: ${files.length} file(s) -> ${target.slice(root.length + 1)}`);
}

const yasgui = join(root, "ui", "node_modules", "@triply", "yasgui", "build");
if (!existsSync(join(yasgui, "yasgui.min.js"))) {
  console.error("ui: @triply/yasgui is not installed; run `npm ci` in ui/ first");
  process.exit(1);
}
copyInto(
  join(web, "static", "vendor", "yasgui"),
  ["yasgui.min.js", "yasgui.min.css", "yasgui.min.js.LICENSE.txt"].map((n) => [join(yasgui, n), n]),
);

const competency = join(root, "tests", "competency");
const queries = readdirSync(competency).filter((n) => /^\d\d-.*\.rq$/.test(n)).sort();
copyInto(join(web, "static", "gallery"), queries.map((n) => [join(competency, n), n]));
