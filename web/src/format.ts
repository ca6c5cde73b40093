// Numbers, dates and published (possibly suppressed) values, in the active locale.
import type { Published } from "madad";
import { locale, t } from "./i18n.js";

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale() + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(), opts);
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(n: number, maxFractionDigits = 0): string {
  return numberFormat({ maximumFractionDigits: maxFractionDigits }).format(n);
}

/** Row numbers and other positions: no grouping, as a spreadsheet shows them. */
export function formatPosition(n: number | string): string {
  const v = typeof n === "number" ? n : Number(n);
  return Number.isFinite(v) ? numberFormat({ useGrouping: false }).format(v) : String(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return numberFormat({ style: "unit", unit: "byte", unitDisplay: "short" }).format(n);
  if (n < 1024 * 1024) {
    return numberFormat({ style: "unit", unit: "kilobyte", unitDisplay: "short", maximumFractionDigits: 0 }).format(n / 1024);
  }
  return numberFormat({ style: "unit", unit: "megabyte", unitDisplay: "short", maximumFractionDigits: 1 }).format(
    n / (1024 * 1024),
  );
}

function isoParts(iso: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? "1")];
}

/** `YYYY-MM-DD` → a short local date (he-IL: 22.11.2026, en-IL: 22/11/2026). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const p = isoParts(iso);
  if (!p) return iso;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2]));
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "numeric", day: "numeric", timeZone: "UTC" }).format(d);
}

/** `YYYY-MM` → "ינואר 2023" / "كانون الثاني 2023" / "January 2023". */
export function formatMonth(month: string, style: "long" | "short" = "long"): string {
  const p = isoParts(month);
  if (!p) return month;
  const d = new Date(Date.UTC(p[0], p[1] - 1, 1));
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: style, timeZone: "UTC" }).format(d);
}

/** The raw value of a published number, or null when suppressed (the core sends `null`). */
export function publishedValue(p: Published<number>): number | null {
  return p.suppressed || p.value === undefined || p.value === null ? null : p.value;
}

/** A published number for display: suppressed values read `<K`. */
export function formatPublished(p: Published<number>, k: number, maxFractionDigits = 0): string {
  const v = publishedValue(p);
  return v === null ? t("suppressed.value", { k: formatNumber(k) }) : formatNumber(v, maxFractionDigits);
}

/** A share 0–1 as a percentage ("21.4%"). */
export function formatShare(x: number, maxFractionDigits = 1): string {
  return numberFormat({ style: "percent", maximumFractionDigits: maxFractionDigits }).format(x);
}

/** A difference of two shares in percentage points, always signed ("+1.2", "−0.4"). */
export function formatPoints(x: number, maxFractionDigits = 1): string {
  return numberFormat({ maximumFractionDigits: maxFractionDigits, signDisplay: "exceptZero" }).format(x * 100);
}

/** A signed number ("+3", "−2"). */
export function formatSigned(x: number, maxFractionDigits = 0): string {
  return numberFormat({ maximumFractionDigits: maxFractionDigits, signDisplay: "exceptZero" }).format(x);
}

/**
 * A number inside running text, isolated left-to-right (U+2066 … U+2069) so that "-0.36" or
 * "12.5%" never reorders inside a Hebrew or Arabic sentence, also where no element can be used
 * (plain strings such as an SVG's aria-label).
 */
export function isolate(s: string): string {
  return `\u2066${s}\u2069`;
}
