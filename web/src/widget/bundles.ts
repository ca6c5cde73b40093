// What the widget shows: published aggregate bundles, read from a URL or given as objects,
// verified by the package (`openBundles`: format, version, SHA-256 content hash) and merged
// (`mergeBundles`). Never a resident file: there is no file input in the widget.
import { MAX_BUNDLE_BYTES, MadadError, mergeBundles, openBundles, type Bundle, type Merged, type NamedBytes } from "madad";

/** The programs whose measures the `program` attribute selects. */
export type Program = "mahar" | "mitchabrim";

export function isProgram(v: unknown): v is Program {
  return v === "mahar" || v === "mitchabrim";
}

/**
 * The program a bundle measure belongs to: effect sizes, change scores (moments) and
 * `loneliness/…` measures are מתחברים's (reducing loneliness), everything else (volunteers,
 * hours, activities, monthly activity) מה"ר's.
 */
export function programOf(m: { id: string; kind: string }): Program {
  return m.id.startsWith("loneliness/") || m.kind === "effect" || m.kind === "moments" ? "mitchabrim" : "mahar";
}

/** `merged` with only the measures of `program` (all of them when `program` is `null`). */
export function forProgram(merged: Merged, program: Program | null): Merged {
  return program === null ? merged : { ...merged, measures: merged.measures.filter((m) => programOf(m) === program) };
}

const encoder = new TextEncoder();

/**
 * The bundle files in `bytes` (named `name`): one bundle, or a JSON array of bundles (a page
 * publishing several municipalities), each then named `name #i`. Anything else is passed on
 * as it is, for `openBundles` to refuse with `bundle.invalid`.
 */
export function splitBundleFile(name: string, bytes: Uint8Array): NamedBytes[] {
  if (bytes.byteLength > MAX_BUNDLE_BYTES) {
    throw new MadadError("bundle.invalid", { file: name, params: { detail: `larger than ${MAX_BUNDLE_BYTES} bytes` } });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return [{ name, bytes }];
  }
  if (!Array.isArray(value)) return [{ name, bytes }];
  if (value.length === 0) throw new MadadError("input.no_files");
  return value.map((b, i) => ({ name: `${name} #${i + 1}`, bytes: encoder.encode(JSON.stringify(b)) }));
}

/** Bundle objects set through the `bundles` property, as files for `openBundles`. */
export function objectsAsFiles(value: unknown): NamedBytes[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new MadadError("input.no_files");
  return list.map((b, i) => ({ name: `bundle #${i + 1}`, bytes: encoder.encode(JSON.stringify(b)) }));
}

/** The last path segment of a URL (the "file name" errors name), without query or fragment. */
export function urlName(url: URL): string {
  const last = url.pathname.split("/").filter(Boolean).pop();
  try {
    return last ? decodeURIComponent(last) : url.host;
  } catch {
    return last ?? url.host;
  }
}

/**
 * Fetches the bundle file at `url`: a plain same-origin-credentials GET with no referrer, the
 * only request the widget makes besides its own code and the statistics module.
 */
export async function fetchBundleFile(url: URL, signal: AbortSignal): Promise<NamedBytes[]> {
  const name = urlName(url);
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: "same-origin", referrerPolicy: "no-referrer", headers: { Accept: "application/json" } });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new MadadError("widget.fetch", { file: name, params: { status: "network" }, cause: e });
  }
  if (!res.ok) throw new MadadError("widget.fetch", { file: name, params: { status: String(res.status) } });
  const length = Number(res.headers.get("Content-Length") ?? "0");
  if (length > MAX_BUNDLE_BYTES) {
    throw new MadadError("bundle.invalid", { file: name, params: { detail: `larger than ${MAX_BUNDLE_BYTES} bytes` } });
  }
  return splitBundleFile(name, new Uint8Array(await res.arrayBuffer()));
}

/** Verified bundles and their merge. */
export async function verifyAndMerge(files: NamedBytes[]): Promise<{ bundles: Bundle[]; merged: Merged }> {
  const bundles = await openBundles(files);
  return { bundles, merged: await mergeBundles(bundles) };
}
