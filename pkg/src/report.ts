// The XLSX report: a workbook of a report in a chosen language (he / ar / en), written by the
// fourth wasm module (`wasm-report/madad_report*`, rust_xlsxwriter). It is loaded on the first
// export only — never at start-up, never by an analysis — so neither the core download nor the
// statistics module pays for the spreadsheet writer. The same Rust code runs in
// `madad analyze --xlsx FILE --lang L`, so both give the same bytes for the same report.
import { MadadError } from "./errors.js";
import { rethrow } from "./engine.js";
import type { Report } from "./types.js";

/** One indicator figure: a row of the workbook's Indicators sheet (`madad_report_xlsx::FigureRow`). */
export interface FigureRow {
  /** Indicator id (`V1`). */
  indicator: string;
  /** Where it is under the indicator's place: field names and element labels joined by ` › `. */
  measure: string;
  /** `share` is 0–1. */
  kind: "count" | "share" | "number";
  /** The value; `null` when withheld or absent. */
  value: number | null;
  /** Withheld by the small-cell rule (shown as `<K`). */
  suppressed: boolean;
  /** 95% CI, when the report gives one. */
  lower: number | null;
  upper: number | null;
  /** The group size behind a proportion; `null` when withheld or not applicable. */
  n: number | null;
  nSuppressed: boolean;
}

/** The report module's JS glue, once initialised. */
export type ReportModule = typeof import("../wasm-report/madad_report.js");
/** Loads (once) and initialises the report module; each entry (browser, Node) has its own. */
export type ReportLoader = () => Promise<ReportModule>;

/** The language of an exported report; independent of the interface language. */
export type ReportLang = "he" | "ar" | "en";

/** Options of `exportXlsx`. */
export interface XlsxExportOptions {
  /** The workbook's language (default `he`); Hebrew and Arabic sheets are right-to-left. */
  lang?: ReportLang;
  /**
   * The document title (its metadata and the summary's first line). A title that looks like a
   * path, a file name or an identifier is replaced by a neutral one.
   */
  title?: string;
}

/** The MIME type of the workbook, for a `Blob`. */
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function exportXlsxWith(load: ReportLoader, report: Report, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  const lang = options.lang ?? "he";
  if (lang !== "he" && lang !== "ar" && lang !== "en") {
    throw new MadadError("options.invalid", { params: { option: "lang", value: String(lang) } });
  }
  const m = await load();
  try {
    return m.reportXlsx(report, JSON.stringify({ lang, title: options.title ?? null }));
  } catch (e) {
    return rethrow(e);
  }
}

/** Options of `exportTemplate`. */
export interface TemplateOptions {
  /** The language of the headers, lists and instructions (default `he`); he and ar sheets are right-to-left. */
  lang?: ReportLang;
}

export async function exportTemplateWith(load: ReportLoader, options: TemplateOptions = {}): Promise<Uint8Array> {
  const lang = options.lang ?? "he";
  if (lang !== "he" && lang !== "ar" && lang !== "en") {
    throw new MadadError("options.invalid", { params: { option: "lang", value: String(lang) } });
  }
  const m = await load();
  try {
    return m.templateXlsx(lang);
  } catch (e) {
    return rethrow(e);
  }
}

/** One table cell for {@link exportCsvWith}: text as shown, or a raw number. */
export type CsvCell = string | number | null;

export async function exportCsvWith(load: ReportLoader, rows: CsvCell[][]): Promise<Uint8Array> {
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r))) {
    throw new MadadError("options.invalid", { params: { option: "rows", value: typeof rows } });
  }
  // Numbers are written plainly (no grouping, `.` decimal point) so a spreadsheet reads them
  // as numbers; a non-finite number has no value.
  const text = rows.map((r) => r.map((c) => (c === null ? "" : typeof c === "number" ? (Number.isFinite(c) ? String(c) : "") : String(c))));
  const m = await load();
  try {
    return m.tableCsv(JSON.stringify(text));
  } catch (e) {
    return rethrow(e);
  }
}

export async function reportFiguresWith(load: ReportLoader, report: Report): Promise<FigureRow[]> {
  const m = await load();
  try {
    return JSON.parse(m.reportFigures(report)) as FigureRow[];
  } catch (e) {
    return rethrow(e);
  }
}
