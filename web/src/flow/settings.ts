// What the user chose on the File check, Column mapping and Validation screens, and the ingest
// options that make the core read the files that way. One value per job: a re-read runs the
// same files with the changed settings.
import { storedDefinitions, type DefinitionOverrides } from "./definitions.js";
import type { DateOrder, FileReadOptions, FileRole, GateAction, GateDecision, IngestOptions, KeyInput, TextEncoding } from "madad";

/** How one file is read (by its name); absent fields are detected. */
export interface FileChoice {
  encoding?: TextEncoding;
  delimiter?: string;
  headerRow?: number;
  sheet?: string;
  role?: FileRole;
}

export interface FlowSettings {
  /** Per-file read choices, by file name. */
  files: Record<string, FileChoice>;
  /** Header (as written) → field name, or `""` to ignore the column; applies to every file. */
  mapping: Record<string, string>;
  /** What to do with each identifier column, by header. */
  identifiers: GateDecision[];
  /** The municipality's pseudonymisation key (never stored, never in a profile). */
  key: KeyInput | null;
  /** The key file's name, to show which key is loaded. */
  keyName: string | null;
  /** Fix rule of `hours.out_of_range`: the largest hours one record may carry. */
  maxHoursPerRecord: number | null;
  /** Fix rule of `row.duplicate`: keep exact repeats. */
  keepDuplicates: boolean;
  /** Fix rule of `date.order_assumed`: the day/month order. */
  dateOrder: DateOrder | null;
  /** Names of the saved profiles applied to this run. */
  profiles: string[];
  /** The definitions changed on the Methods screen (only those that differ from the default). */
  definitions: DefinitionOverrides;
}

export const ENCODINGS: TextEncoding[] = ["utf-8", "windows-1255", "windows-1256", "utf-16le", "utf-16be"];
export const DELIMITERS: string[] = [",", ";", "\t", "|"];
export const ROLES: FileRole[] = ["activityLog", "registry", "survey", "population", "opportunities"];

export function emptySettings(): FlowSettings {
  return {
    files: {},
    mapping: {},
    identifiers: [],
    key: null,
    keyName: null,
    maxHoursPerRecord: null,
    keepDuplicates: false,
    dateOrder: null,
    profiles: [],
    definitions: storedDefinitions(),
  };
}

/** A deep copy (settings are edited on a screen and only take effect on "re-read"). */
export function copySettings(s: FlowSettings): FlowSettings {
  return {
    ...s,
    files: Object.fromEntries(Object.entries(s.files).map(([k, v]) => [k, { ...v }])),
    mapping: { ...s.mapping },
    identifiers: s.identifiers.map((d) => ({ ...d })),
    profiles: [...s.profiles],
    definitions: { ...s.definitions },
  };
}

/** The ingest options of `s` (the core compares headers after normalisation). */
export function ingestOptions(s: FlowSettings, asOf: string): IngestOptions {
  const files: FileReadOptions[] = [];
  const roles: Record<string, string> = {};
  for (const [name, c] of Object.entries(s.files)) {
    if (c.encoding !== undefined || c.delimiter !== undefined || c.headerRow !== undefined) {
      files.push({ name, encoding: c.encoding ?? null, delimiter: c.delimiter ?? null, headerRow: c.headerRow ?? null });
    }
    if (c.role !== undefined) roles[name] = c.role;
  }
  const o: Record<string, unknown> = { asOf, files, roles, mapping: { ...s.mapping }, identifiers: s.identifiers };
  if (s.key !== null) o.pseudonymKey = s.key;
  if (s.maxHoursPerRecord !== null) o.maxHoursPerRecord = s.maxHoursPerRecord;
  if (s.keepDuplicates) o.keepDuplicates = true;
  if (s.dateOrder !== null) o.dateOrder = s.dateOrder;
  return o as IngestOptions;
}

/** The sheet chosen per workbook, or `undefined` when none was. */
export function sheetsOption(s: FlowSettings): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, c] of Object.entries(s.files)) if (c.sheet !== undefined) out[name] = c.sheet;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The decision for `column`, or `null`. */
export function decisionOf(s: FlowSettings, column: string): GateAction | null {
  return s.identifiers.find((d) => d.column === column)?.action ?? null;
}

/** Sets (or, with `null`, removes) the decision for `column`. */
export function setDecision(s: FlowSettings, column: string, action: GateAction | null): void {
  s.identifiers = s.identifiers.filter((d) => d.column !== column);
  if (action !== null) s.identifiers.push({ column, action });
}
