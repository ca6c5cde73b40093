// Runs one analysis job in a dedicated module Web Worker, so the page never blocks and the
// worker's memory (wasm linear memory never shrinks) is returned when it ends.
import { MadadError, toMadadError } from "./errors.js";
import type { AnalyzeRequest, DatasetAnalyzeRequest, OpenRequest, SheetsRequest, WarmUpRequest, WorkerResponse } from "./protocol.js";
import type {
  AnalysisOptions,
  AnalyzeOptions,
  Dataset,
  DatasetAnalyzeOptions,
  DatasetDetails,
  MadadInput,
  OpenOptions,
  Report,
  WorkbookSheets,
} from "./types.js";
import { todayIso } from "./engine.js";
import { disposedError, excludedRowsOf } from "./dataset.js";

/** Options of {@link analyzeInWorker}. */
export interface WorkerOptions extends AnalyzeOptions {
  /**
   * Makes the worker. Default: the package's own `dist/worker.js` as a module worker. Pass
   * your own when your bundler needs a local entry, e.g.
   * `() => new Worker(new URL("./madad-worker.ts", import.meta.url), { type: "module" })`
   * with `import "madad/worker"` in that file.
   */
  createWorker?: () => Worker;
  /** A compiled core (`WebAssembly.compileStreaming`), so the worker does not fetch the .wasm. */
  module?: WebAssembly.Module;
  /** A compiled statistics module (`wasm-stats/madad_stats_bg.wasm`), likewise. */
  statsModule?: WebAssembly.Module;
}

/** Options of {@link openInWorker}: how the files are read, and how the worker is made. */
export interface OpenInWorkerOptions extends OpenOptions, Pick<WorkerOptions, "createWorker" | "module" | "statsModule"> {}

function defaultWorker(): Worker {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "madad" });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The analysis was cancelled.", "AbortError");
}

function crashed(detail: string, cause?: unknown): MadadError {
  return new MadadError("worker.crashed", { params: { detail }, cause });
}

/**
 * Runs `request` in a fresh worker and settles with its answer. The worker is terminated in
 * every case: on the answer, on error, on a crash, and on abort.
 */
function runJob<T>(
  request: AnalyzeRequest | WarmUpRequest | SheetsRequest,
  createWorker: () => Worker,
  signal: AbortSignal | undefined,
  onMessage: (msg: WorkerResponse, resolve: (v: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let worker: Worker;
    try {
      worker = createWorker();
    } catch (e) {
      reject(crashed(e instanceof Error ? `${e.name}: ${e.message}` : String(e), e));
      return;
    }
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = (): void => finish(() => reject(abortReason(signal as AbortSignal)));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.addEventListener("message", (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      if (msg.type === "error") {
        finish(() => reject(toMadadError(msg.error) ?? crashed(String(msg.error))));
      } else {
        onMessage(msg, (v) => finish(() => resolve(v)));
      }
    });
    worker.addEventListener("error", (event: ErrorEvent) => {
      event.preventDefault();
      finish(() => reject(crashed(event.message || "the worker failed to load or stopped", event.error)));
    });
    worker.addEventListener("messageerror", () => {
      finish(() => reject(crashed("a message from the worker could not be read")));
    });
    try {
      worker.postMessage(request);
    } catch (e) {
      finish(() => reject(crashed(e instanceof Error ? `${e.name}: ${e.message}` : String(e), e)));
    }
  });
}

/**
 * Analyses files in a new module Web Worker (one worker per job) and returns the report.
 * Progress is forwarded to `onProgress` after every chunk. Aborting `signal` terminates the
 * worker at once (its memory is returned) and rejects with the signal's reason. A worker that
 * crashes (a wasm trap, out of memory, a script that fails to load) rejects with a
 * `MadadError` whose code is `worker.crashed`, so the caller can offer a retry; a trap in the
 * spreadsheet reader rejects with `xlsx.crashed` naming the workbook (the file is refused).
 */
