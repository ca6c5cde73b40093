// The Trends screen (`report.trends`): a series picker, the series chart (incomplete last
// period hollow, withheld points as gaps, the projection dashed with its prediction band) with
// its table, the trend test in words, the period and year-over-year changes with their CIs, the
// interrupted time series at a programme start the user gives (the analysis re-runs), the
// retention survival curve (Kaplan–Meier, step chart) with its table, the log-rank comparisons
// and the cohort table. Every "not applicable" shows its translated reason (`na.<code>`).
import type { Report } from "madad";
import { h } from "./dom.js";
import { formatDate, formatMonth, formatNumber, formatPoints, formatShare, isolate } from "./format.js";
import { dir, has, lang, locale, t } from "./i18n.js";

interface Interval {
  lower: number;
  upper: number;
  level: number;
}
interface Pub {
  value: number | null;
  suppressed: boolean;
}
interface NA {
  code: string;
  reason: string;
}
interface Period {
  label: string;
  start: string;
  end: string;
  index: number;
  season: number;
}
interface Point {
  period: Period;
  value: number | null;
  suppressed: boolean;
  complete: boolean;
  rollingYear: number | null;
  movingAverage: number | null;
}
interface Change {
  lag: number;
  from: string | null;
  to: string | null;
  count: { method: string; previous: number; current: number; difference: number; differenceCi: Interval; ratio: number | null; ratioCi: { lower: number; upper: number | null; level: number } | null; percentChange: number | null } | null;
  proportion: { method: string; previous: number; current: number; difference: number; differenceCi: Interval } | null;
  notApplicable: NA | null;
}
interface Headline {
  direction: string;
  method: string;
  slope: number;
  slopeCi: Interval | null;
  pValue: number;
  per: string;
  n: number;
}
interface LinComb {
  estimate: number;
  stdError: number;
  statistic: number;
  pValue: number;
  confInt: Interval;
}
interface Its {
  method: string;
  notes: string[];
  startPeriod: string;
  nPre: number;
  nPost: number;
  preSlope: LinComb;
  levelChange: LinComb;
  slopeChange: LinComb;
  postSlope: LinComb;
  horizon: number;
  effectAtHorizon: LinComb;
  counterfactualAtHorizon: number;
  relativeEffect: number | null;
  durbinWatson: number;
  hacLags: number;
}
interface Projection {
  label: string;
  method: string;
  notes: string[];
  n: number;
  slope: number;
  points: { period: Period; mean: number; meanCi: Interval; predictionInterval: Interval }[];
}
interface Series {
  id: string;
  indicator: string;
  unit: string;
  method: string;
  notes: string[];
  points: Point[];
  withheldPoints: number;
  periodChange: Change;
  yearOverYear: Change;
  summary: { method: string; notes: string[]; n: number; skipped: { test: string; reason: NA }[] };
  headline: Headline | null;
  headlineNotApplicable: NA | null;
  its: Its | null;
  itsNotApplicable: NA | null;
  projection: Projection | null;
  projectionNotApplicable: NA | null;
}
interface SurvPoint {
  months: number;
  atRisk: number;
  survival: number;
  ci: Interval;
}
interface Survival {
  method: string;
  notes: string[];
  volunteers: number;
  left: Pub;
  curve: SurvPoint[];
  median: number | null;
  medianCi: { lower: number | null; upper: number | null; level: number };
  atMonths: { months: number; point: SurvPoint | null; notApplicable: NA | null }[];
  rmst: { tau: number; estimate: number | null; ci: Interval | null; notApplicable: NA | null }[];
}
interface Comparison {
  grouping: string;
  groups: { label: string | null; volunteers: Pub; survival: Survival | null; notApplicable: NA | null }[];
  logRank: { method: string; notes: string[]; groups: string[]; chi2: number; df: number; pValue: number } | null;
  notApplicable: NA | null;
}
interface Cohorts {
  method: string;
  notes: string[];
  maxMonths: number;
  rows: { cohort: string; size: Pub; cells: { monthsSince: number; active: Pub; share: number | null; ci: Interval | null }[] }[];
}
export interface TrendSection {
  method: string;
  notes: string[];
  asOf: string;
  /** `{ type: "month" }` in the report (a tagged enum); a plain string is accepted too. */
  periodType: string | { type: string };
  programStart: string | null;
  level: number;
  series: Series[];
  retention: {
    method: string;
    notes: string[];
    inactiveAfterDays: number;
    overall: Survival | null;
    overallNotApplicable: NA | null;
    seniors: Comparison | null;
    byDepartment: Comparison | null;
    byCohortYear: Comparison | null;
    cohorts: Cohorts | null;
    cohortsNotApplicable: NA | null;
  };
}

