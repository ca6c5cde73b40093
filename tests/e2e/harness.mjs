// Shared browser harness of the e2e tests (the same launch flags, request log, CSP listener and
// egress rules as dashboard.test.mjs): headless Chromium through playwright-core, the built
// dashboard (web/dist) served with the production CSP by scripts/serve.mjs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { ROOT } from "../js/helpers.mjs";

export const DIST = path.join(ROOT, "web", "dist");
export const OUT = path.join(ROOT, "tests", "out");
export const SHOTS = path.join(OUT, "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const catalogs = Object.fromEntries(
  ["he", "ar", "en"].map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, "web", "src", "i18n", `${l}.json`), "utf8"))]),
);

function builtFiles(dir, prefix = "") {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? builtFiles(p, `${prefix}${n}/`) : [`/${prefix}${n}`];
  });
}

/** Starts the server and the browser; returns a handle with `close()`. */
export async function launch() {
  assert.ok(existsSync(path.join(DIST, "index.html")), "web/dist is missing: run `npm run build:web` first");
  mkdirSync(SHOTS, { recursive: true });
  const built = new Set([...builtFiles(DIST), "/"]);
  const server = await startServer({ dir: DIST, port: 0 });
  const origin = new URL(server.url).origin;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    server,
    browser,
    origin,
    built,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh context that records every request (page and workers), CSP violations and errors. */
export async function openContext(env) {
  const context = await env.browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: "block",
    locale: "he-IL",
    acceptDownloads: true,
  });
  const log = { requests: [], violations: [], errors: [], loaded: false };
  context.on("request", (r) => log.requests.push({ method: r.method(), url: r.url(), afterLoad: log.loaded }));
  await context.exposeFunction("__madadCspViolation", (v) => log.violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__madadCspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") log.errors.push(`console: ${m.text()}`);
    if (/Content Security Policy/i.test(m.text())) log.violations.push({ console: m.text() });
  });
  page.on("websocket", (ws) => log.requests.push({ method: "WS", url: ws.url(), afterLoad: log.loaded }));
  return { context, page, log };
}

/** Loads the page and waits until everything the app prefetches is in (data-offline-ready). */
export async function gotoAndSettle(env, page, log, query) {
  await page.goto(`${env.server.url}${query}`);
  await page.waitForLoadState("load");
  log.loaded = true;
  await page.waitForSelector("html[data-offline-ready]", { state: "attached", timeout: 20000 });
  await page.waitForLoadState("networkidle");
  assert.equal(await page.getAttribute("html", "data-offline-ready"), "true", "everything was prefetched");
}

/** No cross-origin request ever; after load, only same-origin GETs of built assets. */
export function assertNoEgress(env, log, what) {
  const foreign = log.requests.filter((r) => !r.url.startsWith(`${env.origin}/`) && !/^(blob|data):/.test(r.url));
  assert.deepEqual(foreign, [], `${what}: cross-origin requests`);
  const notBuilt = log.requests
    .filter((r) => r.afterLoad && !/^(blob|data):/.test(r.url))
    .filter((r) => r.method !== "GET" || !env.built.has(new URL(r.url).pathname));
  assert.deepEqual(notBuilt, [], `${what}: after load, only same-origin GETs of built assets are allowed`);
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
let axeSource = null;

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page, injected through the debugger so the page's CSP is untouched; asserts no violation. */
export async function axe(page, what) {
  axeSource ??= readFileSync(path.join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  assert.deepEqual(violations, [], `axe on ${what}`);
}

export async function switchLang(page, lang) {
  await page.click(`[data-lang=${lang}]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Every text placeholder was filled. */
export async function assertNoPlaceholders(page, what) {
  const text = await page.textContent("main");
  assert.ok(!/\{\w+\}/.test(text), `${what}: no unfilled {placeholder} on screen`);
}

/** The demo municipality's files as the dashboard loads them (`?demo=1`), in the same order. */
export const DEMO_FILES = ["hours_log.csv", "volunteers.xlsx", "loneliness_survey.csv", "population.csv"];

/** The served demo files (web/dist/demo/), asserted present. */
export function demoPaths() {
  return DEMO_FILES.map((f) => {
    const p = path.join(DIST, "demo", f);
    assert.ok(existsSync(p), `web/dist/demo/${f} is missing (run scripts/build.sh)`);
    return p;
  });
}

/**
 * The reference report of several files: the native CLI's (`madad analyze FILE… --json --as-of
 * DATE [extra…]`), parsed. While the CLI does not read workbooks (it answers
 * `format.unsupported` for an XLSX), the `madad` package in Node with the same files and
 * options stands in (`source` says which); `nativeMatchesPackage` below checks that the two
 * agree on the files the CLI can read.
 */
export async function cliReportFiles(files, asOf, extra = []) {
  const bin = path.join(ROOT, "target", "release-native", "madad");
  assert.ok(existsSync(bin), "target/release-native/madad is missing (run scripts/build.sh)");
  try {
    const out = execFileSync(bin, ["analyze", ...files, "--json", "--as-of", asOf, ...extra], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return Object.defineProperty(JSON.parse(out), "source", { value: "cli" });
  } catch (e) {
    const msg = String(e.stdout ?? "") + String(e.stderr ?? "");
    if (!/format\.unsupported/.test(msg) || !/xlsx/.test(msg)) throw e;
  }
  const report = await packageReport(files, asOf, { sampleData: extra.includes("--sample-data") });
  return Object.defineProperty(report, "source", { value: "package" });
}

/** The `madad` package's report (Node, the core's wasm) of `files` under `analysis` options. */
export async function packageReport(files, asOf, analysis = {}) {
  const { analyzeFiles } = await import("madad");
  const inputs = files.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) }));
  return analyzeFiles(inputs, { ingest: { asOf }, analysis });
}

/** The native CLI's report of text files only (no workbook), for the native-vs-package check. */
export function nativeReport(files, asOf, extra = []) {
  const bin = path.join(ROOT, "target", "release-native", "madad");
  return JSON.parse(
    execFileSync(bin, ["analyze", ...files, "--json", "--as-of", asOf, ...extra], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] }),
  );
}

/**
 * Deep equality with numbers compared to a relative 1e-9: the core's wasm and native builds may
 * differ in the last bits of a transcendental function (e.g. a p-value), nothing more.
 */
export function assertClose(actual, expected, what, path = "") {
  if (typeof expected === "number" && typeof actual === "number") {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}${path}: ${actual} vs ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== "object" || actual === null || typeof actual !== "object") {
    assert.equal(actual, expected, `${what}${path}`);
    return;
  }
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}${path}: keys`);
  for (const k of Object.keys(expected)) assertClose(actual[k], expected[k], what, `${path}.${k}`);
}
