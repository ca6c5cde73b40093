// Runs one analysis job in a dedicated module Web Worker, so the page never blocks and the
// worker's memory (wasm linear memory never shrinks) is returned when it ends.
import { MadadError, toMadadError } from "./errors.js";
import type { AnalyzeRequest, SheetsRequest, WarmUpRequest, WorkerResponse } from "./protocol.js";
import type { AnalyzeOptions, MadadInput, Report, WorkbookSheets } from "./types.js";
import { todayIso } from "./engine.js";

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
