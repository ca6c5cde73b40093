// The monthly chart. Loaded lazily (Observable Plot is ~100 KB gzip) and prefetched after the
// first paint. Plot's SVG stays left-to-right even in Hebrew and Arabic (time runs left to
// right; text-anchor would break under inherited RTL); in RTL the y-axis sits on the right.
import * as Plot from "@observablehq/plot";

export interface ChartPoint {
  month: string;
  value: number | null;
  partial: boolean;
}

export interface ChartOptions {
  rtl: boolean;
  width: number;
  xLabel: string;
  yLabel: string;
  /** One-sentence summary: the chart's accessible name. */
  summary: string;
  formatNumber: (n: number) => string;
  formatMonth: (d: Date) => string;
}

const LINE = "#1f5fa8";

export function renderChart(points: ChartPoint[], o: ChartOptions): SVGSVGElement | HTMLElement {
  const data = points.map((p) => {
    const [y, m] = p.month.split("-").map(Number);
    return { date: new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)), value: p.value, partial: p.partial };
  });
  const width = Math.max(300, Math.round(o.width));
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: Math.round(Math.min(360, Math.max(220, width * 0.45))),
    marginTop: 28,
    marginBottom: 36,
    marginLeft: o.rtl ? 16 : 48,
    marginRight: o.rtl ? 48 : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: {
      type: "utc",
      label: o.xLabel,
      labelAnchor: o.rtl ? "right" : "left",
      ticks: Math.max(3, Math.floor(width / 90)),
      tickFormat: (d: Date) => o.formatMonth(d),
    },
    y: {
      axis: o.rtl ? "right" : "left",
      label: o.yLabel,
      grid: true,
      zero: true,
      nice: true,
      tickFormat: (n: number) => o.formatNumber(n),
    },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: "date", y: "value", stroke: LINE, strokeWidth: 2, curve: "linear" }),
      Plot.dot(data, {
        x: "date",
        y: "value",
        r: 3.5,
        stroke: LINE,
        strokeWidth: 1.5,
        fill: (d: { partial: boolean }) => (d.partial ? "white" : LINE),
      }),
    ],
  });
  // Plot appends a <style> element; a strict CSP (style-src 'self') blocks it, so it is
  // removed before the SVG is attached, and its rules live in styles.css (.madad-plot).
  for (const s of plot.querySelectorAll("style")) s.remove();
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", o.summary);
    svg.removeAttribute("aria-description");
    // axe: aria-label on a <g> without a role is prohibited.
    for (const g of svg.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
    svg.style.direction = "ltr";
  }
  return plot;
}

export interface ForestPoint {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  weight: number;
}

export interface ForestPooled {
  estimate: number;
  lower: number;
  upper: number;
  predLower: number | null;
  predUpper: number | null;
}

export interface ForestOptions {
  rtl: boolean;
  width: number;
  summary: string;
  pooledLabel: string;
  xLabel: string;
  formatNumber: (n: number) => string;
}

/**
 * A forest plot: each municipality's estimate with its 95% CI (square sized by weight), the
 * pooled random-effects estimate as a diamond-like bar with its prediction interval, and a
 * rule at 0. The estimate axis runs left to right in every language (numbers do); in RTL the
 * labels sit on the right.
 */
export function renderForest(rows: ForestPoint[], pooled: ForestPooled, o: ForestOptions): SVGSVGElement | HTMLElement {
  const labels = [...rows.map((r) => r.label), o.pooledLabel];
  const data = rows.map((r) => ({ ...r }));
  const pooledRow = { label: o.pooledLabel, ...pooled };
  const width = Math.max(320, Math.round(o.width));
  const labelWidth = Math.min(220, Math.max(90, Math.max(...labels.map((l) => l.length)) * 8));
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: 48 + labels.length * 34,
    marginTop: 16,
    marginBottom: 40,
    marginLeft: o.rtl ? 16 : labelWidth,
    marginRight: o.rtl ? labelWidth : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { label: o.xLabel, grid: true, tickFormat: (n: number) => o.formatNumber(n), labelAnchor: "center" },
    y: { domain: labels, label: null, axis: o.rtl ? "right" : "left" },
    marks: [
      Plot.ruleX([0], { stroke: "#6b7280" }),
      ...(pooled.predLower !== null && pooled.predUpper !== null
        ? [Plot.ruleY([pooledRow], { y: "label", x1: () => pooled.predLower, x2: () => pooled.predUpper, stroke: "#c2410c", strokeWidth: 1.5, strokeDasharray: "4,3" })]
        : []),
      Plot.ruleY(data, { y: "label", x1: "lower", x2: "upper", stroke: LINE, strokeWidth: 2 }),
      Plot.dot(data, { y: "label", x: "estimate", symbol: "square", r: (d: ForestPoint) => 3 + 6 * Math.sqrt(d.weight), fill: LINE }),
      Plot.ruleY([pooledRow], { y: "label", x1: "lower", x2: "upper", stroke: "#c2410c", strokeWidth: 6 }),
      Plot.dot([pooledRow], { y: "label", x: "estimate", symbol: "diamond", r: 7, fill: "#c2410c", stroke: "white" }),
    ],
  });
  for (const s of plot.querySelectorAll("style")) s.remove();
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", o.summary);
    svg.removeAttribute("aria-description");
    for (const g of svg.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
    svg.style.direction = "ltr";
  }
  return plot;
}

