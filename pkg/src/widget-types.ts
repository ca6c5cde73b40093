// The types of `madad/widget` (`dist/widget/madad-widget.js`, built from the dashboard's views by
// web/vite.widget.config.ts). The element's implementation (web/src/widget/element.ts)
// `implements MadadDashboard`, so these declarations cannot drift from it.
import type { Bundle, Merged } from "../wasm-stats/madad_stats.js";

/** `detail` of the `madad-analysed` event: the bundles were verified and are shown. */
export interface AnalysedDetail {
  /** Municipality labels, in the order shown. */
  municipalities: string[];
  /** Each bundle's SHA-256 content hash (verified). */
  contentSha256: string[];
  /** Measures shown (after the `program` filter). */
  measures: number;
}

/** `detail` of the `madad-error` event. */
export interface ErrorDetail {
  /** Stable code (`widget.fetch`, `widget.load`, `bundle.hash_mismatch`, `bundle.invalid`, …). */
  code: string;
  /** The bundle file (URL's last segment) the error is about, or `null`. */
  file: string | null;
  /** Code-specific parameters. */
  params: Record<string, string>;
  /** The message in the widget's language, as shown. */
  message: string;
}

/** The programs whose measures `program="…"` selects. */
export type Program = "mahar" | "mitchabrim";

/**
 * `<madad-dashboard>`. Attributes: `src` (URL of a published bundle, or of a JSON array of
 * bundles), `lang` (`he` default, `ar`, `en`), `digits` (`latn`, `arab`), `program`
 * (`mahar`, `mitchabrim`: only that program's measures), `theme` (`light` default, `dark`).
 */
export interface MadadDashboard extends HTMLElement {
  /** The verified bundles shown (empty until `madad-analysed`). */
  get bundles(): Bundle[];
  /** Shows bundle objects (one, or an array), verified exactly like a `src` file. */
  set bundles(value: unknown);
  /** The merge of the bundles shown, or `null`. */
  readonly merged: Merged | null;
}

/** The element class (for `instanceof` and subclassing). */
export declare const MadadDashboardElement: { prototype: MadadDashboard; new (): MadadDashboard };
/** Defines the element under `name` (default `madad-dashboard`); importing the module already did. */
export declare function defineMadadDashboard(name?: string): void;
/** The program a bundle measure belongs to (what `program="…"` filters on). */
export declare function programOf(measure: { id: string; kind: string }): Program;

declare global {
  interface HTMLElementTagNameMap {
    "madad-dashboard": MadadDashboard;
  }
  interface HTMLElementEventMap {
    "madad-ready": CustomEvent<Record<string, never>>;
    "madad-analysed": CustomEvent<AnalysedDetail>;
    "madad-error": CustomEvent<ErrorDetail>;
  }
}
