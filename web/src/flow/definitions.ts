// The editable definitions of the Methods screen: the choices a programme evaluator changes
// (`DefinitionOptions` in crates/madad-core/src/definitions.rs; docs/indicators.md), each with
// its default and the range Madad accepts. Only values that differ from the default are kept
// (so a later change of a default reaches everyone who did not choose otherwise); they are
// saved in this browser's localStorage, as the language and the mapping profiles are, and go to
// the core as `AnalysisOptions.definitions`.
//
// The defaults are the core's `DefinitionOptions::default()`; tests/js/definitions.test.mjs
// checks them against a report the core wrote with default options.

/** How a definition is entered. */
export type DefKind =
  | { type: "int"; min: number; max: number }
  | { type: "decimal"; min: number; max: number; optional?: boolean }
  | { type: "bool" }
  | { type: "text"; maxLength: number }
  | { type: "choice"; options: string[] }
  | { type: "statuses"; options: string[] };

export type DefValue = number | boolean | string | string[] | null;

export interface DefSpec {
  /** The `DefinitionOptions` field (camelCase, as in the report's `definitions.registry`). */
  key: string;
  kind: DefKind;
  /** The core's default. */
  default: DefValue;
}

export const PERIOD_TYPES = ["month", "quarter", "calendarYear", "schoolYear", "fiscalYear"];
export const STATUSES = ["approved", "pending", "rejected"];

/**
 * The editable definitions. Ranges: what the core reads meaningfully — a month of the year is
 * 1–12, months of the last twelve 1–12, shares 0–1, hours of a year at most 8,784 (a leap
 * year), hours of a month at most 744, ages 0–120; money and hours are never negative.
 */
export const DEFINITION_SPECS: DefSpec[] = [
  { key: "activeWindowMonths", kind: { type: "int", min: 1, max: 120 }, default: 6 },
  { key: "activeMinHours", kind: { type: "decimal", min: 0, max: 10000, optional: true }, default: null },
  { key: "countedStatuses", kind: { type: "statuses", options: STATUSES }, default: ["approved"] },
  { key: "countTrainingHours", kind: { type: "bool" }, default: false },
  { key: "periodType", kind: { type: "choice", options: PERIOD_TYPES }, default: "calendarYear" },
  { key: "fiscalYearStartMonth", kind: { type: "int", min: 1, max: 12 }, default: 4 },
  { key: "fullTimeHoursPerYear", kind: { type: "decimal", min: 1, max: 8784 }, default: 2184 },
  { key: "wageLowPerHour", kind: { type: "decimal", min: 0, max: 100000, optional: true }, default: null },
  { key: "wageHighPerHour", kind: { type: "decimal", min: 0, max: 100000, optional: true }, default: null },
  { key: "wageBasis", kind: { type: "text", maxLength: 100 }, default: "" },
  { key: "fringeRate", kind: { type: "decimal", min: 0, max: 1 }, default: 0 },
  { key: "programCost", kind: { type: "decimal", min: 0, max: 1e12, optional: true }, default: null },
  { key: "adultMinAge", kind: { type: "int", min: 0, max: 120 }, default: 18 },
  { key: "seniorAge", kind: { type: "int", min: 0, max: 120 }, default: 65 },
  { key: "regularMinMonths", kind: { type: "int", min: 1, max: 12 }, default: 12 },
  { key: "meaningfulHoursPerMonth", kind: { type: "decimal", min: 0, max: 744 }, default: 4 },
  { key: "minN", kind: { type: "int", min: 1, max: 100000 }, default: 30 },
];

/** Definition overrides: field → value, only where it differs from the default. */
export type DefinitionOverrides = Record<string, DefValue>;

const STORE_KEY = "madad.definitions";

export function specOf(key: string): DefSpec | undefined {
  return DEFINITION_SPECS.find((s) => s.key === key);
}

function same(a: DefValue | undefined, b: DefValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
  return a === b;
}

/** Whether `value` differs from the default of `key` (a key that is not editable never does). */
export function differsFromDefault(key: string, value: unknown): boolean {
  const spec = specOf(key);
  return spec !== undefined && !same(value as DefValue, spec.default);
}

/** The result of reading one field: its value, or the message key of the problem. */
export type Parsed = { ok: true; value: DefValue } | { ok: false; error: string; params?: Record<string, string | number> };

