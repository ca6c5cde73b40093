// madad for Node ≥ 20: the core is instantiated synchronously from the packaged .wasm bytes
// on first use, so `import { analyzeFiles } from "madad"` works without an `init` call.
import { readFileSync } from "node:fs";
import { initSync, version as wasmVersion } from "../wasm/madad_core.js";
import { runAnalysis, rethrow } from "./engine.js";
import type { AnalyzeOptions, MadadInput, Report } from "./types.js";

let initialised = false;

function ensureInit(): void {
  if (initialised) return;
  try {
    initSync({ module: readFileSync(new URL("../wasm/madad_core_bg.wasm", import.meta.url)) });
  } catch (e) {
    rethrow(e);
  }
  initialised = true;
}

/**
 * Initialises the core. Optional in Node (every call initialises on first use); kept so code
 * shared with the browser entry can `await init()`. Idempotent.
 */
export function init(): Promise<void> {
  try {
    ensureInit();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Analyses files and returns the report. In Node give `{ name, bytes }` (e.g.
 * `{ name: "hours.csv", bytes: await readFile(path) }`); `Blob`s and `File`s work too.
 * Fatal problems reject with a `MadadError`; row-level problems are `report.diagnostics`.
 */
export async function analyzeFiles(
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
  options: AnalyzeOptions = {},
): Promise<Report> {
  ensureInit();
  return runAnalysis(files, options);
}

/** The version of the core. */
export function version(): string {
  ensureInit();
  return wasmVersion();
}

export { MadadError, type SerializedMadadError } from "./errors.js";
export { todayIso, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from "./engine.js";
export type * from "./types.js";