export interface TrendChartPoint {
  date: Date;
  value: number | null;
  complete: boolean;
  movingAverage: number | null;
}

export interface ProjectionChartPoint {
  date: Date;
  mean: number;
  lower: number;
  upper: number;
}

export interface TrendChartOptions {
  rtl: boolean;
  width: number;
  xLabel: string;
  yLabel: string;
  summary: string;
  formatNumber: (n: number) => string;
  formatMonth: (d: Date) => string;
  /** The programme start (a vertical rule), when given. */
  programStart: Date | null;
}

function finish(plot: SVGSVGElement | HTMLElement, summary: string): SVGSVGElement | HTMLElement {
  for (const s of plot.querySelectorAll("style")) s.remove();
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", summary);
    svg.removeAttribute("aria-description");
    for (const g of svg.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
    svg.style.direction = "ltr";
  }
  return plot;
}

/**
 * A trend series: the published values as a line (withheld points are gaps: the line breaks
 * at a `null`), the incomplete last period as a hollow dot, the moving average thin and grey,
 * and the projection dashed with its prediction band. Time runs left to right in every
 * language; in RTL the y-axis sits on the right.
 */
export function renderTrendChart(points: TrendChartPoint[], projection: ProjectionChartPoint[], o: TrendChartOptions): SVGSVGElement | HTMLElement {
  const width = Math.max(300, Math.round(o.width));
  const shown = points.filter((p) => p.value !== null);
  // The projection is drawn on its own (not joined to the last point, which may be incomplete).
  const bridge = projection;
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: Math.round(Math.min(360, Math.max(220, width * 0.45))),
    marginTop: 28,
    marginBottom: 36,
    marginLeft: o.rtl ? 16 : 56,
    marginRight: o.rtl ? 56 : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { type: "utc", label: o.xLabel, labelAnchor: o.rtl ? "right" : "left", ticks: Math.max(3, Math.floor(width / 90)), tickFormat: (d: Date) => o.formatMonth(d) },
    y: { axis: o.rtl ? "right" : "left", label: o.yLabel, grid: true, zero: true, nice: true, tickFormat: (n: number) => o.formatNumber(n) },
    marks: [
      Plot.ruleY([0]),
      ...(projection.length > 0 ? [Plot.areaY(bridge, { x: "date", y1: "lower", y2: "upper", fill: "#c2410c", fillOpacity: 0.15 })] : []),
      Plot.lineY(points, { x: "date", y: "movingAverage", stroke: "#6b7280", strokeWidth: 1.2 }),
      Plot.lineY(points, { x: "date", y: "value", stroke: LINE, strokeWidth: 2, curve: "linear" }),
      Plot.dot(shown, { x: "date", y: "value", r: 3.5, stroke: LINE, strokeWidth: 1.5, fill: (d: TrendChartPoint) => (d.complete ? LINE : "white") }),
      ...(projection.length > 0 ? [Plot.lineY(bridge, { x: "date", y: "mean", stroke: "#c2410c", strokeWidth: 2, strokeDasharray: "6,4" })] : []),
      ...(o.programStart ? [Plot.ruleX([o.programStart], { stroke: "#15803d", strokeWidth: 1.5, strokeDasharray: "2,3" })] : []),
    ],
  });
  return finish(plot, o.summary);
}

