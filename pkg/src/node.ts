// madad for Node ≥ 20: the core is instantiated synchronously from the packaged .wasm bytes
// on first use, so `import { analyzeFiles } from "madad"` works without an `init` call.
import { readFileSync } from "node:fs";
import { initSync, newKeyFile, version as wasmVersion, type KeyFile } from "../wasm/madad_core.js";
import { listWorkbookSheets, runAnalysis, rethrow } from "./engine.js";
import type { AnalyzeOptions, Dataset, MadadInput, OpenOptions, Report, WorkbookSheets } from "./types.js";
import { openLocal } from "./dataset.js";
import type { WorkbookKind, WorkbookModule, XlsModule, XlsxModule } from "./xlsx.js";
import { makeBundleWith, mergeBundlesWith, openBundlesWith, type StatsModule } from "./bundles.js";
import type { Bundle, Merged } from "../wasm-stats/madad_stats.js";
import { exportCsvWith, exportTemplateWith, exportXlsxWith, reportFiguresWith, type CsvCell, type FigureRow, type ReportModule, type TemplateOptions, type XlsxExportOptions } from "./report.js";

let initialised = false;

function ensureInit(): void {
  if (initialised) return;
  try {
    initSync({ module: readFileSync(new URL("../wasm/madad_core_bg.wasm", import.meta.url)) });
  } catch (e) {
    rethrow(e);
  }
  initialised = true;
}

let xlsx: Promise<XlsxModule> | null = null;
let xls: Promise<XlsModule> | null = null;

/**
 * The XLSX/ODS reader (`wasm-xlsx/`), imported and instantiated synchronously from its packaged
 * bytes the first time such a workbook is met; never for CSV files.
 */
function loadXlsx(): Promise<XlsxModule> {
  if (xlsx === null) {
    xlsx = import("../wasm-xlsx/madad_xlsx.js").then((m) => {
      m.initSync({ module: readFileSync(new URL("../wasm-xlsx/madad_xlsx_bg.wasm", import.meta.url)) });
      return m;
    });
    xlsx.catch(() => {
      xlsx = null;
    });
  }
  return xlsx;
}

/** The legacy XLS reader (`wasm-xls/`), loaded the same way the first time an XLS file is met. */
function loadXls(): Promise<XlsModule> {
  if (xls === null) {
    xls = import("../wasm-xls/madad_xls.js").then((m) => {
      m.initSync({ module: readFileSync(new URL("../wasm-xls/madad_xls_bg.wasm", import.meta.url)) });
      return m;
    });
    xls.catch(() => {
      xls = null;
    });
  }
  return xls;
}

/** The reader of a workbook kind: XLSX/ODS (ZIP) or XLS (OLE2). */
function loadWorkbookReader(kind: WorkbookKind): Promise<WorkbookModule> {
  return kind === "ole" ? loadXls() : loadXlsx();
}

/**
 * Loads both spreadsheet readers (XLSX/ODS and XLS) ahead of time (optional: each is loaded
 * when a workbook that needs it is met).
 */
export function initSpreadsheets(): Promise<void> {
  return Promise.all([loadXlsx(), loadXls()]).then(() => undefined);
}

/**
 * Initialises the core. Optional in Node (every call initialises on first use); kept so code
 * shared with the browser entry can `await init()`. Idempotent.
 */
