// A trap in a spreadsheet reader (a calamine panic on a corrupt XLS is `unreachable`) must be
// "file rejected": MadadError `xlsx.crashed` naming the file, the open file aborted in the core,
// and every later use of that (now unusable) instance refused the same way, while the other
// reader (XLSX/ODS after an XLS trap) keeps working. The trap is simulated by a loader whose
// module traps; this file runs in its own process (node --test), so the poisoned reader does
// not affect the other tests.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { init } from "madad";
import { AS_OF, ROOT, hoursLogInput } from "./helpers.mjs";

const dist = (f) => new URL(`file://${path.join(ROOT, "pkg", "dist", f)}`).href;
const { runAnalysis } = await import(dist("engine.js"));
const { MadadError } = await import(dist("errors.js"));

const xlsx = await import(new URL(`file://${path.join(ROOT, "pkg", "wasm-xlsx", "madad_xlsx.js")}`).href);
xlsx.initSync({ module: readFileSync(path.join(ROOT, "pkg", "wasm-xlsx", "madad_xlsx_bg.wasm")) });
const xls = await import(new URL(`file://${path.join(ROOT, "pkg", "wasm-xls", "madad_xls.js")}`).href);
xls.initSync({ module: readFileSync(path.join(ROOT, "pkg", "wasm-xls", "madad_xls_bg.wasm")) });
/** The package's routing: XLS (OLE2) files to the XLS module, XLSX/ODS (ZIP) to the XLSX one. */
const healthy = async (kind) => (kind === "ole" ? xls : xlsx);
const stats = await import(new URL(`file://${path.join(ROOT, "pkg", "wasm-stats", "madad_stats.js")}`).href);
stats.initSync({ module: readFileSync(path.join(ROOT, "pkg", "wasm-stats", "madad_stats_bg.wasm")) });
const loadStats = async () => stats;
const workbook = { name: "broken.xls", bytes: new Uint8Array(readFileSync(path.join(ROOT, "tests", "fixtures", "xlsx", "small.xls"))) };

test("an error thrown by the host's row callback is not mistaken for a trap", async () => {
  await init();
  const controller = new AbortController();
  const reason = new Error("stop");
  const options = {
    ingest: { asOf: AS_OF },
    signal: controller.signal,
    onProgress: (p) => {
      if (p.rows > 0) controller.abort(reason);
    },
  };
  const big = { name: "demo-hours.xlsx", bytes: new Uint8Array(readFileSync(path.join(ROOT, "tests", "fixtures", "xlsx", "demo-hours.xlsx"))) };
  await assert.rejects(runAnalysis([big], options, healthy, loadStats), (e) => e === reason);
});

test("a trap while reading a sheet is xlsx.crashed naming the file, and the reader stays refused", async () => {
  await init();
  let loads = 0;
  const trapping = async (kind) => {
    loads++;
    assert.equal(kind, "ole", "the XLS file is routed to the XLS reader");
    return {
      prescanWorkbook: xls.prescanWorkbook,
      readWorkbook: (bytes, file, options, onRows) => {
        onRows?.(new Uint8Array(0));
        throw new WebAssembly.RuntimeError("unreachable");
      },
    };
  };
  const options = { ingest: { asOf: AS_OF } };
  await assert.rejects(runAnalysis([hoursLogInput(), workbook], options, trapping, loadStats), (e) => {
    assert.ok(e instanceof MadadError, `a MadadError (${e})`);
    assert.equal(e.code, "xlsx.crashed");
    assert.equal(e.file, "broken.xls");
    assert.match(e.params.detail, /RuntimeError: unreachable/);
    return true;
  });
  // The instance that trapped is never called again, even through a healthy loader.
  await assert.rejects(runAnalysis([workbook], options, healthy, loadStats), (e) => e.code === "xlsx.crashed" && e.file === "broken.xls");
  // The XLSX/ODS reader is another instance: XLSX files are still read.
  const fine = { name: "demo-hours.xlsx", bytes: new Uint8Array(readFileSync(path.join(ROOT, "tests", "fixtures", "xlsx", "demo-hours.xlsx"))) };
  assert.equal((await runAnalysis([fine], options, healthy, loadStats)).sources[0].format, "xlsx");
  // CSV files are unaffected.
  const report = await runAnalysis([hoursLogInput()], options, trapping, loadStats);
  assert.equal(report.sources[0].format, "csv");
  assert.equal(loads, 1, "the loader is only asked for workbooks");
});
