// madad: volunteering files → indicators, on the user's own machine. Browser / default entry.
export {
  init,
  initSpreadsheets,
  initStats,
  analyzeFiles,
  openFiles,
  listSheets,
  makeBundle,
  openBundles,
  mergeBundles,
  initReport,
  exportXlsx,
  exportTemplate,
  exportCsv,
  reportFigures,
  createKeyFile,
  version,
  type WasmSource,
} from "./browser.js";
export { MAX_BUNDLE_BYTES } from "./bundles.js";
export { XLSX_MIME, type FigureRow, type CsvCell, type ReportLang, type TemplateOptions, type XlsxExportOptions } from "./report.js";
export { analyzeInWorker, openInWorker, listSheetsInWorker, warmUpWorker, type WorkerOptions, type OpenInWorkerOptions } from "./client.js";
export { MadadError, type SerializedMadadError } from "./errors.js";
export { todayIso, isWorkbook, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from "./engine.js";
export type * from "./types.js";
export type * from "./protocol.js";
