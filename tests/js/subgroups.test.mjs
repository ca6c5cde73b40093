// Loneliness subgroups by municipality and living alone (issue 6 §7) through the npm package:
// the same figures as scipy `ttest_1samp` and statsmodels `multipletests`
// (tests/fixtures/stats/loneliness-section/generate_subgroups.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { analyzeFiles } from "madad";
import { ROOT, assertNearlyEqual } from "./helpers.mjs";

const DIR = path.join(ROOT, "tests/fixtures/stats/loneliness-section");

test("subgroups by municipality and living alone match scipy / statsmodels", async () => {
  const ref = JSON.parse(readFileSync(path.join(DIR, "subgroups_reference.json"), "utf8"));
  const v = (k) => ref[k].value;
  const report = await analyzeFiles([{ name: "subgroups.csv", bytes: new Uint8Array(readFileSync(path.join(DIR, "subgroups.csv"))) }], {
    ingest: { asOf: "2025-12-31", roles: { "subgroups.csv": "survey" } },
    analysis: { suppressionThreshold: 2, loneliness: { subgroups: ["municipality", "livingAlone"] } },
  });
  const sub = report.loneliness.subgroups;
  assert.equal(sub.family, v("family"));
  assert.deepEqual(
    sub.rows.map((r) => `${r.dimension}/${r.level}`).sort(),
    Object.keys(ref).filter((k) => k.endsWith("/n")).map((k) => k.slice(0, -2)).sort(),
  );
  for (const r of sub.rows) {
    const key = `${r.dimension}/${r.level}`;
    assert.equal(r.n.value, v(`${key}/n`), key);
    assertNearlyEqual(r.change.value.estimate, v(`${key}/mean`), 1e-12, `${key} mean`);
    assertNearlyEqual(r.change.value.p, v(`${key}/p`), 1e-9, `${key} p`);
    assertNearlyEqual(r.pHolm.value, v(`${key}/holm`), 1e-9, `${key} Holm`);
    assertNearlyEqual(r.pBh.value, v(`${key}/bh`), 1e-9, `${key} BH`);
  }
});
