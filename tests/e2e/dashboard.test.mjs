// Browser end-to-end test of the built dashboard (web/dist; run `npm run build:web` first)
// in headless Chromium through playwright-core: no egress, works offline, numbers equal the
// native CLI's, no CSP violations, he/ar/en with RTL/LTR, the demo, errors and cancel.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { AS_OF, HOURS_LOG, ROOT, cliReport } from "../js/helpers.mjs";
import { cliReportFiles, demoPaths } from "./harness.mjs";

const DIST = path.join(ROOT, "web", "dist");
const XLSX_DIR = path.join(ROOT, "tests", "fixtures", "xlsx");
const OUT = path.join(ROOT, "tests", "out");
const SHOTS = path.join(OUT, "screenshots");
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
const KPIS = {
  volunteers: "volunteers",
  approvedHours: "approvedHours",
  meanHours: "meanHoursPerVolunteer",
  medianHours: "medianHoursPerVolunteer",
};
const catalogs = Object.fromEntries(
  ["he", "ar", "en"].map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, "web", "src", "i18n", `${l}.json`), "utf8"))]),
);

function builtFiles(dir, prefix = "") {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? builtFiles(p, `${prefix}${n}/`) : [`/${prefix}${n}`];
  });
}

const published = (p) => (p.suppressed || p.value === null ? "" : String(p.value));

let server;
let browser;
let origin;
let built;