export function analyzeInWorker(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: WorkerOptions = {},
): Promise<Report> {
  const list = Array.from(files as ArrayLike<MadadInput>);
  if (list.length === 0) return Promise.reject(new MadadError("input.no_files"));
  const ingest = { ...(options.ingest ?? {}) };
  if (ingest.asOf === undefined || ingest.asOf === null) ingest.asOf = todayIso();
  const request: AnalyzeRequest = {
    type: "analyze",
    files: list,
    ingest,
    analysis: options.analysis,
    sheets: options.sheets,
    chunkBytes: options.chunkBytes,
    module: options.module,
    statsModule: options.statsModule,
    ...(options.onDataset !== undefined ? { details: true } : {}),
  };
  return runJob<Report>(request, options.createWorker ?? defaultWorker, options.signal, (msg, resolve) => {
    if (msg.type === "progress") {
      const { type: _type, ...progress } = msg;
      options.onProgress?.(progress);
    } else if (msg.type === "dataset") {
      const { type: _type, ...details } = msg;
      options.onDataset?.(details);
    } else if (msg.type === "result") {
      resolve(msg.report);
    }
  });
}

/**
 * Starts a worker that only loads and compiles the core and the statistics module, then ends it. Call it after the
 * first paint: the worker script and the .wasm are then in the HTTP cache, so a later
 * {@link analyzeInWorker} also works offline. With `spreadsheets: true` it also loads both
 * spreadsheet readers (XLSX/ODS, about 265 KB gzip, and legacy XLS, about 215 KB gzip;
 * otherwise each is fetched when the first workbook that needs it is read). Resolves with the core's version.
 */
export function warmUpWorker(
  options: Pick<WorkerOptions, "createWorker" | "module" | "statsModule" | "signal"> & { spreadsheets?: boolean } = {},
): Promise<string> {
  const request: WarmUpRequest = {
    type: "warmup",
    module: options.module,
    statsModule: options.statsModule,
    spreadsheets: options.spreadsheets,
  };
  return runJob<string>(request, options.createWorker ?? defaultWorker, options.signal, (msg, resolve) => {
    if (msg.type === "ready") resolve(msg.version);
  });
}

/**
 * {@link listSheets} in a new worker (the pre-scan of a large workbook stays off the page's
 * thread, and a trap in the spreadsheet reader ends only that worker). Resolves with the sheets
 * of each workbook among `files`; CSV files are left out.
 */
export function listSheetsInWorker(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: Pick<WorkerOptions, "createWorker" | "signal"> = {},
): Promise<WorkbookSheets[]> {
  const list = Array.from(files as ArrayLike<MadadInput>);
  if (list.length === 0) return Promise.reject(new MadadError("input.no_files"));
  const request: SheetsRequest = { type: "sheets", files: list };
  return runJob<WorkbookSheets[]>(request, options.createWorker ?? defaultWorker, options.signal, (msg, resolve) => {
    if (msg.type === "sheets") resolve(msg.workbooks);
  });
}

interface Pending {
  resolve: (report: Report) => void;
  reject: (e: unknown) => void;
}

