// madad: volunteering files → indicators, on the user's own machine. Browser / default entry.
export { init, analyzeFiles, version, type WasmSource } from "./browser.js";
export { analyzeInWorker, warmUpWorker, type WorkerOptions } from "./client.js";
export { MadadError, type SerializedMadadError } from "./errors.js";
export { todayIso, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from "./engine.js";
export type * from "./types.js";
export type * from "./protocol.js";
