// The indicators on the dashboard, grouped by the program goals of מה"ר and מתחברים
// (`report.sections`). Each indicator is a card: its figures (value, Wilson 95% CI, small-n
// badge, change on the previous period with its CI), the CBS benchmark where the report has a
// comparable local figure, sub-totals (labelled "not additive" where they are not), and the
// definition (name, formula, caveats, source, in the active language) in a native disclosure
// (<details>). L1–L8 read the loneliness section (`report.loneliness`), V8 the team and
// anonymous headcounts, which are never added to the volunteers of V1.
import type { Report } from "madad";
import { h } from "./dom.js";
import { formatDate, formatNumber, formatPoints, formatShare, isolate } from "./format.js";
import { has, lang, t, tNodes } from "./i18n.js";

type Obj = Record<string, unknown>;
type Unit = "count" | "hours" | "share" | "number" | "fte" | "days" | "ratio" | "money" | "pvalue" | "points";

interface Pub {
  value: number | null;
  suppressed: boolean;
}
interface Interval {
  lower: number;
  upper: number;
  level: number;
}
interface Prop {
  value: Pub;
  ci: Interval | null;
  smallN: boolean;
  numerator: Pub;
  denominator: Pub;
}
interface Change {
  difference: number;
  ci: Interval;
  significant: boolean;
}
interface Definition {
  id: string;
  name: Record<string, string>;
  formula: string;
  caveats: Record<string, string>;
  source: Record<string, string>;
}
interface BenchmarkRow {
  id: string;
  indicator: string;
  group: string;
  low: number;
  high: number;
  year: number;
  definition: string;
  source: string;
  local: number | null;
}
interface Section {
  id: string;
  program: string;
  name: Record<string, string>;
  indicators: string[];
}

/** One figure of an indicator card: where it is in `report.indicators`, its label and unit. */
interface FigSpec {
  at: string;
  label: string;
  unit: Unit;
  /** Values for the label's placeholders (a scale, a wave, an output type). */
  params?: Record<string, string>;
  /** A published count whose value below `minN` shows the small-n badge. */
  nAt?: string;
  /** A boolean that shows the reliability warning (α below 0.7). */
  warnAt?: string;
  change?: string;
  /** Sub-totals: a list path, the field of each row, and whether they add up to the total. */
  sub?: { at: string; field: string; label: string; additive: boolean; rowLabel?: string }[];
}

