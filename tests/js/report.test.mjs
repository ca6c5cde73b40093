// The report exports through the built package (the lazily loaded report module): the XLSX
// workbook of the CLI's report JSON is byte-identical to the native CLI's own
// `madad analyze --xlsx FILE --lang L` (one writer, deterministic: no clock; the report itself
// may differ from the wasm analysis in the last bits of a float); the CSV helper goes through the
// core's CSV writer (BOM, CRLF, formula neutralisation, numbers kept); the figure rows carry the
// report's own numbers and withheld values.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { MadadError, XLSX_MIME, analyzeFiles, exportCsv, exportTemplate, exportXlsx, reportFigures } from "madad";
import { AS_OF, HOURS_LOG, ROOT, hoursLogInput } from "./helpers.mjs";

const report = await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF } });

/**
 * The CLI's report JSON and workbook of the hours log (the release binary when it knows
 * --xlsx, else cargo run).
 */
function cli(lang) {
  const dir = mkdtempSync(path.join(tmpdir(), "madad-xlsx-"));
  const out = path.join(dir, "r.xlsx");
  const json = path.join(dir, "r.json");
  const args = ["analyze", HOURS_LOG, "--as-of", AS_OF, "--xlsx", out, "--lang", lang, "--json", "--out", json];
  const bin = path.join(ROOT, "target", "release-native", "madad");
  const opts = { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] };
  const knows = existsSync(bin) && execFileSync(bin, ["--help"], { encoding: "utf8" }).includes("--xlsx");
  if (knows) execFileSync(bin, args, opts);
  else execFileSync("cargo", ["run", "-q", "-p", "madad-cli", "--", ...args], opts);
  return { report: JSON.parse(readFileSync(json, "utf8")), xlsx: new Uint8Array(readFileSync(out)) };
}

test("the wasm workbook is byte-identical to the CLI's, in Hebrew and English", async () => {
  for (const lang of ["he", "en"]) {
    const c = cli(lang);
    const bytes = await exportXlsx(c.report, { lang });
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a ZIP");
    assert.deepEqual(bytes, c.xlsx, `${lang}: same bytes as the CLI`);
  }
  assert.equal(XLSX_MIME, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
});

test("the data template is the CLI's `madad template` workbook, in he, ar and en; an unknown language is refused", async () => {
  const bin = path.join(ROOT, "target", "release-native", "madad");
  const knows = existsSync(bin) && execFileSync(bin, ["--help"], { encoding: "utf8" }).includes("madad template");
  for (const lang of ["he", "ar", "en"]) {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "madad-template-")), "t.xlsx");
    const args = ["template", "--out", out, "--lang", lang];
    if (knows) execFileSync(bin, args, { cwd: ROOT, stdio: "ignore" });
    else execFileSync("cargo", ["run", "-q", "-p", "madad-cli", "--", ...args], { cwd: ROOT, stdio: "ignore" });
    const bytes = await exportTemplate({ lang });
    assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "a ZIP");
    assert.deepEqual(bytes, new Uint8Array(readFileSync(out)), `${lang}: same bytes as the CLI`);
  }
  assert.deepEqual(await exportTemplate(), await exportTemplate({ lang: "he" }), "Hebrew by default");
  await assert.rejects(exportTemplate({ lang: "fr" }), (e) => e instanceof MadadError && e.code === "options.invalid");
});

test("the same report gives the same workbook; an unknown language is refused", async () => {
  assert.deepEqual(await exportXlsx(report, { lang: "ar" }), await exportXlsx(report, { lang: "ar" }));
  await assert.rejects(exportXlsx(report, { lang: "fr" }), (e) => e instanceof MadadError && e.code === "options.invalid");
});

test("CSV through the core's writer: BOM, CRLF, formulas neutralised, numbers kept", async () => {
  const bytes = await exportCsv([
    ["label", "value"],
    ["=1+1", -0.25],
    ["@SUM(A1)", 1234.5],
    ["a,b", null],
  ]);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(new TextDecoder().decode(bytes.subarray(3)), "label,value\r\n'=1+1,-0.25\r\n'@SUM(A1),1234.5\r\n\"a,b\",\r\n");
});

test("figure rows carry the report's numbers", async () => {
  const rows = await reportFigures(report);
  const v1 = rows.find((r) => r.indicator === "V1" && r.measure === "volunteers");
  assert.ok(v1, "V1 volunteers");
  assert.equal(v1.kind, "count");
  assert.equal(v1.value, report.indicators.volume.volunteers.value);
  for (const r of rows) {
    if (r.suppressed) assert.equal(r.value, null);
    if (r.kind === "share" && r.value !== null && r.lower !== null) assert.ok(r.lower <= r.value && r.value <= r.upper);
  }
});
