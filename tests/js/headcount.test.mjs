// V8 and the localised definitions through the built `madad` package (wasm in Node), against
// the hand-computed fixture of crates/madad-core/tests/indicators_headcount.rs and the native CLI.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { analyzeFiles } from "madad";
import { ROOT, cliReport } from "./helpers.mjs";

const FILE = path.join(ROOT, "tests", "fixtures", "indicators", "activity-teams.csv");

test("team and anonymous headcounts are reported apart from the volunteers (V8)", async () => {
  const r = await analyzeFiles([{ name: "activity-teams.csv", bytes: new Uint8Array(readFileSync(FILE)) }], {
    ingest: { asOf: "2025-12-31" },
    analysis: { suppressionThreshold: 1 },
  });
  const h = r.indicators.headcount;
  // By hand (see the Rust test): 2025 team entries 2 with 3 + 1 members; anonymous entries 2
  // with 12 + 3 people and 5 + 1.5 hours; headcount 4 + 15.
  const v = (p) => p.value;
  assert.deepEqual(
    [v(h.teamEntries), v(h.teamMembers), v(h.anonymousEntries), v(h.anonymousPeople), v(h.anonymousHours), v(h.headcount)],
    [2, 4, 2, 15, 6.5, 19],
  );
  assert.equal(r.indicators.volume.volunteers.value, 2, "V1 counts only identified volunteers");
  assert.equal(r.indicators.volume.hours.value, 8, "V3 leaves anonymous hours out");
  assert.ok(!r.indicators.missing.some((m) => m.indicator === "V8"));
  assert.deepEqual(h, cliReport(FILE, "2025-12-31", ["--k", "1"]).indicators.headcount, "the same as the native CLI");
});

test("every definition carries caveats and source in he, ar and en", async () => {
  const r = await analyzeFiles([{ name: "activity-teams.csv", bytes: new Uint8Array(readFileSync(FILE)) }], { ingest: { asOf: "2025-12-31" } });
  const ids = r.definitions.indicators.map((d) => d.id);
  for (const id of ["V8", "Q3", "Q4", "V12", "L1", "L5", "L8"]) assert.ok(ids.includes(id), `${id} is defined`);
  for (const d of r.definitions.indicators) {
    for (const part of ["caveats", "source"]) {
      for (const lang of ["he", "ar", "en"]) assert.ok(d[part][lang]?.trim(), `${d.id} ${part}.${lang}`);
    }
    assert.notEqual(d.caveats.he, d.caveats.en, `${d.id}: caveats translated to Hebrew`);
    assert.notEqual(d.caveats.ar, d.caveats.en, `${d.id}: caveats translated to Arabic`);
    assert.match(d.caveats.he, /[\u0590-\u05FF]/, `${d.id}: Hebrew caveats`);
    assert.match(d.caveats.ar, /[\u0600-\u06FF]/, `${d.id}: Arabic caveats`);
  }
});