before(async () => {
  assert.ok(existsSync(path.join(DIST, "index.html")), "web/dist is missing: run `npm run build:web` first");
  mkdirSync(SHOTS, { recursive: true });
  built = new Set([...builtFiles(DIST), "/"]); // "/" is index.html
  server = await startServer({ dir: DIST, port: 0 });
  origin = new URL(server.url).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh context that records every request (page and workers), CSP violations and errors. */
async function openContext() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: "block",
    locale: "he-IL",
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

async function gotoAndSettle(page, log, query) {
  await page.goto(`${server.url}${query}`);
  await page.waitForLoadState("load");
  log.loaded = true;
  // The app prefetches the chart code and the worker + wasm after the first paint, then marks
  // <html data-offline-ready>; after that nothing else is needed from the network.
  await page.waitForSelector("html[data-offline-ready]", { state: "attached", timeout: 15000 });
  await page.waitForLoadState("networkidle");
  const ready = await page.getAttribute("html", "data-offline-ready");
  assert.equal(ready, "true", "the chart chunk and the worker + wasm were prefetched");
}

function assertNoEgress(log, what) {
  const foreign = log.requests.filter((r) => !r.url.startsWith(`${origin}/`) && !/^(blob|data):/.test(r.url));
  assert.deepEqual(foreign, [], `${what}: cross-origin requests`);
  const notBuilt = log.requests
    .filter((r) => r.afterLoad && !/^(blob|data):/.test(r.url))
    .filter((r) => r.method !== "GET" || !built.has(new URL(r.url).pathname));
  assert.deepEqual(notBuilt, [], `${what}: after load, only same-origin GETs of built assets are allowed`);
}

async function readKpis(page) {
  return page.$$eval("[data-kpi]", (els) =>
    Object.fromEntries(
      els.map((e) => [e.dataset.kpi, { value: e.dataset.value, text: e.querySelector(".kpi-value")?.textContent ?? "" }]),
    ),
  );
}

async function readMonths(page) {
  return page.$$eval("tr[data-month]", (rows) => rows.map((r) => [r.dataset.month, r.dataset.value]));
}

async function readLedger(page) {
  return page.$$eval("tr[data-file]", (rows) =>
    rows.map((r) => ({
      name: r.dataset.file,
      format: r.dataset.format,
      sheet: r.dataset.sheet,
      rowsTotal: Number(r.dataset.rowsTotal),
      rowsUsed: Number(r.dataset.rowsUsed),
      rowsRejected: Number(r.dataset.rowsRejected),
      rowsSkipped: Number(r.dataset.rowsSkipped),
    })),
  );
}

function assertKpisMatch(kpis, report, what) {
  for (const [id, field] of Object.entries(KPIS)) {
    assert.ok(kpis[id], `${what}: KPI card data-kpi="${id}" is missing`);
    assert.equal(kpis[id].value, published(report.summary[field]), `${what}: data-value of ${id} vs CLI summary.${field}`);
    assert.match(kpis[id].text, /\d/, `${what}: ${id} shows a number (${kpis[id].text})`);
  }
}

async function switchLang(page, lang) {
  await page.click(`[data-lang=${lang}]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function chartGeometry(page) {
  await page.waitForSelector("figure svg.madad-plot[role=img]", { timeout: 10000 });
  return page.$eval("figure svg.madad-plot[role=img]", (svg) => {
    const box = svg.getBoundingClientRect();
    const zero = [...svg.querySelectorAll("text")].find((t) => t.textContent.trim() === "0");
    const z = zero?.getBoundingClientRect();
    return {
      direction: getComputedStyle(svg).direction,
      label: svg.getAttribute("aria-label") ?? "",
      gWithAriaLabel: svg.querySelectorAll("g[aria-label]").length,
      styleElements: svg.querySelectorAll("style").length,
      zeroTickCenter: z ? (z.left + z.width / 2 - box.left) / box.width : null,
    };
  });
}

describe("dashboard in Chromium", () => {
  test("start screen: real file input, keyboard reachable, he/ar/en, mirrored layout", async () => {
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, "");
      assert.equal(await page.getAttribute("html", "lang"), "he", "Hebrew by default");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assert.equal((await page.textContent("[data-privacy]")).trim(), catalogs.he["privacy.line"], "privacy line");
      // One input for the data files (the other one on Start imports a mapping profile).
      const input = page.locator("input[type=file][multiple]");
      assert.equal(await input.count(), 1, "one file input for the data files");
      assert.equal(await page.locator("input[type=file]:not([multiple])").getAttribute("id"), "start-profile-import");
      assert.equal(await input.getAttribute("accept"), ".csv,.tsv,.txt,.xlsx,.xls,.ods");
      assert.equal((await page.textContent("#drop-hint")).trim(), catalogs.he["start.drop.hint"]);
      assert.match(catalogs.en["start.drop.hint"], /CSV or Excel \(XLSX, XLS, ODS\)/);
      // The spreadsheet reader is prefetched (in idle time, in a worker) only after the core.
      const urls = log.requests.map((r) => r.url);
      const core = urls.findIndex((u) => /madad_core_bg[^/]*\.wasm$/.test(u));
      const xlsx = urls.findIndex((u) => /madad_xlsx_bg[^/]*\.wasm$/.test(u));
      assert.ok(core >= 0 && xlsx > core, `the core wasm (${core}) is fetched before the spreadsheet reader (${xlsx})`);
      assert.ok(log.requests[xlsx].afterLoad, "the spreadsheet reader is fetched after the page has loaded");
      assert.equal(await input.evaluate((i) => i.multiple), true, "several files at once");
      assert.equal(await page.locator("label[for=file-input]").count(), 1, "the drop zone is a real <label> of the input");
      // Keyboard: Tab reaches the file input, and the drop zone shows the focus.
      let focused = "";
      for (let i = 0; i < 10 && focused !== "file-input"; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.id ?? "");
      }
      assert.equal(focused, "file-input", "the file input is reachable with Tab");
      const outline = await page.$eval("label[for=file-input]", (l) => getComputedStyle(l).outlineStyle);
      assert.equal(outline, "solid", "the focused drop zone shows a visible focus ring");
      const brandHe = await page.locator(".app-name").boundingBox();
      assert.ok(brandHe.x > 640, `RTL: the brand sits on the right (x=${brandHe.x})`);
      await page.screenshot({ path: path.join(SHOTS, "start-he.png") });

      await switchLang(page, "ar");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assert.equal((await page.textContent("[data-privacy]")).trim(), catalogs.ar["privacy.line"]);
      assert.equal((await page.textContent("[data-screen=start] h1")).trim(), catalogs.ar["start.title"]);
      await page.screenshot({ path: path.join(SHOTS, "start-ar.png") });

      await switchLang(page, "en");
      assert.equal(await page.getAttribute("html", "dir"), "ltr");
      assert.equal((await page.textContent("[data-screen=start] h1")).trim(), catalogs.en["start.title"]);
      const brandEn = await page.locator(".app-name").boundingBox();
      assert.ok(brandEn.x < 640, `LTR: the brand sits on the left (x=${brandEn.x})`);
      assert.equal(await page.getAttribute("[data-lang=en]", "aria-pressed"), "true");
      await page.screenshot({ path: path.join(SHOTS, "start-en.png") });

      assertNoEgress(log, "start screen");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("offline upload of the hours log: numbers equal the CLI's, no egress, no CSP violation", async () => {
    const cli = cliReport(HOURS_LOG, AS_OF);
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, `?asOf=${AS_OF}`);
      assertNoEgress(log, "after load");
      await context.setOffline(true);
      await page.setInputFiles("input[type=file]", HOURS_LOG);
      // First time: the file check comes first; the dashboard is one step away.
      await page.waitForSelector("[data-screen=check]", { timeout: 30000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 30000 });

      assertKpisMatch(await readKpis(page), cli, "he");
      assert.deepEqual(
        await readMonths(page),
        cli.monthlyActive.map((c) => [c.month, published(c.volunteers)]),
        "monthly table [data-month, data-value] vs CLI monthlyActive",
      );
      const ledger = await page.$$eval("tr[data-file]", (rows) =>
        rows.map((r) => ({
          name: r.dataset.file,
          rowsTotal: Number(r.dataset.rowsTotal),
          rowsUsed: Number(r.dataset.rowsUsed),
          rowsRejected: Number(r.dataset.rowsRejected),
          rowsSkipped: Number(r.dataset.rowsSkipped),
        })),
      );
      assert.deepEqual(
        ledger,
        cli.sources.map(({ name, rowsTotal, rowsUsed, rowsRejected, rowsSkipped }) => ({ name, rowsTotal, rowsUsed, rowsRejected, rowsSkipped })),
        "file ledger vs CLI sources",
      );
      const groups = await page.$$eval("[data-code]", (els) =>
        Object.fromEntries(els.map((e) => [e.dataset.code, { count: Number(e.dataset.count), examples: e.querySelectorAll(".diag-examples li").length }])),
      );
      const want = {};
      for (const s of cli.sources) for (const p of s.problems) want[p.code] = (want[p.code] ?? 0) + p.count;
      assert.deepEqual(
        Object.fromEntries(Object.entries(groups).map(([c, g]) => [c, g.count])),
        want,
        "diagnostic groups and counts vs CLI problems",
      );
      for (const [code, g] of Object.entries(groups)) {
        assert.ok(g.examples >= 1 && g.examples <= 3, `${code}: 1 to 3 examples shown (${g.examples})`);
      }
      const firstBadDate = cli.diagnostics.find((d) => d.code === "date.invalid");
      assert.ok(firstBadDate, "the fixture has an invalid date");
      const example = await page.textContent('[data-code="date.invalid"] .diag-examples li');
      assert.ok(example.includes(firstBadDate.file), `an example names the file: ${example}`);
      assert.ok(example.includes(String(firstBadDate.row)), `an example names the row ${firstBadDate.row}: ${example}`);
      assert.ok(example.includes(firstBadDate.params.value), `an example quotes the value ${firstBadDate.params.value}: ${example}`);
      assert.ok(example.includes(firstBadDate.column), `an example names the column: ${example}`);
      assert.ok(!/\{\w+\}/.test(await page.textContent("main")), "no unfilled {placeholder} on screen");

      const chart = await chartGeometry(page);
      assert.equal(chart.direction, "ltr", "the chart SVG stays left-to-right");
      assert.ok(chart.label.length > 20, "the chart has a one-sentence aria-label");
      assert.equal(chart.gWithAriaLabel, 0, "no aria-label on <g> (axe aria-prohibited-attr)");
      assert.equal(chart.styleElements, 0, "Plot's inline <style> is removed (CSP)");
      assert.ok(chart.zeroTickCenter > 0.8, `RTL: the y-axis is on the right (0 tick at ${chart.zeroTickCenter})`);
      const volunteersText = new Intl.NumberFormat("he-IL").format(cli.summary.volunteers.value);
      assert.ok((await page.textContent("#live")).includes(volunteersText), "the live region announces the result");

      // "show as table" toggles a real table
      const toggle = page.locator("[data-action=toggle-table]");
      assert.equal(await toggle.getAttribute("aria-expanded"), "false");
      assert.equal(await page.isVisible("#monthly-table table"), false);
      await toggle.click();
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      assert.equal(await page.isVisible("#monthly-table table"), true, "the table shows after the toggle");
      await toggle.click();
      await page.screenshot({ path: path.join(SHOTS, "dashboard-he.png"), fullPage: true });

      await switchLang(page, "ar");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assertKpisMatch(await readKpis(page), cli, "ar");
      assert.ok(
        (await readKpis(page)).volunteers.text.includes(String(cli.summary.volunteers.value)),
        "Arabic uses Latin digits (ar-IL-u-nu-latn)",
      );
      assert.equal((await page.textContent("[data-screen=dashboard] h1")).trim(), catalogs.ar["dash.title"]);
      assert.ok((await chartGeometry(page)).zeroTickCenter > 0.8, "RTL (ar): the y-axis is on the right");
      await page.screenshot({ path: path.join(SHOTS, "dashboard-ar.png"), fullPage: true });

      await switchLang(page, "en");
      assert.equal(await page.getAttribute("html", "dir"), "ltr");
      const en = await readKpis(page);
      assertKpisMatch(en, cli, "en");
      const hoursEn = new Intl.NumberFormat("en-IL", { maximumFractionDigits: 2 }).format(cli.summary.approvedHours.value);
      assert.ok(en.approvedHours.text.includes(hoursEn), `English display of approved hours: ${en.approvedHours.text} vs ${hoursEn}`);
      assert.equal((await page.textContent("[data-screen=dashboard] h1")).trim(), catalogs.en["dash.title"]);
      const chartEn = await chartGeometry(page);
      assert.equal(chartEn.direction, "ltr");
      assert.ok(chartEn.zeroTickCenter < 0.2, `LTR: the y-axis is on the left (0 tick at ${chartEn.zeroTickCenter})`);
      await page.screenshot({ path: path.join(SHOTS, "dashboard-en.png"), fullPage: true });

      assertNoEgress(log, "whole session");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("offline upload of the hours log as XLSX: the CSV's numbers, the sheet in the ledger, no egress", async () => {
    const cli = cliReport(HOURS_LOG, AS_OF);
    const xlsxFile = path.join(XLSX_DIR, "demo-hours.xlsx");
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, `?asOf=${AS_OF}`);
      assertNoEgress(log, "after load");
      await context.setOffline(true);
      await page.setInputFiles("input[type=file]", xlsxFile);
      await page.waitForSelector("[data-screen=check]", { timeout: 30000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 30000 });

      assertKpisMatch(await readKpis(page), cli, "xlsx");
      assert.deepEqual(
        await readMonths(page),
        cli.monthlyActive.map((c) => [c.month, published(c.volunteers)]),
        "monthly table vs CLI monthlyActive (CSV)",
      );
      const [row] = await readLedger(page);
      const [src] = cli.sources;
      assert.deepEqual(
        row,
        { name: "demo-hours.xlsx", format: "xlsx", sheet: "יומן שעות", rowsTotal: src.rowsTotal, rowsUsed: src.rowsUsed, rowsRejected: src.rowsRejected, rowsSkipped: src.rowsSkipped },
        "ledger row: format, sheet and counts",
      );
      const cells = await page.$$eval("tr[data-file] td", (tds) => tds.map((td) => td.textContent.trim()));
      assert.equal(cells[0], "XLSX", "the format is shown");
      assert.ok(cells.some((c) => c.includes("יומן שעות") && c.includes(catalogs.he["ledger.sheet"].split(":")[0])), `the sheet is shown: ${cells}`);
      const groups = await page.$$eval("[data-code]", (els) => Object.fromEntries(els.map((e) => [e.dataset.code, Number(e.dataset.count)])));
      const want = {};
      for (const p of src.problems) want[p.code] = (want[p.code] ?? 0) + p.count;
      assert.deepEqual(groups, want, "diagnostic groups and counts vs CLI (CSV)");
      await page.waitForSelector("figure svg.madad-plot", { timeout: 10000 });
      await page.screenshot({ path: path.join(SHOTS, "dashboard-xlsx-he.png"), fullPage: true });

      assertNoEgress(log, "xlsx session");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("a workbook with two sheets with data: the user picks the sheet (keyboard-accessible select)", async () => {
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, `?asOf=${AS_OF}&lang=en`);
      await context.setOffline(true);
      await page.setInputFiles("input[type=file]", path.join(XLSX_DIR, "small.xls"));
      await page.waitForSelector("[data-screen=sheets]", { timeout: 15000 });
      assert.equal((await page.textContent("[data-screen=sheets] h1")).trim(), catalogs.en["sheets.title"]);
      const select = page.locator("select[data-sheet-file='small.xls']");
      assert.equal(await select.count(), 1);
      assert.equal(await page.getAttribute("label[for=sheet-0]", "for"), await select.getAttribute("id"), "the select has a label");
      assert.match(await page.textContent("label[for=sheet-0]"), /small\.xls/);
      assert.equal(await select.inputValue(), "נתונים", "the first visible sheet with data is preselected");
      const options = await select.locator("option").allTextContents();
      assert.deepEqual(options, ["נתונים", catalogs.en["sheets.hidden"].replace("{sheet}", "מוסתר")]);
      await page.screenshot({ path: path.join(SHOTS, "sheets-en.png") });

      // The hidden sheet holds no hours log: the analysis says so, naming the file.
      await select.selectOption("מוסתר");
      await page.click("[data-action=read-sheets]");
      await page.waitForSelector("[data-screen=error]", { timeout: 15000 });
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-code"), "schema.missing_columns");
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-file"), "small.xls");

      await page.click("[data-action=other-files]");
      await page.setInputFiles("input[type=file]", path.join(XLSX_DIR, "small.xls"));
      await page.waitForSelector("[data-screen=sheets]", { timeout: 15000 });
      await page.focus("select[data-sheet-file='small.xls']");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), "read-sheets", "Tab reaches the submit button");
      await page.keyboard.press("Enter"); // submits the form (the default sheet)
      await page.waitForSelector("[data-screen=check]", { timeout: 30000 });
      assert.equal(await page.getAttribute("[data-file='small.xls'] [data-fact=sheet]", "data-fact"), "sheet", "the file check names the sheet read");
      await page.click("[data-step=dashboard]");
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 30000 });
      const [row] = await readLedger(page);
      assert.equal(row.format, "xls");
      assert.equal(row.sheet, "נתונים");
      assertNoEgress(log, "sheet picker");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("a damaged workbook is refused with a translated message naming the file", async () => {
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, "");
      await page.setInputFiles("input[type=file]", {
        name: "cut.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: readFileSync(path.join(XLSX_DIR, "demo-hours.xlsx")).subarray(0, 5000),
      });
      await page.waitForSelector("[data-screen=error]", { timeout: 15000 });
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-code"), "xlsx.corrupt");
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-file"), "cut.xlsx");
      assert.match(await page.textContent(".error-message"), /cut\.xlsx/);
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("?demo=1 opens the demo municipality, marked as sample data", async () => {
    // The served demo (web/dist/demo/, generated at build time) may differ from the committed
    // fixture when the generator changes, so compare with the CLI on the served file itself.
    // The demo is the four served files (hours log, registry XLSX, survey, population).
    const cli = await cliReportFiles(demoPaths(), AS_OF, ["--sample-data"]);
    const { context, page, log } = await openContext();
    try {
      await page.goto(`${server.url}?demo=1&asOf=${AS_OF}`);
      log.loaded = true;
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 30000 });
      assert.equal(await page.isVisible("[data-sample-data]"), true, "the sample-data banner is visible");
      assert.match(await page.textContent("[data-sample-data]"), new RegExp(catalogs.he["dash.sample"]));
      assertKpisMatch(await readKpis(page), cli, "demo");
      await page.waitForSelector("figure svg.madad-plot", { timeout: 10000 });
      await page.screenshot({ path: path.join(SHOTS, "demo-he.png"), fullPage: false });
      await switchLang(page, "ar");
      assert.match(await page.textContent("[data-sample-data]"), new RegExp(catalogs.ar["dash.sample"]));
      await switchLang(page, "en");
      assert.match(await page.textContent("[data-sample-data]"), /Sample data/);
      assertNoEgress(log, "demo");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("a file without the needed columns shows a translated error naming the file, with retry", async () => {
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, "");
      await page.setInputFiles("input[type=file]", {
        name: "shapes.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("colour,size\nred,3\n"),
      });
      await page.waitForSelector("[data-screen=error]", { timeout: 15000 });
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-code"), "schema.missing_columns");
      assert.equal(await page.getAttribute("[data-screen=error]", "data-error-file"), "shapes.csv");
      const msg = await page.textContent(".error-message");
      assert.match(msg, /shapes\.csv/, "the message names the file");
      assert.match(msg, new RegExp(catalogs.he["field.volunteerId"]), "missing fields are named in Hebrew");
      assert.match(await page.textContent("[data-screen=error]"), /schema\.missing_columns/, "the code is shown");
      assert.equal(await page.isVisible("[data-action=retry]"), true, "a try-again button");
      await page.screenshot({ path: path.join(SHOTS, "error-he.png") });
      await switchLang(page, "en");
      assert.match(await page.textContent(".error-message"), /required columns were not found/);
      await page.click("[data-action=other-files]");
      await page.waitForSelector("[data-screen=start]");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("cancel terminates the worker and returns to the start screen", async () => {
    // ~24 MB: the hours log's rows repeated, so the job runs long enough to be cancelled.
    const big = path.join(OUT, "big_hours_log.csv");
    if (!existsSync(big)) {
      const b = readFileSync(HOURS_LOG);
      const nl = b.indexOf(10) + 1;
      const parts = [b.subarray(0, nl)];
      for (let size = nl; size < 24e6; size += b.length - nl) parts.push(b.subarray(nl));
      writeFileSync(big, Buffer.concat(parts));
    }
    const { context, page, log } = await openContext();
    try {
      await gotoAndSettle(page, log, "");
      const workersBefore = page.workers().length;
      await page.setInputFiles("input[type=file]", big);
      await page.waitForSelector("[role=progressbar]");
      await page.waitForFunction(() => Number(document.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow")) > 0, null, {
        timeout: 20000,
      });
      assert.ok(page.workers().length > workersBefore, "the job runs in a Web Worker");
      await page.click("[data-action=cancel]");
      await page.waitForSelector("[data-screen=start]", { timeout: 5000 });
      const deadline = Date.now() + 5000;
      while (page.workers().length > workersBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(page.workers().length, workersBefore, "the worker was terminated");
      await page.waitForFunction((t) => document.getElementById("live")?.textContent === t, catalogs.he["status.cancelled"]);
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
