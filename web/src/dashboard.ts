// The dashboard screen: KPI cards, the monthly chart (lazy) with its table, the file ledger
// and the diagnostics grouped by code.
import { MadadError, makeBundle, type Diagnostic, type FileLedger, type MonthCell, type Published, type Report, type Severity } from "madad";
import { h } from "./dom.js";
import { reportExports } from "./exports.js";
import { indicatorSections } from "./indicators.js";
import {
  formatDate,
  formatMonth,
  formatNumber,
  formatPosition,
  formatPublished,
  publishedValue,
} from "./format.js";
import { dir, has, locale, t, tNodes } from "./i18n.js";
import { filterBar, type FilterBarActions, type ViewChoice, type ViewRefusal } from "./filters.js";

export type KpiId = "volunteers" | "approvedHours" | "meanHours" | "medianHours";

/** A KPI card (also the widget's, from a bundle's summary measures). */
export function kpi(id: KpiId, p: Published<number>, k: number, digits: number, unit: string | null): HTMLElement {
  const v = publishedValue(p);
  return h(
    "li",
    { class: "kpi", "data-kpi": id, "data-value": v === null ? "" : String(v), "data-suppressed": p.suppressed ? "true" : null },
    h("h3", { class: "kpi-label", id: `kpi-${id}` }, t(`kpi.${id}.label`)),
    h(
      "p",
      { class: "kpi-value", "aria-describedby": `kpi-${id}-def` },
      h("span", { class: "kpi-number" }, formatPublished(p, k, digits)),
      unit && v !== null ? h("span", { class: "kpi-unit" }, ` ${unit}`) : null,
    ),
    h(
      "p",
      { class: "kpi-def", id: `kpi-${id}-def` },
      p.suppressed ? t("kpi.suppressed", { k: formatNumber(k) }) : t(`kpi.${id}.def`),
    ),
  );
}

function chartSummary(cells: MonthCell[]): string {
  const shown = cells.filter((c) => publishedValue(c.volunteers) !== null);
  const first = cells[0];
  const last = cells[cells.length - 1];
  if (shown.length === 0 || !first || !last) return t("chart.summary.empty");
  const values = shown.map((c) => publishedValue(c.volunteers) as number);
  return t("chart.summary", {
    first: formatMonth(first.month),
    last: formatMonth(last.month),
    min: formatNumber(Math.min(...values)),
    max: formatNumber(Math.max(...values)),
    lastValue: publishedValue(last.volunteers) === null ? "–" : formatNumber(publishedValue(last.volunteers) as number),
  });
}

function monthTable(cells: MonthCell[], k: number): HTMLTableElement {
  return h(
    "table",
    { class: "data-table month-table" },
    h("caption", { class: "visually-hidden" }, t("chart.title")),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, t("table.month")), h("th", { scope: "col" }, t("table.volunteers")))),
    h(
      "tbody",
      null,
      cells.map((c) => {
        const v = publishedValue(c.volunteers);
        return h(
          "tr",
          { "data-month": c.month, "data-value": v === null ? "" : String(v), "data-partial": c.partial ? "true" : null },
          h("th", { scope: "row" }, formatMonth(c.month), c.partial ? h("span", { class: "partial-note" }, ` (${t("chart.partial")})`) : null),
          h("td", { class: "num" }, formatPublished(c.volunteers, k)),
        );
      }),
    ),
  );
}

