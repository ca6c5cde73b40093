// A dataset read once and analysed many times on the calling thread (`openFiles`); the worker
// holds one of these for `openInWorker`.
import type { AnalysisOptions, Dataset, DatasetAnalyzeOptions, DatasetDetails, MadadInput, OpenOptions, Report } from "./types.js";
import { MadadError } from "./errors.js";
import { analyzeTransfer, readDataset, throwIfAborted } from "./engine.js";
import type { StatsLoader } from "./bundles.js";
import type { XlsxLoader } from "./xlsx.js";

/** The error of every call on a disposed dataset. */
export function disposedError(): MadadError {
  return new MadadError("dataset.disposed");
}

/** The rejected rows of file `index` from the details, or `options.invalid`. */
export function excludedRowsOf(details: DatasetDetails, index: number): Uint8Array | null {
  if (!Number.isInteger(index) || index < 0 || index >= details.excludedRows.length) {
    throw new MadadError("options.invalid", { params: { option: "index", value: String(index) } });
  }
  return details.excludedRows[index] ?? null;
}

/**
 * The dataset as the core's transfer bytes (the core's own wasm objects are freed once the
 * files are read), analysed by the statistics module on each call.
 */
class LocalDataset implements Dataset {
  readonly details: DatasetDetails;
  #transfer: Uint8Array | null;
  readonly #loadStats: StatsLoader;

  constructor(details: DatasetDetails, transfer: Uint8Array, loadStats: StatsLoader) {
    this.details = details;
    this.#transfer = transfer;
    this.#loadStats = loadStats;
  }

  get disposed(): boolean {
    return this.#transfer === null;
  }

  async analyze(analysis?: AnalysisOptions, options: DatasetAnalyzeOptions = {}): Promise<Report> {
    if (this.#transfer === null) throw disposedError();
    throwIfAborted(options.signal);
    const stats = await this.#loadStats();
    // Disposed (or aborted) while the statistics module loaded.
    if (this.#transfer === null) throw disposedError();
    throwIfAborted(options.signal);
    return analyzeTransfer(stats, this.#transfer, analysis);
  }

  async excludedRowsCsv(index: number): Promise<Uint8Array | null> {
    if (this.#transfer === null) throw disposedError();
    return excludedRowsOf(this.details, index);
  }

  async dispose(): Promise<void> {
    this.#transfer = null;
  }
}

/** Reads `files` once into a {@link Dataset} on this thread (the core must be initialised). */
export async function openLocal(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: OpenOptions,
  loadXlsx: XlsxLoader,
  loadStats: StatsLoader,
): Promise<Dataset> {
  const read = await readDataset(files, options, loadXlsx, loadStats, true);
  // `withDetails` was asked for, so the details are there.
  const details = read.details as DatasetDetails;
  return new LocalDataset(details, read.transfer, loadStats);
}
