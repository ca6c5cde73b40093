// Workbooks through the built `madad` package in Node: the spreadsheet readers (pkg/wasm-xlsx
// for XLSX/ODS, pkg/wasm-xls for legacy XLS) are loaded only when a workbook that needs one is
// met, their rows flow into the core, and the report equals the CSV's for the same data; sheet
// listing and choice, header row, corrupt files, a CSV alone never loading a reader and an
// XLSX never loading the XLS one.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { MadadError, analyzeFiles, isWorkbook, listSheets } from "madad";
import { AS_OF, ROOT, hoursLogInput } from "./helpers.mjs";

const XLSX_DIR = path.join(ROOT, "tests", "fixtures", "xlsx");
const fixture = (name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(XLSX_DIR, name))) });
const analyze = (files, extra = {}) => analyzeFiles(files, { ingest: { asOf: AS_OF }, ...extra });

/** Fields of a source that depend on the container, not on the data. */
const CONTAINER_FIELDS = ["name", "sha256", "bytes", "format", "sheet", "encoding", "encodingEvidence", "delimiter", "physicalLines", "dateOrder", "bom", "workbook"];

/** A report without what differs between the CSV and the workbook of the same rows. */
function comparable(report) {
  return {
    ...report,
    sources: report.sources.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !CONTAINER_FIELDS.includes(k)))),
    diagnostics: report.diagnostics.map((d) => [d.code, d.row]),
  };
}

describe("a workbook gives the CSV's report", async () => {
  const csv = await analyze([hoursLogInput()]);

  for (const name of ["demo-hours.xlsx", "demo-hours-numeric-ids.xlsx"]) {
    test(`${name} deep-equals hours_log.csv except the container fields`, async () => {
      const input = fixture(name);
      const report = await analyze([input]);
      assert.deepEqual(report.summary, csv.summary, "summary");
      assert.deepEqual(report.monthlyActive, csv.monthlyActive, "monthlyActive");
      const counts = (s) => [s.rowsTotal, s.rowsUsed, s.rowsRejected, s.rowsSkipped];
      assert.deepEqual(counts(report.sources[0]), counts(csv.sources[0]), "ledger counts");
      assert.deepEqual(comparable(report).diagnostics, comparable(csv).diagnostics, "diagnostics [code, row]");
      assert.deepEqual(comparable(report), comparable(csv), "the whole report, container fields aside");

      const s = report.sources[0];
      assert.equal(s.name, name);
      assert.equal(s.format, "xlsx");
      assert.equal(s.sheet, "יומן שעות");
      assert.equal(s.bytes, input.bytes.byteLength);
      assert.equal(s.sha256, createHash("sha256").update(input.bytes).digest("hex"), "the ledger's SHA-256 is the workbook's");
      assert.equal(s.encoding, null);
      assert.equal(s.delimiter, null);
      for (const d of report.diagnostics) assert.equal(d.file, name, "diagnostics name the workbook");
    });
  }

  test("a File (Blob) input works like bytes, and progress is reported while rows flow", async () => {
    const { name, bytes } = fixture("demo-hours.xlsx");
    const progress = [];
    const report = await analyze([new File([bytes], name)], { onProgress: (p) => progress.push(p) });
    assert.deepEqual(report.summary, csv.summary);
    assert.ok(progress.length >= 3, `start, row chunks and end (${progress.length} events)`);
    assert.ok(progress.some((p) => p.rows > 0 && p.bytes < p.totalBytes), "progress during the read");
    assert.equal(progress.at(-1).bytes, bytes.byteLength);
    assert.equal(progress.at(-1).rows, report.sources[0].rowsTotal);
  });

  test("a CSV and a workbook together: two ledgers, ids unified across them", async () => {
    const report = await analyze([hoursLogInput(), fixture("demo-hours.xlsx")], { ingest: { asOf: AS_OF, keepDuplicates: true } });
    assert.deepEqual(
      report.sources.map((s) => [s.name, s.format]),
      [
        ["hours_log.csv", "csv"],
        ["demo-hours.xlsx", "xlsx"],
      ],
    );
    assert.equal(report.summary.volunteers.value, csv.summary.volunteers.value, "the same people in both files are counted once");
  });

  test("ingest.headerRow is honoured for sheets as for CSV", async () => {
    for (const headerRow of [1, 3]) {
      const fromCsv = await analyze([hoursLogInput()], { ingest: { asOf: AS_OF, headerRow } }).catch((e) => e.code);
      const fromXlsx = await analyze([fixture("demo-hours.xlsx")], { ingest: { asOf: AS_OF, headerRow } }).catch((e) => e.code);
      const view = (r) => (typeof r === "string" ? r : comparable(r));
      assert.deepEqual(view(fromXlsx), view(fromCsv), `headerRow ${headerRow}`);
    }
  });
});