function ptype(sec: TrendSection): string {
  return typeof sec.periodType === "string" ? sec.periodType : sec.periodType.type;
}

export function trendSection(report: Report): TrendSection | null {
  return ((report as unknown as { trends?: TrendSection | null }).trends ?? null) as TrendSection | null;
}

/** The translated reason of a "not applicable" (the core's English reason when no translation). */
export function naText(na: NA | null | undefined): string {
  if (!na) return t("na.unknown", { code: "" });
  return has(`na.${na.code}`) ? t(`na.${na.code}`) : t("na.unknown", { code: na.code });
}
function naPara(na: NA | null | undefined, what: string): HTMLElement {
  return h("p", { class: "na", "data-na": na?.code ?? "", "data-na-for": what }, naText(na));
}

/** A p-value with its relation, for "p {p}": "= 0.182", or "< 0.001" below 0.001. */
export function formatP(p: number): string {
  return p < 0.001 ? `< ${formatNumber(0.001, 3)}` : `= ${formatNumber(p, 3)}`;
}

/** A value of a series in its unit (shares as percentages). */
function fmtValue(unit: string, x: number): string {
  return unit === "share" ? formatShare(x, 1) : formatNumber(x, unit === "hours" ? 1 : 0);
}
/** A slope, change or difference in the series' unit (shares in percentage points). */
export function fmtDelta(unit: string, x: number): string {
  return unit === "share" ? t("unit.pp", { n: formatPoints(x, 2) }) : formatNumber(x, 2);
}

