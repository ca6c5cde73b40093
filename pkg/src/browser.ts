// The browser (and default) core: asynchronous initialisation from the packaged .wasm file.
import initWasm, { newKeyFile, version as wasmVersion, type InitInput, type KeyFile } from "../wasm/madad_core.js";
import { listWorkbookSheets, runAnalysis, rethrow } from "./engine.js";
import type { AnalyzeOptions, Dataset, MadadInput, OpenOptions, Report, WorkbookSheets } from "./types.js";
import { openLocal } from "./dataset.js";
import type { WorkbookKind, WorkbookModule, XlsModule, XlsxModule } from "./xlsx.js";
import { makeBundleWith, mergeBundlesWith, openBundlesWith, type StatsModule } from "./bundles.js";
import type { Bundle, Merged } from "../wasm-stats/madad_stats.js";
import { exportCsvWith, exportTemplateWith, exportXlsxWith, reportFiguresWith, type CsvCell, type FigureRow, type ReportModule, type TemplateOptions, type XlsxExportOptions } from "./report.js";

let ready: Promise<void> | null = null;
let xlsx: Promise<XlsxModule> | null = null;
let xls: Promise<XlsModule> | null = null;
let stats: Promise<StatsModule> | null = null;

/** What {@link init} accepts: a URL of the .wasm file, its bytes, a `Response`, or a compiled module. */
export type WasmSource = InitInput | Promise<InitInput>;

/**
 * Loads the WebAssembly core. Idempotent: later calls return the first call's promise (a
 * failed load may be retried). Without an argument the packaged `wasm/madad_core_bg.wasm` is
 * fetched from next to this module. {@link analyzeFiles} calls it for you.
 */
export function init(input?: WasmSource): Promise<void> {
  if (ready === null) {
    const source = input ?? new URL("../wasm/madad_core_bg.wasm", import.meta.url);
    ready = initWasm({ module_or_path: source }).then(
      () => undefined,
      (e: unknown) => {
        ready = null;
        return rethrow(e);
      },
    );
  }
  return ready;
}

/**
 * Loads the spreadsheet readers: XLSX/ODS (`wasm-xlsx/madad_xlsx*`, about 265 KB gzip) and
 * legacy XLS (`wasm-xls/madad_xls*`, about 215 KB gzip). Never called at start-up: the analysis
 * loads the one it needs when it meets a workbook of that kind (an XLSX never fetches the XLS
 * reader); call this yourself (e.g. in a worker, see `warmUpWorker({ spreadsheets: true })`) to
 * have both in the HTTP cache before going offline. `input` / `xlsInput` locate each module's
 * .wasm file as {@link init}'s argument does. Idempotent; a failed load may be retried.
 */
export function initSpreadsheets(input?: WasmSource, xlsInput?: WasmSource): Promise<void> {
  return Promise.all([loadXlsx(input), loadXls(xlsInput)]).then(() => undefined);
}

function loadXlsx(input?: WasmSource): Promise<XlsxModule> {
  if (xlsx === null) {
    const source = input ?? new URL("../wasm-xlsx/madad_xlsx_bg.wasm", import.meta.url);
    xlsx = import("../wasm-xlsx/madad_xlsx.js").then(async (m) => {
      await m.default({ module_or_path: source });
      return m;
    });
    xlsx.catch(() => {
      xlsx = null;
    });
  }
  return xlsx;
}