/** The monthly-active chart with its table; also drawn by the widget from a bundle's months. */
export function chartFigure(report: Pick<Report, "monthlyActive"> & { definitions: Pick<Report["definitions"], "suppressionThreshold"> }): HTMLElement {
  const cells = report.monthlyActive;
  const k = report.definitions.suppressionThreshold;
  const summary = chartSummary(cells);
  const plotBox = h("div", { class: "chart-plot", "data-chart": "monthlyActive" }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const tableBox = h("div", { class: "chart-table", id: "monthly-table", hidden: true }, monthTable(cells, k));
  const toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": "monthly-table", "data-action": "toggle-table" }, t("chart.showTable"));
  toggle.addEventListener("click", () => {
    const open = tableBox.hidden;
    tableBox.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? t("chart.hideTable") : t("chart.showTable");
  });
  const figure = h(
    "figure",
    { class: "chart card", "aria-labelledby": "chart-title" },
    h(
      "figcaption",
      null,
      h("h3", { id: "chart-title" }, t("chart.title")),
      h("p", { class: "chart-caption" }, t("chart.caption", { n: formatNumber(cells.length), k: formatNumber(k) })),
    ),
    plotBox,
    h("div", { class: "chart-actions" }, toggle),
    tableBox,
  );
  const points = cells.map((c) => ({ month: c.month, value: publishedValue(c.volunteers), partial: c.partial }));
  // Fixed now: the chart code arrives later, when the active language may have changed (the
  // widget's pages can hold several, in different languages).
  const tickFmt = new Intl.DateTimeFormat(locale(), { month: "short", year: "2-digit", timeZone: "UTC" });
  const nf = new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 });
  const labels = { rtl: dir() === "rtl", xLabel: t("chart.x"), yLabel: t("chart.y"), partial: t("chart.partial") };
  import("./chart.js")
    .then(({ renderChart }) => {
      if (!plotBox.isConnected) return;
      const svg = renderChart(points, {
        rtl: labels.rtl,
        width: plotBox.clientWidth || 640,
        xLabel: labels.xLabel,
        yLabel: labels.yLabel,
        summary,
        formatNumber: (n) => nf.format(n),
        formatMonth: (d) => tickFmt.format(d),
      });
      plotBox.replaceChildren(svg);
      if (points.some((p) => p.partial)) {
        plotBox.after(h("p", { class: "chart-legend" }, h("span", { class: "legend-hollow", "aria-hidden": "true" }), labels.partial));
      }
    })
    .catch(() => {
      plotBox.replaceChildren(h("p", { class: "chart-failed" }, t("chart.failed")));
      tableBox.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      toggle.textContent = t("chart.hideTable");
    });
  return figure;
}

function delimiterName(d: string): string {
  const names: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
  const n = names[d];
  return n ? t(`delimiter.${n}`) : t("delimiter.other", { char: d });
}