function periodText(p: Period, periodType: string): string {
  return periodType === "month" && /^\d{4}-\d{2}/.test(p.start) ? formatMonth(p.start.slice(0, 7)) : p.label;
}
function periodDate(p: Period): Date {
  const [y, m, d] = p.start.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function seriesName(id: string): string {
  return has(`trend.series.${id}`) ? t(`trend.series.${id}`) : id;
}

/** The headline in words; "no clear trend" when the CI covers 0 (or the test finds none). */
export function headlineText(s: Series, level: number): string {
  const hl = s.headline;
  if (!hl) return naText(s.headlineNotApplicable);
  const ci = hl.slopeCi;
  const covers0 = ci !== null && ci.lower <= 0 && ci.upper >= 0;
  const kind = hl.direction === "no_trend" || covers0 ? "none" : hl.slope > 0 ? "up" : "down";
  const flip = kind === "down";
  const vars = {
    series: seriesName(s.id),
    slope: isolate(fmtDelta(s.unit, flip ? -hl.slope : hl.slope)),
    per: has(`trend.per.${hl.per}`) ? t(`trend.per.${hl.per}`) : hl.per,
    level: formatNumber(Math.round(level * 100)),
    lower: ci ? isolate(fmtDelta(s.unit, flip ? -ci.upper : ci.lower)) : "–",
    upper: ci ? isolate(fmtDelta(s.unit, flip ? -ci.lower : ci.upper)) : "–",
    method: t(`trend.method.${hl.method}`),
    p: isolate(formatP(hl.pValue)),
    n: formatNumber(hl.n),
  };
  return t(ci ? `trend.headline.${kind}` : `trend.headline.${kind}.noCi`, vars);
}

function tableToggle(id: string, table: HTMLElement): { button: HTMLButtonElement; box: HTMLElement } {
  const box = h("div", { class: "chart-table table-scroll", id, hidden: true, tabindex: "0", role: "region", "aria-label": t("chart.showTable") }, table);
  const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": id, "data-action": "toggle-table" }, t("chart.showTable"));
  button.addEventListener("click", () => {
    const open = box.hidden;
    box.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? t("chart.hideTable") : t("chart.showTable");
  });
  return { button, box };
}

function monthTick(): (d: Date) => string {
  const f = new Intl.DateTimeFormat(locale(), { month: "short", year: "2-digit", timeZone: "UTC" });
  return (d) => f.format(d);
}

function seriesFigure(sec: TrendSection, s: Series): HTMLElement {
  const summary = headlineText(s, sec.level);
  const plotBox = h("div", { class: "chart-plot", "data-chart": `trend-${s.id}` }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const proj = s.projection;
  const table = h(
    "table",
    { class: "data-table trend-table", "data-table": "trend-points" },
    h("caption", null, t("trend.table.caption", { series: seriesName(s.id) })),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, t("trend.table.period")),
        h("th", { scope: "col" }, t("trend.table.value")),
        h("th", { scope: "col" }, t("trend.table.movingAverage")),
        h("th", { scope: "col" }, t("trend.table.rollingYear")),
      ),
    ),
    h(
      "tbody",
      null,
      s.points.map((p) =>
        h(
          "tr",
          { "data-period": p.period.label, "data-value": p.value === null ? "" : String(p.value), "data-suppressed": p.suppressed ? "true" : null, "data-complete": String(p.complete) },
          h("th", { scope: "row" }, periodText(p.period, ptype(sec)), p.complete ? null : h("span", { class: "partial-note" }, ` (${t("trend.incomplete")})`)),
          h("td", { class: "num" }, p.suppressed || p.value === null ? suppressedText(p.suppressed) : fmtValue(s.unit, p.value)),
          h("td", { class: "num" }, p.movingAverage === null ? "–" : fmtValue(s.unit, p.movingAverage)),
          h("td", { class: "num" }, p.rollingYear === null ? "–" : fmtValue(s.unit, p.rollingYear)),
        ),
      ),
      proj
        ? proj.points.map((p) =>
            h(
              "tr",
              { class: "projection-row", "data-projection": p.period.label },
              h("th", { scope: "row" }, periodText(p.period, ptype(sec)), h("span", { class: "partial-note" }, ` (${t("trend.projection.short")})`)),
              h("td", { class: "num" }, fmtValue(s.unit, p.mean), " ", h("span", { class: "ci" }, t("trend.pi", { lower: isolate(fmtValue(s.unit, p.predictionInterval.lower)), upper: isolate(fmtValue(s.unit, p.predictionInterval.upper)) }))),
              h("td", { class: "num" }, "–"),
              h("td", { class: "num" }, "–"),
            ),
          )
        : null,
    ),
  );
  const { button, box } = tableToggle(`trend-table-${s.id}`, table);
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": "trend-chart-title", "data-figure": "trend" },
    h(
      "figcaption",
      null,
      h("h3", { id: "trend-chart-title" }, seriesName(s.id)),
      h("p", { class: "chart-caption" }, t("trend.caption", { n: formatNumber(s.points.length), withheld: formatNumber(s.withheldPoints) })),
      h("p", { class: "chart-summary", "data-headline": s.headline?.direction ?? "na" }, summary),
    ),
    plotBox,
    h(
      "p",
      { class: "chart-legend" },
      h("span", { class: "legend-line", "aria-hidden": "true" }),
      t("trend.legend.value"),
      " · ",
      h("span", { class: "legend-hollow", "aria-hidden": "true" }),
      t("trend.incomplete"),
      " · ",
      h("span", { class: "legend-ma", "aria-hidden": "true" }),
      t("trend.legend.movingAverage"),
      proj ? [" · ", h("span", { class: "legend-dashed", "aria-hidden": "true" }), t("trend.legend.projection")] : null,
    ),
    h("div", { class: "chart-actions" }, button),
    box,
  );
  const drawLang = lang();
  const points = s.points.map((p) => ({ date: periodDate(p.period), value: p.value, complete: p.complete, movingAverage: p.movingAverage }));
  const projection = proj ? proj.points.map((p) => ({ date: periodDate(p.period), mean: p.mean, lower: p.predictionInterval.lower, upper: p.predictionInterval.upper })) : [];
  const start = sec.programStart ? new Date(`${sec.programStart}T00:00:00Z`) : null;
  import("./chart.js")
    .then(({ renderTrendChart }) => {
      if (!plotBox.isConnected || lang() !== drawLang) return;
      plotBox.replaceChildren(
        renderTrendChart(points, projection, {
          rtl: dir() === "rtl",
          width: plotBox.clientWidth || 640,
          xLabel: t("chart.x"),
          yLabel: seriesName(s.id),
          summary,
          formatNumber: (n) => (s.unit === "share" ? formatShare(n, 0) : formatNumber(n)),
          formatMonth: monthTick(),
          programStart: start && !Number.isNaN(start.getTime()) ? start : null,
        }),
      );
    })
    .catch(() => {
      plotBox.replaceChildren(h("p", { class: "chart-failed" }, t("chart.failed")));
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      button.textContent = t("chart.hideTable");
    });
  return figure;
}

