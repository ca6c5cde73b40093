// The spreadsheet path of the analysis loop: workbooks are read by one of two wasm modules
// (calamine behind a bounded pre-scan), each loaded only when a workbook that needs it is met,
// chosen by the file's first bytes: XLSX and ODS (ZIP) by `wasm-xlsx/madad_xlsx*`, legacy XLS
// (OLE2) by `wasm-xls/madad_xls*` (calamine's BIFF reader and its code-page tables, kept out of
// the XLSX module). Both have the same exports. The rows flow, as the core's binary row stream,
// into the core's `beginSheet` / `pushRows` / `endFile`. A trap in a module (a rare calamine
// panic on a corrupt file) becomes a `MadadError` `xlsx.crashed` naming the file; that module's
// instance is then unusable, so every later call to it answers `xlsx.crashed` too (a worker
// ends itself instead).
import type { DatasetBuilder, FileFormat, FileLedger } from "../wasm/madad_core.js";
import { MadadError, toMadadError } from "./errors.js";

/** The XLSX/ODS module's JS glue (`wasm-xlsx/madad_xlsx.js`), once initialised. */
export type XlsxModule = typeof import("../wasm-xlsx/madad_xlsx.js");
/** The XLS module's JS glue (`wasm-xls/madad_xls.js`), once initialised. */
export type XlsModule = typeof import("../wasm-xls/madad_xls.js");
/** What both workbook modules export. */
export type WorkbookModule = Pick<XlsxModule, "prescanWorkbook" | "readWorkbook">;
/** The container a workbook comes in: `zip` (XLSX, ODS) or `ole` (XLS). */
export type WorkbookKind = "zip" | "ole";
/**
 * Loads (once) and initialises the module that reads workbooks of `kind`; each entry (browser,
 * Node) has its own.
 */
export type XlsxLoader = (kind: WorkbookKind) => Promise<WorkbookModule>;

/** Workbooks above this size are refused before they are read into memory (the module's limit). */
export const MAX_WORKBOOK_BYTES = 512 * 1024 * 1024;

/** Whether a sheet is shown in the spreadsheet program's tab bar. */
export type SheetVisibility = "visible" | "hidden" | "veryHidden";
/** What kind of sheet it is; only worksheets hold a table. */
export type SheetKind = "worksheet" | "chartsheet" | "dialogsheet" | "macrosheet";

/** One sheet of a workbook, as {@link listSheets} reports it. */
export interface SheetEntry {
  /** The sheet (tab) name; pass it as `options.sheets[fileName]` to read that sheet. */
  name: string;
  /** Shown, hidden or very hidden (only a macro can unhide it). */
  visibility: SheetVisibility;
  /** Worksheet, chartsheet… */
  kind: SheetKind;
  /** A worksheet that is not evidently empty. */
  hasData: boolean;
  /** The sheet read when none is chosen (the first visible worksheet with data). */
  isDefault: boolean;
}

/** The sheets of one workbook. */
export interface WorkbookSheets {
  /** The file name as given. */
  file: string;
  /** The workbook format sniffed from the bytes. */
  format: Exclude<FileFormat, "csv">;
  /** Every sheet, in tab order. */
  sheets: SheetEntry[];
}

interface RawSheetMeta {
  name: string;
  visibility: SheetVisibility;
  kind: SheetKind;
  dimension?: string;
  empty: boolean;
  mergedCount: number;
  hiddenRowsCount: number;
}
interface RawWorkbookInfo {
  format: Exclude<FileFormat, "csv">;
  sheets: RawSheetMeta[];
}
interface RawRead {
  info: RawWorkbookInfo;
  sha256: string;
  rows: Uint8Array;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The container of a workbook from its first bytes: ZIP (XLSX, ODS), OLE2 (XLS), else `null`. */
export function workbookKind(head: Uint8Array): WorkbookKind | null {
  const starts = (sig: number[]): boolean => head.length >= sig.length && sig.every((b, i) => head[i] === b);
  return starts(ZIP) ? "zip" : starts(OLE2) ? "ole" : null;
}

/** Why a reader trapped, per kind: its instance is then unusable (the other reader is not). */
const crashed = new Map<WorkbookKind, string>();

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Runs `fn` against the xlsx module. Errors the module throws on purpose (JS `Error`s named
 * `MadadError`) pass through; an error thrown by our own callback (`callbackError`) is rethrown
 * as it was; anything else (a `WebAssembly.RuntimeError` from a panic, a stack overflow, out
 * of memory) means the module trapped: `xlsx.crashed`.
 */
function guarded<T>(
  kind: WorkbookKind,
  file: string,
  fn: () => T,
  callback?: { error: unknown; thrown: boolean },
): T {
  const earlier = crashed.get(kind);
  if (earlier !== undefined) {
    throw new MadadError("xlsx.crashed", { file, params: { detail: `earlier crash: ${earlier}` } });
  }
  try {
    return fn();
  } catch (e) {
    if (callback?.thrown) throw callback.error;
    const known = toMadadError(e);
    if (known) throw known;
    const detail = describe(e);
    crashed.set(kind, detail);
    throw new MadadError("xlsx.crashed", { file, params: { detail }, cause: e });
  }
}

/**
 * Loads the module for a workbook of `kind`; a failure to load (e.g. offline before it was
 * cached) is `xlsx.unavailable`.
 */
export async function loadGuarded(load: XlsxLoader, kind: WorkbookKind, file: string): Promise<WorkbookModule> {
  try {
    return await load(kind);
  } catch (e) {
    throw new MadadError("xlsx.unavailable", { file, params: { detail: describe(e) }, cause: e });
  }
}

function defaultSheet(sheets: RawSheetMeta[]): RawSheetMeta | undefined {
  const ws = sheets.filter((s) => s.kind === "worksheet");
  return (
    ws.find((s) => s.visibility === "visible" && !s.empty) ?? ws.find((s) => s.visibility === "visible") ?? ws[0]
  );
}

/** The sheet to read: the one named (it must exist and be a worksheet), else the default. */
function chooseSheet(info: RawWorkbookInfo, file: string, wanted: string | undefined): string {
  if (wanted !== undefined) {
    const s = info.sheets.find((x) => x.name === wanted);
    if (!s) throw new MadadError("xlsx.sheet_not_found", { file, params: { sheet: wanted } });
    if (s.kind !== "worksheet") throw new MadadError("xlsx.not_a_worksheet", { file, params: { sheet: wanted } });
    return s.name;
  }
  const d = defaultSheet(info.sheets);
  if (!d) throw new MadadError("xlsx.no_sheets", { file });
  return d.name;
}

/** The last row of an A1 range such as `A1:F120` (0 when unknown). */
function lastRowOf(dimension: string | undefined): number {
  const m = dimension ? /(\d+)\s*$/.exec(dimension) : null;
  return m ? Number(m[1]) : 0;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 in JS when WebCrypto is there (Node, secure contexts), else `null`. */
async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return null;
  try {
    return hex(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  } catch {
    return null;
  }
}

function checkSize(file: string, size: number): void {
  if (size > MAX_WORKBOOK_BYTES) {
    throw new MadadError("limit.file_bytes", { file, params: { max: String(MAX_WORKBOOK_BYTES), found: String(size) } });
  }
}

/** The sheets of a workbook (pre-scan only: no cell is read). */
export async function prescanSheets(load: XlsxLoader, file: string, bytes: Uint8Array): Promise<WorkbookSheets> {
  checkSize(file, bytes.byteLength);
  const kind = workbookKind(bytes) ?? "zip";
  const xlsx = await loadGuarded(load, kind, file);
  const info = guarded(kind, file, () => xlsx.prescanWorkbook(bytes, file, undefined) as RawWorkbookInfo);
  const d = defaultSheet(info.sheets);
  return {
    file,
    format: info.format,
    sheets: info.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      kind: s.kind,
      hasData: s.kind === "worksheet" && !s.empty,
      isDefault: s === d,
    })),
  };
}

