// Build the web UI's assets into the Python package (both folders are build output, gitignored):
//   server/qalamoun_kg/web/static/vendor/yasgui/  YASGUI's minified bundle and stylesheet
//   server/qalamoun_kg/web/static/vendor/leaflet/ Leaflet's script, stylesheet and licence
//   server/qalamoun_kg/web/static/vendor/world-atlas/region.geojson
//                                                 Natural Earth country borders (world-atlas,
//                                                 1:10m) around Lebanon and Syria, for the map
//   server/qalamoun_kg/web/static/gallery/        the example queries, copied from tests/competency
// Run by `make ui` (after `npm ci`); nothing is fetched at run time.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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

const modules = join(root, "ui", "node_modules");
const leaflet = join(modules, "leaflet");
copyInto(join(web, "static", "vendor", "leaflet"), [
  [join(leaflet, "dist", "leaflet.js"), "leaflet.js"],
  [join(leaflet, "dist", "leaflet.css"), "leaflet.css"],
  [join(leaflet, "LICENSE"), "LICENSE"],
]);

// The map's basemap: the countries of world-atlas (Natural Earth 1:10m) whose outline comes
// near the region, as GeoJSON with coordinates rounded to about 10 m.
const REGION = [31.5, 29.5, 42.5, 38.5]; // west, south, east, north
const topojson = createRequire(import.meta.url)("topojson-client");
const world = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-10m.json"), "utf8"));
const countries = topojson.feature(world, world.objects.countries).features;
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 1e4) / 1e4);
function bounds(coordinates) {
  const flat = coordinates.flat(Infinity);
  const lons = flat.filter((_, i) => i % 2 === 0), lats = flat.filter((_, i) => i % 2 === 1);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
const near = countries.filter((f) => {
  if (!f.geometry) return false;
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  f.geometry = {
    type: "MultiPolygon",
    coordinates: polygons.filter((p) => {
      const [w, s, e, n] = bounds(p);
      return w < REGION[2] && e > REGION[0] && s < REGION[3] && n > REGION[1];
    }).map(round),
  };
  return f.geometry.coordinates.length > 0;
});
const atlas = join(web, "static", "vendor", "world-atlas");
rmSync(atlas, { recursive: true, force: true });
mkdirSync(atlas, { recursive: true });
writeFileSync(join(atlas, "region.geojson"), JSON.stringify({ type: "FeatureCollection", features: near.map((f) => ({ type: "Feature", properties: { name: f.properties.name }, geometry: f.geometry })) }));
copyFileSync(join(modules, "world-atlas", "LICENSE"), join(atlas, "LICENSE"));
console.log(`ui: ${near.length} countries -> ${atlas.slice(root.length + 1)}/region.geojson`);