const last = "@period"; // the retention-series entry of the reporting period
const SPEC: Record<string, FigSpec[]> = {
  V1: [
    {
      at: "volume.volunteers",
      label: "volunteers",
      unit: "count",
      sub: [
        { at: "volume.byDepartment", field: "volunteers", label: "byDepartment", additive: false },
        { at: "volume.byRole", field: "volunteers", label: "byRole", additive: false },
        { at: "volume.byOrganisation", field: "volunteers", label: "byOrganisation", additive: false },
      ],
    },
  ],
  V2: [{ at: "diversity.volunteerRate", label: "volunteerRate", unit: "share", change: "diversity.volunteerRateChange" }],
  V3: [
    { at: "volume.hours", label: "hours", unit: "hours", sub: [{ at: "volume.byDepartment", field: "hours", label: "byDepartment", additive: true }] },
    { at: "volume.trainingHours", label: "trainingHours", unit: "hours" },
  ],
  V4: [
    { at: "volume.meanHours", label: "meanHours", unit: "hours" },
    { at: "volume.medianHours", label: "medianHours", unit: "hours" },
    { at: "volume.p90Hours", label: "p90Hours", unit: "hours" },
  ],
  V5: [
    { at: "intensity.oneTime", label: "oneTime", unit: "share" },
    { at: "intensity.irregular", label: "irregular", unit: "share" },
    { at: "intensity.upTo9Hours", label: "upTo9Hours", unit: "share" },
    { at: "intensity.tenPlusHours", label: "tenPlusHours", unit: "share" },
  ],
  V6: [{ at: "intensity.regular", label: "regular", unit: "share" }],
  V7: [
    { at: "volume.sessions", label: "sessions", unit: "count" },
    { at: "volume.meanSessionHours", label: "meanSessionHours", unit: "hours" },
  ],
  V8: [
    { at: "headcount.headcount", label: "headcount", unit: "count" },
    { at: "headcount.teamMembers", label: "teamMembers", unit: "count" },
    { at: "headcount.teamEntries", label: "teamEntries", unit: "count" },
    { at: "headcount.anonymousPeople", label: "anonymousPeople", unit: "count" },
    { at: "headcount.anonymousEntries", label: "anonymousEntries", unit: "count" },
    { at: "headcount.anonymousHours", label: "anonymousHours", unit: "hours" },
  ],
  V9: [{ at: "volume.fte", label: "fte", unit: "fte" }],
  V10: [{ at: "volume.economicValue", label: "economicValue", unit: "money" }],
  V11: [{ at: "volume.rovi", label: "rovi", unit: "ratio" }],
  V13: [
    { at: "operations.slotFill", label: "slotFill", unit: "share" },
    { at: "operations.hoursCoverage", label: "hoursCoverage", unit: "share" },
  ],
  R1: [{ at: "active.active", label: "active", unit: "count" }],
  R2: [{ at: "active.engagement", label: "engagement", unit: "share" }],
  R3: [
    { at: `${last}.retention`, label: "retention", unit: "share", change: `${last}.retentionChange` },
    { at: `${last}.churn`, label: "churn", unit: "share" },
    { at: "seniors.retention", label: "seniorRetention", unit: "share" },
  ],
  R4: [
    { at: `${last}.new`, label: "new", unit: "count" },
    { at: `${last}.retained`, label: "retained", unit: "count" },
    { at: `${last}.reactivated`, label: "reactivated", unit: "count" },
    { at: `${last}.lapsed`, label: "lapsed", unit: "count" },
  ],
  R7: [{ at: "commitmentRetention", label: "commitmentRetention", unit: "share" }],
  R8: [
    { at: `${last}.starters`, label: "starters", unit: "count" },
    { at: `${last}.leavers`, label: "leavers", unit: "count" },
    { at: `${last}.netChange`, label: "netChange", unit: "count" },
  ],
  R9: [
    { at: "operations.attendance", label: "attendance", unit: "share" },
    { at: "operations.noShow", label: "noShow", unit: "share" },
  ],
  R10: [
    { at: "funnel.registered", label: "registered", unit: "count" },
    { at: "funnel.approved", label: "approved", unit: "share" },
    { at: "funnel.firstSession", label: "firstSession", unit: "share" },
    { at: "funnel.secondSession", label: "secondSession", unit: "share" },
    { at: "funnel.stillActive", label: "stillActive", unit: "share" },
    { at: "funnel.medianDaysToFirstSession", label: "medianDaysToFirstSession", unit: "days" },
  ],
  D3: [{ at: "seniors.rate", label: "seniorRate", unit: "share" }],
  D4: [
    { at: "diversity.distinctRoles", label: "distinctRoles", unit: "number" },
    { at: "diversity.distinctDepartments", label: "distinctDepartments", unit: "number" },
  ],
  Q1: [{ at: "experience.satisfaction.share", label: "satisfaction", unit: "share" }],
  Q5: [
    { at: "experience.intent.share", label: "intent", unit: "share" },
    { at: "experience.recommend.share", label: "recommend", unit: "share" },
  ],
  L5: [
    { at: "lon.change.pairs", label: "pairs", unit: "count", nAt: "lon.change.pairs" },
    { at: "lon.change.meanBefore", label: "meanBefore", unit: "number" },
    { at: "lon.change.meanAfter", label: "meanAfter", unit: "number" },
    { at: "lon.change.t", label: "meanChange", unit: "number", nAt: "lon.change.pairs" },
    { at: "lon.change.dZ", label: "dZ", unit: "number", nAt: "lon.change.pairs" },
  ],
  L6: [{ at: "lon.comparison.dPpc2", label: "dPpc2", unit: "number" }],
  L7: [
    { at: "lon.change.lonely.before", label: "lonelyBefore", unit: "share", nAt: "lon.change.lonely.pairs" },
    { at: "lon.change.lonely.after", label: "lonelyAfter", unit: "share", nAt: "lon.change.lonely.pairs" },
    { at: "lon.change.lonely.difference", label: "lonelyDifference", unit: "points" },
    { at: "lon.change.lonely.mcnemarExactP", label: "mcnemarP", unit: "pvalue" },
  ],
  L8: [
    { at: "lon.dose.people", label: "dosePeople", unit: "count", nAt: "lon.dose.people" },
    { at: "lon.dose.twoOrMore", label: "twoOrMore", unit: "share", nAt: "lon.dose.people" },
  ],
  L9: [
    { at: "seniors.volunteers", label: "seniorVolunteers", unit: "count" },
    { at: "seniors.meaningfulRoles", label: "meaningfulRoles", unit: "share" },
    {
      at: "seniors.reserveCoverage",
      label: "reserveCoverage",
      unit: "share",
      sub: [{ at: "seniors.reserveUnits", field: "activeSeniors", label: "reserveUnits", additive: false, rowLabel: "department" }],
    },
  ],
};

