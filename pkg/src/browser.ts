// The browser (and default) core: asynchronous initialisation from the packaged .wasm file.
import initWasm, { version as wasmVersion, type InitInput } from "../wasm/madad_core.js";
import { runAnalysis, rethrow } from "./engine.js";
import type { AnalyzeOptions, MadadInput, Report } from "./types.js";

let ready: Promise<void> | null = null;

/** What {@link init} accepts: a URL of the .wasm file, its bytes, a `Response`, or a compiled module. */
export type WasmSource = InitInput | Promise<InitInput>;

/**
 * Loads the WebAssembly core. Idempotent: later calls return the first call's promise (a
 * failed load may be retried). Without an argument the packaged `wasm/madad_core_bg.wasm` is
 * fetched from next to this module. {@link analyzeFiles} calls it for you.
 */
export function init(input?: WasmSource): Promise<void> {
  if (ready === null) {
    const source = input ?? new URL("../wasm/madad_core_bg.wasm", import.meta.url);
    ready = initWasm({ module_or_path: source }).then(
      () => undefined,
      (e: unknown) => {
        ready = null;
        return rethrow(e);
      },
    );
  }
  return ready;
}

/**
 * Analyses files on the calling thread and returns the report. Files are read in chunks
 * (`Blob.slice`), never decoded to strings. Fatal problems reject with a `MadadError`;
 * row-level problems are `report.diagnostics`. For large files in a page, prefer
 * `analyzeInWorker`, which keeps the page responsive.
 */
export async function analyzeFiles(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: AnalyzeOptions = {},
): Promise<Report> {
  await init();
  return runAnalysis(files, options);
}

/** The version of the core (throws before {@link init} has finished). */
export function version(): string {
  return wasmVersion();
}
