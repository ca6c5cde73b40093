#!/usr/bin/env node
// pkg/THIRD-PARTY-NOTICES.md: the licences of everything compiled or bundled into the `madad`
// package — the Rust crates inside the five .wasm modules (normal dependencies of madad-wasm,
// madad-xlsx-wasm, madad-xls-wasm, madad-stats-wasm and madad-report-wasm for wasm32, from
// `cargo metadata`; a vendored, patched crate under vendor/ counts too) and the npm packages
// bundled into the widget (Observable Plot and what it imports) — each with its licence text.
//
//   node scripts/third-party-notices.mjs           write the file
//   node scripts/third-party-notices.mjs --check   exit 1 when it is out of date
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(ROOT, "pkg", "THIRD-PARTY-NOTICES.md");
const WASM_CRATES = ["madad-wasm", "madad-xlsx-wasm", "madad-xls-wasm", "madad-stats-wasm", "madad-report-wasm"];
const NPM_ROOTS = ["@observablehq/plot"];

function licenceTexts(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying|notice)([-._].*)?$/i.test(f))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(path.join(dir, f), "utf8").replace(/\r\n/g, "\n").trim() }));
}

/** Third-party crates reachable by normal dependencies from the wasm crates. */
function crates() {
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", "wasm32-unknown-unknown"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const seen = new Set();
  const stack = meta.packages.filter((p) => WASM_CRATES.includes(p.name)).map((p) => p.id);
  while (stack.length > 0) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    // A proc-macro runs in the compiler; neither it nor what only it uses is in the .wasm.
    if (byId.get(id)?.targets.some((t) => t.kind.includes("proc-macro"))) continue;
    for (const d of nodes.get(id)?.deps ?? []) {
      if (d.dep_kinds.some((k) => k.kind === null)) stack.push(d.pkg);
    }
  }
  return [...seen]
    .map((id) => byId.get(id))
    // Not the workspace's own crates (a vendored crate is a path dependency, yet third-party).
    .filter((p) => !meta.workspace_members.includes(p.id) && !p.targets.some((t) => t.kind.includes("proc-macro")))
    .map((p) => ({ name: p.name, version: p.source === null ? `${p.version} (patched, see vendor/README.md in the source)` : p.version, license: p.license ?? p.license_file ?? "unknown", url: p.repository ?? "", texts: licenceTexts(path.dirname(p.manifest_path)) }));
}

/** npm packages bundled into the widget: the roots and their dependencies, recursively. */
function npmPackages() {
  const out = new Map();
  const visit = (name, from) => {
    let dir = from;
    let pj = null;
    for (;;) {
      const candidate = path.join(dir, "node_modules", name, "package.json");
      if (existsSync(candidate)) {
        pj = candidate;
        break;
      }
      const up = path.dirname(dir);
      if (up === dir) throw new Error(`${name} is not installed`);
      dir = up;
    }
    const data = JSON.parse(readFileSync(pj, "utf8"));
    const key = `${data.name}@${data.version}`;
    if (out.has(key)) return;
    const repo = typeof data.repository === "string" ? data.repository : (data.repository?.url ?? "");
    out.set(key, { name: data.name, version: data.version, license: data.license ?? "unknown", url: repo.replace(/^git\+/, "").replace(/\.git$/, ""), texts: licenceTexts(path.dirname(pj)) });
    for (const dep of Object.keys(data.dependencies ?? {})) visit(dep, path.dirname(pj));
  };
  for (const r of NPM_ROOTS) visit(r, path.join(ROOT, "web"));
  return [...out.values()];
}

/** The table of `list`, each package pointing at its licence texts (kept once in `texts`). */
function section(title, list, texts) {
  const sorted = [...list].sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name)));
  const lines = [`## ${title}`, "", "| package | version | licence | source | licence texts |", "|---|---|---|---|---|"];
  for (const p of sorted) {
    const refs = p.texts.map((t) => {
      if (!texts.has(t.text)) texts.set(t.text, { n: texts.size + 1, users: [] });
      const entry = texts.get(t.text);
      entry.users.push(`${p.name} ${p.version} (${t.file})`);
      return `[${entry.n}](#text-${entry.n})`;
    });
    lines.push(`| ${p.name} | ${p.version} | ${p.license} | ${p.url} | ${refs.join(" ") || "none shipped"} |`);
  }
  return `${lines.join("\n")}\n`;
}

export function generate() {
  const texts = new Map();
  const out = [
    "# Third-party notices",
    "",
    "The `madad` package contains code from the projects below: Rust crates compiled into its",
    "WebAssembly modules (`wasm/`, `wasm-xlsx/`, `wasm-xls/`, `wasm-stats/`, `wasm-report/`) and npm packages bundled into the",
    "widget (`dist/widget/`). Each licence text follows once, with the packages that carry it.",
    "Generated by `scripts/third-party-notices.mjs`; do not edit.",
    "",
    section("Rust crates in the WebAssembly modules", crates(), texts),
    section("npm packages in the widget", npmPackages(), texts),
    "## Licence texts",
    "",
  ];
  for (const [text, { n, users }] of texts) {
    out.push(`### <a id="text-${n}"></a>${n}. ${users.join(", ")}`, "", "```text", text, "```", "");
  }
  return out.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = generate();
  const old = existsSync(OUT) ? readFileSync(OUT, "utf8") : null;
  if (process.argv.includes("--check")) {
    if (old !== text) {
      console.error("pkg/THIRD-PARTY-NOTICES.md is out of date: run node scripts/third-party-notices.mjs");
      process.exit(1);
    }
  } else if (old !== text) writeFileSync(OUT, text);
}
