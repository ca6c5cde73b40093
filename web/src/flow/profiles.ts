// Saved mapping profiles: how a municipality's exports are read (the core's `MappingProfile`,
// made by `Dataset.mappingProfile`), kept in this browser's localStorage and exported or
// imported as JSON so a coordinator can reuse them next month or share them.
import { MadadError, type FileLedger, type MappingProfile } from "madad";
import { copySettings, type FileChoice, type FlowSettings } from "./settings.js";

const STORE_KEY = "madad.profiles";
/** The `schema` and highest `version` the core reads (`schema::profile`). */
export const PROFILE_SCHEMA = "madad.mapping-profile";
export const PROFILE_VERSION = 1;

function isProfile(v: unknown): v is MappingProfile {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p.name === "string" && typeof p.columns === "object" && p.columns !== null && !Array.isArray(p.columns);
}

/**
 * The profiles in a JSON text: one profile, an array of them, or `{ "profiles": [...] }`.
 * Throws `profile.invalid` for anything else and `profile.unsupported` for another schema or a
 * newer version (as the core's `applyProfile` does).
 */
export function parseProfiles(text: string): MappingProfile[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new MadadError("profile.invalid");
  }
  const list: unknown[] = Array.isArray(v) ? v : typeof v === "object" && v !== null && Array.isArray((v as { profiles?: unknown }).profiles) ? (v as { profiles: unknown[] }).profiles : [v];
  if (list.length === 0 || !list.every(isProfile)) throw new MadadError("profile.invalid");
  const profiles = list as MappingProfile[];
  for (const p of profiles) {
    if (p.schema !== PROFILE_SCHEMA || !Number.isInteger(p.version) || p.version < 1 || p.version > PROFILE_VERSION) {
      throw new MadadError("profile.unsupported", { params: { schema: String(p.schema), version: String(p.version) } });
    }
    for (const field of Object.values(p.columns) as unknown[]) if (typeof field !== "string") throw new MadadError("profile.invalid");
  }
  return profiles;
}

export function savedProfiles(): MappingProfile[] {
  try {
    const raw = localStorage.getItem(STORE_KEY);
    return raw === null ? [] : parseProfiles(raw);
  } catch {
    return [];
  }
}

/** Stores `list` (replacing profiles of the same name); false when storage is unavailable. */
export function storeProfiles(list: MappingProfile[]): boolean {
  const names = new Set(list.map((p) => p.name));
  const all = [...savedProfiles().filter((p) => !names.has(p.name)), ...list];
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(all));
    return true;
  } catch {
    return false;
  }
}

export function forgetProfile(name: string): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(savedProfiles().filter((p) => p.name !== name)));
  } catch {
    // nothing stored, nothing to forget
  }
}

/** The JSON a profile export writes: one profile as the core writes it, several as an array. */
export function profilesJson(list: MappingProfile[]): string {
  return `${JSON.stringify(list.length === 1 ? list[0] : list, null, 2)}\n`;
}

/**
 * `s` with `profiles` applied: their column mappings and identifier decisions (both by header,
 * so they fit next month's files whatever their names). The user's own choices win.
 */
export function applyProfiles(s: FlowSettings, profiles: MappingProfile[]): FlowSettings {
  const out = copySettings(s);
  for (const p of profiles) {
    for (const [header, field] of Object.entries(p.columns)) if (!(header in out.mapping)) out.mapping[header] = field;
    for (const d of p.identifiers ?? []) {
      if (!out.identifiers.some((x) => x.column === d.column)) out.identifiers.push({ ...d });
    }
    if (!out.profiles.includes(p.name)) out.profiles.push(p.name);
  }
  return out;
}

/** The profile that describes `ledger`'s file: every header of the file is one of its columns. */
export function profileFor(ledger: FileLedger, profiles: MappingProfile[]): MappingProfile | null {
  const headers = ledger.columns.map((c) => c.renamedFrom ?? c.header).filter((h) => h !== "");
  return profiles.find((p) => headers.length > 0 && headers.every((h) => h in p.columns)) ?? null;
}

/** Whether every file read is described by one of `profiles` (then nothing needs asking). */
export function coveredByProfiles(ledgers: FileLedger[], profiles: MappingProfile[]): boolean {
  return ledgers.length > 0 && ledgers.every((l) => profileFor(l, profiles) !== null);
}

/**
 * The read choices a matching profile makes for a file where they differ from how it was
 * read (encoding, delimiter, header row), or `null` when the file was read as the profile says.
 */
export function readChoiceFromProfile(ledger: FileLedger, p: MappingProfile): FileChoice | null {
  const c: FileChoice = {};
  if (ledger.format === "csv") {
    if (p.encoding && p.encoding !== ledger.encoding) c.encoding = p.encoding;
    if (p.delimiter && p.delimiter !== ledger.delimiter) c.delimiter = p.delimiter;
  }
  if (p.headerRow && p.headerRow !== ledger.headerRow) c.headerRow = p.headerRow;
  return Object.keys(c).length > 0 ? c : null;
}

/**
 * The profiles to save for the files read: the core's profile of each file under `name`
 * (with the file name when there are several), with the choices made on this screen since
 * the last read.
 */
export function profilesToSave(made: MappingProfile[], ledgers: FileLedger[], s: FlowSettings, name: string): MappingProfile[] {
  return made.map((p, i) => {
    const columns = { ...p.columns };
    for (const header of Object.keys(columns)) if (header in s.mapping) columns[header] = s.mapping[header] ?? "";
    const identifiers = [...(p.identifiers ?? [])];
    for (const d of s.identifiers) if (d.column in columns && !identifiers.some((x) => x.column === d.column)) identifiers.push({ ...d });
    const file = ledgers[i]?.name ?? p.name;
    return { ...p, name: made.length > 1 ? `${name} · ${file}` : name, columns, identifiers };
  });
}