/** The suppression threshold of the report on screen (set by renderTrends). */
let threshold = 10;
function suppressedText(suppressed: boolean): string {
  return suppressed ? t("suppressed.value", { k: formatNumber(threshold) }) : "–";
}

function ciText(unit: string, ci: Interval): string {
  return t("trend.ci", { level: formatNumber(Math.round(ci.level * 100)), lower: isolate(fmtDelta(unit, ci.lower)), upper: isolate(fmtDelta(unit, ci.upper)) });
}

function changeBlock(s: Series, c: Change, which: "period" | "year", periodType: string): HTMLElement {
  const title = t(`trend.change.${which}`);
  const body: (HTMLElement | string)[] = [];
  const from = c.from ? formatPeriodLabel(c.from, periodType) : "–";
  const to = c.to ? formatPeriodLabel(c.to, periodType) : "–";
  if (c.count) {
    body.push(
      h("p", { class: "change-line", "data-change": which, "data-difference": String(c.count.difference), "data-lower": String(c.count.differenceCi.lower), "data-upper": String(c.count.differenceCi.upper) },
        t("trend.change.count", { from, to, previous: isolate(formatNumber(c.count.previous)), current: isolate(formatNumber(c.count.current)), difference: isolate(formatNumber(c.count.difference, 2)) }),
        " ",
        h("span", { class: "ci" }, ciText(s.unit, c.count.differenceCi)),
        c.count.percentChange !== null ? ` · ${t("trend.change.percent", { percent: isolate(formatNumber(c.count.percentChange, 1)) })}` : "",
      ),
    );
  } else if (c.proportion) {
    body.push(
      h("p", { class: "change-line", "data-change": which, "data-difference": String(c.proportion.difference), "data-lower": String(c.proportion.differenceCi.lower), "data-upper": String(c.proportion.differenceCi.upper) },
        t("trend.change.share", { from, to, previous: isolate(formatShare(c.proportion.previous)), current: isolate(formatShare(c.proportion.current)), difference: isolate(fmtDelta("share", c.proportion.difference)) }),
        " ",
        h("span", { class: "ci" }, ciText("share", c.proportion.differenceCi)),
      ),
    );
  } else {
    body.push(naPara(c.notApplicable, `change-${which}`));
  }
  return h("div", { class: "change", "data-change-block": which }, h("h4", null, title), body);
}

function formatPeriodLabel(label: string, periodType: string): string {
  return periodType === "month" && /^\d{4}-\d{2}$/.test(label) ? formatMonth(label) : label;
}

function lc(unit: string, x: LinComb, key: string, id: string): HTMLElement[] {
  return [
    h("dt", null, t(key)),
    h("dd", { "data-its": id, "data-estimate": String(x.estimate), "data-lower": String(x.confInt.lower), "data-upper": String(x.confInt.upper) }, isolate(fmtDelta(unit, x.estimate)), " ", h("span", { class: "ci" }, ciText(unit, x.confInt)), ` · p ${isolate(formatP(x.pValue))}`),
  ];
}

function itsPanel(s: Series, sec: TrendSection): HTMLElement {
  const its = s.its;
  if (!its) {
    return h("section", { class: "its card", "aria-labelledby": "its-title", "data-its-panel": "na" }, h("h3", { id: "its-title" }, t("trend.its.title")), naPara(s.itsNotApplicable, "its"));
  }
  return h(
    "section",
    { class: "its card", "aria-labelledby": "its-title", "data-its-panel": "result" },
    h("h3", { id: "its-title" }, t("trend.its.title")),
    h("p", null, t("trend.its.intro", { start: formatDate(sec.programStart), period: formatPeriodLabel(its.startPeriod, ptype(sec)), pre: formatNumber(its.nPre), post: formatNumber(its.nPost) })),
    h(
      "dl",
      { class: "meta-list its-list" },
      lc(s.unit, its.levelChange, "trend.its.levelChange", "levelChange"),
      lc(s.unit, its.slopeChange, "trend.its.slopeChange", "slopeChange"),
      lc(s.unit, its.effectAtHorizon, "trend.its.effect", "effectAtHorizon").map((e, i) => (i === 0 ? h("dt", null, t("trend.its.effect", { horizon: formatNumber(its.horizon) })) : e)),
      h("dt", null, t("trend.its.dw")),
      h("dd", { "data-its": "durbinWatson", "data-value": String(its.durbinWatson) }, isolate(formatNumber(its.durbinWatson, 2))),
      h("dt", null, t("trend.its.hac")),
      h("dd", { "data-its": "hacLags", "data-value": String(its.hacLags) }, formatNumber(its.hacLags)),
    ),
    h("p", { class: "hint" }, h("bdi", { dir: "ltr" }, its.method)),
  );
}