/** What {@link ingestWorkbook} needs from the analysis loop. */
export interface WorkbookJob {
  load: XlsxLoader;
  /** The workbook's container, from its first bytes: which module reads it. */
  kind: WorkbookKind;
  builder: DatasetBuilder;
  file: string;
  size: number;
  readAll: () => Promise<Uint8Array>;
  sheet: string | undefined;
  /** Called after every chunk of rows with the rows so far and an estimate of the bytes read. */
  onRows: (rows: number, bytes: number) => void;
  /** Throws (the abort reason) when the job was cancelled. */
  checkAborted: () => void;
  /** Set once `beginSheet` has opened the file in the core (the caller aborts it on error). */
  opened: () => void;
}

/**
 * Reads one workbook into the open builder: pre-scan → choose the sheet → `beginSheet` →
 * `readWorkbook` with its rows pushed into the core chunk by chunk → `endFile`.
 */
export async function ingestWorkbook(job: WorkbookJob): Promise<FileLedger> {
  const { builder, file, size } = job;
  checkSize(file, size);
  const xlsx = await loadGuarded(job.load, job.kind, file);
  const bytes = await job.readAll();
  job.checkAborted();
  const info = guarded(job.kind, file, () => xlsx.prescanWorkbook(bytes, file, undefined) as RawWorkbookInfo);
  const sheet = chooseSheet(info, file, job.sheet);
  const lastRow = lastRowOf(info.sheets.find((s) => s.name === sheet)?.dimension);
  const estimate = (rows: number): number =>
    lastRow > 0 ? Math.min(size - 1, Math.floor((size * Math.min(rows, lastRow)) / lastRow)) : 0;

  // The core's SheetInfo needs the workbook's SHA-256 up front; without WebCrypto (a page on a
  // plain-http LAN address) the rows are kept until readWorkbook returns it.
  const sha256 = await sha256Hex(bytes);
  job.checkAborted();
  const pending: Uint8Array[] = [];
  const push = (chunk: Uint8Array): void => {
    if (sha256 === null) {
      pending.push(chunk);
      return;
    }
    const p = builder.pushRows(chunk);
    job.onRows(p.rows, estimate(p.rows));
  };
  const begin = (hash: string): void => {
    // What the workbook hides goes into the ledger (hidden sheets, merged cells, hidden rows).
    const meta = info.sheets.find((m) => m.name === sheet);
    builder.beginSheet(file, sheet, {
      format: info.format,
      bytes: size,
      sha256: hash,
      hiddenSheets: info.sheets.filter((m) => m.visibility !== "visible").map((m) => m.name),
      mergedRegions: meta?.mergedCount ?? 0,
      hiddenRows: meta?.hiddenRowsCount ?? 0,
    });
    job.opened();
  };
  if (sha256 !== null) begin(sha256);

  const callback = { error: undefined as unknown, thrown: false };
  const read = guarded(
    job.kind,
    file,
    () =>
      xlsx.readWorkbook(bytes, file, { sheet }, (chunk: Uint8Array) => {
        try {
          job.checkAborted();
          push(chunk);
        } catch (e) {
          callback.error = e;
          callback.thrown = true;
          throw e;
        }
      }) as RawRead,
    callback,
  );
  if (sha256 === null) {
    begin(read.sha256);
    for (const chunk of pending.splice(0)) {
      const p = builder.pushRows(chunk);
      job.onRows(p.rows, estimate(p.rows));
    }
  }
  builder.pushRows(read.rows);
  return builder.endFile();
}
