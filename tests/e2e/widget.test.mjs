// `<madad-dashboard>` on a partner's test page (tests/e2e/widget-host/), served with the
// production CSP (scripts/serve.mjs): the package's built files are copied next to the page, the
// bundles are made by the package in Node from the demo fixture. Checks the attributes (lang,
// digits, program, theme, src), the events and their order, the numbers against the package's
// own report, refusals (forged bundle, missing file) with translated messages, the shadow
// isolation both ways (a hostile host stylesheet does not reach in; the widget's styles do not
// reach out), theming through custom properties and ::part, the classic-script (IIFE) form, and
// that the page makes no request but the bundles and the package's own files.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { analyzeFiles, makeBundle } from "madad";
import { startServer } from "../../scripts/serve.mjs";
import { AS_OF, ROOT, hoursLogInput } from "../js/helpers.mjs";
import { SHOTS, catalogs } from "./harness.mjs";

const K = 5;
const report = await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF }, analysis: { suppressionThreshold: K } });
const sderot = await makeBundle(report, "שדרות");
const arara = await makeBundle(report, "Ar'ara");
const sderotJson = JSON.parse(new TextDecoder().decode(sderot));

let dir;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "madad-widget-"));
  cpSync(path.join(ROOT, "tests", "e2e", "widget-host"), dir, { recursive: true });
  for (const sub of ["dist", "wasm", "wasm-stats", "wasm-xlsx"]) {
    cpSync(path.join(ROOT, "pkg", sub), path.join(dir, "madad", sub), { recursive: true });
  }
  mkdirSync(path.join(dir, "bundles"));
  writeFileSync(path.join(dir, "bundles", "sderot.madad-bundle.json"), sderot);
  writeFileSync(path.join(dir, "bundles", "program.json"), JSON.stringify([sderotJson, JSON.parse(new TextDecoder().decode(arara))]));
  writeFileSync(path.join(dir, "bundles", "forged.json"), new TextDecoder().decode(sderot).replace('"שדרות"', '"Sderot"'));
  server = await startServer({ dir, port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(file) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: "block" });
  const log = { requests: [], violations: [], errors: [] };
  context.on("request", (r) => log.requests.push({ method: r.method(), url: r.url() }));
  await context.exposeFunction("__cspViolation", (v) => log.violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => log.errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/404/.test(m.text())) log.errors.push(m.text());
  });
  await page.goto(`${server.url}${file}`);
  return { context, page, log };
}

/** Waits until widget `id` has fired `type`; returns that event. */
async function eventOf(page, id, type) {
  await page.waitForFunction(([i, t]) => window.madadEvents.some((e) => e.id === i && e.type === t), [id, type], { timeout: 30000 });
  return page.evaluate(([i, t]) => window.madadEvents.find((e) => e.id === i && e.type === t), [id, type]);
}

/** Runs `fn(host)` in the page for widget `id` (read its `host.shadowRoot`). */
function inShadow(page, id, fn, arg) {
  return page.$eval(`#${id}`, fn, arg);
}

const keys = new Set(Object.keys(catalogs.en));
function assertNoBareKeys(text, what) {
  const bare = (text.match(/[a-zA-Z]+\.[a-zA-Z_/.]+/g) ?? []).filter((w) => keys.has(w));
  assert.deepEqual(bare, [], `${what}: message keys shown instead of text`);
}

