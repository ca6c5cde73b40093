// `onDataset` of analyzeFiles (the dashboard's File check, Column mapping and Validation
// screens rest on it): ledgers with sample values (never of an identifier column, never in the
// report), the rejected rows as CSV, the mapping profile of each file; per-file read options.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { MadadError, analyzeFiles } from "madad";
import { AS_OF, DEMO_DIR, ROOT, hoursLogInput, readTruth } from "./helpers.mjs";

const truth = readTruth().hoursLog;
const registry = { name: "volunteers.xlsx", bytes: new Uint8Array(readFileSync(path.join(DEMO_DIR, "volunteers.xlsx"))) };

describe("onDataset", async () => {
  let details = null;
  let calls = 0;
  const report = await analyzeFiles([hoursLogInput(), registry], {
    ingest: { asOf: AS_OF },
    onDataset: (d) => {
      details = d;
      calls += 1;
    },
  });

  test("is called once, with one ledger, CSV and profile per file", () => {
    assert.equal(calls, 1);
    assert.deepEqual(details.ledgers.map((l) => l.name), ["hours_log.csv", "volunteers.xlsx"]);
    assert.equal(details.excludedRows.length, 2);
    assert.equal(details.profiles.length, 2);
  });

  test("the ledgers are the report's sources plus samples, which the report never carries", () => {
    const strip = (l) => ({ ...l, columns: l.columns.map(({ samples: _s, ...c }) => c) });
    assert.deepEqual(details.ledgers.map(strip), report.sources.map(strip));
    assert.ok(report.sources.every((l) => l.columns.every((c) => c.samples === undefined || c.samples.length === 0)), "no sample in the report");
    const hours = details.ledgers[0];
    const id = hours.columns.find((c) => c.field === "volunteerId");
    assert.deepEqual(id.samples ?? [], [], "the volunteer id is never sampled");
    const dept = hours.columns.find((c) => c.field === "department");
    assert.ok(dept.samples.length >= 1 && dept.samples.length <= 3, "up to three department values");
    // The fixture's department column holds Hebrew department names, read from windows-1255.
    assert.ok(dept.samples.every((v) => /[\u0590-\u05FF]/.test(v)), `decoded Hebrew: ${dept.samples.join(", ")}`);
  });

  test("the rejected rows: UTF-8 with BOM, one line per rejected row (truth.json)", () => {
    const csv = details.excludedRows[0];
    assert.ok(csv instanceof Uint8Array);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(csv).split(/\r?\n/).filter((l) => l !== "");
    assert.equal(lines.length - 1, truth.rowsRejected);
    assert.equal(details.excludedRows[1], null, "the registry has no rejected row");
  });

  test("the profiles are the core's, named after each file", () => {
    const [p] = details.profiles;
    assert.equal(p.schema, "madad.mapping-profile");
    assert.equal(p.name, "hours_log.csv");
    assert.equal(p.encoding, "windows-1255");
    for (const c of details.ledgers[0].columns) assert.equal(p.columns[c.renamedFrom ?? c.header], c.field ?? "");
  });
});

describe("per-file read options", () => {
  test("a header row for one file only", async () => {
    const titled = { name: "titled.csv", bytes: new TextEncoder().encode("דוח\n\nמזהה מתנדב,תאריך,שעות\n1,05/03/2024,2\n") };
    const report = await analyzeFiles([titled, hoursLogInput()], {
      ingest: { asOf: AS_OF, files: [{ name: "titled.csv", headerRow: 3 }] },
    });
    assert.equal(report.sources[0].headerRow, 3);
    assert.equal(report.sources[0].rowsUsed, 1);
    assert.equal(report.sources[1].headerRow, 1);
    assert.equal(report.sources[1].rowsUsed, truth.rowsUsed);
  });

  test("a malformed per-file delimiter is refused", async () => {
    await assert.rejects(
      analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF, files: [{ name: "hours_log.csv", delimiter: ";;" }] } }),
      (e) => e instanceof MadadError && e.code === "options.invalid",
    );
  });
});

// The catalogs name every field the mapping screen offers (web/src/flow/mapping.ts ROLE_FIELDS),
// and the core accepts each of them in a column mapping (an unknown field is options.invalid).
test("every field the mapping screen offers is a field the core knows", async () => {
  const src = readFileSync(path.join(ROOT, "web", "src", "flow", "mapping.ts"), "utf8");
  const block = src.slice(src.indexOf("ROLE_FIELDS"), src.indexOf("};", src.indexOf("ROLE_FIELDS")));
  const fields = [...new Set([...block.matchAll(/"([a-zA-Z]+)"/g)].map((m) => m[1]))];
  assert.ok(fields.length > 30, `${fields.length} fields`);
  const en = JSON.parse(readFileSync(path.join(ROOT, "web", "src", "i18n", "en.json"), "utf8"));
  for (const f of fields) {
    assert.ok(`field.${f}` in en, `field.${f} has a label`);
    await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF, mapping: { "not a header": f } } });
  }
  await assert.rejects(
    analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF, mapping: { "not a header": "noSuchField" } } }),
    (e) => e instanceof MadadError && e.code === "options.invalid",
  );
});