describe("sheets", () => {
  test("listSheets: names, visibility, data, default; CSV files are left out", async () => {
    const got = await listSheets([fixture("demo-hours.xlsx"), hoursLogInput(), fixture("small.xls")]);
    assert.deepEqual(got, [
      {
        file: "demo-hours.xlsx",
        format: "xlsx",
        sheets: [{ name: "יומן שעות", visibility: "visible", kind: "worksheet", hasData: true, isDefault: true }],
      },
      {
        file: "small.xls",
        format: "xls",
        sheets: [
          { name: "נתונים", visibility: "visible", kind: "worksheet", hasData: true, isDefault: true },
          { name: "מוסתר", visibility: "hidden", kind: "worksheet", hasData: true, isDefault: false },
        ],
      },
    ]);
    assert.deepEqual(await listSheets([hoursLogInput()]), []);
  });

  test("options.sheets chooses the sheet per file name; an unknown sheet is refused", async () => {
    const dflt = await analyze([fixture("small.xls")]);
    assert.equal(dflt.sources[0].sheet, "נתונים");
    assert.equal(dflt.sources[0].format, "xls");
    const explicit = await analyze([fixture("small.xls")], { sheets: { "small.xls": "נתונים" } });
    assert.deepEqual(explicit, dflt);
    // The hidden sheet holds no hours log: reading it is the schema error naming the file.
    await assert.rejects(analyze([fixture("small.xls")], { sheets: { "small.xls": "מוסתר" } }), (e) => {
      assert.ok(e instanceof MadadError);
      assert.equal(e.code, "schema.missing_columns");
      assert.equal(e.file, "small.xls");
      return true;
    });
    await assert.rejects(analyze([fixture("small.xls")], { sheets: { "small.xls": "nope" } }), (e) => {
      assert.ok(e instanceof MadadError);
      assert.equal(e.code, "xlsx.sheet_not_found");
      assert.equal(e.file, "small.xls");
      assert.equal(e.params.sheet, "nope");
      return true;
    });
    await assert.rejects(analyze([fixture("small.xls")], { sheets: ["x"] }), (e) => e instanceof MadadError && e.code === "options.invalid");
  });

  test("isWorkbook sniffs the bytes, not the name", async () => {
    assert.equal(await isWorkbook(fixture("demo-hours.xlsx")), true);
    assert.equal(await isWorkbook({ ...fixture("small.xls"), name: "renamed.csv" }), true);
    assert.equal(await isWorkbook({ ...hoursLogInput(), name: "renamed.xlsx" }), false);
    assert.equal(await isWorkbook({ name: "tiny", bytes: new Uint8Array([0x50, 0x4b]) }), false);
  });
});

describe("damaged workbooks", () => {
  const cut = () => ({ name: "cut.xlsx", bytes: fixture("demo-hours.xlsx").bytes.slice(0, 5000) });

  test("a truncated workbook is MadadError xlsx.corrupt naming the file", async () => {
    await assert.rejects(analyze([hoursLogInput(), cut()]), (e) => {
      assert.ok(e instanceof MadadError, `a MadadError (${e})`);
      assert.equal(e.code, "xlsx.corrupt");
      assert.equal(e.file, "cut.xlsx");
      return true;
    });
    await assert.rejects(listSheets([cut()]), (e) => e instanceof MadadError && e.code === "xlsx.corrupt" && e.file === "cut.xlsx");
  });

  test("the reader still works after a refused workbook", async () => {
    await assert.rejects(analyze([cut()]));
    const report = await analyze([fixture("hours-small.xlsx")]);
    assert.equal(report.sources[0].format, "xlsx");
  });
});

describe("lazy loading", () => {
  /** Runs `code` in a fresh Node with a resolve hook that records every madad_xlsx / madad_xls import. */
  function run(code) {
    const hook = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { if (s.includes("madad_xlsx")) console.log("XLSX-LOADED " + s); if (s.includes("madad_xls.")) console.log("XLS-LOADED " + s); return next(s, c); }',
    )}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hook)});`)}`;
    return execFileSync(process.execPath, ["--import", register, "--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
  }
  const prelude = `import { readFileSync } from "node:fs"; import { analyzeFiles, listSheets } from "madad";`;

  test("a CSV alone never loads the spreadsheet reader", () => {
    const out = run(
      `${prelude}
       const r = await analyzeFiles([{ name: "h.csv", bytes: readFileSync("tests/fixtures/demo-small/hours_log.csv") }], { ingest: { asOf: "${AS_OF}" } });
       console.log("sheets", JSON.stringify(await listSheets([{ name: "h.csv", bytes: readFileSync("tests/fixtures/demo-small/hours_log.csv") }])));
       console.log("volunteers", r.summary.volunteers.value);`,
    );
    assert.match(out, /volunteers \d+/);
    assert.match(out, /sheets \[\]/);
    assert.doesNotMatch(out, /XLSX-LOADED|XLS-LOADED/, out);
  });

  test("an XLSX loads the XLSX/ODS reader only (the hook does see the import)", () => {
    const out = run(
      `${prelude}
       const r = await analyzeFiles([{ name: "h.xlsx", bytes: readFileSync("tests/fixtures/xlsx/hours-small.xlsx") }], { ingest: { asOf: "${AS_OF}" } });
       console.log("format", r.sources[0].format);`,
    );
    assert.match(out, /XLSX-LOADED/);
    assert.doesNotMatch(out, /XLS-LOADED/, "the XLS reader is not loaded for an XLSX");
    assert.match(out, /format xlsx/);
  });

  test("an XLS loads the XLS reader only, also when named .xlsx (the bytes decide)", () => {
    const out = run(
      `${prelude}
       const bytes = readFileSync("tests/fixtures/xlsx/small.xls");
       console.log("sheets", JSON.stringify((await listSheets([{ name: "s.xlsx", bytes }]))[0].sheets.map((s) => s.name)));
       const r = await analyzeFiles([{ name: "s.xlsx", bytes }], { ingest: { asOf: "${AS_OF}" } });
       console.log("format", r.sources[0].format, "rows", r.sources[0].rowsTotal);`,
    );
    assert.match(out, /XLS-LOADED [^\n]*wasm-xls\/madad_xls\.js/);
    assert.doesNotMatch(out, /XLSX-LOADED/, "the XLSX reader is not loaded for an XLS");
    assert.match(out, /format xls rows \d+/);
    assert.match(out, /sheets \["נתונים"/);
  });
});
