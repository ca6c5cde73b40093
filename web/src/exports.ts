// Downloads from what is on the screen: each chart as SVG and PNG, each data table as CSV, and
// the report as an Excel workbook. Nothing is sent anywhere: files are made in the tab (CSV and
// XLSX by the `madad` package's report module, loaded on the first export) and saved through a
// blob: link. A chart's SVG is the drawn one — the same suppressed geometry (withheld points
// are gaps, withheld bars are labels) — serialised with its styles inline; the PNG is that SVG
// drawn on a canvas at twice its size.
import { MadadError, XLSX_MIME, exportCsv, exportTemplate, exportXlsx, initReport, type CsvCell, type Report } from "madad";
import { h } from "./dom.js";
import { LANGS, isLang, lang, locale, t, tNodes, type Lang } from "./i18n.js";

/** Event a report-export control dispatches to open the printable report view. */
export const OPEN_REPORT_EVENT = "madad-open-report";

/** The language of the printable report and the workbook, kept across screens. */
export const reportLangChoice: { lang: Lang | null } = { lang: null };

export function reportLang(): Lang {
  return reportLangChoice.lang ?? lang();
}

/** A file name from a title: no path separators or characters Windows refuses. */
export function safeFileName(title: string, ext: string): string {
  const base = title
    .replace(/[\u2066-\u2069\u200e\u200f]/g, "")
    .trim()
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^\.+/, "_")
    .slice(0, 80);
  return `${base || "madad"}.${ext}`;
}