test("widget (ES module): attributes, events, numbers, refusals, isolation, no egress", async () => {
  const { context, page, log } = await open("index.html");
  try {
    // Events: ready, then analysed, with the verified bundle's identity.
    const analysed = await eventOf(page, "one", "madad-analysed");
    const order = await page.evaluate(() => window.madadEvents.filter((e) => e.id === "one").map((e) => e.type));
    assert.deepEqual(order, ["madad-ready", "madad-analysed"]);
    assert.deepEqual(analysed.detail.municipalities, ["שדרות"]);
    assert.deepEqual(analysed.detail.contentSha256, [sderotJson.contentSha256]);

    // Default language Hebrew, RTL; the KPI equals the package's report in Node.
    const one = await inShadow(page, "one", (host) => ({
      dir: host.shadowRoot.querySelector(".madad-widget").dir,
      lang: host.shadowRoot.querySelector(".madad-widget").lang,
      title: host.shadowRoot.querySelector(".widget-title").textContent,
      volunteers: host.shadowRoot.querySelector('[data-kpi="volunteers"]').dataset.value,
      hours: host.shadowRoot.querySelector('[data-kpi="approvedHours"]').dataset.value,
      months: host.shadowRoot.querySelectorAll("[data-month]").length,
      text: host.shadowRoot.textContent,
      fileInputs: host.shadowRoot.querySelectorAll("input").length,
    }));
    assert.equal(one.dir, "rtl");
    assert.equal(one.lang, "he");
    assert.equal(one.title, catalogs.he["widget.title"]);
    assert.equal(Number(one.volunteers), report.summary.volunteers.value);
    assert.equal(Number(one.hours), report.summary.approvedHours.value);
    assert.equal(one.months, report.monthlyActive.filter((m) => !m.partial).length);
    assert.equal(one.fileInputs, 0, "no file input in the widget: published bundles only");
    assertNoBareKeys(one.text, "he");
    // The chart is drawn (lazy chunk) inside the shadow host.shadowRoot.
    await page.waitForFunction(() => document.getElementById("one").shadowRoot.querySelector('[data-chart="monthlyActive"] svg'), null, { timeout: 20000 });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "widget-host-he.png"), fullPage: true });

    // Several municipalities in one file: the merge adds what adds.
    await eventOf(page, "many", "madad-analysed");
    const many = await inShadow(page, "many", (host) => ({
      rows: [...host.shadowRoot.querySelectorAll("[data-municipality-row]")].map((r) => r.dataset.municipalityRow),
      approved: host.shadowRoot.querySelector('[data-measure="activities/approved"] [data-combined]').dataset.combined,
      text: host.shadowRoot.textContent,
    }));
    assert.deepEqual(many.rows, ["שדרות", "Ar'ara"]);
    assert.equal(Number(many.approved), 2 * report.summary.activities.approved);
    assertNoBareKeys(many.text, "en");

    // Refusals: a forged bundle (hash) and a missing file, translated in the widget's language.
    const forged = await eventOf(page, "forged", "madad-error");
    assert.equal(forged.detail.code, "bundle.hash_mismatch");
    assert.equal(forged.detail.file, "forged.json");
    assert.ok(forged.detail.message.startsWith(catalogs.en["error.bundle.hash_mismatch"].split("{file}")[0]), forged.detail.message);
    const missing = await eventOf(page, "missing", "madad-error");
    assert.equal(missing.detail.code, "widget.fetch");
    assert.equal(missing.detail.params.status, "404");
    assert.ok(missing.detail.message.includes(catalogs.ar["error.widget.fetch"].split("{file}")[0]), missing.detail.message);
    assert.equal(await inShadow(page, "missing", (host) => host.shadowRoot.querySelector("[role=alert]").dataset.errorCode), "widget.fetch");

    // Host CSS does not leak in (hostile `*`, `h2`, `.kpi`, `table` rules) …
    const inside = await inShadow(page, "one", (host) => {
      const cs = (el) => getComputedStyle(el);
      return {
        color: cs(host.shadowRoot.querySelector(".madad-widget")).color,
        font: cs(host.shadowRoot.querySelector(".madad-widget")).fontFamily,
        titleSize: cs(host.shadowRoot.querySelector(".widget-title")).fontSize,
        titleTransform: cs(host.shadowRoot.querySelector(".widget-title")).textTransform,
        titleDecoration: cs(host.shadowRoot.querySelector(".widget-title")).textDecorationLine,
        kpiDisplay: cs(host.shadowRoot.querySelector(".kpi")).display,
        tableDisplay: cs(host.shadowRoot.querySelector("table")).display,
        accent: cs(host.shadowRoot.querySelector(".madad-widget")).getPropertyValue("--accent").trim(),
        spacing: cs(host.shadowRoot.querySelector(".kpi")).letterSpacing,
      };
    });
    assert.notEqual(inside.color, "rgb(255, 0, 0)");
    assert.ok(!/serif$/.test(inside.font) || /sans-serif/.test(inside.font), inside.font);
    assert.notEqual(inside.titleSize, "50px");
    assert.equal(inside.titleTransform, "none");
    assert.notEqual(inside.kpiDisplay, "none");
    assert.notEqual(inside.tableDisplay, "none");
    assert.equal(inside.spacing, "normal");
    // … the public surface does: a custom property and a part.
    assert.equal(inside.accent, "rgb(0, 128, 0)");
    assert.equal(inside.titleDecoration, "underline");
    // The widget's styles do not leak out onto the host's elements with the same class names.
    const outside = await page.evaluate(() => {
      const cs = (id) => getComputedStyle(document.getElementById(id));
      return {
        cardRadius: cs("host-card").borderTopLeftRadius,
        cardPadding: cs("host-card").paddingTop,
        cardBackground: cs("host-card").backgroundColor,
        titleMargin: cs("host-title").marginTop,
        titleSize: cs("host-title").fontSize,
        kpisPadding: cs("host-kpis").paddingInlineStart,
        kpisDisplay: cs("host-kpis").display,
      };
    });
    assert.equal(outside.cardRadius, "0px");
    assert.equal(outside.cardPadding, "0px");
    assert.equal(outside.cardBackground, "rgba(0, 0, 0, 0)");
    assert.equal(outside.titleSize, "50px");
    assert.notEqual(outside.titleMargin, "0px");
    assert.equal(outside.kpisPadding, "40px", "the browser's default list indent");
    assert.equal(outside.kpisDisplay, "block");

    // Attributes re-render in place: language, digits, program, theme.
    await page.evaluate(() => {
      const w = document.getElementById("one");
      w.setAttribute("lang", "ar");
      w.setAttribute("digits", "arab");
    });
    const ar = await inShadow(page, "one", (host) => ({
      dir: host.shadowRoot.querySelector(".madad-widget").dir,
      title: host.shadowRoot.querySelector(".widget-title").textContent,
      number: host.shadowRoot.querySelector('[data-kpi="volunteers"] .kpi-number').textContent,
      text: host.shadowRoot.textContent,
    }));
    assert.equal(ar.dir, "rtl");
    assert.equal(ar.title, catalogs.ar["widget.title"]);
    assert.equal(ar.number, new Intl.NumberFormat("ar-IL-u-nu-arab").format(report.summary.volunteers.value));
    assert.match(ar.number, /^[\u0660-\u0669٬]+$/, "Arabic-Indic digits");
    assertNoBareKeys(ar.text, "ar");
    const background = (id) => inShadow(page, id, (host) => getComputedStyle(host.shadowRoot.querySelector(".madad-widget")).backgroundColor);
    const light = await background("one");
    await page.evaluate(() => {
      const w = document.getElementById("one");
      w.setAttribute("lang", "en");
      w.removeAttribute("digits");
      w.setAttribute("program", "mitchabrim");
      w.setAttribute("theme", "dark");
    });
    const en = await inShadow(page, "one", (host) => ({
      dir: host.shadowRoot.querySelector(".madad-widget").dir,
      title: host.shadowRoot.querySelector(".widget-title").textContent,
      kpis: host.shadowRoot.querySelectorAll(".kpi").length,
      measures: host.shadowRoot.querySelectorAll("[data-measure]").length,
      none: host.shadowRoot.querySelector("[data-no-measures]")?.textContent,
    }));
    assert.equal(en.dir, "ltr");
    assert.equal(en.title, catalogs.en["program.mitchabrim"]);
    assert.equal(en.kpis, 0, "the volunteering KPIs are מה\"ר's, not מתחברים's");
    assert.equal(en.measures, 0, "the demo fixture's bundle carries no loneliness measures");
    assert.equal(en.none, catalogs.en["widget.noMeasures"]);
    assert.notEqual(await background("one"), light, "theme=dark changes the palette");
    await page.evaluate(() => document.getElementById("one").setAttribute("program", "mahar"));
    const mahar = await inShadow(page, "one", (host) => host.shadowRoot.querySelectorAll("[data-measure]").length);
    assert.equal(mahar, sderotJson.measures.filter((m) => !m.id.startsWith("monthlyActive/")).length, "the months are the chart");

    // The `bundles` property: objects verified like a file.
    await page.evaluate((b) => {
      window.madadEvents.length = 0;
      document.getElementById("one").bundles = b;
    }, sderotJson);
    await eventOf(page, "one", "madad-analysed");

    // No egress: same origin only; the bundles and the package's files, all GETs; the core
    // and spreadsheet wasm are never fetched (the widget needs only the statistics module).
    const paths = log.requests.map((r) => {
      const u = new URL(r.url);
      assert.equal(u.origin, new URL(server.url).origin, `cross-origin request ${r.url}`);
      assert.equal(r.method, "GET", r.url);
      return u.pathname;
    });
    const allowed = /^\/(index\.html|host\.(js|css)|events\.js|bundles\/[\w.-]+\.json|madad\/dist\/[\w/.-]+\.js|madad\/wasm\/madad_core\.js|madad\/wasm-stats\/madad_stats(_bg\.wasm|\.js))$/;
    assert.deepEqual(paths.filter((p) => !allowed.test(p)), [], "unexpected requests");
    assert.ok(paths.includes("/madad/wasm-stats/madad_stats_bg.wasm"));
    assert.ok(!paths.some((p) => /madad_core_bg\.wasm|madad_xlsx/.test(p)));
    assert.deepEqual(log.violations, [], "CSP violations");
    assert.deepEqual(log.errors, [], "page errors");
  } finally {
    await context.close();
  }
});