/** Per-category tables of the diversity dimensions (D1 share, D2 representation, D3 rate). */
const DIMENSION_FIELD: Record<string, "share" | "representation" | "rate" | "blau"> = {
  D1: "share",
  D2: "representation",
  D3: "rate",
  D4: "blau",
};

const obj = (v: unknown): Obj | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const isPub = (v: unknown): v is Pub => {
  const o = obj(v);
  return o !== null && "suppressed" in o && "value" in o && !("numerator" in o);
};
const isProp = (v: unknown): v is Prop => {
  const o = obj(v);
  return o !== null && "numerator" in o && "denominator" in o && isPub(o.value);
};
const pubValue = (p: Pub): number | null => (p.suppressed || p.value === null || p.value === undefined ? null : p.value);

function periodEntry(ind: Obj): Obj | null {
  const series = Array.isArray(ind.retentionSeries) ? (ind.retentionSeries as Obj[]) : [];
  const period = obj(ind.volume)?.period;
  return series.find((e) => e.period === period) ?? series[series.length - 1] ?? null;
}

/** The loneliness section of the report being drawn (paths starting `lon.`). */
let lonRoot: Obj | null = null;

function resolve(ind: Obj, path: string): unknown {
  const parts = path.split(".");
  let cur: unknown = parts[0] === last ? periodEntry(ind) : parts[0] === "lon" ? lonRoot : ind[parts[0] ?? ""];
  for (const p of parts.slice(1)) cur = Array.isArray(cur) ? (cur as unknown[])[Number(p)] : obj(cur)?.[p];
  return cur;
}

/** Figures generated from the report's lists: Q2 items, Q3/Q4 scales, V12 output types, and
 * L1–L3 waves of the instrument the loneliness section scored. */
function listSpecs(id: string, ind: Obj): FigSpec[] {
  const list = (path: string): Obj[] => {
    const v = resolve(ind, path);
    return Array.isArray(v) ? (v as Obj[]) : [];
  };
  const scales = (path: string): FigSpec[] =>
    list(path).flatMap((sc, i) => {
      const scale = has(`scale.${String(sc.scale)}`) ? t(`scale.${String(sc.scale)}`) : String(sc.scale);
      return [
        { at: `${path}.${i}.mean`, label: "scaleMean", unit: "number" as Unit, params: { scale }, nAt: `${path}.${i}.respondents` },
        { at: `${path}.${i}.alpha`, label: "scaleAlpha", unit: "number" as Unit, params: { scale }, warnAt: `${path}.${i}.alphaWarning` },
      ];
    });
  const instrument: Record<string, string[]> = { L1: ["ucla3"], L2: ["directCbs4", "directOns3"], L3: ["djg6"] };
  switch (id) {
    case "Q2":
      return list("experience.burden").map((b, i) => ({ at: `experience.burden.${i}.share`, label: "burdenItem", unit: "share", params: { item: has(`item.${String(b.item)}`) ? t(`item.${String(b.item)}`) : String(b.item) } }));
    case "Q3":
      return scales("experience.vsi");
    case "Q4":
      return scales("experience.vfi");
    case "V12":
      return list("operations.outputsPerHour").map((o, i) => ({
        at: `operations.outputsPerHour.${i}.perHour`,
        label: "outputsPerHour",
        unit: "ratio",
        params: { type: String(o.outputType) },
      }));
    case "L1":
    case "L2":
    case "L3": {
      const all = list("lon.instruments");
      const k = all.findIndex((x) => (instrument[id] ?? []).includes(String(x.instrument)));
      if (k < 0) return [];
      return list(`lon.instruments.${k}.waves`).flatMap((w, i) => {
        const at = `lon.instruments.${k}.waves.${i}`;
        const wave = has(`lon.wave.${String(w.wave)}`) ? t(`lon.wave.${String(w.wave)}`) : String(w.wave);
        return [
          { at: `${at}.mean`, label: "waveMean", unit: "number" as Unit, params: { wave }, nAt: `${at}.n` },
          { at: `${at}.lonely`, label: "waveLonely", unit: "share" as Unit, params: { wave }, nAt: `${at}.n` },
        ];
      });
    }
    default:
      return [];
  }
}

