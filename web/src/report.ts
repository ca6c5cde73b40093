// The printable report: one A4 document in a report language chosen independently of the
// interface language — title, municipality and period, key figures, charts, APA tables
// (indicators with 95% CIs; the loneliness change), and the methods box (files with SHA-256
// hashes, exclusions by reason, definitions, tests used, the suppression audit, the Madad
// version and the date). "Print / save as PDF" uses the browser's print engine (report.css:
// @page A4 with page numbers in the margin boxes); the toolbar is not printed.
import "./report.css";
import { reportFigures, todayIso, type FigureRow, type Report } from "madad";
import { h } from "./dom.js";
import { OPEN_REPORT_EVENT, reportLang, reportLangChoice, saveXlsx } from "./exports.js";
import { formatDate, formatMonth, formatNumber, formatPublished, formatShare, isolate, publishedValue } from "./format.js";
import { LANGS, dir, has, isLang, lang, locale, setLang, t, tNodes, type Lang } from "./i18n.js";
import { pairedGroup, segments } from "./loneliness.js";
import { renderMethods } from "./methods.js";
import { filterPhrases, viewNotes } from "./filters.js";

export { OPEN_REPORT_EVENT };

/** Runs `f` with the message catalog and number formats of `l`, then restores the interface's. */
function inLang<T>(l: Lang, f: () => T): T {
  const prev = lang();
  setLang(l);
  try {
    return f();
  } finally {
    setLang(prev);
  }
}

type Run = { text: string; italic: boolean; subscript: boolean };
interface ApaText {
  lang: string;
  sentence: Run[];
  columns: Run[][];
  rows: Run[][][];
  note: Run[];
}

type Inline = (Node | string)[];

