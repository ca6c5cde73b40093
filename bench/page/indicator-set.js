// The indicator set of the peer benchmark (docs/benchmarks.md, "The indicator set"), shared by
// the page (Madad's adapter reads it out of its report) and Node (bench/run.mjs compares every
// rep with the reference of bench/tools/indicators.py before its time counts).
//
// Shape (plain JSON; months "YYYY-MM", years "YYYY"):
//   { volunteers,
//     hoursByMonthDept?: { "YYYY-MM\tdomain": hours },   // the peers compute the full grid
//     hoursByMonth?: { month: hours },                   // margins; derived from the grid when
//     hoursByDeptInYear?: { domain: hours },             //   absent (report year only)
//     activeByMonth: { month: volunteers },
//     newByYear: { year: volunteers }, retainedByYear: { year: volunteers },
//     hoursPerVolunteer: { mean, median, p90 } }         // report year only
// A value of null is a cell the library withheld (Madad's small-cell suppression); a field
// that is absent is one the library does not report.

/** Relative tolerance for hours and hours-per-volunteer; counts must be equal. */
export const FLOAT_TOLERANCE = 1e-9;

/** Adds the two margins of the month × domain grid (the domain margin over `reportYear`). */
export function withMargins(set, reportYear) {
  if (!set?.hoursByMonthDept) return set;
  const byMonth = {};
  const byDept = {};
  for (const [key, h] of Object.entries(set.hoursByMonthDept)) {
    const [month, dept] = key.split("\t");
    byMonth[month] = (byMonth[month] ?? 0) + h;
    if (month.startsWith(`${reportYear}-`)) byDept[dept] = (byDept[dept] ?? 0) + h;
  }
  return { hoursByMonth: byMonth, hoursByDeptInYear: byDept, ...set };
}

/**
 * Madad's figures for the set, read from its report (as-of date in the year after the report
 * year, calendar-year periods, the default definitions):
 * volunteers ← summary.volunteers; hoursByMonth ← trends series `approvedHours` (one point per
 * month); hoursByDeptInYear ← indicators.volume.byDepartment[].hours (the reporting period, the
 * last complete calendar year); activeByMonth ← monthlyActive; newByYear / retainedByYear ←
 * indicators.retentionSeries[].new / retained; hoursPerVolunteer ← indicators.volume.meanHours,
 * medianHours, p90Hours. The report has no month × department grid, so only its margins are
 * compared for Madad.
 */
export function fromMadadReport(report) {
  const v = (p) => (p == null ? undefined : p.suppressed ? null : p.value);
  const obj = (pairs) => Object.fromEntries(pairs);
  const vol = report.indicators?.volume;
  const hours = report.trends?.series?.find((s) => s.id === "approvedHours");
  return {
    volunteers: v(report.summary?.volunteers),
    hoursByMonth: hours ? obj(hours.points.map((p) => [p.period.label, p.suppressed ? null : p.value])) : undefined,
    hoursByDeptInYear: vol ? obj(vol.byDepartment.map((d) => [d.label, v(d.hours)])) : undefined,
    activeByMonth: obj((report.monthlyActive ?? []).map((m) => [m.month, v(m.volunteers)])),
    newByYear: obj((report.indicators?.retentionSeries ?? []).map((r) => [r.period, v(r.new)])),
    retainedByYear: obj((report.indicators?.retentionSeries ?? []).map((r) => [r.period, v(r.retained)])),
    hoursPerVolunteer: vol
      ? { mean: v(vol.meanHours), median: v(vol.medianHours), p90: v(vol.p90Hours) }
      : undefined,
    reportPeriod: vol?.period ?? null,
  };
}

function close(a, b) {
  return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(b));
}

/**
 * Compares an adapter's set with the reference. Returns { mismatches: [{ field, got, expected }],
 * compared, withheld, notReported }: counts are compared exactly, hours and hours per volunteer
 * within FLOAT_TOLERANCE (relative); a withheld (null) cell is counted, not compared; a key the
 * adapter reports with a non-zero value that the reference lacks is a mismatch.
 */
export function compareSets(reference, got, reportYear) {
  const ref = withMargins(reference, reportYear);
  const g = withMargins(got ?? {}, reportYear);
  const out = { mismatches: [], compared: 0, withheld: 0, notReported: [] };
  const one = (field, e, x, float) => {
    if (x === undefined) return out.notReported.push(field);
    if (x === null) return out.withheld++;
    out.compared++;
    const ok = typeof x === "number" && (float ? close(x, e) : x === e);
    if (!ok) out.mismatches.push({ field, got: x, expected: e });
  };
  const map = (field, float) => {
    const e = ref[field];
    const x = g[field];
    if (x === undefined) return out.notReported.push(field);
    for (const [k, ev] of Object.entries(e)) one(`${field}[${k}]`, ev, x[k] === undefined ? 0 : x[k], float);
    for (const [k, xv] of Object.entries(x)) {
      if (!(k in e) && xv !== 0 && xv !== null) out.mismatches.push({ field: `${field}[${k}]`, got: xv, expected: undefined });
    }
  };
  one("volunteers", ref.volunteers, g.volunteers, false);
  if (g.hoursByMonthDept !== undefined) map("hoursByMonthDept", true);
  else out.notReported.push("hoursByMonthDept");
  map("hoursByMonth", true);
  map("hoursByDeptInYear", true);
  map("activeByMonth", false);
  map("newByYear", false);
  map("retainedByYear", false);
  for (const k of ["mean", "median", "p90"]) one(`hoursPerVolunteer.${k}`, ref.hoursPerVolunteer[k], g.hoursPerVolunteer?.[k], true);
  // A missing grid is listed once, not per cell: Madad's report has only the margins.
  out.notReported = [...new Set(out.notReported)];
  return out;
}