function projectionNote(s: Series): HTMLElement {
  if (!s.projection) return h("div", { class: "projection", "data-projection-block": "na" }, h("h4", null, t("trend.projection.title")), naPara(s.projectionNotApplicable, "projection"));
  const last = s.projection.points[s.projection.points.length - 1];
  return h(
    "div",
    { class: "projection", "data-projection-block": "result" },
    h("h4", null, t("trend.projection.title")),
    h("p", null, t("trend.projection.note")),
    last
      ? h("p", null, t("trend.projection.last", { period: formatPeriodLabel(last.period.label, "month"), mean: isolate(fmtValue(s.unit, last.mean)), lower: isolate(fmtValue(s.unit, last.predictionInterval.lower)), upper: isolate(fmtValue(s.unit, last.predictionInterval.upper)) }))
      : null,
  );
}

function seriesPanel(sec: TrendSection, s: Series): HTMLElement {
  const skipped = s.summary.skipped.filter((x) => !(s.headline === null && x.test === "mann_kendall"));
  return h(
    "div",
    { class: "trend-series", "data-trend-series": s.id },
    seriesFigure(sec, s),
    h(
      "section",
      { class: "card changes", "aria-labelledby": "changes-title" },
      h("h3", { id: "changes-title" }, t("trend.changes.title")),
      changeBlock(s, s.periodChange, "period", ptype(sec)),
      changeBlock(s, s.yearOverYear, "year", ptype(sec)),
      projectionNote(s),
      skipped.length > 0
        ? h("ul", { class: "skipped" }, skipped.map((x) => h("li", { "data-skipped": x.test, "data-na": x.reason.code }, t(`trend.test.${x.test}`), ": ", naText(x.reason))))
        : null,
    ),
    itsPanel(s, sec),
  );
}

function programForm(sec: TrendSection, onProgramStart: (d: string | null) => void): HTMLElement {
  const input = h("input", { type: "date", id: "program-start", name: "programStart", value: sec.programStart ?? "", "aria-describedby": "program-start-hint", max: sec.asOf });
  const form = h(
    "form",
    { class: "program-form", "data-form": "program-start" },
    h("div", { class: "field" }, h("label", { for: "program-start" }, t("trend.programStart.label")), input),
    h("button", { type: "submit", class: "primary", "data-action": "program-start" }, t("trend.programStart.run")),
    sec.programStart ? h("button", { type: "button", class: "secondary", "data-action": "program-clear", onclick: () => onProgramStart(null) }, t("trend.programStart.clear")) : null,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const v = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    onProgramStart(v);
  });
  return h("section", { class: "card", "aria-labelledby": "program-title", "data-section": "program-start" }, h("h2", { id: "program-title" }, t("trend.programStart.title")), h("p", { id: "program-start-hint" }, t("trend.programStart.hint")), form);
}

function survivalTable(sv: Survival): HTMLTableElement {
  return h(
    "table",
    { class: "data-table", "data-table": "survival" },
    h("caption", null, t("surv.table.caption")),
    h("thead", null, h("tr", null, ["surv.table.months", "surv.table.atRisk", "surv.table.survival", "surv.table.ci"].map((k) => h("th", { scope: "col" }, t(k))))),
    h(
      "tbody",
      null,
      sv.curve.map((p) =>
        h(
          "tr",
          { "data-months": String(p.months), "data-survival": String(p.survival) },
          h("th", { scope: "row" }, formatNumber(p.months, 1)),
          h("td", { class: "num" }, formatNumber(p.atRisk)),
          h("td", { class: "num" }, formatShare(p.survival, 1)),
          h("td", { class: "num" }, isolate(`${formatShare(p.ci.lower, 1)} – ${formatShare(p.ci.upper, 1)}`)),
        ),
      ),
    ),
  );
}

