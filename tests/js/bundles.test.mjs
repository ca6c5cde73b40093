// Aggregate bundles through the built package (the lazily loaded statistics module): the bytes
// equal the native CLI's `madad analyze --bundle` for the same report, a bundle round-trips,
// tampering is refused, and the merge adds what adds.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { MadadError, analyzeFiles, makeBundle, mergeBundles, openBundles } from "madad";
import { AS_OF, HOURS_LOG, ROOT, hoursLogInput } from "./helpers.mjs";

const report = await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF }, analysis: { suppressionThreshold: 5 } });

function cliBundle(municipality) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "madad-bundle-")), "b.json");
  const args = ["analyze", HOURS_LOG, "--as-of", AS_OF, "--k", "5", "--bundle", out, "--municipality", municipality];
  const bin = path.join(ROOT, "target", "release-native", "madad");
  const opts = { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] };
  if (existsSync(bin)) execFileSync(bin, args, opts);
  else execFileSync("cargo", ["run", "-q", "-p", "madad-cli", "--", ...args], opts);
  return new Uint8Array(readFileSync(out));
}

test("the wasm bundle is byte-identical to the CLI's", async () => {
  const bytes = await makeBundle(report, "שדרות");
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual(bytes, cliBundle("שדרות"));
  const text = new TextDecoder().decode(bytes);
  assert.ok(!text.includes("hours_log"), "no file names in a bundle");
});

test("open → verify → merge", async () => {
  const a = await makeBundle(report, "Sderot");
  const b = await makeBundle(report, "Ar'ara");
  const bundles = await openBundles([
    { name: "sderot.json", bytes: a },
    { name: "arara.json", bytes: b },
  ]);
  assert.deepEqual(bundles.map((x) => x.municipality), ["Sderot", "Ar'ara"]);
  const merged = await mergeBundles(bundles);
  const approved = merged.measures.find((m) => m.id === "activities/approved");
  assert.equal(approved.combined.kind, "total");
  assert.equal(approved.combined.published, 2 * report.summary.activities.approved);
  const volunteers = merged.measures.find((m) => m.id === "summary/volunteers");
  assert.equal(volunteers.additive, false);
  assert.equal(volunteers.combined, null);
  assert.deepEqual(volunteers.perMunicipality.map((p) => p.value), [report.summary.volunteers.value, report.summary.volunteers.value]);
});

test("a changed bundle, a foreign file and a non-JSON file are refused with the file named", async () => {
  const text = new TextDecoder().decode(await makeBundle(report, "Sderot")).replace("Sderot", "Sdérot");
  const refuse = async (name, bytes, code) => {
    await assert.rejects(openBundles([{ name, bytes }]), (e) => {
      assert.ok(e instanceof MadadError, String(e));
      assert.equal(e.code, code);
      assert.equal(e.file, name);
      return true;
    });
  };
  await refuse("forged.json", new TextEncoder().encode(text), "bundle.hash_mismatch");
  await refuse("other.json", new TextEncoder().encode('{"format":"x","version":1}'), "bundle.invalid");
  await refuse("hours.csv", readFileSync(HOURS_LOG), "bundle.invalid");
  await assert.rejects(makeBundle(report, "  "), (e) => e.code === "options.invalid");
});
