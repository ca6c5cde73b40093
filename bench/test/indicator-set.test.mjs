// The benchmark's correctness gate: the reference indicator set (bench/tools/indicators.py) on a
// hand-checked file, and the comparison every rep goes through (bench/page/indicator-set.js).
// Run: node --test bench/test/
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { compareSets, fromMadadReport, withMargins } from "../page/indicator-set.js";

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Bench layout: quoted organisations (comma, doubled quote), one empty hours cell (volunteer 3
// in 2024, so 3 is new in 2025), two years.
const TINY = `volunteer_id,date,hours,domain,organization,neighborhood
1,2024-01-05,2,רווחה,"מרכז קהילתי, שכונה ג'",הדר
1,2024-01-20,1.5,חינוך,"עמותת ""יד ביד""",הדר
2,2024-02-01,3,רווחה,org,נווה
3,2024-02-11,,רווחה,org,נווה
1,2025-03-01,4,רווחה,org,הדר
2,2025-03-02,0.25,נוער,org,נווה
3,2025-04-09,6,נוער,org,נווה
4,2025-12-31,1,חינוך,org,נווה
`;

function reference() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "madad-bench-"));
  const file = path.join(dir, "hours.csv");
  writeFileSync(file, TINY);
  return JSON.parse(execFileSync("python3", [path.join(BENCH, "tools", "indicators.py"), file, "2025"], { encoding: "utf8" }));
}

test("the reference reproduces the hand-counted set", () => {
  const r = reference();
  assert.equal(r.rows, 8);
  assert.equal(r.countedRows, 7);
  assert.equal(r.volunteers, 4);
  assert.deepEqual(r.hoursByMonthDept, {
    "2024-01\tחינוך": 1.5,
    "2024-01\tרווחה": 2,
    "2024-02\tרווחה": 3,
    "2025-03\tנוער": 0.25,
    "2025-03\tרווחה": 4,
    "2025-04\tנוער": 6,
    "2025-12\tחינוך": 1,
  });
  assert.deepEqual(r.activeByMonth, { "2024-01": 1, "2024-02": 1, "2025-03": 2, "2025-04": 1, "2025-12": 1 });
  assert.deepEqual(r.newByYear, { 2024: 2, 2025: 2 });
  assert.deepEqual(r.retainedByYear, { 2024: 0, 2025: 2 });
  // 2025 totals per volunteer: 4, 0.25, 6, 1. Mean 11.25 / 4. Median and P90 (type 7) from
  // python3 -c "import statistics; d=[4,0.25,6,1]; print(statistics.median(d),
  //   statistics.quantiles(d, n=10, method='inclusive')[8])"  →  2.5 5.4
  assert.equal(r.hoursPerVolunteer.n, 4);
  assert.equal(r.hoursPerVolunteer.mean, 2.8125);
  assert.equal(r.hoursPerVolunteer.median, 2.5);
  assert.ok(Math.abs(r.hoursPerVolunteer.p90 - 5.4) < 1e-12);
});

test("margins of the grid: per month, and per domain over the report year only", () => {
  const m = withMargins(reference(), 2025);
  assert.deepEqual(m.hoursByMonth, { "2024-01": 3.5, "2024-02": 3, "2025-03": 4.25, "2025-04": 6, "2025-12": 1 });
  assert.deepEqual(m.hoursByDeptInYear, { רווחה: 4, נוער: 6.25, חינוך: 1 });
});

test("the comparison accepts an equal set and float noise, and catches every kind of error", () => {
  const ref = reference();
  const same = compareSets(ref, structuredClone(ref), 2025);
  assert.deepEqual(same.mismatches, []);
  assert.equal(same.compared, 1 + 7 + 5 + 3 + 5 + 2 + 2 + 3);
  assert.deepEqual(same.notReported, []);

  const noisy = structuredClone(ref);
  noisy.hoursPerVolunteer.mean *= 1 + 1e-12;
  assert.deepEqual(compareSets(ref, noisy, 2025).mismatches, []);

  const cases = [
    (s) => (s.hoursPerVolunteer.mean *= 1 + 1e-6),
    (s) => (s.volunteers += 1),
    (s) => (s.activeByMonth["2025-03"] = 3),
    (s) => (s.retainedByYear["2025"] = 1),
    (s) => delete s.newByYear["2024"], // a missing year counts as 0
    (s) => (s.hoursByMonthDept["2023-12\tרווחה"] = 1), // an extra non-zero cell
    (s) => (s.hoursByMonthDept["2024-01\tרווחה"] = 2.5),
    (s) => (s.volunteers = "4"), // not a number
  ];
  for (const change of cases) {
    const bad = structuredClone(ref);
    change(bad);
    assert.ok(compareSets(ref, bad, 2025).mismatches.length > 0, change.toString());
  }

  const withheld = structuredClone(ref);
  withheld.activeByMonth["2025-03"] = null;
  const w = compareSets(ref, withheld, 2025);
  assert.deepEqual(w.mismatches, []);
  assert.equal(w.withheld, 1);
});

test("Madad's report maps onto the set; a set without the grid is compared on its margins", () => {
  const ref = reference();
  const pub = (value) => ({ value, suppressed: false });
  const report = {
    summary: { volunteers: pub(4) },
    monthlyActive: Object.entries(ref.activeByMonth).map(([month, n]) => ({ month, volunteers: pub(n) })),
    indicators: {
      volume: {
        period: "2025",
        byDepartment: [
          { label: "רווחה", hours: pub(4) },
          { label: "נוער", hours: pub(6.25) },
          { label: "חינוך", hours: pub(1) },
        ],
        meanHours: pub(2.8125),
        medianHours: pub(2.5),
        p90Hours: pub(5.4),
      },
      retentionSeries: [
        { period: "2024", new: pub(2), retained: pub(0) },
        { period: "2025", new: pub(2), retained: pub(2) },
        { period: "2026", new: pub(0), retained: pub(0) },
      ],
    },
    trends: {
      series: [
        {
          id: "approvedHours",
          points: [
            ["2024-01", 3.5],
            ["2024-02", 3],
            ["2025-03", 4.25],
            ["2025-04", 6],
            ["2025-12", 1],
          ].map(([label, value]) => ({ period: { label }, value, suppressed: false })),
        },
      ],
    },
  };
  const got = fromMadadReport(report);
  const c = compareSets(ref, got, 2025);
  assert.deepEqual(c.mismatches, []);
  assert.deepEqual(c.notReported, ["hoursByMonthDept"]);
  assert.equal(c.compared, 1 + 5 + 3 + 5 + 2 + 2 + 3);

  report.indicators.volume.byDepartment[1].hours = pub(6);
  assert.equal(compareSets(ref, fromMadadReport(report), 2025).mismatches.length, 1);
  report.summary.volunteers = { value: null, suppressed: true };
  assert.equal(compareSets(ref, fromMadadReport(report), 2025).withheld, 1);
});