/**
 * Reads what the user entered for `spec`: the text of a number or text field, the checked state
 * of a checkbox, the chosen option, or the checked statuses. Numbers are read with `.` or `,` as
 * the decimal point (as typed in he-IL / ar keyboards).
 */
export function parseField(spec: DefSpec, raw: string | boolean | string[]): Parsed {
  const k = spec.kind;
  switch (k.type) {
    case "bool":
      return { ok: true, value: raw === true };
    case "statuses": {
      const list = (Array.isArray(raw) ? raw : []).filter((s) => k.options.includes(s));
      if (list.length === 0) return { ok: false, error: "defs.error.statuses" };
      return { ok: true, value: k.options.filter((s) => list.includes(s)) };
    }
    case "choice":
      return typeof raw === "string" && k.options.includes(raw) ? { ok: true, value: raw } : { ok: false, error: "defs.error.choice" };
    case "text": {
      const s = String(raw).trim();
      return s.length > k.maxLength ? { ok: false, error: "defs.error.tooLong", params: { max: k.maxLength } } : { ok: true, value: s };
    }
    case "int":
    case "decimal": {
      const s = String(raw).trim().replace(",", ".");
      if (s === "") return k.type === "decimal" && k.optional ? { ok: true, value: null } : { ok: false, error: "defs.error.required" };
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return { ok: false, error: "defs.error.number" };
      const n = Number(s);
      if (!Number.isFinite(n) || n < k.min || n > k.max || (k.type === "int" && !Number.isInteger(n))) {
        return { ok: false, error: k.type === "int" ? "defs.error.integer" : "defs.error.range", params: { min: k.min, max: k.max } };
      }
      return { ok: true, value: n };
    }
  }
}

/** Checks across fields: the high wage is not below the low one. Returns `key → message key`. */
export function crossCheck(values: Record<string, DefValue>): Record<string, string> {
  const lo = values.wageLowPerHour;
  const hi = values.wageHighPerHour;
  if (typeof lo === "number" && typeof hi === "number" && hi < lo) return { wageHighPerHour: "defs.error.wageOrder" };
  return {};
}

/** The overrides among `values` (fields equal to their default are left out). */
export function overridesOf(values: Record<string, DefValue>): DefinitionOverrides {
  const out: DefinitionOverrides = {};
  for (const spec of DEFINITION_SPECS) {
    const v = values[spec.key];
    if (v !== undefined && !same(v, spec.default)) out[spec.key] = v;
  }
  return out;
}

/** Keeps only known fields with acceptable values (a stored or imported object is not trusted). */
export function sanitize(raw: unknown): DefinitionOverrides {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return {};
  const values: Record<string, DefValue> = {};
  for (const spec of DEFINITION_SPECS) {
    const v = (raw as Record<string, unknown>)[spec.key];
    if (v === undefined) continue;
    const input = typeof v === "boolean" || Array.isArray(v) ? (v as boolean | string[]) : v === null ? "" : String(v);
    const p = parseField(spec, input);
    if (p.ok) values[spec.key] = p.value;
  }
  const bad = crossCheck(values);
  for (const key of Object.keys(bad)) delete values[key];
  return overridesOf(values);
}

/** The definitions applied in this browser (empty: the defaults). */
export function storedDefinitions(): DefinitionOverrides {
  try {
    const raw = globalThis.localStorage?.getItem(STORE_KEY);
    return raw ? sanitize(JSON.parse(raw)) : {};
  } catch {
    return {};
  }
}

/** Saves (or, when empty, forgets) the applied definitions. */
export function storeDefinitions(d: DefinitionOverrides): void {
  try {
    if (Object.keys(d).length === 0) globalThis.localStorage?.removeItem(STORE_KEY);
    else globalThis.localStorage?.setItem(STORE_KEY, JSON.stringify(d));
  } catch {
    // Storage may be unavailable (private mode): the choice still holds for this session.
  }
}

/** The `AnalysisOptions` part for `d`: `{ definitions }`, or nothing for the defaults. */
export function definitionsOption(d: DefinitionOverrides | undefined): { definitions?: DefinitionOverrides } {
  return d !== undefined && Object.keys(d).length > 0 ? { definitions: { ...d } } : {};
}
