// Workbooks read by the package's browser entry on a plain page (tests/e2e/workbook-host/, the
// package's built files copied next to it, served with the production CSP): an XLSX is read by
// the XLSX/ODS module and never fetches the XLS module; an XLS is read by the XLS module, loaded
// only then; both give the same report as the package in Node for the same file.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { analyzeFiles } from "madad";
import { startServer } from "../../scripts/serve.mjs";
import { AS_OF, ROOT } from "../js/helpers.mjs";

const XLSX_DIR = path.join(ROOT, "tests", "fixtures", "xlsx");
const OPTIONS = { ingest: { asOf: AS_OF } };

let dir;
let server;
let browser;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "madad-workbooks-"));
  cpSync(path.join(ROOT, "tests", "e2e", "workbook-host"), dir, { recursive: true });
  for (const sub of ["dist", "wasm", "wasm-stats", "wasm-xlsx", "wasm-xls"]) {
    cpSync(path.join(ROOT, "pkg", sub), path.join(dir, "madad", sub), { recursive: true });
  }
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

/** Reads `name` from the fixtures with the package in the page; returns the report's essentials. */
function readInPage(page, name) {
  const bytes = [...readFileSync(path.join(XLSX_DIR, name))];
  return page.evaluate(
    async ([n, b, options]) => {
      const file = new File([new Uint8Array(b)], n);
      const sheets = await window.madad.listSheets([file]);
      const r = await window.madad.analyzeFiles([file], options);
      return { sheets, sources: r.sources, summary: r.summary };
    },
    [name, bytes, OPTIONS],
  );
}

/** The same essentials from the package in Node (the reference). */
async function readInNode(name) {
  const r = await analyzeFiles([{ name, bytes: new Uint8Array(readFileSync(path.join(XLSX_DIR, name))) }], OPTIONS);
  return { sources: r.sources, summary: r.summary };
}

const wasmPaths = (log) => log.requests.map((u) => new URL(u).pathname).filter((p) => p.endsWith(".wasm"));

test("an XLSX never fetches the XLS module; an XLS fetches it then; both match the package in Node", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const log = { requests: [], violations: [], errors: [] };
  context.on("request", (r) => log.requests.push(r.url()));
  await context.exposeFunction("__cspViolation", (v) => log.violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => log.errors.push(e.message));
    await page.goto(`${server.url}index.html`);
    await page.waitForSelector("html[data-ready=true]");
    assert.deepEqual(wasmPaths(log), [], "no module is fetched before a file is read");

    const xlsx = await readInPage(page, "demo-hours.xlsx");
    assert.equal(xlsx.sources[0].format, "xlsx");
    assert.deepEqual(xlsx, { sheets: xlsx.sheets, ...(await readInNode("demo-hours.xlsx")) }, "the XLSX report equals Node's");
    const afterXlsx = wasmPaths(log);
    assert.ok(afterXlsx.includes("/madad/wasm-xlsx/madad_xlsx_bg.wasm"), `the XLSX module was fetched: ${afterXlsx}`);
    assert.ok(!afterXlsx.some((p) => /madad_xls_bg/.test(p)), `reading an XLSX did not fetch the XLS module: ${afterXlsx}`);

    const xls = await readInPage(page, "small.xls");
    assert.equal(xls.sources[0].format, "xls");
    assert.deepEqual(
      xls.sheets[0].sheets.map((s) => [s.name, s.visibility, s.isDefault]),
      [
        ["נתונים", "visible", true],
        ["מוסתר", "hidden", false],
      ],
      "the sheets written by crates/madad-xlsx/tests/make_xls_fixtures.py",
    );
    assert.deepEqual(xls, { sheets: xls.sheets, ...(await readInNode("small.xls")) }, "the XLS report equals Node's");
    const afterXls = wasmPaths(log);
    assert.ok(afterXls.includes("/madad/wasm-xls/madad_xls_bg.wasm"), `the XLS module was fetched for the .xls: ${afterXls}`);
    assert.equal(afterXls.filter((p) => /madad_xlsx_bg/.test(p)).length, 1, "the XLSX module was fetched once");

    for (const u of log.requests) assert.equal(new URL(u).origin, new URL(server.url).origin, `cross-origin request ${u}`);
    assert.deepEqual(log.violations, [], "CSP violations");
    assert.deepEqual(log.errors, [], "page errors");
  } finally {
    await context.close();
  }
});
