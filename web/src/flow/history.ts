// "Changes since last time" for the monthly repeat (ecosystem notes §6.3): the dashboard's KPI
// values are compared with the last dashboard shown for the same kind of files in this browser.
// Only published aggregates are kept (a withheld value is not stored at all), with the as-of
// date; never a row, a name or a file name. The demo municipality is never recorded.
import type { FileLedger, Report } from "madad";
import type { KpiId } from "../dashboard.js";
import { h } from "../dom.js";
import { formatDate, formatSigned, isolate } from "../format.js";
import { t } from "../i18n.js";

const STORE = "madad.history";
/** At most this many kinds of file sets are remembered (the oldest is forgotten first). */
const MAX_SETS = 20;

/** The KPI values of one dashboard; a withheld value is absent. */
export type KpiValues = Partial<Record<KpiId, number>>;

/** One dashboard's published KPI values and its as-of date. */
export interface Snapshot {
  asOf: string | null;
  values: KpiValues;
}

interface Entry {
  current: Snapshot;
  previous: Snapshot | null;
  /** Order of last use, for forgetting the oldest set. */
  used: number;
}

/** KPI values with the fraction digits the cards show (so equality is what the user sees). */
const KPI_FIELDS: [KpiId, (s: Report["summary"]) => { value: number | null; suppressed: boolean }, number][] = [
  ["volunteers", (s) => s.volunteers, 0],
  ["approvedHours", (s) => s.approvedHours, 2],
  ["meanHours", (s) => s.meanHoursPerVolunteer, 1],
  ["medianHours", (s) => s.medianHoursPerVolunteer, 1],
];

/**
 * What identifies "the same files as last month": each file's role and the fields its columns
 * were mapped to, sorted; file names and dates in them do not matter.
 */
export function filesKey(ledgers: FileLedger[]): string {
  return ledgers
    .map((l) => {
      const fields = l.columns.flatMap((c) => (c.field === null ? [] : [c.field])).sort();
      return `${l.role}:${fields.join(",")}`;
    })
    .sort()
    .join("|");
}

/** The published KPI values of `report`. */
export function snapshotOf(report: Report): Snapshot {
  const values: KpiValues = {};
  for (const [id, pick, digits] of KPI_FIELDS) {
    const p = pick(report.summary);
    if (!p.suppressed && p.value !== null) values[id] = round(p.value, digits);
  }
  return { asOf: report.asOf, values };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function same(a: Snapshot, b: Snapshot): boolean {
  return a.asOf === b.asOf && JSON.stringify(a.values) === JSON.stringify(b.values);
}

function load(): Record<string, Entry> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORE) ?? "{}");
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

/**
 * Records `snap` as the latest dashboard of the file set `key` and returns the dashboard to
 * compare it with: the one before it, or `null` the first time. Showing the same dashboard
 * again (same as-of date and values) keeps the earlier comparison.
 */
export function remember(key: string, snap: Snapshot): Snapshot | null {
  const all = load();
  const entry = all[key];
  const used = Math.max(0, ...Object.values(all).map((e) => e.used ?? 0)) + 1;
  let previous: Snapshot | null;
  if (entry === undefined) previous = null;
  else if (same(entry.current, snap)) previous = entry.previous;
  else previous = entry.current;
  all[key] = { current: snap, previous, used };
  const keys = Object.keys(all).sort((a, b) => (all[b]?.used ?? 0) - (all[a]?.used ?? 0));
  for (const k of keys.slice(MAX_SETS)) delete all[k];
  try {
    localStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    // Storage full or disabled (private mode): the comparison is simply not kept.
  }
  return previous;
}

/**
 * Adds "since the last report" lines to the KPI cards in `root` (`[data-kpi]`), comparing
 * `now` with `before`. A value withheld in either report gets no line.
 */
export function showChanges(root: HTMLElement, now: Snapshot, before: Snapshot): void {
  for (const [id, , digits] of KPI_FIELDS) {
    const card = root.querySelector<HTMLElement>(`[data-kpi="${id}"]`);
    const a = before.values[id];
    const b = now.values[id];
    if (card === null || a === undefined || b === undefined) continue;
    const delta = round(b - a, digits);
    const when = formatDate(before.asOf);
    const trend = delta > 0 ? "up" : delta < 0 ? "down" : "same";
    card.append(
      h(
        "p",
        { class: `kpi-change kpi-change-${trend}`, "data-kpi-change": String(delta) },
        h("span", { "aria-hidden": "true" }, trend === "up" ? "▲ " : trend === "down" ? "▼ " : "= "),
        delta === 0 ? t("kpi.change.same", { date: when }) : t("kpi.change", { delta: isolate(formatSigned(delta, digits)), date: when }),
      ),
    );
  }
}