function formatUnit(v: number, unit: Unit): string {
  switch (unit) {
    case "share":
      return isolate(formatShare(v));
    case "hours":
      return t("value.hours", { n: isolate(formatNumber(v, 1)) });
    case "days":
      return t("value.days", { n: isolate(formatNumber(v, 0)) });
    case "fte":
    case "ratio":
      return isolate(formatNumber(v, 2));
    case "money":
      return t("value.money", { n: isolate(formatNumber(v, 0)) });
    case "points":
      return t("value.points", { n: isolate(formatPoints(v)) });
    case "pvalue":
      return v < 0.001 ? isolate(`< ${formatNumber(0.001, 3)}`) : isolate(formatNumber(v, 3));
    default:
      return isolate(formatNumber(v, unit === "number" ? 2 : 0));
  }
}

function suppressedText(k: number): string {
  return t("suppressed.value", { k: formatNumber(k) });
}

function ciText(ci: Interval, unit: Unit): string {
  return t("ind.ci", { level: isolate(formatShare(ci.level, 0)), lower: formatUnit(ci.lower, unit), upper: formatUnit(ci.upper, unit) });
}

/** One figure: its number, CI, small-n badge and change; `null` when the report has none. */
function figure(spec: FigSpec, raw: unknown, changeRaw: unknown, ind: Obj, k: number, minN: number): HTMLElement | null {
  let value: number | null = null;
  let suppressed = false;
  let ci: Interval | null = null;
  let smallN = false;
  let text: string;
  let range: { low: number; high: number } | null = null;
  const share = obj(raw);
  if (isProp(raw)) {
    value = pubValue(raw.value);
    suppressed = raw.value.suppressed;
    ci = raw.ci;
    smallN = raw.smallN;
  } else if (share && isPub(share.share)) {
    // A loneliness share estimate: { share, ci }.
    value = pubValue(share.share);
    suppressed = share.share.suppressed;
    ci = (share.ci as Interval | null) ?? null;
  } else if (isPub(raw)) {
    const o = obj(raw.value);
    if (o && typeof o.low === "number" && typeof o.high === "number") range = { low: o.low, high: o.high };
    else if (o && typeof o.estimate === "number") {
      // An effect or a test with its estimate and interval.
      value = o.estimate;
      ci = (o.ci as Interval | null) ?? null;
    } else value = pubValue(raw);
    suppressed = raw.suppressed;
  } else if (typeof raw === "number") {
    value = raw;
  } else {
    return null;
  }
  if (suppressed) text = suppressedText(k);
  else if (range) text = t("ind.range", { low: formatUnit(range.low, spec.unit), high: formatUnit(range.high, spec.unit) });
  else if (value !== null) text = formatUnit(value, spec.unit);
  else return null;
  if (spec.nAt) {
    const n = resolve(ind, spec.nAt);
    const nv = isPub(n) ? pubValue(n) : null;
    if (nv !== null && nv < minN) smallN = true;
  }
  const warn = spec.warnAt ? resolve(ind, spec.warnAt) === true : false;
  const change = obj(changeRaw) as Change | null;
  const subs = (spec.sub ?? []).map((s) => subtotalTable(s, ind, k, spec.unit === "hours" ? "hours" : "count")).filter((x) => x !== null);
  return h(
    "div",
    {
      class: "fig",
      "data-figure": spec.label,
      "data-value": value === null ? "" : String(value),
      "data-suppressed": suppressed ? "true" : null,
      "data-small-n": smallN ? "true" : null,
    },
    h("dt", null, spec.params ? tNodes(`fig.${spec.label}`, Object.fromEntries(Object.entries(spec.params).map(([key, v]) => [key, h("bdi", null, v)]))) : t(`fig.${spec.label}`)),
    h(
      "dd",
      null,
      h("span", { class: "fig-value" }, text),
      ci && !suppressed ? h("span", { class: "fig-ci", "data-ci": "" }, ciText(ci, spec.unit)) : null,
      smallN ? h("span", { class: "badge small-n", title: t("ind.smallN.title") }, t("ind.smallN")) : null,
      warn ? h("span", { class: "badge alpha-warning", "data-alpha-warning": "" }, t("ind.alphaWarning")) : null,
      change && typeof change.difference === "number"
        ? h(
            "span",
            { class: "fig-change", "data-change": String(change.difference) },
            t("ind.change", {
              diff: isolate(formatPoints(change.difference)),
              lower: isolate(formatPoints(change.ci.lower)),
              upper: isolate(formatPoints(change.ci.upper)),
            }),
            " ",
            h("span", { class: change.significant ? "badge sig" : "badge" }, t(change.significant ? "ind.change.sig" : "ind.change.notSig")),
          )
        : null,
      subs,
    ),
  );
}

