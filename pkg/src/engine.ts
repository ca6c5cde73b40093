// The analysis loop shared by the browser, Node and worker entries. It assumes the wasm
// module has been initialised by the entry that imports it.
import { DatasetBuilder, type Dataset as CoreDataset, type FileLedger } from "../wasm/madad_core.js";
import { MadadError, toMadadError } from "./errors.js";
import type { AnalyzeOptions, DatasetDetails, MadadInput, NamedBytes, OpenOptions, Report } from "./types.js";
import { ingestWorkbook, prescanSheets, workbookKind, type WorkbookKind, type WorkbookSheets, type XlsxLoader } from "./xlsx.js";
import type { StatsLoader, StatsModule } from "./bundles.js";

/** Default bytes per chunk: a progress event about every 0.1–0.2 s, still cheap per call. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Largest chunk: a file is never held in memory as a whole on the JS side. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/** Today's date on the local clock, ISO `YYYY-MM-DD` (the core never reads a clock). */
export function todayIso(now: Date = new Date()): string {
  const y = String(now.getFullYear()).padStart(4, "0");
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

function isNamedBytes(f: unknown): f is NamedBytes {
  return typeof f === "object" && f !== null && "bytes" in f && (f as NamedBytes).bytes instanceof Uint8Array;
}

function isBlob(f: unknown): f is Blob & { name?: unknown } {
  return typeof Blob === "function" && f instanceof Blob;
}

export interface Source {
  name: string;
  size: number;
  read(start: number, end: number): Promise<Uint8Array> | Uint8Array;
}

export function toSources(files: Iterable<MadadInput> | ArrayLike<MadadInput>): Source[] {
  const list = Array.from(files as ArrayLike<MadadInput>);
  if (list.length === 0) throw new MadadError("input.no_files");
  return list.map((f, index) => {
    if (isNamedBytes(f)) {
      const bytes = f.bytes;
      return { name: String(f.name), size: bytes.byteLength, read: (s, e) => bytes.subarray(s, e) };
    }
    if (isBlob(f)) {
      const name = typeof f.name === "string" && f.name !== "" ? f.name : `file-${index + 1}`;
      return {
        name,
        size: f.size,
        read: async (s, e) => new Uint8Array(await f.slice(s, e).arrayBuffer()),
      };
    }
    throw new MadadError("input.invalid", { params: { index: String(index) } });
  });
}

function checkSheets(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw new MadadError("options.invalid", { params: { option: "sheets", value: String(v) } });
  }
  return v as Record<string, string>;
}

/** A source's workbook container (ZIP: XLSX, ODS; OLE2: XLS) from its first 8 bytes, else `null`. */
export async function workbookKindOf(src: Source): Promise<WorkbookKind | null> {
  if (src.size < 4) return null;
  return workbookKind(await src.read(0, Math.min(8, src.size)));
}

/** Whether a source starts like a workbook (ZIP or OLE2 container), from its first 8 bytes. */
export async function isWorkbookSource(src: Source): Promise<boolean> {
  return (await workbookKindOf(src)) !== null;
}

/**
 * Whether a file is a workbook (XLSX, ODS: a ZIP; XLS: an OLE2 container), from its first 8
 * bytes (never its name). Such files are read by the spreadsheet reader.
 */
export async function isWorkbook(input: MadadInput): Promise<boolean> {
  const [src] = toSources([input]);
  return src !== undefined && isWorkbookSource(src);
}

/**
 * The sheets of each workbook among `files` (in order; files that are not workbooks are left
 * out). Only the pre-scan runs: no cell is read.
 */
export async function listWorkbookSheets(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  loadXlsx: XlsxLoader,
): Promise<WorkbookSheets[]> {
  const out: WorkbookSheets[] = [];
  for (const src of toSources(files)) {
    if (!(await isWorkbookSource(src))) continue;
    out.push(await prescanSheets(loadXlsx, src.name, await src.read(0, src.size)));
  }
  return out;
}

function checkChunkBytes(v: number | undefined): number {
  if (v === undefined) return DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(v) || v < 1 || v > MAX_CHUNK_BYTES) {
    throw new MadadError("options.invalid", { params: { option: "chunkBytes", value: String(v) } });
  }
  return v;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason ?? new DOMException("The analysis was cancelled.", "AbortError");
  }
}

/** The ledgers, rejected rows and mapping profiles of a finished dataset. */
function datasetDetails(dataset: CoreDataset, sources: Source[]): DatasetDetails {
  const ledgers = dataset.ledgers();
  return {
    ledgers,
    excludedRows: ledgers.map((l, i) => (l.rowsRejected > 0 ? (dataset.excludedRowsCsv(i) ?? null) : null)),
    profiles: ledgers.map((l, i) => dataset.mappingProfile(i, sources[i]?.name ?? l.name)),
  };
}

/** Rethrows core errors as `MadadError`; anything else unchanged. */
export function rethrow(e: unknown): never {
  throw toMadadError(e) ?? e;
}

