// Browser end-to-end tests of the reports and exports (issue 8 §4; issue 7 §3, §4, §6):
// - the whole workflow: the demo municipality's CSV files and its XLSX registry uploaded through
//   the real file input, analysed, then every export — CSV of a table, XLSX (Arabic), PNG and SVG
//   of a chart, the JSON bundle, and the printable report (print button, then page.pdf) — with
//   every request recorded: after load only same-origin GETs of built assets (the report module
//   is one: fetched when idle once a report is shown, or on the first export), no CSP violation
//   (securitypolicyviolation listener), no page error;
// - the printed report in Hebrew and Arabic as an A4 PDF: several pages, "page / pages" in the
//   margin boxes, the report's known numbers (active volunteers and approved hours of the
//   package's report, formatted with Intl in the report's locale) and the withheld marker;
// - the demo's published report holds no count below K (every count figure of the indicator
//   table is 0, ≥ K or "<K"), and the suppression audit is in the report's methods box with one
//   row per suppression of the report.
// Files are written to tests/out/exports/ to be looked at.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AS_OF } from "../js/helpers.mjs";
import { OUT, SHOTS, assertNoEgress, demoPaths, gotoAndSettle, launch, openContext, packageReport } from "./harness.mjs";

const EXPORTS = path.join(OUT, "exports");
const LOCALE = { he: "he-IL", ar: "ar-IL-u-nu-latn", en: "en-IL" };

let env;
let ref;

before(async () => {
  mkdirSync(EXPORTS, { recursive: true });
  ref = await packageReport(demoPaths(), AS_OF, { sampleData: true });
  env = await launch();
});

after(async () => {
  await env?.close();
});

/** Saves the next download that `action` starts; returns its bytes and suggested name. */
async function download(page, action, name) {
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), action()]);
  const file = path.join(EXPORTS, name ?? dl.suggestedFilename());
  await dl.saveAs(file);
  return { bytes: readFileSync(file), name: dl.suggestedFilename(), file };
}

/** A part of a ZIP (the XLSX) as text, through Debian's unzip. */
function zipPart(file, part) {
  return execFileSync("unzip", ["-p", file, part], { encoding: "utf8" });
}

function pdfText(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

function pdfPages(file) {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? "0");
}

/** Digits only: pdftotext may reorder right-to-left runs, never the digits of one number. */
const digits = (s) => s.replace(/[^\d]/g, "");

async function openReport(page, lang) {
  await page.click("[data-action=open-report]");
  await page.waitForSelector("[data-screen=report]");
  await page.selectOption("#report-view-lang", lang);
  await page.waitForSelector(`[data-report-doc=${lang}] [data-report-figures=ready]`, { timeout: 30000 });
  await page.waitForSelector(`[data-report-doc=${lang}] [data-chart=report-monthly] svg`, { timeout: 30000 });
}

