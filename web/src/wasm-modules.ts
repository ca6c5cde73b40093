// The core and statistics modules compiled once per page. Each analysis runs in a fresh worker
// (so its memory returns when it ends); handed these, the worker instantiates them at once
// instead of fetching and compiling 1.9 MB of wasm per job (the benchmark measured 1.3 s →
// 0.4 s for a warm 5,000-row analysis, docs/benchmarks.md). The URLs are the same hashed
// assets the package loads itself, so nothing extra is downloaded.
import coreUrl from "madad/wasm/madad_core_bg.wasm?url";
import statsUrl from "madad/wasm-stats/madad_stats_bg.wasm?url";

/** What `analyzeInWorker` takes: both modules, or neither (the worker then loads its own). */
export type CompiledModules = { module?: WebAssembly.Module; statsModule?: WebAssembly.Module };

let compiled: Promise<CompiledModules> | null = null;

/** Compiles both modules on the first call; later calls share it. A failure gives `{}`. */
export function compiledModules(): Promise<CompiledModules> {
  if (compiled === null) {
    compiled = Promise.all([WebAssembly.compileStreaming(fetch(coreUrl)), WebAssembly.compileStreaming(fetch(statsUrl))]).then(
      ([module, statsModule]) => ({ module, statsModule }),
      () => {
        compiled = null;
        return {};
      },
    );
  }
  return compiled;
}
