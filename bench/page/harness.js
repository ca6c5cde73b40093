// The benchmark page. Node (bench/run.mjs) puts the workload into <input type=file> with
// setInputFiles, loads an adapter, then calls __bench.run(name, options) once per rep.
// Browser-side adapter contract (adapters/<name>/page.js):
//   export async function run(file: File, options) → {
//     check?: { volunteers, approvedHours, rowsTotal },  // Madad on the demo log: vs the native CLI
//     indicators?: object,       // the bench layout: the indicator set (./indicator-set.js),
//                                // compared with bench/tools/indicators.py
//     firstChunkAt?: number,     // performance.now() when the first bytes go into the parser
//     wasmHeapBytes?: number,    // WebAssembly.Memory.buffer.byteLength at the end, if reachable
//     extra?: object }           // anything else worth keeping in the raw results
// The timer starts before the adapter touches the File and stops when the indicator values
// exist as plain JS values on this (the main) thread.
const adapters = new Map();

function heap() {
  const m = performance.memory;
  return m ? { usedJSHeapSize: m.usedJSHeapSize, totalJSHeapSize: m.totalJSHeapSize } : null;
}

window.__bench = {
  file() {
    const f = document.getElementById("file").files[0];
    return f ? { name: f.name, size: f.size } : null;
  },
  /** Loads an adapter's module (and the library bundled into it); returns the time taken. */
  async load(name) {
    const t0 = performance.now();
    adapters.set(name, await import(`/adapters/${encodeURIComponent(name)}/page.js`));
    return performance.now() - t0;
  },
  async run(name, options) {
    const adapter = adapters.get(name);
    if (!adapter) throw new Error(`adapter ${name} is not loaded`);
    const file = document.getElementById("file").files[0];
    if (!file) throw new Error("no file in the input");
    const t0 = performance.now();
    let r;
    try {
      r = await adapter.run(file, options);
    } catch (e) {
      return { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}`, code: e?.code ?? null, totalMs: performance.now() - t0 };
    }
    const t1 = performance.now();
    return {
      ok: true,
      totalMs: t1 - t0,
      initMs: r.firstChunkAt != null ? r.firstChunkAt - t0 : null,
      ingestMs: r.firstChunkAt != null ? t1 - r.firstChunkAt : null,
      bytes: file.size,
      check: r.check ?? null,
      indicators: r.indicators ?? null,
      wasmHeapBytes: r.wasmHeapBytes ?? null,
      jsHeap: heap(),
      extra: r.extra ?? null,
    };
  },
};
document.documentElement.dataset.ready = "true";
