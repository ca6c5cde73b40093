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