function subtotalTable(
  s: NonNullable<FigSpec["sub"]>[number],
  ind: Obj,
  k: number,
  unit: Unit,
): HTMLElement | null {
  const rows = resolve(ind, s.at);
  if (!Array.isArray(rows) || rows.length === 0) return null;
  return h(
    "details",
    { class: "subtotals", "data-subtotals": s.label, "data-additive": String(s.additive) },
    h(
      "summary",
      null,
      t(`sub.${s.label}`),
      " ",
      s.additive ? null : h("span", { class: "badge not-additive", "data-not-additive": "" }, t("ind.notAdditive")),
    ),
    s.additive ? null : h("p", { class: "hint" }, t("ind.notAdditive.note")),
    h(
      "table",
      { class: "data-table" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t(`sub.${s.label}.col`)), h("th", { scope: "col" }, t(`fig.${s.field === "hours" ? "hours" : "volunteers"}`)))),
      h(
        "tbody",
        null,
        (rows as Obj[]).map((r) => {
          const label = r[s.rowLabel ?? "label"];
          const p = r[s.field];
          const v = isPub(p) ? pubValue(p) : null;
          return h(
            "tr",
            { "data-value": v === null ? "" : String(v) },
            h("th", { scope: "row" }, typeof label === "string" && label !== "" ? h("bdi", null, label) : t("ind.unlabelled")),
            h("td", { class: "num" }, isPub(p) && p.suppressed ? suppressedText(k) : v === null ? "–" : formatUnit(v, unit)),
          );
        }),
      ),
    ),
  );
}

