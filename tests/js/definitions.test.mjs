// The Methods screen's editable definitions (web/src/flow/definitions.ts DEFINITION_SPECS)
// against the core: each default is the core's own (the registry of a report analysed with no
// definitions given, i.e. `DefinitionOptions::default()`), each key is a field the core reads
// back unchanged, and the core accepts every range's ends (both ends analysed, and echoed in the
// report's registry).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { analyzeFiles } from "madad";
import { AS_OF, ROOT, hoursLogInput } from "./helpers.mjs";

const src = readFileSync(path.join(ROOT, "web", "src", "flow", "definitions.ts"), "utf8");
const block = src.slice(src.indexOf("DEFINITION_SPECS: DefSpec[] = ["), src.indexOf("];", src.indexOf("DEFINITION_SPECS: DefSpec[] = [")));
const specs = [...block.matchAll(/\{ key: "(\w+)", kind: \{ type: "(\w+)"(?:, min: ([\d.e]+), max: ([\d.e]+))?[^}]*\}, default: (.*) \},/g)].map((m) => ({
  key: m[1],
  type: m[2],
  min: m[3] === undefined ? null : Number(m[3]),
  max: m[4] === undefined ? null : Number(m[4]),
  def: JSON.parse(m[5]),
}));

test("the editable definitions are the evaluator's seventeen", () => {
  assert.equal(specs.length, 17, specs.map((s) => s.key).join(", "));
});

test("every default is the core's default", async () => {
  const report = await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF } });
  const registry = report.definitions.registry;
  for (const s of specs) {
    assert.ok(s.key in registry, `${s.key} is a core definition`);
    assert.deepEqual(registry[s.key], s.def, `${s.key} default`);
  }
});

test("the core accepts both ends of every range and reports them back", async () => {
  for (const end of ["min", "max"]) {
    const definitions = Object.fromEntries(specs.filter((s) => s[end] !== null).map((s) => [s.key, s[end]]));
    const report = await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF }, analysis: { definitions } });
    for (const [k, v] of Object.entries(definitions)) assert.equal(report.definitions.registry[k], v, `${k} at its ${end}`);
  }
});
