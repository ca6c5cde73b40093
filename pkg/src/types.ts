// The report and option types are generated from the Rust core (tsify); this module only
// re-exports them and adds the types of the JavaScript API around the core.
import type { AnalysisOptions, FileLedger, IngestOptions, MappingProfile } from "../wasm/madad_core.js";

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

/** Options of {@link analyzeFiles}. */
export interface AnalyzeOptions {
  /**
   * How files are read. `asOf` defaults to today's date on the local clock (ISO
   * `YYYY-MM-DD`); pass it explicitly for reproducible reports.
   */
  ingest?: IngestOptions;
  /** How the analysis is done and published (suppression threshold, sample-data flag). */
  analysis?: AnalysisOptions;
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
  /**
   * Called once, when every file has been read and before the statistics are computed, with
   * what a file-check or column-mapping screen needs: see {@link DatasetDetails}.
   */
  onDataset?: (details: DatasetDetails) => void;
  /** Cancels the job between chunks; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
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