/** Saves bytes as a file through a temporary blob: link. */
export function saveFile(data: BlobPart, file: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h("a", { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function errorCode(err: unknown): string {
  return err instanceof MadadError ? err.code : "internal.unexpected";
}

// ---------------------------------------------------------------- charts

/** Styles the page's stylesheet gives a chart, written into the exported SVG. */
const SVG_STYLE =
  "svg{color:#1f2937;background:#fff;direction:ltr}" +
  "text,tspan{white-space:pre;font-family:system-ui,'Noto Sans Hebrew','Noto Sans Arabic',Arial,sans-serif;font-size:12px}";

/**
 * A chart's SVG as a standalone document: namespaces, a white background and the styles above.
 * Built as text from the drawn element (no DOM is created, so no inline style meets the CSP).
 */
export function standaloneSvg(svg: SVGSVGElement, title: string): { text: string; width: number; height: number } {
  const box = svg.viewBox?.baseVal;
  const width = Math.round(Number(svg.getAttribute("width")) || box?.width || svg.clientWidth || 640);
  const height = Math.round(Number(svg.getAttribute("height")) || box?.height || svg.clientHeight || 360);
  let text = new XMLSerializer().serializeToString(svg);
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const open = /^<svg\b[^>]*>/.exec(text)?.[0] ?? "<svg>";
  let head = open;
  if (!/\sxmlns=/.test(head)) head = head.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
  if (!/\swidth=/.test(head)) head = head.replace("<svg", `<svg width="${width}"`);
  if (!/\sheight=/.test(head)) head = head.replace("<svg", `<svg height="${height}"`);
  text =
    head +
    `<title>${esc(title)}</title><style>${SVG_STYLE}</style><rect width="100%" height="100%" fill="#fff"/>` +
    text.slice(open.length);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`, width, height };
}

/** The PNG of a standalone SVG, drawn at `scale` × its size on a white canvas. */
export async function svgToPng(svg: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.decoding = "async";
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d canvas");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function figureTitle(el: Element): string {
  for (const sel of ["figcaption h2, figcaption h3, figcaption h4", "h2, h3, h4", "figcaption"]) {
    const text = el.querySelector(sel)?.textContent?.trim();
    if (text) return text;
  }
  return t("app.name");
}

function chartSvg(figure: Element): SVGSVGElement | null {
  return figure.querySelector<SVGSVGElement>("svg.madad-plot, .chart-plot svg, svg[role=img]");
}

function figureButtons(figure: HTMLElement, announce: (s: string) => void): HTMLElement {
  const status = (key: string, vars: Record<string, string>): void => announce(t(key, vars));
  const save = (kind: "svg" | "png"): void => {
    const svg = chartSvg(figure);
    if (!svg) return;
    const title = figureTitle(figure);
    const doc = standaloneSvg(svg, title);
    const file = safeFileName(title, kind);
    if (kind === "svg") {
      saveFile(doc.text, file, "image/svg+xml");
      status("export.done", { file });
      return;
    }
    svgToPng(doc)
      .then((png) => {
        saveFile(png, file, "image/png");
        status("export.done", { file });
      })
      .catch(() => status("export.failed", { code: "export.png_failed" }));
  };
  const title = figureTitle(figure);
  return h(
    "div",
    { class: "figure-exports", "data-figure-exports": "" },
    h("button", { type: "button", class: "secondary small", "data-action": "export-svg", "aria-label": t("exports.svgLabel", { title }), onclick: () => save("svg") }, t("exports.svg")),
    h("button", { type: "button", class: "secondary small", "data-action": "export-png", "aria-label": t("exports.pngLabel", { title }), onclick: () => save("png") }, t("exports.png")),
  );
}

// ---------------------------------------------------------------- tables

/** The decimal and group separators of the active locale, and its digits. */
function numberSyntax(): { group: string; decimal: string; digits: string[] } {
  const parts = new Intl.NumberFormat(locale()).formatToParts(12345.6);
  const digits = new Intl.NumberFormat(locale(), { useGrouping: false }).format(9876543210).split("").reverse();
  return {
    group: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    digits,
  };
}

/**
 * A table cell as CSV: its raw `data-value` when it has one; a number cell shown in the
 * active locale ("1,234.5", "−3") read back as a number; anything else ("<10", "12.5%",
 * "5.39 (1.61)") as the text shown, without bidi isolates.
 */
export function cellValue(cell: HTMLTableCellElement, syntax = numberSyntax()): CsvCell {
  const raw = cell.dataset.value;
  if (raw !== undefined && raw !== "" && Number.isFinite(Number(raw))) return Number(raw);
  const text = (cell.textContent ?? "").replace(/[\u2066-\u2069\u200e\u200f\u061c]/g, "").trim();
  if (cell.classList.contains("num")) {
    let s = text.split(syntax.group).join("").replace(/\u2212/g, "-");
    s = s.split(syntax.decimal).join(".");
    s = s.replace(/./g, (c) => {
      const d = syntax.digits.indexOf(c);
      return d >= 0 ? String(d) : c;
    });
    if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  }
  return text;
}

export function tableRows(table: HTMLTableElement): CsvCell[][] {
  const syntax = numberSyntax();
  return [...table.rows].map((r) => [...r.cells].map((c) => cellValue(c, syntax)));
}

function tableTitle(table: HTMLTableElement): string {
  const cap = table.caption?.textContent?.trim();
  if (cap) return cap;
  const apa = table.closest(".apa")?.querySelector(".apa-title")?.textContent?.trim();
  if (apa) return apa;
  const labelled = table.closest("[aria-labelledby]")?.getAttribute("aria-labelledby");
  const byId = labelled ? document.getElementById(labelled.split(" ")[0] ?? "")?.textContent?.trim() : null;
  if (byId) return byId;
  return (table.closest("section, figure")?.querySelector("h1, h2, h3, h4")?.textContent ?? t("app.name")).trim();
}

function tableButton(table: HTMLTableElement, announce: (s: string) => void): HTMLElement {
  const title = tableTitle(table);
  return h(
    "div",
    { class: "table-exports", "data-table-exports": "" },
    h(
      "button",
      {
        type: "button",
        class: "secondary small",
        "data-action": "export-csv",
        "aria-label": t("exports.csvLabel", { title }),
        onclick: () => {
          const file = safeFileName(tableTitle(table), "csv");
          exportCsv(tableRows(table))
            .then((bytes) => {
              saveFile(bytes as BlobPart, file, "text/csv;charset=utf-8");
              announce(t("export.done", { file }));
            })
            .catch((err: unknown) => announce(t("export.failed", { code: errorCode(err) })));
        },
      },
      t("exports.csv"),
    ),
  );
}

/** Adds the download buttons to the figures and tables under `root` that lack them. */
export function addExportButtons(root: ParentNode, announce: (s: string) => void): void {
  for (const figure of root.querySelectorAll<HTMLElement>("figure")) {
    if (figure.querySelector("[data-figure-exports]") || !chartSvg(figure)) continue;
    // Beside "show as table" when the figure has that row, else at its end.
    const row = [...figure.querySelectorAll<HTMLElement>(".chart-actions")].find((el) => el.closest("figure") === figure);
    (row ?? figure).append(figureButtons(figure, announce));
  }
  for (const table of root.querySelectorAll<HTMLTableElement>("table.data-table, table.apa-table")) {
    const anchor = table.closest<HTMLElement>(".table-scroll") ?? table;
    const next = anchor.nextElementSibling;
    if (next?.hasAttribute("data-table-exports") || table.rows.length < 2) continue;
    anchor.after(tableButton(table, announce));
  }
}

/**
 * Keeps `root`'s figures and tables supplied with download buttons, also for charts drawn
 * later (the chart code loads lazily).
 */
export function watchExports(root: HTMLElement, announce: (s: string) => void): void {
  let queued = false;
  const run = (): void => {
    queued = false;
    addExportButtons(root, announce);
  };
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(run);
  }).observe(root, { childList: true, subtree: true });
}

// ---------------------------------------------------------------- report exports

/** The report's file stem: "madad-report-2025-12-31-he". */
export function reportFileStem(report: Report, l: Lang): string {
  return `madad-report-${report.asOf ?? report.summary.lastDate ?? "undated"}-${l}`;
}

/** Saves the workbook of `report` in language `l`. */
export async function saveXlsx(report: Report, l: Lang, title?: string): Promise<string> {
  const bytes = await exportXlsx(report, title ? { lang: l, title } : { lang: l });
  const file = `${reportFileStem(report, l)}.xlsx`;
  saveFile(bytes as BlobPart, file, XLSX_MIME);
  return file;
}

/** Saves the blank data template in language `l` (headers Madad recognises in `l`). */
export async function saveTemplate(l: Lang): Promise<string> {
  const bytes = await exportTemplate({ lang: l });
  const file = `madad-template-${l}.xlsx`;
  saveFile(bytes as BlobPart, file, XLSX_MIME);
  return file;
}

let prefetched = false;

/**
 * Fetches the report module (the XLSX and CSV writer, about 330 KB gzip) when the browser is
 * idle after a report is first shown, so that exports keep working if the connection drops
 * later. Only while online: offline, the first export loads it (and says so if it cannot).
 */
function prefetchReportModule(): void {
  if (prefetched || !navigator.onLine) return;
  prefetched = true;
  const go = (): void => {
    initReport().catch(() => {
      prefetched = false;
    });
  };
  if (typeof requestIdleCallback === "function") requestIdleCallback(go, { timeout: 5000 });
  else setTimeout(go, 1000);
}

/**
 * The dashboard's report controls: the report language (independent of the interface
 * language), "Download Excel (XLSX)" and "Printable report / PDF".
 */
export function reportExports(report: Report, announce: (s: string) => void): HTMLElement {
  prefetchReportModule();
  const select = h(
    "select",
    { id: "report-lang", "data-report-lang": "" },
    (Object.keys(LANGS) as Lang[]).map((l) => h("option", { value: l, lang: l, selected: l === reportLang() }, LANGS[l].name)),
  );
  select.addEventListener("change", () => {
    if (isLang(select.value)) reportLangChoice.lang = select.value;
  });
  const status = h("p", { class: "export-status", role: "status" });
  const xlsx = h("button", { type: "button", class: "primary", "data-action": "export-xlsx" }, t("exports.xlsx"));
  xlsx.addEventListener("click", () => {
    xlsx.disabled = true;
    status.textContent = t("exports.working");
    saveXlsx(report, reportLang())
      .then((file) => {
        status.replaceChildren(...tNodes("export.done", { file }));
        announce(status.textContent ?? "");
      })
      .catch((err: unknown) => {
        status.replaceChildren(...tNodes("export.failed", { code: errorCode(err) }));
        announce(status.textContent ?? "");
      })
      .finally(() => {
        xlsx.disabled = false;
      });
  });
  const open = h("button", { type: "button", class: "secondary", "data-action": "open-report" }, t("exports.report"));
  open.addEventListener("click", () => open.dispatchEvent(new CustomEvent(OPEN_REPORT_EVENT, { bubbles: true })));
  return h(
    "section",
    { class: "export card report-exports", "aria-labelledby": "report-exports-title", "data-section": "report-exports" },
    h("h3", { id: "report-exports-title" }, t("exports.title")),
    h("p", { id: "report-exports-hint" }, t("exports.intro")),
    h("div", { class: "field" }, h("label", { for: "report-lang" }, t("report.lang")), select),
    h("div", { class: "actions" }, xlsx, open),
    status,
  );
}
