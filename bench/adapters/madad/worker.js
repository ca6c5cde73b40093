// The package's own worker (madad/worker), plus one message for the benchmark: just before
// the result, the wasm heap size (WebAssembly.Memory.buffer.byteLength) and the worker-side
// time from the first chunk to the result. The job itself is untouched.
import "/pkg/dist/worker.js";
import initWasm from "/pkg/wasm/madad_core.js";

const post = globalThis.postMessage.bind(globalThis);
let first = null;
globalThis.postMessage = (msg, ...rest) => {
  if (msg?.type === "progress" && first === null) first = performance.now();
  if (msg?.type !== "result") return post(msg, ...rest);
  const end = performance.now();
  const ingestMs = first === null ? null : end - first;
  // Initialised already, so this resolves at once with the wasm exports.
  initWasm()
    .then((w) => post({ type: "bench", wasmBytes: w.memory?.buffer.byteLength ?? null, ingestMs }))
    .catch(() => post({ type: "bench", wasmBytes: null, ingestMs }))
    .finally(() => post(msg, ...rest));
};
