// The package's own worker (madad/worker), plus one message for the benchmark: just before
// the result, the wasm heap size (WebAssembly.Memory.buffer.byteLength of the core and the
// statistics module together) and the worker-side time from the first chunk to the result.
// The job itself is untouched.
import "/pkg/dist/worker.js";
import initWasm from "/pkg/wasm/madad_core.js";
import initStats from "/pkg/wasm-stats/madad_stats.js";

const post = globalThis.postMessage.bind(globalThis);
let first = null;
globalThis.postMessage = (msg, ...rest) => {
  if (msg?.type === "progress" && first === null) first = performance.now();
  if (msg?.type !== "result") return post(msg, ...rest);
  const end = performance.now();
  const ingestMs = first === null ? null : end - first;
  // Initialised already, so this resolves at once with the wasm exports.
  Promise.all([initWasm(), initStats()])
    .then(([w, s]) => {
      const core = w.memory?.buffer.byteLength;
      const stats = s.memory?.buffer.byteLength;
      post({ type: "bench", wasmBytes: core === undefined || stats === undefined ? null : core + stats, ingestMs });
    })
    .catch(() => post({ type: "bench", wasmBytes: null, ingestMs }))
    .finally(() => post(msg, ...rest));
};