/** D1–D4: a table per diversity dimension. */
function dimensionTables(id: string, ind: Obj, k: number): HTMLElement[] {
  const field = DIMENSION_FIELD[id];
  const dims = obj(ind.diversity)?.dimensions;
  if (!field || !Array.isArray(dims)) return [];
  const out: HTMLElement[] = [];
  for (const d of dims as Obj[]) {
    const name = String(d.dimension);
    const dimLabel = has(`dim.${name}`) ? t(`dim.${name}`) : name;
    if (field === "blau") {
      const p = d.blau;
      if (!isPub(p) || (pubValue(p) === null && !p.suppressed)) continue;
      out.push(
        h(
          "div",
          { class: "fig", "data-figure": `blau.${name}`, "data-value": pubValue(p) === null ? "" : String(pubValue(p)) },
          h("dt", null, t("fig.blau", { dimension: dimLabel })),
          h("dd", null, h("span", { class: "fig-value" }, p.suppressed ? suppressedText(k) : isolate(formatNumber(pubValue(p) as number, 2)))),
        ),
      );
      continue;
    }
    const cats = Array.isArray(d.categories) ? (d.categories as Obj[]) : [];
    const rows = cats
      .map((c) => {
        const raw = field === "representation" ? obj(c.representation) : c[field];
        if (raw === null || raw === undefined) return null;
        let p: Pub | null = null;
        let ci: Interval | null = null;
        let smallN = false;
        if (isProp(raw)) {
          p = raw.value;
          ci = raw.ci;
          smallN = raw.smallN;
        } else if (obj(raw) && isPub(obj(raw)?.ratio)) {
          p = obj(raw)?.ratio as Pub;
          ci = (obj(raw)?.ci as Interval | null) ?? null;
        }
        if (!p) return null;
        const unit: Unit = field === "representation" ? "ratio" : "share";
        const v = pubValue(p);
        const label = c.kind === "value" ? (typeof c.label === "string" ? c.label : "") : t(`cat.${String(c.kind)}`);
        return h(
          "tr",
          { "data-value": v === null ? "" : String(v) },
          h("th", { scope: "row" }, h("bdi", null, label)),
          h(
            "td",
            { class: "num" },
            p.suppressed ? suppressedText(k) : v === null ? "–" : formatUnit(v, unit),
            smallN ? h("span", { class: "badge small-n" }, t("ind.smallN")) : null,
          ),
          h("td", { class: "num" }, ci && !p.suppressed ? ciText(ci, unit) : "–"),
        );
      })
      .filter((r) => r !== null);
    if (rows.length === 0) continue;
    out.push(
      h(
        "details",
        { class: "subtotals", "data-dimension": name, "data-additive": String(d.additive === true) },
        h(
          "summary",
          null,
          dimLabel,
          " ",
          d.additive === true ? null : h("span", { class: "badge not-additive", "data-not-additive": "" }, t("ind.notAdditive")),
        ),
        h(
          "table",
          { class: "data-table" },
          h(
            "thead",
            null,
            h("tr", null, h("th", { scope: "col" }, dimLabel), h("th", { scope: "col" }, t(`fig.dim.${field}`)), h("th", { scope: "col" }, t("ind.ciCol"))),
          ),
          h("tbody", null, rows),
        ),
      ),
    );
  }
  return out;
}

function benchmarkLines(id: string, benchmarks: BenchmarkRow[]): HTMLElement | null {
  const rows = benchmarks.filter((b) => b.indicator === id && b.local !== null && b.local !== undefined);
  if (rows.length === 0) return null;
  return h(
    "div",
    { class: "benchmarks" },
    h("p", { class: "benchmarks-title" }, t("bench.title")),
    h(
      "ul",
      null,
      rows.map((b) =>
        h(
          "li",
          { "data-benchmark": b.id, "data-local": String(b.local), "data-low": String(b.low) },
          tNodes("bench.line", {
            group: has(`bench.group.${b.group}`) ? t(`bench.group.${b.group}`) : b.group,
            local: isolate(formatShare(b.local as number)),
            national: b.low === b.high ? isolate(formatShare(b.low)) : t("ind.range", { low: isolate(formatShare(b.low)), high: isolate(formatShare(b.high)) }),
            year: String(b.year),
          }),
        ),
      ),
    ),
    h(
      "details",
      { class: "bench-about" },
      h("summary", null, t("bench.about")),
      [...new Set(rows.map((b) => `${b.definition} (${b.source})`))].map((text) => h("p", { class: "bench-def", lang: "en", dir: "ltr" }, text)),
    ),
  );
}

function definitionDisclosure(def: Definition | undefined): HTMLElement | null {
  if (!def) return null;
  return h(
    "details",
    { class: "definition", "data-definition": def.id },
    h("summary", null, t("ind.definition")),
    h(
      "dl",
      null,
      h("dt", null, t("ind.def.name")),
      h("dd", null, def.name[lang()] ?? def.name.en ?? def.id),
      h("dt", null, t("ind.def.formula")),
      h("dd", null, h("code", { dir: "ltr", class: "formula" }, def.formula)),
      h("dt", null, t("ind.def.caveats")),
      h("dd", null, localText(def.caveats)),
      h("dt", null, t("ind.def.source")),
      h("dd", null, localText(def.source)),
    ),
  );
}

/** A registry text in the active language (English when a language is missing). */
export function localText(text: Record<string, string> | string): string {
  return typeof text === "string" ? text : (text[lang()] ?? text.en ?? "");
}

