// A module Web Worker that runs one job. Load it with
// `new Worker(new URL("madad/worker", import.meta.url), { type: "module" })` or let
// `analyzeInWorker` do it. Protocol: see `protocol.ts`.
import { analyzeFiles, init, initSpreadsheets, initStats, listSheets, openFiles, version } from "./browser.js";
import { MadadError, toMadadError, type SerializedMadadError } from "./errors.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";
import type { Dataset } from "./types.js";
import { disposedError } from "./dataset.js";

interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerRequest>) => void): void;
  close?(): void;
}
const scope = globalThis as unknown as WorkerScope;

/** Any error as a structured-clonable `MadadError`; a wasm trap or a JS fault is `worker.crashed`. */
function serialize(e: unknown): SerializedMadadError {
  const known = toMadadError(e);
  if (known) return known.toJSON();
  const name = e instanceof Error ? e.name : "Error";
  const message = e instanceof Error ? e.message : String(e);
  return new MadadError("worker.crashed", { params: { detail: `${name}: ${message}` } }).toJSON();
}

/** The dataset of the last `open` request (`openInWorker`), analysed by `analyzeDataset`. */
let held: Dataset | null = null;

scope.addEventListener("message", (event) => {
  const msg = event.data;
  void (async () => {
    try {
      if (msg.type === "analyzeDataset") {
        try {
          if (held === null) throw disposedError();
          scope.postMessage({ type: "report", id: msg.id, report: await held.analyze(msg.analysis) });
        } catch (e) {
          scope.postMessage({ type: "error", id: msg.id, error: serialize(e) });
        }
        return;
      }
      if (msg.type === "open") {
        await held?.dispose();
        held = null;
        if (msg.module) await init(msg.module);
        if (msg.statsModule) await initStats(msg.statsModule);
        held = await openFiles(msg.files, {
          ingest: msg.ingest,
          sheets: msg.sheets,
          chunkBytes: msg.chunkBytes,
          onProgress: (p) => scope.postMessage({ type: "progress", ...p }),
        });
        scope.postMessage({ type: "opened", details: held.details });
        return;
      }
      if (msg.type === "warmup") {
        await init(msg.module);
        await initStats(msg.statsModule);
        if (msg.spreadsheets) await initSpreadsheets();
        scope.postMessage({ type: "ready", version: version() });
      } else if (msg.type === "sheets") {
        scope.postMessage({ type: "sheets", workbooks: await listSheets(msg.files) });
      } else if (msg.type === "analyze") {
        if (msg.module) await init(msg.module);
        if (msg.statsModule) await initStats(msg.statsModule);
        const report = await analyzeFiles(msg.files, {
          ingest: msg.ingest,
          analysis: msg.analysis,
          sheets: msg.sheets,
          chunkBytes: msg.chunkBytes,
          onProgress: (p) => scope.postMessage({ type: "progress", ...p }),
          onDataset: msg.details ? (d) => scope.postMessage({ type: "dataset", ...d }) : undefined,
        });
        scope.postMessage({ type: "result", report });
      }
    } catch (e) {
      const error = serialize(e);
      scope.postMessage({ type: "error", error });
      // A trapped spreadsheet reader cannot be used again: end this worker (its memory is freed).
      if (error.code === "xlsx.crashed") scope.close?.();
    }
  })();
});
