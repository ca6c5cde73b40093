// Smoke test of the module path in Node: the XLSX module reads a workbook into a row stream,
// the core module ingests it and hands the dataset to the statistics module, which analyses it;
// the report must equal the CSV's (reliability case G82). Then the XLS module (madad-xls-wasm)
// reads the XLS fixture, and each module refuses the other's container.
//
//   node crates/madad-xlsx-wasm/tests/node-smoke.mjs <xlsx-module-dir> <core-module-dir> [<stats-module-dir>] [<xls-module-dir>]
//
// where <xlsx-module-dir> holds the wasm-bindgen --target web output of madad-xlsx-wasm
// (madad_xlsx.js), <core-module-dir> the core's (pkg/wasm), <stats-module-dir> the
// statistics module's (default: pkg/wasm-stats next to the core's directory) and
// <xls-module-dir> the XLS module's (default: pkg/wasm-xls next to the core's directory).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

const [xlsxDir, coreDir, statsArg, xlsArg] = process.argv.slice(2);
const statsDir = statsArg ?? join(coreDir, "..", "wasm-stats");
const xlsDir = xlsArg ?? join(coreDir, "..", "wasm-xls");
const xlsx = await import(join(xlsxDir, "madad_xlsx.js"));
const xls = await import(join(xlsDir, "madad_xls.js"));
const core = await import(join(coreDir, "madad_core.js"));
const stats = await import(join(statsDir, "madad_stats.js"));
xlsx.initSync({ module: readFileSync(join(xlsxDir, "madad_xlsx_bg.wasm")) });
xls.initSync({ module: readFileSync(join(xlsDir, "madad_xls_bg.wasm")) });
core.initSync({ module: readFileSync(join(coreDir, "madad_core_bg.wasm")) });
stats.initSync({ module: readFileSync(join(statsDir, "madad_stats_bg.wasm")) });

/** The report of a finished builder, as the package computes it (core → transfer → statistics). */
function analyze(builder, options) {
  const ds = builder.finish();
  const transfer = ds.transfer();
  ds.free();
  return stats.analyze(transfer, options);
}

const root = new URL("../../../", import.meta.url).pathname;
const options = { asOf: "2026-11-22" };

function viaXlsx(name, chunked) {
  const bytes = readFileSync(join(root, "tests/fixtures/xlsx", name));
  const t0 = performance.now();
  let chunks = 0;
  const b = new core.DatasetBuilder(options);
  const pending = [];
  // In chunked mode the sheet name is only known at the end, so chunks wait until beginSheet
  // (a host that chose the sheet with prescanWorkbook can call beginSheet first instead).
  const read = xlsx.readWorkbook(bytes, name, undefined, chunked ? (rows) => { chunks++; pending.push(rows); } : undefined);
  const t1 = performance.now();
  b.beginSheet(name, read.sheet.sheet, { format: read.info.format, bytes: bytes.length, sha256: read.sha256 });
  for (const rows of pending) b.pushRows(rows);
  b.pushRows(read.rows);
  b.endFile();
  if (chunked) assert.ok(chunks >= 1, "chunks delivered");
  const report = analyze(b, { suppressionThreshold: 1 });
  console.log(`${name}${chunked ? ` (${chunks} chunks)` : ""}: read ${read.sheet.rowsEmitted} rows (${read.rows.length} stream bytes) in ${(t1 - t0).toFixed(1)} ms, core ${(performance.now() - t1).toFixed(1)} ms`);
  return report;
}

function viaCsv() {
  const bytes = readFileSync(join(root, "tests/fixtures/demo-small/hours_log.csv"));
  const b = new core.DatasetBuilder(options);
  b.beginFile("hours_log.csv");
  b.push(bytes);
  b.endFile();
  return analyze(b, { suppressionThreshold: 1 });
}

const csv = viaCsv();
for (const [name, chunked] of [["demo-hours.xlsx", false], ["demo-hours-numeric-ids.xlsx", false], ["demo-hours.xlsx", true]]) {
  const r = viaXlsx(name, chunked);
  assert.deepEqual(r.summary, csv.summary);
  assert.deepEqual(r.monthlyActive, csv.monthlyActive);
  const counts = (s) => [s.rowsTotal, s.rowsUsed, s.rowsRejected, s.rowsSkipped];
  assert.deepEqual(counts(r.sources[0]), counts(csv.sources[0]));
}

// Errors cross the boundary as MadadError with a stable code.
const bomb = readFileSync(join(root, "tests/fixtures/xlsx/hours-small.xlsx")).subarray(0, 500);
assert.throws(() => xlsx.readWorkbook(bomb, "cut.xlsx", undefined, undefined), (e) => e.name === "MadadError" && e.code === "xlsx.corrupt" && e.file === "cut.xlsx");

// The XLS module reads the XLS fixture. Expected values from the generator
// (crates/madad-xlsx/tests/make_xls_fixtures.py): rows 1–3, 5–7 used (row 4 empty, passed on
// as a gap), row 6 hidden, A7:C7 merged, a hidden second sheet.
const smallXls = readFileSync(join(root, "tests/fixtures/xlsx/small.xls"));
const read = xls.readWorkbook(smallXls, "small.xls", undefined, undefined);
assert.equal(read.info.format, "xls");
assert.deepEqual(read.info.sheets.map((s) => [s.name, s.visibility]), [["נתונים", "visible"], ["מוסתר", "hidden"]]);
assert.equal(read.sheet.sheet, "נתונים");
assert.deepEqual([read.sheet.firstRow, read.sheet.lastRow, read.sheet.rowsEmitted], [1, 7, 7]);
assert.deepEqual(read.sheet.merged, ["A7:C7"]);
assert.deepEqual(read.sheet.hiddenRows, [6]);
assert.deepEqual(read.sheet.hiddenSheets, ["מוסתר"]);
const b = new core.DatasetBuilder(options);
b.beginSheet("small.xls", read.sheet.sheet, { format: "xls", bytes: smallXls.length, sha256: read.sha256 });
b.pushRows(read.rows);
const ledger = b.endFile();
assert.equal(ledger.rowsTotal, 6, "every record below the header: rows 2–7, the empty row 4 included");
assert.ok(ledger.rowsSkipped >= 1, "the empty row 4 is skipped");
assert.equal(ledger.rowsUsed + ledger.rowsRejected + ledger.rowsSkipped, ledger.rowsTotal);
b.free();
console.log(`small.xls through the XLS module: ${read.sheet.rowsEmitted} rows, ledger ${JSON.stringify([ledger.rowsTotal, ledger.rowsUsed, ledger.rowsRejected, ledger.rowsSkipped])}`);

// Each module refuses the other's container (the package routes by the first bytes).
const xlsxBytes = readFileSync(join(root, "tests/fixtures/xlsx/hours-small.xlsx"));
const unsupported = (format) => (e) => e.name === "MadadError" && e.code === "format.unsupported" && e.params.format === format;
assert.throws(() => xlsx.prescanWorkbook(smallXls, "small.xls", undefined), unsupported("ole"));
assert.throws(() => xls.prescanWorkbook(xlsxBytes, "h.xlsx", undefined), unsupported("zip"));
console.log("2 passed, 0 failed");
