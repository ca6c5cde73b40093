// The shape of the published `madad` package: exports map, files, entries.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { ROOT } from "./helpers.mjs";

const pkgDir = path.join(ROOT, "pkg");
const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));

test("package.json metadata", () => {
  assert.equal(pkg.name, "madad");
  assert.equal(pkg.version, "0.1.0");
  assert.equal(pkg.type, "module");
  // Tree-shakeable: only the worker entry (which registers its message handler) and the widget
  // (which defines its element) have side effects, so that `import "madad/worker"` in an app's
  // own worker file, or `import "madad/widget"`, is not dropped by a bundler.
  assert.deepEqual(pkg.sideEffects, ["./dist/worker.js", "./dist/widget/*.js"]);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.equal(pkg.engines.node, ">=20");
  assert.deepEqual(
    pkg.files,
    ["dist", "wasm", "wasm-xlsx", "wasm-xls", "wasm-stats", "wasm-report", "README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE", "THIRD-PARTY-NOTICES.md", "schema"],
    "the five wasm modules, the schemas, the changelog and the licences are published",
  );
  for (const f of ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE", "THIRD-PARTY-NOTICES.md", "schema/report.schema.json", "schema/bundle.schema.json"]) {
    assert.ok(existsSync(path.join(pkgDir, f)), `pkg/${f} exists`);
  }
});

test("every export target exists and `types` comes first in each condition", () => {
  const visit = (node, where) => {
    if (typeof node === "string") {
      // A subpath pattern (`./schema/*.json`) must match at least one file.
      const [dir, pattern] = node.includes("*") ? [path.dirname(node), path.basename(node)] : [null, null];
      const exists = dir
        ? readdirSync(path.join(pkgDir, dir)).some((f) => new RegExp(`^${pattern.replace(".", "\\.").replace("*", ".+")}$`).test(f))
        : existsSync(path.join(pkgDir, node));
      assert.ok(exists, `${where} → ${node} does not exist (build the package first)`);
      return;
    }
    const keys = Object.keys(node);
    if (keys.includes("types")) assert.equal(keys[0], "types", `${where}: "types" must be the first condition`);
    for (const k of keys) visit(node[k], `${where}.${k}`);
  };
  for (const [sub, target] of Object.entries(pkg.exports)) visit(target, sub);
  for (const sub of [".", "./worker", "./widget", "./widget.iife.js", "./schema/*.json", "./wasm/madad_core_bg.wasm", "./wasm-xlsx/madad_xlsx_bg.wasm", "./wasm-xls/madad_xls_bg.wasm", "./wasm-stats/madad_stats_bg.wasm", "./wasm-report/madad_report_bg.wasm", "./package.json"]) {
    assert.ok(sub in pkg.exports, `exports lacks ${sub}`);
  }
  assert.equal(pkg.exports["."].node.default, "./dist/node.js", "Node gets the synchronous-init entry");
});

test("subpaths resolve through the workspace", () => {
  const resolve = (s) => fileURLToPath(import.meta.resolve(s));
  assert.equal(resolve("madad"), path.join(pkgDir, "dist", "node.js"), "Node resolves `madad` to dist/node.js");
  assert.equal(resolve("madad/worker"), path.join(pkgDir, "dist", "worker.js"));
  assert.equal(resolve("madad/wasm/madad_core_bg.wasm"), path.join(pkgDir, "wasm", "madad_core_bg.wasm"));
  assert.equal(resolve("madad/package.json"), path.join(pkgDir, "package.json"));
  const wasm = readFileSync(resolve("madad/wasm/madad_core_bg.wasm"));
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], "the wasm export is a wasm module");
  assert.equal(resolve("madad/wasm-xlsx/madad_xlsx_bg.wasm"), path.join(pkgDir, "wasm-xlsx", "madad_xlsx_bg.wasm"));
  const xlsx = readFileSync(resolve("madad/wasm-xlsx/madad_xlsx_bg.wasm"));
  assert.deepEqual([...xlsx.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], "the spreadsheet reader export is a wasm module");
  assert.equal(resolve("madad/wasm-xls/madad_xls_bg.wasm"), path.join(pkgDir, "wasm-xls", "madad_xls_bg.wasm"));
  const xls = readFileSync(resolve("madad/wasm-xls/madad_xls_bg.wasm"));
  assert.deepEqual([...xls.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], "the XLS reader export is a wasm module");
});

test("the browser entry makes no network call of its own and loads the wasm next to itself", () => {
  const src = readFileSync(path.join(pkgDir, "dist", "browser.js"), "utf8");
  assert.match(src, /new URL\("\.\.\/wasm\/madad_core_bg\.wasm", import\.meta\.url\)/);
  assert.match(src, /new URL\("\.\.\/wasm-xlsx\/madad_xlsx_bg\.wasm", import\.meta\.url\)/);
  assert.match(src, /new URL\("\.\.\/wasm-xls\/madad_xls_bg\.wasm", import\.meta\.url\)/);
  for (const f of ["index.js", "browser.js", "client.js", "engine.js", "worker.js", "errors.js", "xlsx.js", "node.js"]) {
    const code = readFileSync(path.join(pkgDir, "dist", f), "utf8");
    assert.ok(!/\bfetch\(|XMLHttpRequest|sendBeacon|WebSocket|EventSource/.test(code), `${f} must not talk to the network`);
    assert.ok(!/\beval\(|new Function\(/.test(code), `${f} must not eval`);
  }
});

test("the spreadsheet readers are only imported dynamically (never at start-up)", () => {
  for (const f of ["index.js", "browser.js", "node.js", "engine.js", "xlsx.js", "worker.js", "client.js"]) {
    const code = readFileSync(path.join(pkgDir, "dist", f), "utf8");
    const staticImports = [...code.matchAll(/^\s*(?:import|export)\b[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
    assert.ok(!staticImports.some((s) => /wasm-xlsx?\//.test(s)), `${f} imports wasm-xlsx or wasm-xls statically: ${staticImports}`);
  }
  for (const f of ["browser.js", "node.js"]) {
    const code = readFileSync(path.join(pkgDir, "dist", f), "utf8");
    assert.match(code, /import\("\.\.\/wasm-xlsx\/madad_xlsx\.js"\)/);
    assert.match(code, /import\("\.\.\/wasm-xls\/madad_xls\.js"\)/);
  }
});
