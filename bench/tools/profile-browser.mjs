#!/usr/bin/env node
// A CPU profile of Madad's browser analysis in headless Chromium, split by phase
// (docs/benchmarks.md, run H). The page calls the package's `analyzeFiles` on its main thread
// (the same wasm and the same engine loop as `analyzeInWorker`, without the worker hop, so the
// page's own CDP session can profile it), on a disk-backed `File` from <input type=file>, rep by
// rep; every rep after the first is profiled with V8's sampling profiler (`Profiler.start`).
//
//   node bench/tools/profile-browser.mjs FILE [--pkg DIR] [--reps 3] [--keep volunteer_id]
//                                        [--as-of 2026-11-22] [--out profile.cpuprofile]
//
// `--pkg` is a folder laid out like `pkg/` (dist/, wasm/, wasm-stats/). For wasm function names
// in the profile, build the modules with their name section kept: `wasm-bindgen` output without
// `wasm-opt --strip-debug` (see `--help`). The summary prints, per phase, the inclusive time of
// the functions that start it (several matches of one phase are summed unless nested) and the
// top self-time functions.
import { mkdirSync, writeFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startStaticServer } from "../lib/server.mjs";

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(BENCH);

function parseArgs(argv) {
  const o = { file: null, pkg: path.join(ROOT, "pkg"), reps: 3, keep: [], asOf: "2026-11-22", out: null, top: 25 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--pkg") o.pkg = path.resolve(next());
    else if (a === "--reps") o.reps = Number.parseInt(next(), 10);
    else if (a === "--keep") o.keep.push(next());
    else if (a === "--as-of") o.asOf = next();
    else if (a === "--out") o.out = path.resolve(next());
    else if (a === "--top") o.top = Number.parseInt(next(), 10);
    else if (a === "--help" || a === "-h") {
      console.log(
        "node bench/tools/profile-browser.mjs FILE [--pkg DIR] [--reps 3] [--keep COLUMN] [--as-of DATE] [--out F.cpuprofile] [--top 25]\n" +
          "Wasm names: wasm-bindgen --target web --out-dir DIR/wasm --out-name madad_core target/wasm32-unknown-unknown/release/madad_wasm.wasm\n" +
          "            (and madad_stats_wasm.wasm → DIR/wasm-stats/madad_stats), then copy pkg/dist to DIR/dist.",
      );
      process.exit(0);
    } else if (o.file === null) o.file = path.resolve(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.file === null) throw new Error("give the file to analyse");
  if (!(o.reps >= 2)) throw new Error("--reps must be at least 2 (rep 0 is the cold, unprofiled one)");
  return o;
}

// The page: one file input and the package's main-thread analysis.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>madad-profile</title>
<script type="module" src="/profile.js"></script></head><body><input type="file" id="file"></body></html>`;
const SCRIPT = `import { analyzeFiles } from "/pkg/dist/index.js";
window.__run = async (options) => {
  const file = document.getElementById("file").files[0];
  const t0 = performance.now();
  const report = await analyzeFiles([file], options);
  const ms = performance.now() - t0;
  return { ms, volunteers: report.summary.volunteers.value ?? null, rows: report.sources.reduce((n, s) => n + s.rowsTotal, 0) };
};
document.documentElement.dataset.ready = "1";
`;

/** Phases of the browser path and the function names (regular expressions) that begin them. */
const PHASES = [
  ["read chunks (Blob.slice → bytes)", /^(read|arrayBuffer)$/],
  ["ingest: DatasetBuilder push (parse, gate, coerce, build)", /datasetbuilder_push|DatasetBuilder::push\b|^push$/],
  ["  ↳ identifier gate probes", /IngestGate.*probe|ingest_gate/],
  ["  ↳ SHA-256", /sha2::|compress256/],
  ["finish (seal the dataset)", /datasetbuilder_finish|DatasetBuilder::finish/],
  ["transfer encode (core, postcard)", /transfer::encode|dataset_transfer/],
  ["stats analyze (wasm export)", /^analyze$|madad_stats_wasm::analyze/],
  ["  ↳ transfer decode (postcard)", /transfer::decode/],
  ["  ↳ report::analyze", /madad_core::report::analyze\b/],
  ["    ↳ Prepared::new", /Prepared.*::new/],
  ["    ↳ compute_indicators", /compute_indicators/],
  ["    ↳ trend_section", /trend_section/],
  ["    ↳ loneliness", /loneliness_section/],
  ["  ↳ report → JS (serde-wasm-bindgen)", /madad_js::to_js|serde_wasm_bindgen/],
  ["garbage collection", /^\(garbage collector\)$/],
];

/** Inclusive and self time per node of a V8 CPU profile. */
function summarise(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's time is the gap to the next sample.
    const d = i + 1 < dt.length ? dt[i + 1] : 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + d);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber})`;
  // Inclusive time of each phase: samples with a matching frame on their stack, counted once.
  const phases = PHASES.map(([label, re]) => {
    let us = 0;
    for (const [id, t] of self) {
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (re.test(name(byId.get(cur)))) {
          us += t;
          break;
        }
      }
    }
    return { label, ms: us / 1000 };
  });
  const selfByName = new Map();
  for (const [id, t] of self) {
    const k = name(byId.get(id));
    selfByName.set(k, (selfByName.get(k) ?? 0) + t);
  }
  const tops = [...selfByName.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total / 1000, phases, tops: tops.map(([k, t]) => ({ name: k, ms: t / 1000 })) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const site = path.join(os.tmpdir(), `madad-profile-${process.pid}`);
  mkdirSync(site, { recursive: true });
  writeFileSync(path.join(site, "index.html"), PAGE);
  writeFileSync(path.join(site, "profile.js"), SCRIPT);
  const server = await startStaticServer({ mounts: { "/": site, "/pkg/": o.pkg } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.waitForSelector("html[data-ready]", { state: "attached" });
    await page.setInputFiles("#file", o.file);
    const options = {
      ingest: { asOf: o.asOf, ...(o.keep.length ? { identifiers: o.keep.map((column) => ({ column, action: "keep" })) } : {}) },
    };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
    const results = [];
    for (let rep = 0; rep < o.reps; rep++) {
      if (rep > 0) await cdp.send("Profiler.start");
      const r = await page.evaluate((opts) => window.__run(opts), options);
      if (rep > 0) {
        const { profile } = await cdp.send("Profiler.stop");
        const s = summarise(profile, o.top);
        results.push({ rep, ...r, ...s });
        if (o.out) writeFileSync(o.out.replace(/(\.cpuprofile)?$/, `-rep${rep}.cpuprofile`), JSON.stringify(profile));
      }
      console.log(`rep ${rep}: ${r.ms.toFixed(0)} ms, ${r.rows} rows, volunteers ${r.volunteers}`);
    }
    // Median rep by wall time.
    const mid = [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
    console.log(`\nprofiled rep ${mid.rep} (${path.basename(o.file)}, ${(statSync(o.file).size / 1e6).toFixed(1)} MB): wall ${mid.ms.toFixed(0)} ms, sampled ${mid.totalMs.toFixed(0)} ms`);
    console.log("| phase | ms | share |\n|---|---|---|");
    for (const p of mid.phases) console.log(`| ${p.label} | ${p.ms.toFixed(0)} | ${((100 * p.ms) / mid.totalMs).toFixed(1)} % |`);
    console.log(`\ntop ${o.top} self time:`);
    for (const t of mid.tops) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${((100 * t.ms) / mid.totalMs).toFixed(1).padStart(5)} %  ${t.name}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