function survivalFigure(sv: Survival, id: string): HTMLElement {
  const median = sv.median === null ? t("surv.median.none") : formatNumber(sv.median, 1);
  const summary = t("surv.summary", { n: formatNumber(sv.volunteers), median });
  const plotBox = h("div", { class: "chart-plot", "data-chart": "survival" }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const { button, box } = tableToggle(`surv-table-${id}`, survivalTable(sv));
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": `surv-title-${id}`, "data-figure": "survival" },
    h("figcaption", null, h("h3", { id: `surv-title-${id}` }, t("surv.title")), h("p", { class: "chart-caption" }, t("surv.caption")), h("p", { class: "chart-summary" }, summary)),
    plotBox,
    h("div", { class: "chart-actions" }, button),
    box,
  );
  const drawLang = lang();
  const pts = sv.curve.map((p) => ({ months: p.months, survival: p.survival, lower: p.ci.lower, upper: p.ci.upper }));
  import("./chart.js")
    .then(({ renderSurvivalChart }) => {
      if (!plotBox.isConnected || lang() !== drawLang) return;
      plotBox.replaceChildren(
        renderSurvivalChart(pts, { rtl: dir() === "rtl", width: plotBox.clientWidth || 640, xLabel: t("surv.x"), yLabel: t("surv.y"), summary, formatNumber: (n) => formatNumber(n), formatShare: (n) => formatShare(n, 0) }),
      );
    })
    .catch(() => {
      plotBox.replaceChildren(h("p", { class: "chart-failed" }, t("chart.failed")));
      box.hidden = false;
    });
  return figure;
}

function survivalFacts(sv: Survival): HTMLElement {
  const mci = sv.medianCi;
  return h(
    "dl",
    { class: "meta-list", "data-survival-facts": "" },
    h("dt", null, t("surv.volunteers")),
    h("dd", null, formatNumber(sv.volunteers)),
    h("dt", null, t("surv.median")),
    h("dd", { "data-median": sv.median === null ? "" : String(sv.median) }, sv.median === null ? t("surv.median.none") : t("surv.months", { n: isolate(formatNumber(sv.median, 1)) }), " ", h("span", { class: "ci" }, t("trend.ci", { level: formatNumber(Math.round(mci.level * 100)), lower: mci.lower === null ? "–" : isolate(formatNumber(mci.lower, 1)), upper: mci.upper === null ? "∞" : isolate(formatNumber(mci.upper, 1)) }))),
    sv.atMonths.map((a) => [
      h("dt", null, t("surv.at", { n: formatNumber(a.months) })),
      h("dd", { "data-at-months": String(a.months), "data-survival": a.point ? String(a.point.survival) : "" }, a.point ? [formatShare(a.point.survival, 1), " ", h("span", { class: "ci" }, t("trend.ci", { level: formatNumber(Math.round(a.point.ci.level * 100)), lower: isolate(formatShare(a.point.ci.lower, 1)), upper: isolate(formatShare(a.point.ci.upper, 1)) }))] : naText(a.notApplicable)),
    ]),
    sv.rmst.map((r) => [
      h("dt", null, t("surv.rmst", { n: formatNumber(r.tau) })),
      h("dd", { "data-rmst": String(r.tau), "data-value": r.estimate === null ? "" : String(r.estimate) }, r.estimate !== null ? [t("surv.months", { n: isolate(formatNumber(r.estimate, 1)) }), r.ci ? [" ", h("span", { class: "ci" }, t("trend.ci", { level: formatNumber(Math.round(r.ci.level * 100)), lower: isolate(formatNumber(r.ci.lower, 1)), upper: isolate(formatNumber(r.ci.upper, 1)) }))] : null] : naText(r.notApplicable)),
    ]),
  );
}

