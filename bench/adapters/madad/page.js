// Madad in the browser, the production path: analyzeInWorker (one module Worker per job;
// the File is read with Blob.slice in chunks of `chunkBytes`, default 1 MiB as in the
// dashboard, at most 16 MiB, straight into the wasm core; never decoded to a JS string).
// The only addition is a wrapper worker (./worker.js) that also reports the wasm heap size.
import { analyzeInWorker } from "/pkg/dist/index.js";
import { fromMadadReport } from "/indicator-set.js";

let compiled = null;
let compiledStats = null;

export async function run(file, { asOf, chunkBytes, precompile = false, layout = "demo" } = {}) {
  // Variant `madad-module`: the page compiles the core and the statistics module once (counted
  // in rep 0) and hands both WebAssembly.Modules to every job (the documented `module` and
  // `statsModule` options), so no worker fetches or compiles a .wasm again.
  if (precompile) {
    compiled ??= await WebAssembly.compileStreaming(fetch("/pkg/wasm/madad_core_bg.wasm"));
    compiledStats ??= await WebAssembly.compileStreaming(fetch("/pkg/wasm-stats/madad_stats_bg.wasm"));
  }
  let firstChunkAt = null;
  let progressEvents = 0;
  let bench = null;
  const report = await analyzeInWorker([file], {
    // The bench layout's `volunteer_id` header is flagged by the identifier gate as a possible
    // reference number; a user confirms it in the dashboard ("keep"), the CLI with --keep.
    ingest: layout === "bench" ? { asOf, identifiers: [{ column: "volunteer_id", action: "keep" }] } : { asOf },
    ...(chunkBytes ? { chunkBytes } : {}),
    ...(precompile ? { module: compiled, statsModule: compiledStats } : {}),
    onProgress: () => {
      // The worker posts the first progress event (bytes 0) after the core is loaded and the
      // file begun, just before it reads the first chunk.
      if (firstChunkAt === null) firstChunkAt = performance.now();
      progressEvents++;
    },
    createWorker: () => {
      const w = new Worker("/adapters/madad/worker.js", { type: "module", name: "madad" });
      w.addEventListener("message", (e) => {
        if (e.data?.type === "bench") bench = e.data;
      });
      return w;
    },
  });
  const published = (p) => (p && !p.suppressed ? p.value : null);
  return {
    firstChunkAt,
    // The peer benchmark's indicator set, as the report publishes it (bench/page/indicator-set.js).
    indicators: layout === "bench" ? fromMadadReport(report) : undefined,
    check: {
      volunteers: published(report.summary.volunteers),
      approvedHours: published(report.summary.approvedHours),
      rowsTotal: report.sources.reduce((n, s) => n + s.rowsTotal, 0),
    },
    wasmHeapBytes: bench?.wasmBytes ?? null,
    extra: {
      workerIngestMs: bench?.ingestMs ?? null,
      progressEvents,
      ledger: report.sources.map((s) => ({
        rowsTotal: s.rowsTotal,
        rowsUsed: s.rowsUsed,
        rowsRejected: s.rowsRejected,
        rowsSkipped: s.rowsSkipped,
        encoding: s.encoding,
      })),
    },
  };
}
