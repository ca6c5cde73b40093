// Aggregate bundles: what a municipality sends to the national program office (published
// numbers only, sealed with a SHA-256 content hash), and their merge into a program-wide view.
// The work is done by the third wasm module (`wasm-stats/madad_stats*`), loaded on first use so
// the core download stays small. The same Rust code runs in `madad analyze --bundle` and
// `madad merge`.
import type { Bundle, Merged } from "../wasm-stats/madad_stats.js";
import { MadadError } from "./errors.js";
import { rethrow, toSources } from "./engine.js";
import type { MadadInput, Report } from "./types.js";

/** The statistics module's JS glue, once initialised. */
export type StatsModule = typeof import("../wasm-stats/madad_stats.js");
/** Loads (once) and initialises the statistics module; each entry (browser, Node) has its own. */
export type StatsLoader = () => Promise<StatsModule>;

/** Largest bundle file read (a bundle is a few kilobytes; anything bigger is not one). */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

export async function makeBundleWith(load: StatsLoader, report: Report, municipality: string): Promise<Uint8Array> {
  if (typeof municipality !== "string" || municipality.trim() === "") {
    throw new MadadError("options.invalid", { params: { option: "municipality", value: String(municipality) } });
  }
  const m = await load();
  try {
    return m.makeBundle(report, municipality);
  } catch (e) {
    return rethrow(e);
  }
}

export async function openBundlesWith(
  load: StatsLoader,
  files: Iterable<MadadInput> | ArrayLike<MadadInput>,
): Promise<Bundle[]> {
  const m = await load();
  const out: Bundle[] = [];
  for (const src of toSources(files)) {
    if (src.size > MAX_BUNDLE_BYTES) {
      throw new MadadError("bundle.invalid", { file: src.name, params: { detail: `larger than ${MAX_BUNDLE_BYTES} bytes` } });
    }
    let value: unknown;
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(await src.read(0, src.size));
      value = JSON.parse(text);
    } catch (e) {
      throw new MadadError("bundle.invalid", { file: src.name, params: { detail: e instanceof Error ? e.message : String(e) }, cause: e });
    }
    try {
      out.push(m.verifyBundle(value, src.name));
    } catch (e) {
      rethrow(e);
    }
  }
  return out;
}

export async function mergeBundlesWith(load: StatsLoader, bundles: Bundle[]): Promise<Merged> {
  const m = await load();
  try {
    return m.mergeBundles(bundles);
  } catch (e) {
    return rethrow(e);
  }
}
