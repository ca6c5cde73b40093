#!/usr/bin/env node
// Packaging test: `npm pack` the built package (pkg/), install the tarball into a clean folder
// (offline: the package has no dependencies) and use it the ways the README says, each of which
// must produce the golden numbers of tests/fixtures/golden/hours-small.csv (the report in
// hours-small.report.json, checked by the Rust golden tests):
//   (a) a Vite app (the workspace's Vite, no plugin) built and opened in Chromium under the
//       production CSP: `analyzeInWorker` and `openInWorker` → `analyze` (the package's worker
//       through the bundler), a bundle, and `<madad-dashboard>` from `madad/widget`;
//   (b) a Node (≥ 20) script: `analyzeFiles`, and `openFiles` → `analyze` twice → `dispose`;
//   (c) a plain HTML page with no bundler: `<script type="module">` importing the installed
//       files (`analyzeInWorker`, `openInWorker`), the IIFE widget by `<script src>`, and the package inside the page's own Web
//       Worker.
// Also checks the tarball's contents and `exports` map. Usage: node tests/packaging/run.mjs
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = path.join(ROOT, "pkg");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "golden", "hours-small.csv");
const OPTIONS = JSON.parse(readFileSync(path.join(ROOT, "tests", "fixtures", "golden", "hours-small.options.json"), "utf8"));
const GOLDEN = JSON.parse(readFileSync(path.join(ROOT, "tests", "fixtures", "golden", "hours-small.report.json"), "utf8")).summary;
const VITE = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");
const here = path.join(ROOT, "tests", "packaging", "app");

const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), "madad-packaging-"));
const app = path.join(work, "app");
const keep = process.argv.includes("--keep");
let failed = false;

function step(name, fn) {
  return (async () => {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed = true;
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
    }
  })();
}

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** The numbers each host reports, against the golden report. */
function assertGolden(result, what) {
  assert.equal(result.volunteers, GOLDEN.volunteers.value, `${what}: volunteers`);
  assert.equal(result.approvedHours, GOLDEN.approvedHours.value, `${what}: approved hours`);
  assert.equal(result.approvedActivities, GOLDEN.activities.approved, `${what}: approved activities`);
}

let tarball;
await step("npm pack: contents and exports", async () => {
  assert.ok(existsSync(path.join(PKG, "dist", "widget", "madad-widget.js")), "pkg/dist is not built: npm run build:web");
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], PKG));
  tarball = path.join(work, info.filename);
  const files = new Set(info.files.map((f) => f.path));
  for (const f of [
    "package.json",
    "README.md",
    "CHANGELOG.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "THIRD-PARTY-NOTICES.md",
    "schema/report.schema.json",
    "schema/bundle.schema.json",
    "dist/index.js",
    "dist/index.d.ts",
    "dist/node.js",
    "dist/worker.js",
    "dist/widget-types.d.ts",
    "dist/widget/madad-widget.js",
    "dist/widget/madad-widget.iife.js",
    "wasm/madad_core_bg.wasm",
    "wasm-xlsx/madad_xlsx_bg.wasm",
    "wasm-xls/madad_xls_bg.wasm",
    "wasm-stats/madad_stats_bg.wasm",
  ]) {
    assert.ok(files.has(f), `the tarball lacks ${f}`);
  }
  assert.ok(![...files].some((f) => f.startsWith("src/") || f.endsWith(".ts") && !f.endsWith(".d.ts")), "no TypeScript sources in the tarball");
  const pj = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
  for (const [sub, target] of Object.entries(pj.exports)) {
    const targets = typeof target === "string" ? [target] : Object.values(target).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v)));
    for (const t of targets) {
      const rel = t.replace(/^\.\//, "");
      const re = new RegExp(`^${rel.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace("*", "[^/]+")}$`);
      assert.ok(rel.includes("*") ? [...files].some((f) => re.test(f)) : files.has(rel), `exports["${sub}"] → ${t} is not in the tarball`);
    }
  }
  console.log(`     ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked`);
});

await step("install the tarball into a clean folder (offline)", async () => {
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "madad-packaging-app", private: true, type: "module" }, null, 2));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], app);
  assert.ok(existsSync(path.join(app, "node_modules", "madad", "package.json")));
  for (const f of ["index.html", "main.js", "node-check.mjs", "plain.html", "plain.js", "my-worker.js"]) copyFileSync(path.join(here, f), path.join(app, f));
  // public/: copied into the Vite build, fetched by path by the plain page.
  mkdirSync(path.join(app, "public"));
  copyFileSync(FIXTURE, path.join(app, "public", "hours-small.csv"));
  writeFileSync(path.join(app, "public", "options.json"), JSON.stringify(OPTIONS));
});

await step("(b) Node script", async () => {
  const out = JSON.parse(run(process.execPath, ["node-check.mjs", "public/hours-small.csv"], app));
  assertGolden(out, "node");
  assert.equal(out.bundleVerified, true, "node: a bundle made and verified");
  assert.equal(out.schemaKeys, true, "node: the report has every key the packaged schema requires");
  assert.deepEqual(out.addressable, [true, true, true, true], "node: worker, widget, wasm and schema files resolve through exports");
  assert.deepEqual(
    out.dataset,
    { sameAsOneShot: true, rowsRead: true, thresholdApplied: true, disposedCode: "dataset.disposed" },
    "node: openFiles → analyze twice → dispose",
  );
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});

/** Opens `url` under the production CSP and returns the page's `#out` results. */
async function inBrowser(url, what) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const errors = [];
  const foreign = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    page.on("request", (r) => {
      if (new URL(r.url()).origin !== new URL(url).origin && !/^(blob|data):/.test(r.url())) foreign.push(r.url());
    });
    await page.goto(url);
    await page.waitForSelector("#out[data-done]", { state: "attached", timeout: 60000 });
    const out = JSON.parse(await page.textContent("#out"));
    assert.deepEqual(errors, [], `${what}: page errors`);
    assert.deepEqual(foreign, [], `${what}: requests to other origins`);
    if (out.error) throw new Error(`${what}: ${out.error}`);
    return out;
  } finally {
    await context.close();
  }
}

await step("(a) Vite app: build, then worker + widget in Chromium", async () => {
  run(process.execPath, [VITE, "build", "--base", "./", "--outDir", "dist", "--logLevel", "warn"], app);
  const server = await startServer({ dir: path.join(app, "dist"), port: 0 });
  try {
    const out = await inBrowser(`${server.url}index.html`, "vite");
    assertGolden(out.worker, "vite (analyzeInWorker)");
    assertGolden(out.dataset, "vite (openInWorker → analyze)");
    assert.equal(out.widget.volunteers, GOLDEN.volunteers.value, "vite: the widget's KPI");
  } finally {
    await server.close();
  }
});

await step("(c) plain HTML (no bundler): module, IIFE widget, own Web Worker", async () => {
  const server = await startServer({ dir: app, port: 0 });
  try {
    const out = await inBrowser(`${server.url}plain.html`, "plain");
    assertGolden(out.worker, "plain (analyzeInWorker)");
    assertGolden(out.dataset, "plain (openInWorker → analyze)");
    assertGolden(out.ownWorker, "plain (the page's own worker)");
    assert.equal(out.widget.volunteers, GOLDEN.volunteers.value, "plain: the IIFE widget's KPI");
  } finally {
    await server.close();
  }
});

await browser.close();
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
console.log(`packaging: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
