// The report and option types are generated from the Rust core (tsify); this module only
// re-exports them and adds the types of the JavaScript API around the core.
import type { AnalysisOptions, FileLedger, IngestOptions, MappingProfile, Report } from "../wasm/madad_core.js";

export type {
  ActivityCounts,
  AnalysisOptions,
  ColumnMapping,
  DateExample,
  DateOrder,
  DateOrderDecision,
  Definitions,
  Diagnostic,
  EncodingEvidence,
  FileFormat,
  FileReadOptions,
  FileLedger,
  FileRole,
  FilterLevels,
  GateAction,
  GateDecision,
  IngestOptions,
  KeyFile,
  KeyInput,
  LeftOut,
  MappingProfile,
  MonthCell,
  ProblemCount,
  Progress,
  Published,
  Refusal,
  Report,
  ReportView,
  Severity,
  Status,
  Summary,
  SuppressionNote,
  TextEncoding,
  ViewFilter,
} from "../wasm/madad_core.js";

export type {
  Bundle,
  Combined,
  DefinitionMismatch,
  ForestRow,
  Interval,
  Measure,
  MeasureValue,
  Merged,
  MergedMeasure,
  MergeWarning,
  Moments,
  MunicipalityInfo,
  MunicipalityValue,
  Period,
  RandomEffects,
} from "../wasm-stats/madad_stats.js";

/** A file given as bytes, for Node or for data that is already in memory. */
export interface NamedBytes {
  /** The file name as the user knows it (diagnostics and ledgers name the file by it). */
  name: string;
  /** The file's raw bytes. Never decode a file to a string first: Madad detects the encoding. */
  bytes: Uint8Array;
}

/** A `File`, a `Blob` with a `name`, or bytes with a name. */
export type MadadInput = File | (Blob & { readonly name: string }) | NamedBytes;

/** Progress of one analysis job, reported at least once per chunk. */
export interface AnalysisProgress {
  /** 0-based index of the file being read. */
  fileIndex: number;
  /** Its name. */
  fileName: string;
  /** Bytes of this file read so far. */
  bytes: number;
  /** Size of this file in bytes. */
  totalBytes: number;
  /** Rows of this file tokenised so far. */
  rows: number;
  /** Number of files in the job. */
  fileCount: number;
  /** Bytes of all files read so far. */
  overallBytes: number;
  /** Size of all files in bytes. */
  overallTotalBytes: number;
}

/** Options of `openFiles` and `openInWorker`: how the files are read, once. */
export interface OpenOptions {
  /**
   * How files are read. `asOf` defaults to today's date on the local clock (ISO
   * `YYYY-MM-DD`); pass it explicitly for reproducible reports.
   */
  ingest?: IngestOptions;
  /**
   * The sheet to read of each workbook (XLSX, XLS, ODS), by file name: `{ "hours.xlsx":
   * "2026" }`. Default: the first visible worksheet with data (see `listSheets`). The header
   * row of a sheet is `ingest.headerRow`, as for a CSV.
   */
  sheets?: Record<string, string>;
  /** Bytes per chunk pushed into the core: 1 B to 16 MiB, default 1 MiB (CSV/TSV/TXT files). */
  chunkBytes?: number;
  /** Called after every chunk. */
  onProgress?: (progress: AnalysisProgress) => void;
  /** Cancels the read between chunks; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@link analyzeFiles}: how the files are read, and how they are analysed. */
export interface AnalyzeOptions extends OpenOptions {
  /** How the analysis is done and published (suppression threshold, sample-data flag). */
  analysis?: AnalysisOptions;
  /**
   * Called once, when every file has been read and before the statistics are computed, with
   * what a file-check or column-mapping screen needs: see {@link DatasetDetails}.
   */
  onDataset?: (details: DatasetDetails) => void;
}

export type { SheetEntry, SheetKind, SheetVisibility, WorkbookSheets } from "./xlsx.js";

/**
 * How the files of one job were read (for a file-check, mapping and validation screen). It
 * stays on the user's machine: it holds sample values and rejected rows, which no report does.
 */
export interface DatasetDetails {
  /**
   * One ledger per file, as the report's `sources`, plus `columns[].samples`: up to three
   * values of each column that cannot identify anyone (never of an identifier column).
   */
  ledgers: FileLedger[];
  /**
   * The rejected rows of each file (in the order of `ledgers`) as CSV bytes: UTF-8 with BOM,
   * formula-safe, identifier-like values masked, with the reason of each row; `null` when the
   * file has none.
   */
  excludedRows: (Uint8Array | null)[];
  /** The mapping profile of how each file was read, named after the file (see `applyProfile`). */
  profiles: MappingProfile[];
}

/** Options of one {@link Dataset.analyze} call. */
export interface DatasetAnalyzeOptions {
  /**
   * Rejects the call with the signal's reason. The dataset stays usable: in a worker the
   * running computation finishes unseen; on the calling thread it is checked before it starts.
   */
  signal?: AbortSignal;
}

/**
 * Files read once, analysed as often as needed: from `openFiles` (this thread) or
 * `openInWorker` (a dedicated worker holds the data). The files are parsed, checked and
 * mapped once; each {@link Dataset.analyze} computes a report with other analysis options (a
 * period, a programme start, subgroups, a threshold) from the dataset held. Call
 * {@link Dataset.dispose} when done: afterwards every method rejects with a `MadadError`
 * whose code is `dataset.disposed`.
 */
export interface Dataset {
  /**
   * How the files were read: ledgers (rows read, used, excluded with reasons, the column
   * mapping, samples), the rejected rows as CSV and the mapping profiles. A snapshot taken when
   * the files were read; it stays on the user's machine.
   */
  readonly details: DatasetDetails;
  /** Whether {@link Dataset.dispose} was called (or the worker holding the data stopped). */
  readonly disposed: boolean;
  /** The report of the dataset under `analysis` (defaults as `analyzeFiles`). */
  analyze(analysis?: AnalysisOptions, options?: DatasetAnalyzeOptions): Promise<Report>;
  /**
   * The rejected rows of file `index` (the order of `details.ledgers`) as CSV bytes (UTF-8 with
   * BOM, formula-safe, identifier-like values masked, with each row's reason); `null` when the
   * file has none. Rejects with `options.invalid` for an index beyond the files read.
   */
  excludedRowsCsv(index: number): Promise<Uint8Array | null>;
  /**
   * Frees the data: a worker dataset terminates its worker (all its memory is returned); a
   * dataset on this thread drops its bytes. Idempotent. Calls still running reject with
   * `dataset.disposed`.
   */
  dispose(): Promise<void>;
}
