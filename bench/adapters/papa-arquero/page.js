// A JavaScript stack a dashboard builder would reach for: Papa Parse reads the File's text
// (header row, dynamicTyping, as its documentation shows), Arquero gets the rows (aq.from) and
// computes the indicators with its verbs. Everything runs on the page's main thread, as
// perf-anchors measured it (Papa's worker mode was slower there).
import Papa from "papaparse";
import * as aq from "arquero";

const { op } = aq;

export async function run(file, { reportYear }) {
  const firstChunkAt = performance.now();
  const text = await file.text();
  const parsed = Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`papaparse: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const t = aq
    .from(parsed.data)
    .filter((d) => d.hours != null)
    .derive({ month: (d) => op.substring(d.date, 0, 7), y: (d) => op.parse_int(op.substring(d.date, 0, 4)) });

  const vols = t.rollup({ n: op.distinct("volunteer_id") }).get("n", 0);
  const grid = t.groupby("month", "domain").rollup({ h: op.sum("hours") }).objects();
  const fresh = t.groupby("volunteer_id").rollup({ y: op.min("y") }).groupby("y").count().objects();
  const vy = t.select("volunteer_id", "y").dedupe();
  const kept = vy
    // [left keys, right keys]: a flat two-name array would mean left "volunteer_id" = right "y".
    .semijoin(vy.derive({ y: (d) => d.y + 1 }), [["volunteer_id", "y"], ["volunteer_id", "y"]])
    .groupby("y")
    .count()
    .objects();
  const hpv = t
    .params({ year: Number(reportYear) })
    .filter((d, $) => d.y === $.year)
    .groupby("volunteer_id")
    .rollup({ s: op.sum("hours") })
    .rollup({ mean: op.mean("s"), median: op.median("s"), p90: op.quantile("s", 0.9) })
    .object(0);
  const active = t.groupby("month").rollup({ n: op.distinct("volunteer_id") }).objects();
  return {
    firstChunkAt,
    indicators: {
      volunteers: vols,
      hoursByMonthDept: Object.fromEntries(grid.map((r) => [`${r.month}\t${r.domain}`, r.h])),
      activeByMonth: Object.fromEntries(active.map((r) => [r.month, r.n])),
      newByYear: Object.fromEntries(fresh.map((r) => [String(r.y), r.count])),
      retainedByYear: Object.fromEntries(kept.map((r) => [String(r.y), r.count])),
      hoursPerVolunteer: { mean: hpv.mean, median: hpv.median, p90: hpv.p90 },
    },
  };
}