export interface SurvivalChartPoint {
  months: number;
  survival: number;
  lower: number;
  upper: number;
}

export interface SurvivalChartOptions {
  rtl: boolean;
  width: number;
  xLabel: string;
  yLabel: string;
  summary: string;
  formatNumber: (n: number) => string;
  formatShare: (n: number) => string;
}

/** A Kaplan–Meier curve as a step chart with its pointwise CI band (steps after each time). */
export function renderSurvivalChart(points: SurvivalChartPoint[], o: SurvivalChartOptions): SVGSVGElement | HTMLElement {
  const width = Math.max(300, Math.round(o.width));
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: Math.round(Math.min(340, Math.max(220, width * 0.4))),
    marginTop: 24,
    marginBottom: 36,
    marginLeft: o.rtl ? 16 : 56,
    marginRight: o.rtl ? 56 : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { label: o.xLabel, labelAnchor: o.rtl ? "right" : "left", tickFormat: (n: number) => o.formatNumber(n) },
    y: { axis: o.rtl ? "right" : "left", label: o.yLabel, grid: true, domain: [0, 1], tickFormat: (n: number) => o.formatShare(n) },
    marks: [
      Plot.areaY(points, { x: "months", y1: "lower", y2: "upper", curve: "step-after", fill: LINE, fillOpacity: 0.15 }),
      Plot.lineY(points, { x: "months", y: "survival", curve: "step-after", stroke: LINE, strokeWidth: 2 }),
    ],
  });
  return finish(plot, o.summary);
}

export interface PairedChartPoint {
  group: string;
  wave: string;
  order: number;
  mean: number;
  lower: number | null;
  upper: number | null;
}

export interface PairedChartOptions {
  rtl: boolean;
  width: number;
  yLabel: string;
  summary: string;
  formatNumber: (n: number) => string;
  /** The two wave names, in time order (left to right in every language). */
  waves: [string, string];
}

const GROUP_COLORS = ["#1f5fa8", "#c2410c", "#15803d"];

/**
 * Paired means before and after with the CI of each mean (a dot and a vertical rule), one
 * line per group, labelled directly at its end (colour is never the only cue). Time runs left
 * to right; in RTL the y-axis sits on the right.
 */
export function renderPairedChart(points: PairedChartPoint[], o: PairedChartOptions): SVGSVGElement | HTMLElement {
  const width = Math.max(300, Math.round(Math.min(o.width, 720)));
  const groups = [...new Set(points.map((p) => p.group))];
  const color = (g: string): string => GROUP_COLORS[groups.indexOf(g) % GROUP_COLORS.length] ?? LINE;
  const withCi = points.filter((p) => p.lower !== null && p.upper !== null);
  const ends = points.filter((p) => p.order === 1);
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: 300,
    marginTop: 24,
    marginBottom: 36,
    marginLeft: o.rtl ? 24 : 56,
    marginRight: o.rtl ? 56 : 24,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { domain: o.waves, label: null, padding: 0.4 },
    y: { axis: o.rtl ? "right" : "left", label: o.yLabel, grid: true, nice: true, tickFormat: (n: number) => o.formatNumber(n) },
    marks: [
      Plot.ruleX(withCi, { x: "wave", y1: "lower", y2: "upper", stroke: (d: PairedChartPoint) => color(d.group), strokeWidth: 2, dx: 0 }),
      Plot.line(points, { x: "wave", y: "mean", z: "group", stroke: (d: PairedChartPoint) => color(d.group), strokeWidth: 1.5, strokeDasharray: "4,3" }),
      Plot.dot(points, { x: "wave", y: "mean", r: 5, fill: (d: PairedChartPoint) => color(d.group), symbol: (d: PairedChartPoint) => (groups.indexOf(d.group) === 0 ? "circle" : "square") }),
      Plot.text(ends, { x: "wave", y: "mean", text: (d: PairedChartPoint) => `${d.group} ${o.formatNumber(d.mean)}`, dx: 10, textAnchor: "start", fill: (d: PairedChartPoint) => color(d.group) }),
      Plot.text(points.filter((p) => p.order === 0), { x: "wave", y: "mean", text: (d: PairedChartPoint) => o.formatNumber(d.mean), dx: -10, textAnchor: "end", fill: (d: PairedChartPoint) => color(d.group) }),
    ],
  });
  return finish(plot, o.summary);
}

