// Flat JSON catalogs with `{name}` placeholders; numbers and dates go through Intl.
import ar from "./i18n/ar.json";
import en from "./i18n/en.json";
import he from "./i18n/he.json";

export type Lang = "he" | "ar" | "en";
type Catalog = Record<string, string>;

export const LANGS: Record<Lang, { name: string; dir: "rtl" | "ltr"; locale: string; catalog: Catalog }> = {
  he: { name: "עברית", dir: "rtl", locale: "he-IL", catalog: he },
  ar: { name: "العربية", dir: "rtl", locale: "ar-IL-u-nu-latn", catalog: ar },
  en: { name: "English", dir: "ltr", locale: "en-IL", catalog: en },
};

export function isLang(v: unknown): v is Lang {
  return v === "he" || v === "ar" || v === "en";
}

let current: Lang = "he";
/** The digit setting (`latn` / `arab`), or `null` for the language's default. */
let digitsSetting: Digits | null = null;
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export function lang(): Lang {
  return current;
}
export function setLang(l: Lang): void {
  current = l;
}
export type Digits = "latn" | "arab";
export function isDigits(v: unknown): v is Digits {
  return v === "latn" || v === "arab";
}
/** Latin (0–9) or Arabic-Indic (٠–٩) digits in every number and date; `null`: the language's default. */
export function setDigits(d: Digits | null): void {
  digitsSetting = d;
}
/** The digits in use: the setting, else the language's own (Latin for he, ar and en today). */
export function digits(): Digits {
  if (digitsSetting !== null) return digitsSetting;
  return /-u-nu-arab\b/.test(LANGS[current].locale) ? "arab" : "latn";
}
export function locale(): string {
  const base = LANGS[current].locale;
  return digitsSetting === null ? base : `${base.replace(/-u-nu-\w+$/, "")}-u-nu-${digitsSetting}`;
}
export function dir(): "rtl" | "ltr" {
  return LANGS[current].dir;
}

export function has(key: string): boolean {
  return key in LANGS[current].catalog;
}

function template(key: string): string {
  return LANGS[current].catalog[key] ?? LANGS.en.catalog[key] ?? key;
}

/** A message as plain text; missing placeholders become empty. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  return template(key).replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    return v === undefined ? "" : String(v);
  });
}

/**
 * A message as DOM nodes: every placeholder value is wrapped in `<bdi>` so names, file names
 * and values in another script keep their own direction inside the sentence.
 */
export function tNodes(key: string, vars: Record<string, string | number | Node> = {}): Node[] {
  const out: Node[] = [];
  const re = /\{(\w+)\}/g;
  const s = template(key);
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m.index > last) out.push(document.createTextNode(s.slice(last, m.index)));
    const v = vars[m[1] ?? ""];
    if (v !== undefined) {
      if (v instanceof Node) out.push(v);
      else {
        const bdi = document.createElement("bdi");
        const text = String(v);
        // Numbers, codes and Latin names read left to right even inside a Hebrew sentence
        // ("-0.5" must not become "0.5-"); text with Hebrew or Arabic letters picks its own.
        if (!RTL_LETTER.test(text)) bdi.dir = "ltr";
        bdi.textContent = text;
        out.push(bdi);
      }
    }
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(document.createTextNode(s.slice(last)));
  return out;
}
