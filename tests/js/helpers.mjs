// Shared helpers of the JS tests: fixture paths and the CLI's report for the same input.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEMO_DIR = path.join(ROOT, "tests", "fixtures", "demo-small");
export const HOURS_LOG = path.join(DEMO_DIR, "hours_log.csv");
export const AS_OF = "2026-11-22";

export function readTruth() {
  return JSON.parse(readFileSync(path.join(DEMO_DIR, "truth.json"), "utf8"));
}

export function hoursLogInput() {
  return { name: "hours_log.csv", bytes: new Uint8Array(readFileSync(HOURS_LOG)) };
}

/**
 * The native CLI's report (`madad analyze FILE --json --as-of DATE [extra…]`), parsed. Uses
 * target/release-native/madad when built, else `cargo run`.
 */
export function cliReport(file, asOf, extra = []) {
  const args = ["analyze", file, "--json", "--as-of", asOf, ...extra];
  const bin = path.join(ROOT, "target", "release-native", "madad");
  const opts = { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] };
  const out = existsSync(bin)
    ? execFileSync(bin, args, opts)
    : execFileSync("cargo", ["run", "-q", "-p", "madad-cli", "--", ...args], opts);
  return JSON.parse(out);
}

/**
 * Deep equality of two JSON values where numbers agree to a relative `rel` (default 1e-12) and
 * everything else exactly. Native and wasm builds of the core agree bit for bit on all counting,
 * sums and the core's own float math (libm); the statistics built on `statrs` (p-values,
 * quantiles, intervals) use the platform's float library inside statrs, so native and wasm
 * may differ in the last one or two bits. Within wasm (Node and every browser) results are
 * identical.
 */
export function assertNearlyEqual(actual, expected, rel = 1e-12, at = "$") {
  if (typeof expected === "number" && typeof actual === "number") {
    const tol = rel * Math.max(Math.abs(expected), Math.abs(actual), Number.MIN_VALUE);
    if (!(actual === expected || Math.abs(actual - expected) <= tol)) {
      throw new Error(`${at}: ${actual} vs ${expected} (relative tolerance ${rel})`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) throw new Error(`${at}: array length ${actual?.length} vs ${expected.length}`);
    expected.forEach((e, i) => assertNearlyEqual(actual[i], e, rel, `${at}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") throw new Error(`${at}: ${JSON.stringify(actual)} vs an object`);
    const ka = Object.keys(actual).sort();
    const ke = Object.keys(expected).sort();
    if (ka.join("\u0000") !== ke.join("\u0000")) throw new Error(`${at}: keys ${ka} vs ${ke}`);
    for (const k of ke) assertNearlyEqual(actual[k], expected[k], rel, `${at}.${k}`);
    return;
  }
  if (actual !== expected) throw new Error(`${at}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
}