function apaTable(num: number, title: string, head: Inline[], rows: Inline[][], note: Inline | null, attrs: Record<string, string>): HTMLElement {
  return h(
    "div",
    { class: "apa", ...attrs },
    h("p", { class: "apa-number" }, h("strong", null, t("report.table", { n: formatNumber(num) }))),
    h("p", { class: "apa-title" }, h("em", null, title)),
    h(
      "table",
      { class: "apa-table" },
      h("thead", null, h("tr", null, head.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        rows.map((r) => h("tr", null, r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", { class: "num" }, c))))),
      ),
    ),
    note ? h("p", { class: "apa-note" }, note) : null,
  );
}

function kText(k: number): string {
  return t("suppressed.value", { k: formatNumber(k) });
}

function figValue(f: FigureRow, v: number | null, suppressed: boolean, k: number, kind = f.kind): string {
  if (suppressed) return kText(k);
  if (v === null) return "—";
  if (kind === "share") return formatShare(v, 1);
  if (kind === "count") return formatNumber(v);
  return formatNumber(v, 2);
}

function indicatorName(report: Report, id: string): string {
  const d = (report.definitions.indicators as unknown as { id: string; name: Record<string, string> }[]).find((x) => x.id === id);
  return d?.name[lang()] ?? d?.name.en ?? id;
}

function figuresTable(report: Report, rows: FigureRow[], num: number): HTMLElement {
  const k = report.definitions.suppressionThreshold;
  return apaTable(
    num,
    t("report.indTable.title"),
    [[t("report.col.id")], [t("report.col.indicator")], [t("report.col.measure")], [t("report.col.value")], [t("report.col.ci")], [h("i", null, "n")]],
    rows.map((f) => [
      [h("bdi", { dir: "ltr" }, f.indicator)],
      [indicatorName(report, f.indicator)],
      [h("bdi", null, f.measure)],
      [h("span", { "data-figure-value": f.suppressed ? "suppressed" : f.value === null ? "" : String(f.value) }, isolate(figValue(f, f.value, f.suppressed, k)))],
      [f.lower !== null && f.upper !== null ? isolate(`[${figValue(f, f.lower, false, k)}, ${figValue(f, f.upper, false, k)}]`) : ""],
      [f.nSuppressed ? isolate(kText(k)) : f.n === null ? "" : isolate(formatNumber(f.n))],
    ]),
    tNodes("report.indTable.note", { marker: kText(k), k: formatNumber(k) }),
    { "data-report-table": "indicators" },
  );
}

function kpiTable(report: Report, num: number): HTMLElement {
  const k = report.definitions.suppressionThreshold;
  const s = report.summary;
  const sum = (f: (l: Report["sources"][number]) => number): number => report.sources.reduce((n, l) => n + f(l), 0);
  const row = (key: string, value: string, attr: string): Inline[] => [[t(key)], [h("span", { "data-kpi-value": attr }, isolate(value))]];
  return apaTable(
    num,
    t("report.kpiTable.title"),
    [[t("report.col.measure")], [t("report.col.value")]],
    [
      row("kpi.volunteers.label", formatPublished(s.volunteers, k), "volunteers"),
      row("kpi.approvedHours.label", formatPublished(s.approvedHours, k, 2), "approvedHours"),
      row("kpi.meanHours.label", formatPublished(s.meanHoursPerVolunteer, k, 1), "meanHours"),
      row("kpi.medianHours.label", formatPublished(s.medianHoursPerVolunteer, k, 1), "medianHours"),
      row("report.rowsUsed", formatNumber(sum((l) => l.rowsUsed)), "rowsUsed"),
      row("report.rowsExcluded", formatNumber(sum((l) => l.rowsRejected)), "rowsExcluded"),
    ],
    [h("em", null, t("report.note")), " ", t("report.kpiTable.note", { k: formatNumber(k) })],
    { "data-report-table": "kpis" },
  );
}

function lonelinessApa(report: Report, num: number): HTMLElement | null {
  const apa = ((report.loneliness as unknown as { apa?: ApaText[] } | null)?.apa ?? []).find((a) => a.lang === lang());
  if (!apa) return null;
  const rtl = dir() === "rtl";
  return h(
    "div",
    { class: "apa-block" },
    apaTable(
      num,
      t("report.apa.title"),
      apa.columns.map((c) => segments(c, rtl)),
      apa.rows.map((r) => r.map((c) => segments(c, rtl))),
      segments(apa.note, rtl),
      { "data-report-table": "loneliness" },
    ),
    h("p", { class: "apa-sentence", "data-apa-sentence": "" }, segments(apa.sentence, rtl)),
  );
}

function exclusions(report: Report): HTMLElement {
  const rows = report.sources.flatMap((l) => l.problems.map((p) => ({ file: l.name, code: p.code, severity: p.severity, count: p.count })));
  return h(
    "section",
    { class: "card", "aria-labelledby": "report-exclusions", "data-section": "exclusions" },
    h("h2", { id: "report-exclusions" }, t("report.exclusions.title")),
    h("p", null, t("report.exclusions.intro")),
    rows.length === 0
      ? h("p", null, t("diag.none"))
      : h(
          "table",
          { class: "data-table exclusions-table" },
          h("thead", null, h("tr", null, [t("ledger.file"), t("report.exclusions.reason"), t("report.exclusions.count")].map((x) => h("th", { scope: "col" }, x)))),
          h(
            "tbody",
            null,
            rows.map((r) =>
              h(
                "tr",
                { "data-code": r.code },
                h("th", { scope: "row" }, h("bdi", null, r.file)),
                h("td", null, has(`diagname.${r.code}`) ? t(`diagname.${r.code}`) : h("code", { dir: "ltr" }, r.code), " (", t(`diag.severity.${r.severity}`), ")"),
                h("td", { class: "num" }, formatNumber(r.count)),
              ),
            ),
          ),
        ),
  );
}

/** The filtered view the report describes (a reader must never take it for the whole data). */
function viewBox(report: Report): HTMLElement | null {
  const v = report.view;
  if (!v?.active) return null;
  const notes = viewNotes(report);
  return h(
    "section",
    { class: "card", "aria-labelledby": "report-view", "data-section": "view" },
    h("h2", { id: "report-view" }, t("filter.report.title")),
    h("p", null, t("filter.active", { list: filterPhrases(v.filter).join(" · ") })),
    notes.length > 0 ? h("ul", null, notes.map((n) => h("li", null, n))) : null,
  );
}

/** The Methods view's sections, as part of the report (its heading level one down, no back button). */
function methodsBox(report: Report): HTMLElement {
  const m = renderMethods(report, () => undefined);
  m.querySelector("[data-action=back-dashboard]")?.remove();
  const h1 = m.querySelector("h1");
  if (h1) {
    const h2 = h("h2", { id: "report-methods-title" }, h1.textContent ?? "");
    h1.replaceWith(h2);
  }
  // The report holds one methods box; its ids must not clash with the toolbar's.
  for (const el of m.querySelectorAll<HTMLElement>("[id]")) el.id = `report-${el.id}`;
  for (const el of m.querySelectorAll<HTMLElement>("[aria-labelledby]")) {
    el.setAttribute("aria-labelledby", (el.getAttribute("aria-labelledby") ?? "").split(" ").map((x) => `report-${x.replace(/^report-/, "")}`).join(" "));
  }
  m.removeAttribute("data-screen");
  m.classList.add("report-methods");
  m.setAttribute("aria-labelledby", "report-methods-title");
  m.setAttribute("data-report-section", "methods");
  return m;
}

function monthlyFigure(report: Report, l: Lang): HTMLElement {
  const cells = report.monthlyActive;
  const k = report.definitions.suppressionThreshold;
  const box = h("div", { class: "chart-plot", "data-chart": "report-monthly" }, h("p", { class: "chart-loading" }, t("chart.loading")));
  const fig = h(
    "figure",
    { class: "chart report-figure", "aria-labelledby": "report-chart-monthly" },
    h("figcaption", null, h("h3", { id: "report-chart-monthly" }, t("chart.title")), h("p", { class: "chart-caption" }, t("chart.caption", { n: formatNumber(cells.length), k: formatNumber(k) }))),
    box,
  );
  const points = cells.map((c) => ({ month: c.month, value: publishedValue(c.volunteers), partial: c.partial }));
  const shown = points.filter((p) => p.value !== null).map((p) => p.value as number);
  const summary =
    shown.length && cells[0] && cells[cells.length - 1]
      ? t("chart.summary", {
          first: formatMonth(cells[0].month),
          last: formatMonth((cells[cells.length - 1] as (typeof cells)[number]).month),
          min: formatNumber(Math.min(...shown)),
          max: formatNumber(Math.max(...shown)),
          lastValue: "–",
        })
      : t("chart.summary.empty");
  void import("./chart.js")
    .then(({ renderChart }) =>
      inLang(l, () => {
        const tick = new Intl.DateTimeFormat(locale(), { month: "short", year: "2-digit", timeZone: "UTC" });
        box.replaceChildren(
          renderChart(points, { rtl: dir() === "rtl", width: 640, xLabel: t("chart.x"), yLabel: t("chart.y"), summary, formatNumber: (n) => formatNumber(n), formatMonth: (d) => tick.format(d) }),
        );
      }),
    )
    .catch(() => box.replaceChildren(h("p", { class: "chart-failed" }, inLang(l, () => t("chart.failed")))));
  return fig;
}

type ChangeLike = Parameters<typeof pairedGroup>[0];

function pairedFigure(report: Report, l: Lang): HTMLElement | null {
  const sec = report.loneliness as unknown as { change?: ChangeLike | null; comparisonChange?: ChangeLike | null; instruments: { name: string; analysed: boolean }[] } | null;
  if (!sec?.change) return null;
  const groups = [sec.change, sec.comparisonChange].filter((c): c is ChangeLike => !!c).map((c) => pairedGroup(c)).filter((g) => g !== null);
  if (groups.length === 0) return null;
  const name = sec.instruments.find((i) => i.analysed)?.name ?? "";
  const box = h("div", { class: "chart-plot", "data-chart": "report-paired" });
  const groupName = (g: string): string => (has(`lon.group.${g}`) ? t(`lon.group.${g}`) : g);
  const waves: [string, string] = [has("lon.wave.pre") ? t("lon.wave.pre") : "pre", has("lon.wave.post") ? t("lon.wave.post") : "post"];
  const pts = groups.flatMap((g) => [
    { group: groupName(g.group), wave: waves[0], order: 0, mean: g.before, lower: g.halfBefore === null ? null : g.before - g.halfBefore, upper: g.halfBefore === null ? null : g.before + g.halfBefore },
    { group: groupName(g.group), wave: waves[1], order: 1, mean: g.after, lower: g.halfAfter === null ? null : g.after - g.halfAfter, upper: g.halfAfter === null ? null : g.after + g.halfAfter },
  ]);
  const title = t("lon.paired.title", { name });
  void import("./chart.js")
    .then(({ renderPairedChart }) =>
      inLang(l, () => box.replaceChildren(renderPairedChart(pts, { rtl: dir() === "rtl", width: 560, yLabel: t("lon.paired.y", { name }), summary: title, formatNumber: (n) => formatNumber(n, 1), waves }))),
    )
    .catch(() => undefined);
  return h(
    "figure",
    { class: "chart report-figure", "aria-labelledby": "report-chart-paired" },
    h("figcaption", null, h("h3", { id: "report-chart-paired" }, title), h("p", { class: "chart-caption" }, t("lon.paired.caption"))),
    box,
  );
}

/** The report document in language `l`. */
function reportDocument(report: Report, l: Lang, municipality: string): HTMLElement {
  return inLang(l, () => {
    const s = report.summary;
    const figuresBox = h("div", { class: "report-figures", "data-report-figures": "loading" }, h("p", null, t("report.loading")));
    const doc = h(
      "article",
      { class: "report-doc", lang: l, dir: dir(), "data-report-doc": l, "aria-labelledby": "report-doc-title" },
      h(
        "header",
        { class: "report-head" },
        h("h2", { id: "report-doc-title", class: "report-title" }, t("report.title")),
        municipality ? h("p", { class: "report-municipality", "data-report-municipality": "" }, h("bdi", null, municipality)) : null,
        h(
          "p",
          { class: "report-meta" },
          s.firstDate && s.lastDate ? t("dash.period", { from: formatDate(s.firstDate), to: formatDate(s.lastDate) }) : "",
          " · ",
          t("dash.asOf", { date: formatDate(report.asOf) }),
        ),
        report.view?.active ? h("p", { class: "report-view-line", "data-report-view": "" }, t("filter.active", { list: filterPhrases(report.view.filter).join(" · ") })) : null,
        report.sampleData ? h("p", { class: "sample-banner", "data-sample-data": "" }, h("strong", { class: "sample-badge" }, t("dash.sample")), " ", t("dash.sample.note")) : null,
      ),
      h("section", { class: "report-section", "aria-labelledby": "report-summary" }, h("h2", { id: "report-summary" }, t("report.summary")), kpiTable(report, 1)),
      h("section", { class: "report-section", "aria-labelledby": "report-charts" }, h("h2", { id: "report-charts" }, t("report.charts")), monthlyFigure(report, l), pairedFigure(report, l)),
      h("section", { class: "report-section", "aria-labelledby": "report-indicators" }, h("h2", { id: "report-indicators" }, t("report.indicators")), figuresBox),
      (() => {
        const apa = lonelinessApa(report, 3);
        return apa ? h("section", { class: "report-section", "aria-labelledby": "report-loneliness" }, h("h2", { id: "report-loneliness" }, t("report.loneliness")), apa) : null;
      })(),
      h("section", { class: "report-section methods-box", "aria-label": t("methods.title") }, viewBox(report), exclusions(report), methodsBox(report)),
      h(
        "footer",
        { class: "report-foot" },
        t("report.generated", { version: report.madadVersion, date: formatDate(todayIso()) }),
      ),
    );
    reportFigures(report)
      .then((rows) =>
        inLang(l, () => {
          figuresBox.replaceChildren(figuresTable(report, rows, 2));
          figuresBox.dataset.reportFigures = "ready";
        }),
      )
      .catch(() =>
        inLang(l, () => {
          figuresBox.replaceChildren(h("p", { class: "chart-failed" }, t("report.figuresFailed")));
          figuresBox.dataset.reportFigures = "failed";
        }),
      );
    return doc;
  });
}

export interface ReportViewHandlers {
  onBack: () => void;
  announce: (s: string) => void;
}

/** The Report screen: a toolbar (interface language) and the report document (report language). */
export function renderReportView(report: Report, on: ReportViewHandlers): HTMLElement {
  let municipality = "";
  const holder = h("div", { class: "report-holder" });
  const draw = (): void => holder.replaceChildren(reportDocument(report, reportLang(), municipality));
  const select = h(
    "select",
    { id: "report-view-lang", "data-report-lang": "" },
    (Object.keys(LANGS) as Lang[]).map((l) => h("option", { value: l, lang: l, selected: l === reportLang() }, LANGS[l].name)),
  );
  select.addEventListener("change", () => {
    if (!isLang(select.value)) return;
    reportLangChoice.lang = select.value;
    draw();
    on.announce(t("report.langChanged", { lang: LANGS[select.value].name }));
  });
  const name = h("input", { type: "text", id: "report-municipality", autocomplete: "organization" });
  name.addEventListener("change", () => {
    municipality = name.value.trim();
    draw();
  });
  const status = h("p", { class: "export-status", role: "status" });
  const xlsx = h("button", { type: "button", class: "secondary", "data-action": "export-xlsx" }, t("exports.xlsx"));
  xlsx.addEventListener("click", () => {
    saveXlsx(report, reportLang(), municipality ? `${t("report.title")} ${municipality}` : undefined)
      .then((file) => {
        status.replaceChildren(...tNodes("export.done", { file }));
        on.announce(status.textContent ?? "");
      })
      .catch(() => {
        status.replaceChildren(...tNodes("export.failed", { code: "export.xlsx_failed" }));
      });
  });
  draw();
  return h(
    "section",
    { class: "report-view", "aria-labelledby": "report-view-title", "data-screen": "report" },
    h(
      "div",
      { class: "report-toolbar card" },
      h("div", { class: "dash-head" }, h("h1", { id: "report-view-title", tabindex: "-1" }, t("report.view.title")), h("button", { type: "button", class: "secondary", "data-action": "back-dashboard", onclick: () => on.onBack() }, t("methods.back"))),
      h("p", null, t("report.view.intro")),
      h(
        "div",
        { class: "report-options" },
        h("div", { class: "field" }, h("label", { for: "report-view-lang" }, t("report.lang")), select),
        h("div", { class: "field" }, h("label", { for: "report-municipality" }, t("report.municipality")), name),
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "primary", "data-action": "print", onclick: () => window.print() }, t("report.print")),
        xlsx,
      ),
      status,
    ),
    holder,
  );
}
