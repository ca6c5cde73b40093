// Shared browser harness of the e2e tests (the same launch flags, request log, CSP listener and
// egress rules as dashboard.test.mjs): headless Chromium through playwright-core, the built
// dashboard (web/dist) served with the production CSP by scripts/serve.mjs.
import assert from "node:assert/strict";
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

export async function switchLang(page, lang) {
  await page.click(`[data-lang=${lang}]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Every text placeholder was filled. */
export async function assertNoPlaceholders(page, what) {
  const text = await page.textContent("main");
  assert.ok(!/\{\w+\}/.test(text), `${what}: no unfilled {placeholder} on screen`);
}