function ledgerSection(report: Report): HTMLElement {
  const sum = (f: (l: FileLedger) => number): number => report.sources.reduce((n, l) => n + f(l), 0);
  const warnings = report.sources.reduce(
    (n, l) => n + l.problems.filter((p) => p.severity === "warning").reduce((m, p) => m + p.count, 0),
    0,
  );
  return h(
    "section",
    { class: "ledger card", "aria-labelledby": "ledger-title", "data-section": "ledger" },
    h("h3", { id: "ledger-title" }, t("ledger.title")),
    h("p", null, t("ledger.intro")),
    h(
      "p",
      { class: "rows-line", "data-rows-line": "" },
      t("dash.rowsLine", {
        used: formatNumber(sum((l) => l.rowsUsed)),
        rejected: formatNumber(sum((l) => l.rowsRejected)),
        warnings: formatNumber(warnings),
      }),
    ),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "ledger-title" },
      h(
        "table",
        { class: "data-table ledger-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ["ledger.file", "ledger.format", "ledger.encoding", "ledger.delimiter", "ledger.rowsTotal", "ledger.rowsUsed", "ledger.rowsRejected", "ledger.rowsSkipped"].map(
              (key) => h("th", { scope: "col" }, t(key)),
            ),
          ),
        ),
        h(
          "tbody",
          null,
          report.sources.map((l) =>
            h(
              "tr",
              {
                "data-file": l.name,
                "data-format": l.format,
                "data-sheet": l.sheet ?? "",
                "data-rows-total": l.rowsTotal,
                "data-rows-used": l.rowsUsed,
                "data-rows-rejected": l.rowsRejected,
                "data-rows-skipped": l.rowsSkipped,
              },
              h("th", { scope: "row" }, h("bdi", null, l.name)),
              h("td", null, h("bdi", { dir: "ltr" }, l.format.toUpperCase())),
              h("td", null, l.encoding === null ? t("ledger.notText") : h("bdi", { dir: "ltr" }, l.encoding)),
              h("td", null, l.delimiter === null ? h("bdi", null, t("ledger.sheet", { sheet: l.sheet ?? "" })) : delimiterName(l.delimiter)),
              h("td", { class: "num" }, formatNumber(l.rowsTotal)),
              h("td", { class: "num" }, formatNumber(l.rowsUsed)),
              h("td", { class: "num" }, formatNumber(l.rowsRejected)),
              h("td", { class: "num" }, formatNumber(l.rowsSkipped)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One example of a diagnostic as a list item: where (file › sheet, row, column), then the message. */
export function diagnosticItem(d: Diagnostic): HTMLElement {
  const row = d.row ?? null;
  return h(
    "li",
    { "data-row": d.row ?? "", "data-file": d.file },
    h(
      "span",
      { class: "diag-where" },
      tNodes(row === null ? "diag.where.file" : d.column ? "diag.where.column" : "diag.where", {
        file: d.sheet ? `${d.file} › ${d.sheet}` : d.file,
        row: row === null ? "" : formatPosition(row),
        column: d.column ?? "",
      }),
    ),
    ": ",
    h("span", { class: "diag-message" }, diagnosticMessage(d)),
  );
}

/** The translated message of one diagnostic, user values isolated in `<bdi>`. */
export function diagnosticMessage(d: Diagnostic): Node[] {
  const params: Record<string, string> = d.params ?? {};
  const vars: Record<string, string> = { ...params };
  if (d.column !== undefined && d.column !== null) vars.column = d.column;
  if (d.row !== undefined && d.row !== null) vars.row = formatPosition(d.row);
  for (const key of ["firstRow", "quoteLine"]) if (vars[key] !== undefined) vars[key] = formatPosition(vars[key] as string);
  for (const key of ["expected", "found", "max"]) {
    const n = Number(vars[key]);
    if (vars[key] !== undefined && Number.isFinite(n)) vars[key] = formatNumber(n, 2);
  }
  const key = `diag.${d.code}`;
  return has(key) ? tNodes(key, vars) : tNodes("diag.unknown", { code: d.code });
}

function diagnosticsSection(report: Report): HTMLElement {
  const groups = new Map<string, { severity: Severity; count: number; examples: Diagnostic[] }>();
  for (const src of report.sources) {
    for (const p of src.problems) {
      const g = groups.get(p.code) ?? { severity: p.severity, count: 0, examples: [] };
      g.count += p.count;
      if (p.severity === "error") g.severity = "error";
      groups.set(p.code, g);
    }
  }
  for (const d of report.diagnostics) {
    const g = groups.get(d.code) ?? { severity: d.severity, count: 0, examples: [] };
    if (!groups.has(d.code)) {
      g.count = report.diagnostics.filter((x) => x.code === d.code).length;
      groups.set(d.code, g);
    }
    if (g.examples.length < 3) g.examples.push(d);
  }
  const sorted = [...groups.entries()].sort(
    ([a, x], [b, y]) => (x.severity === y.severity ? y.count - x.count || a.localeCompare(b) : x.severity === "error" ? -1 : 1),
  );
  return h(
    "section",
    { class: "diagnostics card", "aria-labelledby": "diag-title", "data-section": "diagnostics" },
    h("h3", { id: "diag-title" }, t("diag.title")),
    sorted.length === 0
      ? h("p", null, t("diag.none"))
      : h(
          "ul",
          { class: "diag-groups" },
          sorted.map(([code, g]) =>
            h(
              "li",
              { class: `diag-group ${g.severity}`, "data-code": code, "data-count": g.count },
              h(
                "h4",
                null,
                h("span", { class: "diag-name" }, has(`diagname.${code}`) ? t(`diagname.${code}`) : code),
                " ",
                h("span", { class: "diag-count" }, t("diag.count", { count: formatNumber(g.count) })),
              ),
              h(
                "p",
                { class: "diag-meta" },
                h("span", { class: `severity ${g.severity}` }, t(`diag.severity.${g.severity}`)),
                " · ",
                h("code", { dir: "ltr" }, code),
              ),
              g.examples.length > 0
                ? h(
                    "ul",
                    { class: "diag-examples", "aria-label": t("diag.examples") },
                    g.examples.map((d) => diagnosticItem(d)),
                  )
                : null,
            ),
          ),
        ),
  );
}

/** A file name from a municipality name: no path separators or characters Windows refuses. */
export function bundleFileName(name: string): string {
  const safe = name.trim().replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_").replace(/^\.+/, "_").slice(0, 120);
  return `${safe || "municipality"}.madad-bundle.json`;
}

function exportSection(report: Report, announce: (s: string) => void): HTMLElement {
  const input = h("input", { type: "text", id: "bundle-name", name: "municipality", "aria-required": "true", autocomplete: "organization", "aria-describedby": "bundle-export-hint" });
  const status = h("p", { class: "export-status", "data-export-status": "", role: "status" });
  const form = h(
    "form",
    { class: "export-form", "data-form": "export-bundle" },
    h("div", { class: "field" }, h("label", { for: "bundle-name" }, t("export.name")), input),
    h("button", { type: "submit", class: "primary", "data-action": "export-bundle" }, t("export.button")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (name === "") {
      status.textContent = t("export.nameMissing");
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    makeBundle(report, name)
      .then((bytes) => {
        const file = bundleFileName(name);
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/json" }));
        const a = h("a", { href: url, download: file, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.replaceChildren(...tNodes("export.done", { file }));
        announce(status.textContent ?? "");
      })
      .catch((err: unknown) => {
        const code = err instanceof MadadError ? err.code : "internal.unexpected";
        status.replaceChildren(...tNodes("export.failed", { code }));
        announce(status.textContent ?? "");
      });
  });
  return h(
    "section",
    { class: "export card", "aria-labelledby": "export-title", "data-section": "export" },
    h("h3", { id: "export-title" }, t("export.title")),
    h("p", { id: "bundle-export-hint" }, t("export.intro")),
    form,
    status,
  );
}

export function renderDashboard(
  report: Report,
  onNewFiles: () => void,
  onMethods: () => void = () => undefined,
  announce: (s: string) => void = () => undefined,
  onTrends: (() => void) | null = null,
  onLoneliness: (() => void) | null = null,
  filters: { choice: ViewChoice; refusal: ViewRefusal | null; on: FilterBarActions } | null = null,
): HTMLElement {
  const k = report.definitions.suppressionThreshold;
  const s = report.summary;
  const hours = t("unit.hours");
  const program = filters?.choice.program ?? null;
  return h(
    "section",
    { class: "dashboard", "aria-labelledby": "dash-title", "data-screen": "dashboard" },
    h(
      "div",
      { class: "dash-head" },
      h(
        "div",
        null,
        h("h1", { id: "dash-title", tabindex: "-1" }, t("dash.title")),
        h(
          "p",
          { class: "dash-meta" },
          t("dash.asOf", { date: formatDate(report.asOf) }),
          s.firstDate && s.lastDate ? ` · ${t("dash.period", { from: formatDate(s.firstDate), to: formatDate(s.lastDate) })}` : "",
        ),
      ),
      h(
        "div",
        { class: "actions" },
        onTrends && program !== "mitchabrim" && (report as unknown as { trends?: unknown }).trends
          ? h("button", { type: "button", class: "primary", "data-action": "trends", onclick: () => onTrends() }, t("dash.trends"))
          : null,
        onLoneliness && program !== "mahar" && (report as unknown as { loneliness?: unknown }).loneliness
          ? h("button", { type: "button", class: "primary", "data-action": "loneliness", onclick: () => onLoneliness() }, t("dash.loneliness"))
          : null,
        h("button", { type: "button", class: "secondary", "data-action": "methods", onclick: () => onMethods() }, t("dash.methods")),
        h("button", { type: "button", class: "secondary", "data-action": "new-files", onclick: () => onNewFiles() }, t("dash.newFiles")),
      ),
    ),
    report.sampleData
      ? h(
          "div",
          { class: "sample-banner", "data-sample-data": "" },
          h("strong", { class: "sample-badge" }, t("dash.sample")),
          h("span", null, t("dash.sample.note")),
        )
      : null,
    filters ? filterBar(report, filters.choice, filters.refusal, k, filters.on) : null,
    h(
      "ul",
      { class: "kpis", "aria-label": t("dash.title") },
      kpi("volunteers", s.volunteers, k, 0, null),
      kpi("approvedHours", s.approvedHours, k, 2, hours),
      kpi("meanHours", s.meanHoursPerVolunteer, k, 1, hours),
      kpi("medianHours", s.medianHoursPerVolunteer, k, 1, hours),
    ),
    chartFigure(report),
    indicatorSections(report, program),
    exportSection(report, announce),
    reportExports(report, announce),
    ledgerSection(report),
    diagnosticsSection(report),
  );
}