/** A dataset held by a dedicated worker; every call is a message to it. */
class WorkerDataset implements Dataset {
  readonly details: DatasetDetails;
  #worker: Worker | null;
  /** Why the worker is gone (`dataset.disposed`, or `worker.crashed` after a crash). */
  #gone: MadadError | null = null;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor(worker: Worker, details: DatasetDetails) {
    this.#worker = worker;
    this.details = details;
  }

  get disposed(): boolean {
    return this.#worker === null;
  }

  /** Routes a message of the worker that answers an `analyzeDataset` request. */
  receive(msg: WorkerResponse): void {
    if ((msg.type === "report" || msg.type === "error") && msg.id !== undefined) {
      const p = this.#pending.get(msg.id);
      if (p === undefined) return; // aborted: the answer is not wanted any more
      this.#pending.delete(msg.id);
      if (msg.type === "report") p.resolve(msg.report);
      else p.reject(toMadadError(msg.error) ?? crashed(String(msg.error)));
    }
  }

  /** Ends the worker and rejects every call still waiting with `reason`. */
  end(reason: MadadError): void {
    if (this.#worker === null) return;
    this.#worker.terminate();
    this.#worker = null;
    this.#gone = reason;
    for (const p of this.#pending.values()) p.reject(reason);
    this.#pending.clear();
  }

  analyze(analysis?: AnalysisOptions, options: DatasetAnalyzeOptions = {}): Promise<Report> {
    const worker = this.#worker;
    if (worker === null) return Promise.reject(this.#gone ?? disposedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const id = this.#next++;
    return new Promise<Report>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#pending.delete(id)) reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = (): void => signal?.removeEventListener("abort", onAbort);
      this.#pending.set(id, {
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      const request: DatasetAnalyzeRequest = { type: "analyzeDataset", id, analysis };
      try {
        worker.postMessage(request);
      } catch (e) {
        this.#pending.delete(id);
        done();
        reject(crashed(e instanceof Error ? `${e.name}: ${e.message}` : String(e), e));
      }
    });
  }

  async excludedRowsCsv(index: number): Promise<Uint8Array | null> {
    if (this.#worker === null) throw this.#gone ?? disposedError();
    return excludedRowsOf(this.details, index);
  }

  async dispose(): Promise<void> {
    this.end(disposedError());
  }
}

/**
 * Reads `files` once in a new dedicated module Web Worker and returns a {@link Dataset} whose
 * data stays in that worker: `analyze(options)` computes a report there as often as needed
 * (another period, programme start or subgroups) without reading the files again, and
 * `dispose()` terminates the worker, returning all its memory. Progress and cancelling work as
 * for {@link analyzeInWorker} while the files are read (aborting `signal` then terminates the
 * worker; later it has no effect). A worker that crashes rejects the waiting calls, and every
 * later one, with `worker.crashed`.
 */
export function openInWorker(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: OpenInWorkerOptions = {},
): Promise<Dataset> {
  const list = Array.from(files as ArrayLike<MadadInput>);
  if (list.length === 0) return Promise.reject(new MadadError("input.no_files"));
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const ingest = { ...(options.ingest ?? {}) };
  if (ingest.asOf === undefined || ingest.asOf === null) ingest.asOf = todayIso();
  const request: OpenRequest = {
    type: "open",
    files: list,
    ingest,
    sheets: options.sheets,
    chunkBytes: options.chunkBytes,
    module: options.module,
    statsModule: options.statsModule,
  };
  return new Promise<Dataset>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = (options.createWorker ?? defaultWorker)();
    } catch (e) {
      reject(crashed(e instanceof Error ? `${e.name}: ${e.message}` : String(e), e));
      return;
    }
    let dataset: WorkerDataset | null = null;
    let opening = true;
    const failOpen = (e: unknown): void => {
      if (!opening) return;
      opening = false;
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
      reject(e);
    };
    const onAbort = (): void => failOpen(abortReason(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    const fail = (e: MadadError): void => {
      if (opening) failOpen(e);
      else dataset?.end(e);
    };
    worker.addEventListener("message", (event: MessageEvent<WorkerResponse>) => {
      const msg = event.data;
      if (!opening) {
        dataset?.receive(msg);
      } else if (msg.type === "progress") {
        const { type: _type, ...progress } = msg;
        options.onProgress?.(progress);
      } else if (msg.type === "opened") {
        opening = false;
        signal?.removeEventListener("abort", onAbort);
        dataset = new WorkerDataset(worker, msg.details);
        resolve(dataset);
      } else if (msg.type === "error") {
        failOpen(toMadadError(msg.error) ?? crashed(String(msg.error)));
      }
    });
    worker.addEventListener("error", (event: ErrorEvent) => {
      event.preventDefault();
      fail(crashed(event.message || "the worker failed to load or stopped", event.error));
    });
    worker.addEventListener("messageerror", () => {
      fail(crashed("a message from the worker could not be read"));
    });
    try {
      worker.postMessage(request);
    } catch (e) {
      failOpen(crashed(e instanceof Error ? `${e.name}: ${e.message}` : String(e), e));
    }
  });
}