function card(id: string, report: Report, defs: Map<string, Definition>): HTMLElement | null {
  const ind = report.indicators as unknown as Obj;
  const k = report.definitions.suppressionThreshold;
  const minN = Number((report.definitions.registry as unknown as Obj).minN ?? 30);
  const def = defs.get(id);
  const specs = [...(SPEC[id] ?? []), ...listSpecs(id, ind)];
  const figs = specs.map((s) => figure(s, resolve(ind, s.at), s.change ? resolve(ind, s.change) : null, ind, k, minN)).filter((f) => f !== null);
  const dims = dimensionTables(id, ind, k);
  if (figs.length === 0 && dims.length === 0) return null;
  const name = def ? (def.name[lang()] ?? def.name.en ?? id) : id;
  return h(
    "article",
    { class: "ind-card", "data-indicator": id },
    h("h5", { class: "ind-title" }, h("span", { class: "ind-id", dir: "ltr" }, id), " ", name),
    id === "V8" && figs.length > 0 ? h("p", { class: "hint", "data-v8-note": "" }, t("ind.v8.note")) : null,
    figs.length > 0 ? h("dl", { class: "figs" }, figs) : null,
    dims.length > 0 ? h("dl", { class: "figs" }, dims.filter((d) => d.tagName === "DIV")) : null,
    dims.filter((d) => d.tagName !== "DIV"),
    benchmarkLines(id, report.benchmarks.rows as unknown as BenchmarkRow[]),
    definitionDisclosure(def),
  );
}

/** The goal sections, each with its indicator cards and a line for those without a value. */
export function indicatorSections(report: Report, only: string | null = null): HTMLElement {
  const defs = new Map((report.definitions.indicators as unknown as Definition[]).map((d) => [d.id, d]));
  const missing = new Map<string, string>();
  for (const m of report.indicators.missing as unknown as { indicator: string; code: string }[]) {
    if (!missing.has(m.indicator)) missing.set(m.indicator, m.code);
  }
  lonRoot = obj((report as unknown as Obj).loneliness);
  for (const id of ["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"]) {
    if (!missing.has(id)) missing.set(id, lonRoot ? "not_computed" : "no_loneliness");
  }
  const sections = report.sections as unknown as Section[];
  // The filter bar's program is a view of the panels: only that program's goals.
  const programs = [...new Set(sections.map((s) => s.program))].filter((p) => only === null || p === only);
  const period = obj((report.indicators as unknown as Obj).volume);
  return h(
    "section",
    { class: "indicators", "aria-labelledby": "ind-title", "data-section": "indicators" },
    h("h2", { id: "ind-title" }, t("ind.title")),
    h(
      "p",
      { class: "hint" },
      period ? t("ind.period", { period: isolate(String(period.period)), from: formatDate(String(period.from)), to: formatDate(String(period.to)) }) : t("ind.noPeriod"),
      " ",
      t("ind.intro"),
    ),
    programs.map((program) =>
      h(
        "div",
        { class: "program", "data-program": program },
        h("h3", { class: "program-title" }, has(`program.${program}`) ? t(`program.${program}`) : program),
        sections
          .filter((s) => s.program === program)
          .map((s) => {
            const cards = s.indicators.map((id) => card(id, report, defs)).filter((c) => c !== null);
            const without = s.indicators.filter((id) => !cards.some((c) => c.dataset.indicator === id));
            return h(
              "section",
              { class: "goal card", "data-goal": s.id, "aria-label": s.name[lang()] ?? s.id },
              h("h4", { class: "goal-title" }, s.name[lang()] ?? s.name.en ?? s.id),
              cards.length > 0 ? h("div", { class: "ind-grid" }, cards) : null,
              without.length > 0
                ? h(
                    "details",
                    { class: "not-computed", "data-not-computed": without.join(",") },
                    h("summary", null, t("ind.notComputed", { n: formatNumber(without.length) })),
                    h(
                      "ul",
                      null,
                      without.map((id) => {
                        const d = defs.get(id);
                        const why = missing.get(id);
                        return h(
                          "li",
                          { "data-indicator-missing": id },
                          h("span", { class: "ind-id", dir: "ltr" }, id),
                          " ",
                          d ? (d.name[lang()] ?? d.name.en ?? id) : t("ind.elsewhere"),
                          why ? ` · ${t(`missing.${why}`)}` : "",
                        );
                      }),
                    ),
                  )
                : null,
            );
          }),
      ),
    ),
  );
}