function loadXls(input?: WasmSource): Promise<XlsModule> {
  if (xls === null) {
    const source = input ?? new URL("../wasm-xls/madad_xls_bg.wasm", import.meta.url);
    xls = import("../wasm-xls/madad_xls.js").then(async (m) => {
      await m.default({ module_or_path: source });
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
 * The sheets of each workbook (XLSX, XLS, ODS) among `files`, for a sheet picker: name,
 * visibility, kind, whether it has data and which one is read by default. Files that are not
 * workbooks are left out (a CSV gives `[]` and never loads the spreadsheet reader). Only the
 * workbook's bounded pre-scan runs, on this thread; `listSheetsInWorker` runs it in a worker.
 */
export async function listSheets(files: Iterable<MadadInput> | ArrayLike<MadadInput>): Promise<WorkbookSheets[]> {
  return listWorkbookSheets(files, loadWorkbookReader);
}

/**
 * Analyses files on the calling thread and returns the report. Files are read in chunks
 * (`Blob.slice`), never decoded to strings. Fatal problems reject with a `MadadError`;
 * row-level problems are `report.diagnostics`. For large files in a page, prefer
 * `analyzeInWorker`, which keeps the page responsive.
 */
export async function analyzeFiles(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: AnalyzeOptions = {},
): Promise<Report> {
  await init();
  return runAnalysis(files, options, loadWorkbookReader, () => loadStats());
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
  await init();
  return openLocal(files, options, loadWorkbookReader, () => loadStats());
}

/**
 * A new pseudonymisation key file for the municipality to keep (JSON; save it as a `.json`
 * file): 32 bytes from `crypto.getRandomValues`, or, with a non-empty `passphrase`, a
 * passphrase file (PBKDF2-HMAC-SHA256, 600,000 iterations, a random 16-byte salt) that holds no
 * key and needs the passphrase each time. Same key ⇒ same pseudonyms across files and months;
 * losing it loses every link. Rejects with `MadadError` `key.invalid` for an empty passphrase.
 */
export async function createKeyFile(options: { passphrase?: string | null } = {}): Promise<KeyFile> {
  await init();
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

/** The version of the core (throws before {@link init} has finished). */
export function version(): string {
  return wasmVersion();
}

function loadStats(input?: WasmSource): Promise<StatsModule> {
  if (stats === null) {
    const source = input ?? new URL("../wasm-stats/madad_stats_bg.wasm", import.meta.url);
    stats = import("../wasm-stats/madad_stats.js").then(async (m) => {
      await m.default({ module_or_path: source });
      return m;
    });
    stats.catch(() => {
      stats = null;
    });
  }
  return stats;
}

/**
 * Loads the statistics module (`wasm-stats/madad_stats*`: bundles, merging, pooling) ahead of
 * time, e.g. after first paint so it is in the HTTP cache before going offline. Idempotent; the
 * bundle functions load it themselves when needed.
 */
export function initStats(input?: WasmSource): Promise<void> {
  return loadStats(input).then(() => undefined);
}

/**
 * The aggregate bundle of a report for `municipality`: sealed JSON bytes (UTF-8) to save as a
 * `.json` file and send to the program office. It carries only what the report published
 * (suppressed values stay `null`), the definitions, the period and the version; no file name,
 * row or diagnostic.
 */
export function makeBundle(report: Report, municipality: string): Promise<Uint8Array> {
  return makeBundleWith(() => loadStats(), report, municipality);
}

/**
 * Reads bundle files and checks each one's format, version and content hash; rejects with a
 * `MadadError` (`bundle.invalid`, `bundle.format`, `bundle.version`, `bundle.hash_mismatch`)
 * naming the file.
 */
export function openBundles(files: Iterable<MadadInput> | ArrayLike<MadadInput>): Promise<Bundle[]> {
  return openBundlesWith(() => loadStats(), files);
}

/**
 * The program-wide view of several municipalities' bundles: totals that add (with bounds where
 * a municipality suppressed a value), pooled means and moments, random-effects pooled effects
 * (DerSimonian–Laird, with I² and forest-plot rows), values that do not add shown per
 * municipality, and every definition that differs.
 */
export function mergeBundles(bundles: Bundle[]): Promise<Merged> {
  return mergeBundlesWith(() => loadStats(), bundles);
}

let reportModule: Promise<ReportModule> | null = null;

function loadReport(input?: WasmSource): Promise<ReportModule> {
  if (reportModule === null) {
    const source = input ?? new URL("../wasm-report/madad_report_bg.wasm", import.meta.url);
    reportModule = import("../wasm-report/madad_report.js").then(async (m) => {
      await m.default({ module_or_path: source });
      return m;
    });
    reportModule.catch(() => {
      reportModule = null;
    });
  }
  return reportModule;
}

/**
 * Loads the report module (`wasm-report/madad_report*`: the XLSX writer) ahead of time.
 * Optional: {@link exportXlsx} loads it on first use. Idempotent; a failed load may be retried.
 */
export function initReport(input?: WasmSource): Promise<void> {
  return loadReport(input).then(() => undefined);
}

/**
 * The report as an Excel workbook (XLSX bytes): Summary, APA tables, Indicators (values with
 * 95% CIs and n; withheld values as `<K`), Data dictionary, Excluded rows (counts by reason
 * per file, never the rows), Settings and Suppression audit, in `options.lang` (`he` default,
 * `ar`, `en`), with right-to-left sheets for Hebrew and Arabic. Only what the report published
 * is written; the document metadata carries no user name, file name or path, and its date is
 * the report's as-of date.
 */
export function exportXlsx(report: Report, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  return exportXlsxWith(() => loadReport(), report, options);
}

/**
 * A blank data template (XLSX bytes) for a coordinator starting from scratch: an instructions
 * sheet, one sheet per file Madad reads (hours log, volunteer registry, loneliness survey,
 * population, opportunities) whose headers Madad recognises in `options.lang` (`he` default,
 * `ar`, `en`), drop-down lists (status, department, wave, group), date and number checks, and
 * an editable lists sheet. Right-to-left sheets for Hebrew and Arabic; no data, no author.
 */
export function exportTemplate(options: TemplateOptions = {}): Promise<Uint8Array> {
  return exportTemplateWith(() => loadReport(), options);
}

/**
 * A table as CSV bytes (UTF-8 with BOM, CRLF, formula-safe: a text cell a spreadsheet would run
 * as a formula gets a leading apostrophe), written by the core's CSV writer in the report
 * module. Give numbers as numbers (written plainly), text as shown.
 */
export function exportCsv(rows: CsvCell[][]): Promise<Uint8Array> {
  return exportCsvWith(() => loadReport(), rows);
}

/**
 * Every indicator figure of a report — id, measure, kind, value (or withheld: `<K`), 95% CI,
 * n — as the workbook's Indicators sheet lists them, for laying out a table of one's own.
 */
export function reportFigures(report: Report): Promise<FigureRow[]> {
  return reportFiguresWith(() => loadReport(), report);
}
