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
