// The dashboard's message catalogs: same keys in he/ar/en, the same placeholders in every
// language, and a message for every diagnostic and fatal error code the core can produce.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers.mjs";

const LANGS = ["he", "ar", "en"];
const catalogs = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, "web", "src", "i18n", `${l}.json`), "utf8"))]),
);

/** The diagnostic codes in use (docs of the wasm API); the core's sources add any new ones. */
const DIAGNOSTIC_CODES = [
  "csv.unterminated_quote",
  "csv.cell_too_long",
  "csv.too_many_fields",
  "csv.too_few_fields",
  "encoding.invalid_byte",
  "value.missing",
  "date.invalid",
  "date.future",
  "date.excel_1900_leap_day",
  "number.invalid",
  "number.non_finite",
  "number.ambiguous_decimal",
  "hours.out_of_range",
  "status.unknown",
  "row.duplicate",
];
/** Fatal errors a user can meet (builder.* are programming errors and fall back to a generic text). */
const ERROR_CODES = [
  "schema.missing_columns",
  "file.empty",
  "file.no_header",
  "limit.file_bytes",
  "limit.columns",
  "options.invalid",
  "worker.crashed",
  "xlsx.crashed",
  "xlsx.unavailable",
  "input.no_files",
  "input.invalid",
];
const DIAG_PLACEHOLDERS = new Set(["row", "line", "column", "value", "expected", "found", "firstRow", "max", "quoteLine", "file", "encoding", "read", "columnLetter", "from", "to", "count", "sheets", "kind", "examples", "columns"]);

function rustSources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? rustSources(p) : p.endsWith(".rs") ? [p] : [];
  });
}

/** Codes found in the core's source, so a new code without a translation fails this test. */
function codesInCore() {
  const diag = new Set();
  const fatal = new Set();
  const sources = [...rustSources(path.join(ROOT, "crates", "madad-core", "src")), ...rustSources(path.join(ROOT, "crates", "madad-xlsx", "src"))];
  for (const f of sources) {
    // Unit tests at the end of a module (`#[cfg(test)]`) hold sample strings, not codes.
    const src = readFileSync(f, "utf8").split("#[cfg(test)]")[0];
    for (const m of src.matchAll(/"((?:csv|encoding|value|date|time|number|hours|status|row|excel|schema|registry|survey|opportunity|workbook|sheet|privacy)\.[a-z0-9_]+)"/g)) diag.add(m[1]);
    for (const m of src.matchAll(/Error::in_file\(\s*"([a-z0-9_.]+)"/g)) fatal.add(m[1]);
  }
  for (const code of fatal) diag.delete(code);
  return { diag: [...diag], fatal: [...fatal] };
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("every catalog has exactly the same keys", () => {
  const all = new Set(LANGS.flatMap((l) => Object.keys(catalogs[l])));
  for (const l of LANGS) {
    const missing = [...all].filter((k) => !(k in catalogs[l]));
    assert.deepEqual(missing, [], `keys missing in ${l}.json: ${missing.join(", ")}`);
  }
});

test("no message is empty and every value is a string", () => {
  for (const l of LANGS) {
    for (const [k, v] of Object.entries(catalogs[l])) {
      assert.equal(typeof v, "string", `${l}.json ${k} is not a string`);
      assert.ok(v.trim().length > 0, `${l}.json ${k} is empty`);
    }
  }
});

test("a key has the same placeholders in every language", () => {
  for (const k of Object.keys(catalogs.en)) {
    const want = placeholders(catalogs.en[k]);
    for (const l of ["he", "ar"]) {
      if (!(k in catalogs[l])) continue; // reported by the key test
      assert.deepEqual(placeholders(catalogs[l][k]), want, `${l}.json ${k}: placeholders differ from en.json`);
    }
  }
});

test("every diagnostic code has a translated message and a group title in he, ar and en", () => {
  const codes = new Set([...DIAGNOSTIC_CODES, ...codesInCore().diag]);
  assert.ok(codes.size >= DIAGNOSTIC_CODES.length);
  for (const code of codes) {
    for (const l of LANGS) {
      assert.ok(`diag.${code}` in catalogs[l], `${l}.json lacks diag.${code}`);
      assert.ok(`diagname.${code}` in catalogs[l], `${l}.json lacks diagname.${code}`);
      for (const p of placeholders(catalogs[l][`diag.${code}`] ?? "")) {
        assert.ok(DIAG_PLACEHOLDERS.has(p), `${l}.json diag.${code} uses {${p}}, which no diagnostic provides`);
      }
    }
  }
});

test("every fatal error code has a translated message naming the file", () => {
  const codes = new Set([...ERROR_CODES, ...codesInCore().fatal]);
  for (const code of codes) {
    for (const l of LANGS) {
      const msg = catalogs[l][`error.${code}`];
      assert.ok(msg, `${l}.json lacks error.${code}`);
      if (codesInCore().fatal.includes(code) || code.startsWith("xlsx.")) {
        assert.ok(msg.includes("{file}"), `${l}.json error.${code} must name the file ({file})`);
      }
    }
  }
});

test("the privacy line is the agreed sentence", () => {
  assert.equal(catalogs.he["privacy.line"], "הקבצים מעובדים במחשב שלך בלבד ואינם נשלחים לשום מקום");
  assert.match(catalogs.ar["privacy.line"], /حاسوبك/);
  assert.match(catalogs.en["privacy.line"], /never sent/);
  assert.equal(catalogs.he["dash.sample"], "נתוני דוגמה");
  assert.equal(catalogs.ar["dash.sample"], "بيانات تجريبية");
  assert.equal(catalogs.en["dash.sample"], "Sample data");
});

test("Hebrew and Arabic messages are not left in English", () => {
  const same = (l) =>
    Object.keys(catalogs.en).filter(
      (k) => catalogs[l][k] === catalogs.en[k] && /[A-Za-z]{4,}/.test(catalogs.en[k].replace(/\{\w+\}/g, "")),
    );
  // Format names (CSV, XLSX, Excel) may stay Latin inside a translated sentence, never a whole sentence.
  assert.deepEqual(same("he"), [], "he.json keys identical to English");
  assert.deepEqual(same("ar"), [], "ar.json keys identical to English");
});