function comparisonBlock(c: Comparison | null, key: string, k: number): HTMLElement {
  const title = t(`surv.by.${key}`);
  if (!c) return h("div", { class: "comparison", "data-comparison": key }, h("h4", null, title), h("p", { class: "na", "data-na": "no_data" }, naText({ code: "no_data", reason: "" })));
  return h(
    "div",
    { class: "comparison", "data-comparison": key },
    h("h4", null, title),
    c.logRank
      ? h("p", { "data-logrank": "", "data-chi2": String(c.logRank.chi2), "data-df": String(c.logRank.df), "data-p": String(c.logRank.pValue) }, t("surv.logrank", { chi2: isolate(formatNumber(c.logRank.chi2, 2)), df: formatNumber(c.logRank.df), p: isolate(formatP(c.logRank.pValue)) }))
      : naPara(c.notApplicable, `logrank-${key}`),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": title },
      h(
        "table",
        { class: "data-table", "data-table": `groups-${key}` },
        h("thead", null, h("tr", null, ["surv.group", "surv.volunteers", "surv.median", "surv.at12"].map((x) => h("th", { scope: "col" }, t(x))))),
        h(
          "tbody",
          null,
          c.groups.map((g) => {
            const at12 = g.survival?.atMonths.find((a) => a.months === 12)?.point ?? null;
            const v = g.volunteers.suppressed || g.volunteers.value === null ? t("suppressed.value", { k: formatNumber(k) }) : formatNumber(g.volunteers.value);
            return h(
              "tr",
              { "data-group": g.label ?? "" },
              h("th", { scope: "row" }, h("bdi", null, groupLabel(key, g.label))),
              h("td", { class: "num" }, v),
              h("td", { class: "num" }, g.survival ? (g.survival.median === null ? t("surv.median.none") : formatNumber(g.survival.median, 1)) : naText(g.notApplicable)),
              h("td", { class: "num" }, at12 ? formatShare(at12.survival, 1) : "–"),
            );
          }),
        ),
      ),
    ),
  );
}

function groupLabel(key: string, label: string | null): string {
  if (label === null) return t("surv.group.other");
  const k = `surv.group.${key}.${label}`;
  return has(k) ? t(k) : label;
}

function cohortTable(c: Cohorts, k: number): HTMLElement {
  const months = Array.from({ length: c.maxMonths + 1 }, (_, i) => i);
  const kText = t("suppressed.value", { k: formatNumber(k) });
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "cohort-cap" },
    h(
      "table",
      { class: "data-table cohort-table", "data-table": "cohorts" },
      h("caption", { id: "cohort-cap" }, t("cohort.caption", { k: formatNumber(k) })),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("cohort.cohort")), h("th", { scope: "col" }, t("cohort.size")), months.map((m) => h("th", { scope: "col" }, formatNumber(m))))),
      h(
        "tbody",
        null,
        c.rows.map((r) => {
          const byMonth = new Map(r.cells.map((x) => [x.monthsSince, x]));
          return h(
            "tr",
            { "data-cohort": r.cohort },
            h("th", { scope: "row" }, formatPeriodLabel(r.cohort, "month")),
            h("td", { class: "num" }, r.size.suppressed || r.size.value === null ? kText : formatNumber(r.size.value)),
            months.map((m) => {
              const cell = byMonth.get(m);
              if (!cell) return h("td", { class: "num heat-none" }, "");
              const withheld = cell.active.suppressed || cell.share === null;
              const bucket = withheld || cell.share === null ? "withheld" : String(Math.min(4, Math.floor(cell.share * 5)));
              const label = withheld ? t("cohort.cell.withheld", { cohort: formatPeriodLabel(r.cohort, "month"), m: formatNumber(m), k: formatNumber(k) }) : t("cohort.cell", { cohort: formatPeriodLabel(r.cohort, "month"), m: formatNumber(m), share: formatShare(cell.share as number, 0) });
              return h("td", { class: `num heat heat-${bucket}`, "data-months": String(m), "data-share": withheld ? "" : String(cell.share), "data-withheld": withheld ? "true" : null, title: label }, withheld ? kText : formatShare(cell.share as number, 0), h("span", { class: "visually-hidden" }, ` ${label}`));
            }),
          );
        }),
      ),
    ),
  );
}

function retentionSection(sec: TrendSection, k: number): HTMLElement {
  const r = sec.retention;
  return h(
    "section",
    { class: "retention", "aria-labelledby": "retention-title", "data-section": "retention" },
    h("h2", { id: "retention-title" }, t("surv.section")),
    h("p", null, t("surv.intro", { days: formatNumber(r.inactiveAfterDays) })),
    r.overall ? [survivalFigure(r.overall, "overall"), h("section", { class: "card", "aria-label": t("surv.title") }, survivalFacts(r.overall))] : naPara(r.overallNotApplicable, "survival"),
    h(
      "section",
      { class: "card", "aria-labelledby": "comparisons-title", "data-section": "comparisons" },
      h("h3", { id: "comparisons-title" }, t("surv.comparisons")),
      comparisonBlock(r.seniors, "seniors", k),
      comparisonBlock(r.byDepartment, "department", k),
      comparisonBlock(r.byCohortYear, "cohortYear", k),
    ),
    h("section", { class: "card", "aria-labelledby": "cohorts-title", "data-section": "cohorts" }, h("h3", { id: "cohorts-title" }, t("cohort.title")), r.cohorts ? cohortTable(r.cohorts, k) : naPara(r.cohortsNotApplicable, "cohorts")),
  );
}