/** What {@link readDataset} returns: the dataset as transfer bytes, and its details when asked. */
export interface ReadDataset {
  /** The dataset as the core hands it to the statistics module (`Dataset.transfer()`). */
  transfer: Uint8Array;
  /** Ledgers, rejected rows and profiles; `null` unless `withDetails`. */
  details: DatasetDetails | null;
  /** The statistics module, loaded while the files were read. */
  stats: Promise<StatsModule>;
}

/**
 * Reads every file in chunks into the core and returns the dataset as transfer bytes (and,
 * with `withDetails`, its ledgers, rejected rows and profiles). The core wasm module must be
 * initialised. The statistics module is loaded (`loadStats`) while the files are read. Every
 * core wasm object is freed before this returns or throws: what stays is plain bytes.
 */
export async function readDataset(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: OpenOptions,
  loadXlsx: XlsxLoader,
  loadStats: StatsLoader,
  withDetails: boolean,
): Promise<ReadDataset> {
  const sources = toSources(files);
  const chunkBytes = checkChunkBytes(options.chunkBytes);
  const sheets = checkSheets(options.sheets);
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const ingest = { ...(options.ingest ?? {}) };
  if (ingest.asOf === undefined || ingest.asOf === null) ingest.asOf = todayIso();

  const overallTotalBytes = sources.reduce((n, s) => n + s.size, 0);
  let overallBytes = 0;
  // Fetch and compile the statistics module while the files are read.
  const stats = loadStats();
  stats.catch(() => undefined);
  let builder: DatasetBuilder | null = null;
  let dataset: CoreDataset | null = null;
  let fileOpen = false;
  try {
    builder = new DatasetBuilder(ingest);
    for (const [fileIndex, src] of sources.entries()) {
      let rows = 0;
      const report = (bytes: number): void => {
        onProgress?.({
          fileIndex,
          fileName: src.name,
          bytes,
          totalBytes: src.size,
          rows,
          fileCount: sources.length,
          overallBytes: overallBytes + bytes,
          overallTotalBytes,
        });
      };
      report(0);
      const workbook = await workbookKindOf(src);
      throwIfAborted(signal);
      let ledger: FileLedger;
      if (workbook !== null) {
        ledger = await ingestWorkbook({
          load: loadXlsx,
          kind: workbook,
          builder,
          file: src.name,
          size: src.size,
          readAll: async () => src.read(0, src.size),
          sheet: Object.hasOwn(sheets, src.name) ? sheets[src.name] : undefined,
          onRows: (r, bytes) => {
            rows = r;
            report(bytes);
          },
          checkAborted: () => throwIfAborted(signal),
          opened: () => {
            fileOpen = true;
          },
        });
        fileOpen = false;
      } else {
        builder.beginFile(src.name);
        fileOpen = true;
        for (let start = 0; start < src.size; start += chunkBytes) {
          const chunk = await src.read(start, Math.min(start + chunkBytes, src.size));
          throwIfAborted(signal);
          const p = builder.push(chunk);
          rows = p.rows;
          report(p.bytes);
        }
        ledger = builder.endFile();
        fileOpen = false;
      }
      // Rows are only counted once the sniffing window (the first MiB) is parsed, so small
      // files report their rows here, at the end.
      rows = Math.max(rows, ledger.rowsTotal);
      report(src.size);
      overallBytes += src.size;
    }
    throwIfAborted(signal);
    const b = builder;
    builder = null; // `finish` consumes the builder (its handle is gone even if it throws)
    dataset = b.finish();
    const details = withDetails ? datasetDetails(dataset, sources) : null;
    const transfer = dataset.transfer();
    dataset.free();
    dataset = null;
    return { transfer, details, stats };
  } catch (e) {
    if (fileOpen && builder !== null) {
      try {
        builder.abortFile();
      } catch {
        // the builder may be unusable after a trap; it is freed below
      }
    }
    return rethrow(e);
  } finally {
    // After a wasm trap the instance may throw again; never let that hide the first error.
    try {
      builder?.free();
      dataset?.free();
    } catch {
      // nothing more can be done: the worker (or page) holding this instance should be ended
    }
  }
}

/**
 * Reads every file (see {@link readDataset}) and returns the report, which the statistics
 * module computes from the transfer bytes.
 */
export async function runAnalysis(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: AnalyzeOptions,
  loadXlsx: XlsxLoader,
  loadStats: StatsLoader,
): Promise<Report> {
  const read = await readDataset(files, options, loadXlsx, loadStats, options.onDataset !== undefined);
  if (options.onDataset && read.details !== null) options.onDataset(read.details);
  return analyzeTransfer(await read.stats, read.transfer, options.analysis);
}

/** The report of a dataset's transfer bytes (the statistics module must be loaded). */
export function analyzeTransfer(stats: StatsModule, transfer: Uint8Array, analysis: AnalyzeOptions["analysis"]): Report {
  try {
    return stats.analyze(transfer, analysis);
  } catch (e) {
    return rethrow(e);
  }
}