describe("reports and exports", () => {
  test("whole workflow: CSV and XLSX uploaded, every export made, nothing leaves the machine", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
      const files = demoPaths();
      assert.ok(files.some((f) => f.endsWith(".csv")) && files.some((f) => f.endsWith(".xlsx")));
      await page.setInputFiles("input[type=file]", files);
      // First time: the file check comes first; the dashboard is one step away.
      await page.waitForSelector("[data-screen=check]", { timeout: 60000 });
      await page.click("[data-step=dashboard]");
      await page.waitForSelector("[data-screen=dashboard]", { timeout: 60000 });
      await page.waitForSelector("[data-chart=monthlyActive] svg", { timeout: 30000 });
      await page.waitForSelector("figure [data-figure-exports]");

      // CSV of the files table: UTF-8 BOM, CRLF, numbers shown as "6,009" written raw.
      const csv = await download(page, () => page.locator("[data-section=ledger] [data-action=export-csv]").click());
      assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "CSV starts with a BOM");
      const text = csv.bytes.subarray(3).toString("utf8");
      assert.ok(text.includes("\r\n"), "CRLF line ends");
      const log0 = ref.sources.find((s) => s.name === "hours_log.csv");
      const line = text.split("\r\n").find((l) => l.startsWith("hours_log.csv,"));
      assert.ok(line?.endsWith(`,${log0.rowsTotal},${log0.rowsUsed},${log0.rowsRejected},${log0.rowsSkipped}`), `raw counts in ${line}`);

      // SVG and PNG of the monthly chart.
      const fig = page.locator("figure", { has: page.locator("[data-chart=monthlyActive]") });
      const svg = await download(page, () => fig.locator("[data-action=export-svg]").click());
      const svgText = svg.bytes.toString("utf8");
      assert.ok(svgText.startsWith("<?xml") && /<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svgText), "a standalone SVG");
      assert.ok(svg.name.endsWith(".svg"));
      const png = await download(page, () => fig.locator("[data-action=export-png]").click());
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
      const width = png.bytes.readUInt32BE(16);
      const svgWidth = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svgText)?.[1]);
      assert.equal(width, 2 * svgWidth, "the PNG is the SVG at twice its size");

      // XLSX in Arabic (report language ≠ interface language): RTL sheets, Arabic sheet names,
      // the known number, no file name in the metadata.
      await page.selectOption("#report-lang", "ar");
      const xlsx = await download(page, () => page.click("[data-action=export-xlsx]"), "report-ar.xlsx");
      assert.deepEqual([...xlsx.bytes.subarray(0, 2)], [0x50, 0x4b], "a ZIP (XLSX)");
      assert.ok(zipPart(xlsx.file, "xl/workbook.xml").includes('name="ملخص"'));
      assert.ok(zipPart(xlsx.file, "xl/worksheets/sheet1.xml").includes('rightToLeft="1"'));
      assert.ok(zipPart(xlsx.file, "xl/worksheets/sheet1.xml").includes(`<v>${ref.summary.approvedHours.value}</v>`), "approved hours as a number");
      const core = zipPart(xlsx.file, "docProps/core.xml");
      for (const f of files) assert.ok(!core.includes(path.basename(f)), "no file name in the metadata");
      assert.ok(core.includes(`${AS_OF}T00:00:00Z`), "the document date is the report's as-of date");

      // The JSON bundle.
      await page.fill("#bundle-name", "עיריית דוגמה");
      const bundle = await download(page, () => page.click("[data-action=export-bundle]"));
      const b = JSON.parse(bundle.bytes.toString("utf8"));
      assert.equal(b.format, "madad-bundle");
      assert.ok(!bundle.bytes.toString("utf8").includes("hours_log"), "no file name in a bundle");

      // The printable report: the print button calls window.print(); the PDF is A4.
      await openReport(page, "he");
      await page.evaluate(() => {
        window.print = () => {
          document.documentElement.dataset.printed = "1";
        };
      });
      await page.click("[data-action=print]");
      assert.equal(await page.getAttribute("html", "data-printed"), "1", "the print button calls window.print()");
      const pdf = await page.pdf({ format: "A4" });
      writeFileSync(path.join(EXPORTS, "workflow-report-he.pdf"), pdf);
      assert.ok(pdf.subarray(0, 5).toString() === "%PDF-");

      // Exports made on the report screen too: the CSV of its indicator table.
      const indCsv = await download(page, () => page.locator("[data-report-table=indicators] [data-action=export-csv]").click());
      assert.deepEqual([...indCsv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);

      assertNoEgress(env, log, "whole workflow");
      assert.ok(log.requests.some((r) => r.afterLoad && /madad_report_bg[^/]*\.wasm$/.test(r.url)), "the report module was fetched after load (idle prefetch once a report is shown, or the first export)");
      assert.deepEqual(log.violations, [], "no CSP violation");
      assert.deepEqual(log.errors, [], "no page error");
    } finally {
      await context.close();
    }
  });

  for (const lang of ["he", "ar"]) {
    test(`the report printed to an A4 PDF in ${lang}: pages numbered, the known numbers present`, async () => {
      const { context, page, log } = await openContext(env);
      try {
        await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=en`);
        await page.click("[data-action=demo]");
        await page.waitForSelector("[data-screen=dashboard]", { timeout: 60000 });
        await openReport(page, lang);
        const doc = page.locator(`[data-report-doc=${lang}]`);
        assert.equal(await doc.getAttribute("dir"), "rtl");
        assert.equal(await page.getAttribute("html", "lang"), "en", "the interface stays in English");
        await page.screenshot({ path: path.join(SHOTS, `report-${lang}.png`), fullPage: false });
        const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
        const file = path.join(EXPORTS, `report-${lang}.pdf`);
        writeFileSync(file, pdf);
        const pages = pdfPages(file);
        assert.ok(pages >= 3, `${lang}: ${pages} pages`);
        // Issue 7 §4: the PDF's metadata names no user, file or path (only the page title and
        // the browser as creator).
        const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
        assert.match(info, /^Title:\s+Madad$/m, `${lang}: PDF title`);
        assert.doesNotMatch(info, /^Author:/m, `${lang}: no PDF author`);
        for (const s of ref.sources) assert.ok(!info.includes(s.name.replace(/\.[^.]+$/, "")), `${lang}: no file name in the PDF metadata`);
        assert.doesNotMatch(info, /\/(home|root|tmp|work|Users)\//, `${lang}: no path in the PDF metadata`);
        const text = pdfText(file);
        const nf = (x, d = 0) => new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: d }).format(x);
        const volunteers = nf(ref.summary.volunteers.value);
        const hours = nf(ref.summary.approvedHours.value, 2);
        assert.ok(digits(text).includes(digits(hours)), `${lang}: approved hours ${hours} in the PDF`);
        assert.ok(text.includes(volunteers), `${lang}: active volunteers ${volunteers} in the PDF`);
        assert.ok(text.includes(`<${ref.definitions.suppressionThreshold}`) || text.includes(`${ref.definitions.suppressionThreshold}>`), `${lang}: the withheld marker`);
        // Page numbers from the @page margin boxes: "1 / N" … "N / N".
        assert.ok(text.includes(`${pages} / ${pages}`) || text.includes(`${pages} / ${pages}`.split("").reverse().join("")), `${lang}: page numbers "${pages} / ${pages}"`);
        // The hashes of the files are in the methods box. They wrap over lines inside their
        // cell; in layout order the hex runs of one cell follow each other, so joining the
        // long hex runs gives each hash whole.
        const hex = (text.match(/[0-9a-f]{6,}/g) ?? []).join("");
        for (const s of ref.sources) assert.ok(hex.includes(s.sha256), `${lang}: SHA-256 of ${s.name}`);
        assertNoEgress(env, log, `report ${lang}`);
        assert.deepEqual(log.violations, [], "no CSP violation");
        assert.deepEqual(log.errors, [], "no page error");
      } finally {
        await context.close();
      }
    });
  }

  test("the demo's published report: no count below K, the suppression audit in the methods box", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
      await page.click("[data-action=demo]");
      await page.waitForSelector("[data-screen=dashboard]", { timeout: 60000 });
      await openReport(page, "en");
      const k = ref.definitions.suppressionThreshold;
      const rows = await page.$$eval("[data-report-table=indicators] tbody tr", (trs) =>
        trs.map((tr) => ({
          measure: tr.cells[2]?.textContent ?? "",
          value: tr.querySelector("[data-figure-value]")?.getAttribute("data-figure-value") ?? "",
          shown: tr.cells[3]?.textContent ?? "",
        })),
      );
      assert.ok(rows.length > 20, "the indicator table is filled");
      const countFields = new Set(["volunteers", "count", "registered", "new", "retained", "reactivated", "lapsed", "starters", "leavers", "active"]);
      let withheld = 0;
      for (const r of rows) {
        const last = r.measure.split(" › ").pop().trim();
        if (r.value === "suppressed") {
          withheld++;
          assert.equal(r.shown.replace(/[\u2066-\u2069]/g, ""), `<${k}`);
          continue;
        }
        if (!countFields.has(last) || r.value === "") continue;
        const v = Number(r.value);
        assert.ok(v === 0 || v >= k, `${r.measure} = ${v} is a published count below K = ${k}`);
      }
      assert.ok(withheld > 0, "the demo has withheld figures, shown as <K");
      // The KPI numbers of the report equal the package's.
      const kpi = await page.textContent("[data-kpi-value=volunteers]");
      assert.equal(kpi.replace(/[^\d]/g, ""), String(ref.summary.volunteers.value));
      // The suppression audit: one row per suppression, in the report's methods box.
      const audit = await page.$$eval("[data-report-section=methods] .suppression-table tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-cell")));
      assert.equal(audit.length, ref.suppression.length, "every suppression is listed");
      assert.deepEqual(audit, ref.suppression.map((s) => s.cell));
      const files = await page.$$eval("[data-report-section=methods] [data-sha256]", (trs) => trs.map((tr) => tr.getAttribute("data-sha256")));
      assert.deepEqual(files, ref.sources.map((s) => s.sha256), "files with their SHA-256 in the methods box");
      assertNoEgress(env, log, "report audit");
      assert.deepEqual(log.violations, [], "no CSP violation");
      assert.deepEqual(log.errors, [], "no page error");
    } finally {
      await context.close();
    }
  });
});
