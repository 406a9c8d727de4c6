// A line-oriented bridge from the Python browser tests to headless Chromium via playwright-core:
// each stdin line is a JSON command, each stdout line its JSON answer. Chromium is Debian's
// (/usr/bin/chromium, or $QKG_CHROMIUM); playwright-core downloads nothing.
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "ui", "package.json"));
const { chromium } = require("playwright-core");

const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const browser = await chromium.launch({
  executablePath: process.env.QKG_CHROMIUM || "/usr/bin/chromium",
  args: ARGS,
  headless: true,
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
let page = await context.newPage();
const consoleErrors = [];
const requests = [];
const dialogs = [];

function watch(p) {
  p.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  p.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  p.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  p.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
}
watch(page);

const commands = {
  goto: async ({ url }) => { const r = await page.goto(url, { waitUntil: "load" }); return r ? r.status() : null; },
  click: async ({ selector }) => { await page.click(selector); return true; },
  fill: async ({ selector, value }) => { await page.fill(selector, value); return true; },
  type: async ({ text, delay }) => { await page.keyboard.type(text, { delay: delay ?? 40 }); return true; },
  press: async ({ key }) => { await page.keyboard.press(key); return true; },
  viewport: async ({ width, height }) => { await page.setViewportSize({ width, height }); return true; },
  clickAndWait: async ({ selector }) => {
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
    return page.url();
  },
  waitFor: async ({ selector, timeout }) => { await page.waitForSelector(selector, { timeout: timeout ?? 10000 }); return true; },
  text: async ({ selector }) => page.textContent(selector),
  count: async ({ selector }) => page.locator(selector).count(),
  attribute: async ({ selector, name }) => page.getAttribute(selector, name),
  evaluate: async ({ expression }) => page.evaluate(expression),
  url: async () => page.url(),
  title: async () => page.title(),
  screenshot: async ({ path, fullPage }) => { await page.screenshot({ path, fullPage: fullPage ?? true }); return path; },
  consoleErrors: async () => consoleErrors.splice(0),
  requests: async () => requests.splice(0),
  dialogs: async () => dialogs.splice(0),
  version: async () => browser.version(),
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.name === "close") break;
  try {
    const handler = commands[command.name];
    if (!handler) throw new Error(`unknown command ${command.name}`);
    const value = await handler(command);
    process.stdout.write(JSON.stringify({ ok: true, value }) + "\n");
  } catch (error) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.message || error) }) + "\n");
  }
}
await browser.close();