export interface ShareBar {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

export interface ShareBarsOptions {
  rtl: boolean;
  width: number;
  summary: string;
  formatShare: (n: number) => string;
  /** The text of a withheld bar ("<10"). */
  withheld: string;
}

/** Horizontal share bars with their CI; a withheld share is a label, not a bar. */
export function renderShareBars(bars: ShareBar[], o: ShareBarsOptions): SVGSVGElement | HTMLElement {
  const width = Math.max(300, Math.round(Math.min(o.width, 720)));
  const shown = bars.filter((b) => b.value !== null);
  const withCi = shown.filter((b) => b.lower !== null && b.upper !== null);
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: 40 + bars.length * 44,
    marginTop: 16,
    marginBottom: 32,
    marginLeft: o.rtl ? 16 : 110,
    marginRight: o.rtl ? 110 : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { domain: [0, 1], label: null, grid: true, tickFormat: (n: number) => o.formatShare(n) },
    y: { domain: bars.map((b) => b.label), label: null, axis: o.rtl ? "right" : "left" },
    marks: [
      Plot.barX(shown, { x: "value", y: "label", fill: LINE, fillOpacity: 0.75 }),
      Plot.ruleY(withCi, { y: "label", x1: "lower", x2: "upper", stroke: "#111827", strokeWidth: 1.5 }),
      Plot.text(shown, { x: "value", y: "label", text: (d: ShareBar) => o.formatShare(d.value ?? 0), dx: 6, dy: -12, textAnchor: "start" }),
      Plot.text(
        bars.filter((b) => b.value === null),
        { x: 0, y: "label", text: () => o.withheld, dx: 6, textAnchor: "start", fill: "#374151" },
      ),
      Plot.ruleX([0]),
    ],
  });
  return finish(plot, o.summary);
}

export interface HistogramBar {
  /** The bin's label on the change axis ("−2", "≤ −5", "0", "≥ +3"). */
  label: string;
  /** `improved`, `unchanged` or `worsened` (the fill; the label already says it). */
  side: string;
  /** Share of the group, `null` when withheld. */
  value: number | null;
}

export interface HistogramOptions {
  rtl: boolean;
  width: number;
  xLabel: string;
  yLabel: string;
  summary: string;
  formatShare: (n: number) => string;
  /** The text of a withheld bin ("<10"). */
  withheld: string;
}

const SIDE_FILL: Record<string, string> = { improved: "#15803d", unchanged: "#6b7280", worsened: "#c2410c" };

/**
 * A histogram of change scores: one vertical bar per bin in the given order (the change axis
 * runs left to right from the largest improvement in every language, like a number line); a
 * withheld bin is its "<K" label at the baseline, not a bar. Bars carry their share as text,
 * so colour is never the only cue. In RTL the y-axis sits on the right.
 */
export function renderHistogram(bars: HistogramBar[], o: HistogramOptions): SVGSVGElement | HTMLElement {
  const width = Math.max(300, Math.round(Math.min(o.width, 720)));
  const shown = bars.filter((b) => b.value !== null);
  const top = Math.max(0.1, ...shown.map((b) => b.value ?? 0));
  const plot = Plot.plot({
    className: "madad-plot",
    width,
    height: 280,
    marginTop: 24,
    marginBottom: 44,
    marginLeft: o.rtl ? 16 : 56,
    marginRight: o.rtl ? 56 : 16,
    ariaLabel: o.summary,
    style: { direction: "ltr", background: "transparent", color: "inherit", fontSize: "12px" },
    x: { domain: bars.map((b) => b.label), label: o.xLabel, labelAnchor: "center", padding: 0.1 },
    y: { axis: o.rtl ? "right" : "left", label: o.yLabel, grid: true, domain: [0, Math.min(1, top * 1.15)], tickFormat: (n: number) => o.formatShare(n) },
    marks: [
      Plot.barY(shown, { x: "label", y: "value", fill: (d: HistogramBar) => SIDE_FILL[d.side] ?? LINE, fillOpacity: 0.8 }),
      Plot.text(shown, { x: "label", y: "value", text: (d: HistogramBar) => o.formatShare(d.value ?? 0), dy: -8 }),
      Plot.text(
        bars.filter((b) => b.value === null),
        { x: "label", y: 0, text: () => o.withheld, dy: -8, fill: "#374151" },
      ),
      Plot.ruleY([0]),
    ],
  });
  return finish(plot, o.summary);
}