test("widget (classic script, IIFE): Arabic with Arabic-Indic digits, dark theme", async () => {
  const { context, page, log } = await open("iife.html");
  try {
    const analysed = await eventOf(page, "one", "madad-analysed");
    assert.deepEqual(analysed.detail.municipalities, ["שדרות"]);
    const w = await inShadow(page, "one", (host) => ({
      dir: host.shadowRoot.querySelector(".madad-widget").dir,
      number: host.shadowRoot.querySelector('[data-kpi="volunteers"] .kpi-number').textContent,
      value: host.shadowRoot.querySelector('[data-kpi="volunteers"]').dataset.value,
    }));
    assert.equal(w.dir, "rtl");
    await page.screenshot({ path: path.join(SHOTS, "widget-iife-ar-dark.png"), fullPage: true });
    assert.equal(Number(w.value), report.summary.volunteers.value);
    assert.equal(w.number, new Intl.NumberFormat("ar-IL-u-nu-arab").format(report.summary.volunteers.value));
    assert.deepEqual(log.violations, [], "CSP violations");
    assert.deepEqual(log.errors, [], "page errors");
  } finally {
    await context.close();
  }
});

test("widget under a CSP without 'wasm-unsafe-eval': a translated widget.load error, no hang", async () => {
  // The same files, served with the production CSP minus 'wasm-unsafe-eval' (a partner that
  // forgot it): the statistics module cannot compile.
  const csp = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'";
  const strict = createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!file.startsWith(dir)) return res.writeHead(404).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    const type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".wasm") ? "application/wasm" : file.endsWith(".css") ? "text/css" : file.endsWith(".json") ? "application/json" : "text/html";
    res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": csp }).end(body);
  });
  await new Promise((r) => strict.listen(0, "127.0.0.1", r));
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${strict.address().port}/iife.html`);
    const failed = await eventOf(page, "one", "madad-error");
    assert.equal(failed.detail.code, "widget.load");
    assert.ok(failed.detail.message.startsWith(catalogs.ar["error.widget.load"].split("{detail}")[0]), failed.detail.message);
    const events = await page.evaluate(() => window.madadEvents.filter((e) => e.id === "one").map((e) => e.type));
    assert.deepEqual(events, ["madad-error"], "one error, no ready, no analysed");
  } finally {
    await context.close();
    await new Promise((r) => strict.close(r));
  }
});

test("the widget's module stays small, with the chart code in its lazy chunk and no eval", () => {
  const widgetDir = path.join(ROOT, "pkg", "dist", "widget");
  const main = readFileSync(path.join(widgetDir, "madad-widget.js"));
  const gz = gzipSync(main, { level: 9 }).length;
  console.log(`madad-widget.js: ${main.length} B, ${gz} B gzip`);
  assert.ok(gz < 30 * 1024, `madad-widget.js is ${gz} B gzip (guard 30 KB)`);
  assert.ok(!/plot-d6a7b5|frameAnchor/.test(main.toString()), "Plot stays in the lazy chart chunk");
  assert.ok(readFileSync(path.join(widgetDir, "madad-widget.iife.js")).length < 1024, "the classic-script loader is tiny");
  for (const f of readdirSync(widgetDir)) {
    assert.ok(!/\beval\(|new Function\(/.test(readFileSync(path.join(widgetDir, f), "utf8")), `${f}: no eval or new Function (blocked by a strict CSP)`);
  }
  // The widget's own code builds DOM nodes; user labels are always text (Plot's d3 carries an
  // unused `.html()`, so this is checked on the widget module only).
  assert.ok(!/innerHTML\s*=/.test(main.toString()), "madad-widget.js: no innerHTML");
});