export interface TrendsHandlers {
  onBack: () => void;
  onProgramStart: (date: string | null) => void;
}

/** The Trends screen. `selected` keeps the chosen series across re-renders (language, re-run). */
export function renderTrends(report: Report, selected: { id: string | null }, on: TrendsHandlers): HTMLElement {
  const sec = trendSection(report);
  const k = report.definitions.suppressionThreshold;
  threshold = k;
  const head = h(
    "div",
    { class: "dash-head" },
    h("div", null, h("h1", { id: "trends-title", tabindex: "-1" }, t("trend.title")), h("p", { class: "dash-meta" }, t("trend.intro"))),
    h("button", { type: "button", class: "secondary", "data-action": "back-dashboard", onclick: () => on.onBack() }, t("methods.back")),
  );
  if (!sec || sec.series.length === 0) {
    return h("section", { class: "trends", "aria-labelledby": "trends-title", "data-screen": "trends" }, head, h("p", { class: "na", "data-na": "no_data" }, naText({ code: "no_data", reason: "" })));
  }
  const current = sec.series.find((s) => s.id === selected.id) ?? sec.series[0];
  if (!current) throw new Error("no series");
  selected.id = current.id;
  const select = h(
    "select",
    { id: "trend-series", "data-control": "series" },
    sec.series.map((s) => h("option", { value: s.id, selected: s.id === current.id }, seriesName(s.id))),
  );
  const slot = h("div", { class: "trend-slot", "aria-live": "polite" }, seriesPanel(sec, current));
  select.addEventListener("change", () => {
    const s = sec.series.find((x) => x.id === select.value);
    if (!s) return;
    selected.id = s.id;
    slot.replaceChildren(seriesPanel(sec, s));
  });
  return h(
    "section",
    { class: "trends", "aria-labelledby": "trends-title", "data-screen": "trends", "data-program-start": sec.programStart ?? "" },
    head,
    h("div", { class: "card series-picker" }, h("div", { class: "field" }, h("label", { for: "trend-series" }, t("trend.picker")), select)),
    programForm(sec, on.onProgramStart),
    slot,
    retentionSection(sec, k),
  );
}

/** The trend methods used, for the Methods screen (the section's own method and note strings). */
export function trendMethods(report: Report): HTMLElement | null {
  const sec = trendSection(report);
  if (!sec) return null;
  const methods = new Map<string, Set<string>>();
  const add = (m: string | undefined | null, notes: string[] = []): void => {
    if (!m) return;
    const set = methods.get(m) ?? new Set<string>();
    for (const n of notes) set.add(n);
    methods.set(m, set);
  };
  add(sec.method, sec.notes);
  for (const s of sec.series) {
    add(s.method, s.notes);
    add(s.summary.method, s.summary.notes);
    if (s.its) add(s.its.method, s.its.notes);
    if (s.projection) add(s.projection.method, s.projection.notes);
    for (const c of [s.periodChange, s.yearOverYear]) {
      if (c.count) add(c.count.method);
      if (c.proportion) add(c.proportion.method);
    }
  }
  const r = sec.retention;
  add(r.method, r.notes);
  if (r.overall) add(r.overall.method, r.overall.notes);
  for (const c of [r.seniors, r.byDepartment, r.byCohortYear]) if (c?.logRank) add(c.logRank.method, c.logRank.notes);
  if (r.cohorts) add(r.cohorts.method, r.cohorts.notes);
  return h(
    "section",
    { class: "card", "aria-labelledby": "methods-trends", "data-section": "trend-methods" },
    h("h2", { id: "methods-trends" }, t("methods.trends.title")),
    h("p", null, t("methods.trends.intro")),
    h(
      "ul",
      { class: "trend-methods", lang: "en", dir: "ltr" },
      [...methods.entries()].map(([m, notes]) => h("li", { "data-method": m }, h("strong", null, m), notes.size > 0 ? h("ul", null, [...notes].map((n) => h("li", null, n))) : null)),
    ),
  );
}
