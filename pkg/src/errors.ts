/**
 * A fatal error: a file (or the whole job) cannot be used. `code` is stable and
 * machine-readable (`schema.missing_columns`, `file.empty`, `options.invalid`,
 * `limit.file_bytes`, `worker.crashed`, …); translate it, do not show `message`.
 *
 * Row-level data problems are never thrown: they are `report.diagnostics`.
 */
export class MadadError extends Error {
  override name = "MadadError" as const;
  /** Stable machine-readable code. */
  readonly code: string;
  /** The file the error is about, or `null`. */
  readonly file: string | null;
  /** Code-specific parameters for the translated message. */
  readonly params: Record<string, string>;

  constructor(
    code: string,
    init: { file?: string | null; params?: Record<string, string>; message?: string; cause?: unknown } = {},
  ) {
    super(init.message ?? defaultMessage(code, init.file ?? null, init.params ?? {}), { cause: init.cause });
    this.code = code;
    this.file = init.file ?? null;
    this.params = { ...(init.params ?? {}) };
  }

  /** A plain, structured-clonable copy (for `postMessage` and logs). */
  toJSON(): SerializedMadadError {
    return { name: "MadadError", code: this.code, file: this.file, params: this.params, message: this.message };
  }
}

/** What a `MadadError` looks like after a trip through `postMessage`. */
export interface SerializedMadadError {
  name: "MadadError";
  code: string;
  file: string | null;
  params: Record<string, string>;
  message: string;
}

function defaultMessage(code: string, file: string | null, params: Record<string, string>): string {
  const parts = [code];
  if (file !== null) parts.push(`in ${file}`);
  for (const [k, v] of Object.entries(params)) parts.push(`${k}=${v}`);
  return parts.join(" ");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function stringParams(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

/** Whether `e` is an error thrown by the wasm core or a serialized `MadadError`. */
export function isMadadErrorLike(e: unknown): e is { code: string; file?: unknown; params?: unknown; message?: unknown } {
  return isRecord(e) && e.name === "MadadError" && typeof e.code === "string";
}

/** Wraps an error thrown by the wasm core (or received from a worker) as a `MadadError`. */
export function toMadadError(e: unknown): MadadError | null {
  if (e instanceof MadadError) return e;
  if (!isMadadErrorLike(e)) return null;
  return new MadadError(e.code, {
    file: typeof e.file === "string" ? e.file : null,
    params: stringParams(e.params),
    message: typeof e.message === "string" && e.message !== "" ? e.message : undefined,
    cause: e,
  });
}
