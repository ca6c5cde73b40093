// The message protocol between `analyzeInWorker` and the worker (`madad/worker`).
import type { SerializedMadadError } from "./errors.js";
import type { AnalysisOptions, AnalysisProgress, IngestOptions, MadadInput, Report } from "./types.js";

/** Starts one analysis job. `module` (optional) is a compiled core, so the worker need not fetch it. */
export interface AnalyzeRequest {
  type: "analyze";
  files: MadadInput[];
  ingest?: IngestOptions;
  analysis?: AnalysisOptions;
  chunkBytes?: number;
  module?: WebAssembly.Module;
}

/** Loads and compiles the core, then answers `ready` (fills the HTTP cache before going offline). */
export interface WarmUpRequest {
  type: "warmup";
  module?: WebAssembly.Module;
}

export type WorkerRequest = AnalyzeRequest | WarmUpRequest;

export type ProgressMessage = { type: "progress" } & AnalysisProgress;
export interface ResultMessage {
  type: "result";
  report: Report;
}
export interface ErrorMessage {
  type: "error";
  error: SerializedMadadError;
}
export interface ReadyMessage {
  type: "ready";
  version: string;
}

export type WorkerResponse = ProgressMessage | ResultMessage | ErrorMessage | ReadyMessage;
