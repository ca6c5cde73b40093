// The message protocol between `analyzeInWorker` and the worker (`madad/worker`).
import type { SerializedMadadError } from "./errors.js";
import type { AnalysisOptions, AnalysisProgress, DatasetDetails, IngestOptions, MadadInput, Report, WorkbookSheets } from "./types.js";

/**
 * Starts one analysis job. `module` and `statsModule` (optional) are the compiled core and
 * statistics modules, so the worker need not fetch them.
 */
export interface AnalyzeRequest {
  type: "analyze";
  files: MadadInput[];
  ingest?: IngestOptions;
  analysis?: AnalysisOptions;
  /** The sheet to read of each workbook, by file name. */
  sheets?: Record<string, string>;
  chunkBytes?: number;
  module?: WebAssembly.Module;
  statsModule?: WebAssembly.Module;
  /** Also answer `dataset` (ledgers with samples, rejected rows, profiles) before the result. */
  details?: boolean;
}

/**
 * Loads and compiles the core and the statistics module (and, with `spreadsheets`, both
 * spreadsheet readers: XLSX/ODS and XLS), then answers
 * `ready` (fills the HTTP cache before going offline).
 */
export interface WarmUpRequest {
  type: "warmup";
  module?: WebAssembly.Module;
  statsModule?: WebAssembly.Module;
  spreadsheets?: boolean;
}

/** Lists the sheets of the workbooks among `files` (pre-scan only); answers `sheets`. */
export interface SheetsRequest {
  type: "sheets";
  files: MadadInput[];
}

/**
 * Reads `files` into the dataset this worker holds (replacing any earlier one); streams
 * `progress`, then answers `opened` with the dataset's details.
 */
export interface OpenRequest {
  type: "open";
  files: MadadInput[];
  ingest?: IngestOptions;
  sheets?: Record<string, string>;
  chunkBytes?: number;
  module?: WebAssembly.Module;
  statsModule?: WebAssembly.Module;
}

/** Analyses the dataset this worker holds; answers `report` (or `error`) with the same `id`. */
export interface DatasetAnalyzeRequest {
  type: "analyzeDataset";
  id: number;
  analysis?: AnalysisOptions;
}

export type WorkerRequest = AnalyzeRequest | WarmUpRequest | SheetsRequest | OpenRequest | DatasetAnalyzeRequest;

export type ProgressMessage = { type: "progress" } & AnalysisProgress;
export interface ResultMessage {
  type: "result";
  report: Report;
}
export interface ErrorMessage {
  type: "error";
  error: SerializedMadadError;
  /** The `id` of the `analyzeDataset` request that failed; absent for every other request. */
  id?: number;
}
export interface OpenedMessage {
  type: "opened";
  details: DatasetDetails;
}
export interface ReportMessage {
  type: "report";
  id: number;
  report: Report;
}
export type DatasetMessage = { type: "dataset" } & DatasetDetails;
export interface ReadyMessage {
  type: "ready";
  version: string;
}
export interface SheetsMessage {
  type: "sheets";
  workbooks: WorkbookSheets[];
}

export type WorkerResponse =
  | ProgressMessage
  | DatasetMessage
  | ResultMessage
  | ErrorMessage
  | ReadyMessage
  | SheetsMessage
  | OpenedMessage
  | ReportMessage;