export function init(): Promise<void> {
  try {
    ensureInit();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Analyses files and returns the report. In Node give `{ name, bytes }` (e.g.
 * `{ name: "hours.csv", bytes: await readFile(path) }`); `Blob`s and `File`s work too.
 * Fatal problems reject with a `MadadError`; row-level problems are `report.diagnostics`.
 */
export async function analyzeFiles(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: AnalyzeOptions = {},
): Promise<Report> {
  ensureInit();
  return runAnalysis(files, options, loadWorkbookReader, loadStats);
}

/**
 * The sheets of each workbook (XLSX, XLS, ODS) among `files`, for a sheet picker: name,
 * visibility, kind, whether it has data and which one is read by default. Files that are not
 * workbooks are left out (so a CSV gives `[]` and never loads the spreadsheet reader). Only
 * the workbook's bounded pre-scan runs; no cell is read.
 */
export async function listSheets(files: Iterable<MadadInput> | ArrayLike<MadadInput>): Promise<WorkbookSheets[]> {
  return listWorkbookSheets(files, loadWorkbookReader);
}

/**
 * Reads `files` once, on the calling thread, and returns a {@link Dataset}: its ledger
 * (`details`) and `analyze(options)`, which computes a report from the data held as often as
 * needed (another period, programme start or subgroups) without reading the files again.
 * Progress and cancelling work as for {@link analyzeFiles}. Call `dispose()` when done.
 */
export async function openFiles(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: OpenOptions = {},
): Promise<Dataset> {
  ensureInit();
  return openLocal(files, options, loadWorkbookReader, loadStats);
}

/**
 * A new pseudonymisation key file for the municipality to keep (JSON; save it as a `.json`
 * file): 32 bytes from `crypto.getRandomValues`, or, with a non-empty `passphrase`, a
 * passphrase file (PBKDF2-HMAC-SHA256, 600,000 iterations, a random 16-byte salt) that holds no
 * key and needs the passphrase each time. Same key ⇒ same pseudonyms across files and months;
 * losing it loses every link. Rejects with `MadadError` `key.invalid` for an empty passphrase.
 */
export async function createKeyFile(options: { passphrase?: string | null } = {}): Promise<KeyFile> {
  ensureInit();
  const random = new Uint8Array(32);
  globalThis.crypto.getRandomValues(random);
  try {
    return newKeyFile(random, options.passphrase ?? undefined) as KeyFile;
  } catch (e) {
    return rethrow(e);
  } finally {
    random.fill(0);
  }
}

/** The version of the core. */
export function version(): string {
  ensureInit();
  return wasmVersion();
}

let stats: Promise<StatsModule> | null = null;

/** The statistics module (`wasm-stats/`), instantiated synchronously from its packaged bytes on first use. */
function loadStats(): Promise<StatsModule> {
  if (stats === null) {
    stats = import("../wasm-stats/madad_stats.js").then((m) => {
      m.initSync({ module: readFileSync(new URL("../wasm-stats/madad_stats_bg.wasm", import.meta.url)) });
      return m;
    });
    stats.catch(() => {
      stats = null;
    });
  }
  return stats;
}

/** The aggregate bundle of a report for `municipality`: sealed JSON bytes (see the browser entry). */
export function makeBundle(report: Report, municipality: string): Promise<Uint8Array> {
  return makeBundleWith(loadStats, report, municipality);
}

/** Reads and verifies bundle files (format, version, content hash). */
export function openBundles(files: Iterable<MadadInput> | ArrayLike<MadadInput>): Promise<Bundle[]> {
  return openBundlesWith(loadStats, files);
}

/** The program-wide view of several bundles. */
export function mergeBundles(bundles: Bundle[]): Promise<Merged> {
  return mergeBundlesWith(loadStats, bundles);
}

let reportModule: Promise<ReportModule> | null = null;

/** The report module (`wasm-report/`), instantiated synchronously from its packaged bytes on first use. */
function loadReport(): Promise<ReportModule> {
  if (reportModule === null) {
    reportModule = import("../wasm-report/madad_report.js").then((m) => {
      m.initSync({ module: readFileSync(new URL("../wasm-report/madad_report_bg.wasm", import.meta.url)) });
      return m;
    });
    reportModule.catch(() => {
      reportModule = null;
    });
  }
  return reportModule;
}

/** Loads the report module ahead of time (optional). */
export function initReport(): Promise<void> {
  return loadReport().then(() => undefined);
}

/** The report as an Excel workbook (XLSX bytes) in `options.lang` (see the browser entry). */
export function exportXlsx(report: Report, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  return exportXlsxWith(loadReport, report, options);
}

/**
 * A blank data template (XLSX bytes) for a coordinator starting from scratch: an instructions
 * sheet, one sheet per file Madad reads (hours log, volunteer registry, loneliness survey,
 * population, opportunities) whose headers Madad recognises in `options.lang` (`he` default,
 * `ar`, `en`), drop-down lists (status, department, wave, group), date and number checks, and
 * an editable lists sheet. Right-to-left sheets for Hebrew and Arabic; no data, no author.
 */
export function exportTemplate(options: TemplateOptions = {}): Promise<Uint8Array> {
  return exportTemplateWith(loadReport, options);
}

/**
 * A table as CSV bytes (UTF-8 with BOM, CRLF, formula-safe: a text cell a spreadsheet would run
 * as a formula gets a leading apostrophe), written by the core's CSV writer in the report
 * module. Give numbers as numbers (written plainly), text as shown.
 */
export function exportCsv(rows: CsvCell[][]): Promise<Uint8Array> {
  return exportCsvWith(loadReport, rows);
}

/**
 * Every indicator figure of a report — id, measure, kind, value (or withheld: `<K`), 95% CI,
 * n — as the workbook's Indicators sheet lists them, for laying out a table of one's own.
 */
export function reportFigures(report: Report): Promise<FigureRow[]> {
  return reportFiguresWith(loadReport, report);
}

export { XLSX_MIME, type FigureRow, type CsvCell, type ReportLang, type TemplateOptions, type XlsxExportOptions } from "./report.js";
export { MadadError, type SerializedMadadError } from "./errors.js";
export { todayIso, isWorkbook, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from "./engine.js";
export { MAX_BUNDLE_BYTES } from "./bundles.js";
export type * from "./types.js";
