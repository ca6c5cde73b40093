// pkg/THIRD-PARTY-NOTICES.md lists every crate compiled into the .wasm modules and every npm
// package bundled into the widget, with their licence texts: it must match the current
// dependency graph (cargo metadata, node_modules).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { OUT, generate } from "../../scripts/third-party-notices.mjs";

test("THIRD-PARTY-NOTICES.md is current (run node scripts/third-party-notices.mjs)", () => {
  const text = generate();
  assert.equal(readFileSync(OUT, "utf8"), text);
  for (const name of ["calamine", "serde_json", "statrs", "@observablehq/plot", "d3-scale"]) {
    assert.match(text, new RegExp(`^\\| ${name.replace(/[/@]/g, "\\$&")} \\|`, "m"), `${name} is listed`);
  }
  assert.ok(!/^\| (syn|quote|serde_derive|tsify-macros) \|/m.test(text), "proc-macros are not in the .wasm");
});
