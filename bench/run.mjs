#!/usr/bin/env node
// Madad and its peers in the browser (docs/benchmarks.md). Run through `bash scripts/bench.sh [--quick]`.
//
// For each launch and workload: a fresh headless Chromium (new profile) per adapter that can
// read the workload, all open at once; each page receives the workload through a real
// <input type=file> (Playwright setInputFiles, so the File is disk-backed exactly as when a
// user picks it), then the adapters' reps are interleaved (A B C A B C …) so machine noise hits
// all alike. Rep 0 is cold (worker start, .wasm fetch, compile, instantiate, first result; the
// adapter module's own load is recorded beside it), reps 1..N-1 are warm. Each rep: the
// 1-minute load average before it (runs started above 1.5 are marked), the result checked
// BEFORE its time counts (the bench layout: the whole indicator set against
// bench/tools/indicators.py; the demo log: Madad against `madad analyze FILE --json`), the peak
// RSS (VmHWM, reset before the rep) of this browser's renderer, which hosts the page and its
// dedicated workers, sampled every 50 ms, and the renderer's CPU time over the rep (less
// sensitive to a busy machine than wall time). The files each library fetched are summed as
// transferred bytes (raw and gzip -9).
//
//   node bench/run.mjs [--quick] [--launches 3] [--reps 7] [--workloads bench-1m,1m,100k-xlsx]
//                      [--big 10m|none] [--adapters madad,duckdb,papa-arquero] [--chunk-bytes N]
//                      [--isolate] [--no-native] [--as-of 2026-11-22] [--out DIR] [--chrome-arg ARG]…
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { gzipSync } from "node:zlib";
import { BrowserMemorySampler, descendants, loadavg } from "./lib/procmem.mjs";
import { startStaticServer } from "./lib/server.mjs";
import { compareSets, fromMadadReport } from "./page/indicator-set.js";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const LOAD_LIMIT = 1.5;
// The workloads, all from the demo generator, seed 42, 80,000 volunteers unless stated.
// Layout "demo": its hours log (windows-1255, CRLF, 7 columns, Hebrew headers, planted dirty
// rows); Madad only, checked against the native CLI. `100k-xlsx` is the 100k-row log saved as
// .xlsx with typed cells (bench/tools/csv2xlsx.py, needs openpyxl in bench/.venv); the CLI reads
// no workbooks, so its reference is the CSV's.
// Layout "bench" (`madad demo --layout bench`): the same sessions as a six-column UTF-8 log
// (perf-anchors §4.1 columns), which every peer can read; checked against the reference
// indicator set of bench/tools/indicators.py.
const WORKLOADS = {
  "20k": { activities: 20_000, layout: "demo" },
  "1m": { activities: 1_000_000, layout: "demo" },
  "10m": { activities: 10_000_000, layout: "demo" },
  "100k-xlsx": { activities: 100_000, xlsx: true, layout: "demo" },
  "bench-5k": { activities: 5_000, volunteers: 2_000, layout: "bench" },
  "bench-1m": { activities: 1_000_000, layout: "bench" },
};

function parseArgs(argv) {
  const o = {
    quick: false,
    launches: 3,
    reps: 7,
    workloads: ["bench-1m", "1m", "100k-xlsx"],
    big: "10m",
    bigReps: 1,
    adapters: ["madad", "duckdb", "papa-arquero"],
    chunkBytes: undefined,
    isolate: false,
    native: true,
    nativeRuns: 3,
    asOf: "2026-11-22",
    out: null,
    timeoutS: 600,
    chromeArgs: [],
  };
  const given = new Set();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    given.add(a);
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    const int = () => {
      const n = Number(v());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} takes a positive integer`);
      return n;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--launches") o.launches = int();
    else if (a === "--reps") o.reps = int();
    else if (a === "--workloads") o.workloads = v().split(",");
    else if (a === "--big") o.big = v();
    else if (a === "--big-reps") o.bigReps = int();
    else if (a === "--adapters") o.adapters = v().split(",");
    else if (a === "--chunk-bytes") o.chunkBytes = int();
    else if (a === "--isolate") o.isolate = true;
    else if (a === "--chrome-arg") o.chromeArgs.push(v()); // diagnostics only, e.g. --js-flags=--no-liftoff
    else if (a === "--no-native") o.native = false;
    else if (a === "--native-runs") o.nativeRuns = int();
    else if (a === "--as-of") o.asOf = v();
    else if (a === "--out") o.out = path.resolve(v());
    else if (a === "--timeout") o.timeoutS = int();
    else if (a === "--summarise") o.summarise = path.resolve(v()); // tables from DIR/partial.json of a stopped run
    else if (a === "--sabotage") o.sabotage = true; // tests the correctness gate: expects one volunteer too many
    else if (a === "--help" || a === "-h") {
      const src = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
      const from = src.findIndex((l) => l.startsWith("//   node bench/run.mjs"));
      console.log(src.slice(from, from + 3).map((l) => l.slice(3)).join("\n"));
      process.exit(0);
    } else throw new Error(`unknown option '${a}'`);
  }
  if (o.quick) {
    // CI smoke: a 5,000-row bench log, Madad and DuckDB-wasm, one launch, 2 reps (cold + warm),
    // no native timing, no 10M. Options given explicitly still apply (e.g. --workloads 20k).
    const quick = { launches: 1, reps: 2, workloads: ["bench-5k"], adapters: ["madad", "duckdb"], big: "none", native: false };
    const flag = { native: "--no-native" };
    for (const [k, val] of Object.entries(quick)) {
      if (!given.has(flag[k] ?? `--${k}`)) o[k] = val;
    }
  }
  for (const w of [...o.workloads, ...(o.big === "none" ? [] : [o.big])]) {
    if (!(w in WORKLOADS)) throw new Error(`unknown workload '${w}' (known: ${Object.keys(WORKLOADS).join(", ")})`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// small helpers

const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const mib = (kb) => (kb == null ? null : kb / 1024);
const fmt = (x, d = 0) => (x == null || Number.isNaN(x) ? "–" : x.toFixed(d));
const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return null;
  }
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  const flags = /^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1].split(" ") ?? [];
  return {
    cpu: model,
    cores: os.cpus().length,
    avx2: flags.includes("avx2"),
    avx512f: flags.includes("avx512f"),
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: os.release(),
    node: process.version,
    chromium: sh(CHROMIUM, ["--version"])?.split("\n").pop() ?? null,
    playwrightCore: JSON.parse(readFileSync(path.join(BENCH, "node_modules", "playwright-core", "package.json"), "utf8")).version,
    gitHead: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    gitDirty: sh("git", ["-C", ROOT, "status", "--short", "--", "crates", "pkg"])?.split("\n").filter(Boolean) ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// workloads, the native reference and native timings

function ensureWorkload(cli, name) {
  const { activities, xlsx, layout, volunteers = 80_000 } = WORKLOADS[name];
  if (layout === "bench") {
    const dir = path.join(BENCH, "data", name);
    const file = path.join(dir, "hours.csv");
    if (!existsSync(file)) {
      log(`generating ${name} (${activities} activities, bench layout) into ${path.relative(ROOT, dir)}`);
      execFileSync(cli, ["demo", "--layout", "bench", "--out", dir, "--seed", "42", "--volunteers", String(volunteers), "--activities", String(activities)], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    }
    return { name, layout, file, referenceFile: file, bytes: statSync(file).size };
  }
  const dir = path.join(BENCH, "data", `hours-${name.replace(/-xlsx$/, "")}`);
  const csv = path.join(dir, "hours_log.csv");
  if (!existsSync(csv)) {
    log(`generating ${name} (${activities} activities) into ${path.relative(ROOT, dir)}`);
    execFileSync(cli, ["demo", "--out", dir, "--seed", "42", "--volunteers", "80000", "--activities", String(activities)], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  let file = csv;
  if (xlsx) {
    file = path.join(dir, "hours_log.xlsx");
    if (!existsSync(file)) {
      const py = path.join(BENCH, ".venv", "bin", "python");
      if (!existsSync(py)) {
        throw new Error("the xlsx workload needs openpyxl: python3 -m venv bench/.venv && bench/.venv/bin/pip install openpyxl");
      }
      log(`converting ${path.relative(ROOT, csv)} to .xlsx`);
      execFileSync(py, [path.join(BENCH, "tools", "csv2xlsx.py"), csv, file], { stdio: ["ignore", "ignore", "inherit"] });
    }
  }
  return { name, layout, file, referenceFile: csv, bytes: statSync(file).size };
}

/** The reporting year of Madad's volume indicators: the last calendar year complete at as-of. */
function reportYearOf(asOf) {
  const [y, m, d] = asOf.split("-").map(Number);
  return m === 12 && d === 31 ? y : y - 1;
}

/** The CLI options a workload needs (the bench layout's id column must be confirmed). */
const cliArgs = (workload) => (workload.layout === "bench" ? ["--keep", "volunteer_id"] : []);

/**
 * The numbers every adapter must reproduce. Demo layout: the CLI's report (volunteers, approved
 * hours, rows). Bench layout: the indicator set of bench/tools/indicators.py (Python's csv
 * module, independent of every adapter), which the native CLI's report must match as well.
 */
function reference(cli, workload, asOf) {
  const analyze = () =>
    JSON.parse(
      execFileSync(cli, ["analyze", workload.referenceFile, "--json", "--as-of", asOf, ...cliArgs(workload)], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  const reportYear = reportYearOf(asOf);
  if (workload.layout === "bench") {
    // Cached beside the workload, keyed by the file, the report year and the script itself.
    const script = path.join(BENCH, "tools", "indicators.py");
    const st = statSync(workload.referenceFile);
    const key = `${st.size}:${st.mtimeMs}:${reportYear}:${sha256(script)}`;
    const cache = path.join(path.dirname(workload.referenceFile), `reference-${reportYear}.json`);
    let set = existsSync(cache) ? JSON.parse(readFileSync(cache, "utf8")) : null;
    if (set?.cacheKey !== key) {
      set = JSON.parse(
        execFileSync("python3", [script, workload.referenceFile, String(reportYear)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
      );
      writeFileSync(cache, JSON.stringify({ ...set, cacheKey: key }));
    }
    delete set.cacheKey;
    const native = compareSets(set, fromMadadReport(analyze()), reportYear);
    if (native.mismatches.length) {
      throw new Error(`the native CLI disagrees with bench/tools/indicators.py: ${JSON.stringify(native.mismatches.slice(0, 5))}`);
    }
    return { kind: "bench", reportYear, set, native: { compared: native.compared, withheld: native.withheld } };
  }
  const r = analyze();
  const published = (p) => (p && !p.suppressed ? p.value : null);
  return {
    kind: "demo",
    reportYear,
    check: {
      volunteers: published(r.summary.volunteers),
      approvedHours: published(r.summary.approvedHours),
      rowsTotal: r.sources.reduce((n, s) => n + s.rowsTotal, 0),
    },
  };
}

/** `/usr/bin/time -f '%e s %M KB' madad analyze FILE --json`, `runs` times. */
function nativeTimes(cli, workload, asOf, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const load = loadavg();
    const r = spawnSync("/usr/bin/time", ["-f", "%e s %M KB %U %S", cli, "analyze", workload.file, "--json", "--as-of", asOf, ...cliArgs(workload)], {
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    });
    const m = /([\d.]+) s (\d+) KB ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
    if (r.status !== 0 || !m) throw new Error(`native run failed: ${r.stderr}`);
    out.push({ s: Number(m[1]), maxRssKb: Number(m[2]), cpuS: Number(m[3]) + Number(m[4]), load1: load[0], underLoad: load[0] > LOAD_LIMIT });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// browser sessions: one fresh Chromium (new profile) per launch × workload × adapter; the
// sessions of one launch and workload are open together and their reps interleaved (A B A B …)

/** Pids of the Chromium processes that are direct children of this Node process. */
function chromiumChildren() {
  return new Set(descendants(process.pid).filter((p) => p.ppid === process.pid && p.isChromium).map((p) => p.pid));
}

async function openSession({ server, adapter, workload, opts, launch }) {
  const before = chromiumChildren();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...opts.chromeArgs] });
  // This browser's own process: the memory sampler looks below it only, so the other open
  // sessions' renderers are never counted.
  const root = [...chromiumChildren()].find((p) => !before.has(p)) ?? null;
  const s = { adapter, workload, browser, launch, root, pageErrors: [], files: [], done: false, loadMs: null };
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    s.page = page;
    page.on("pageerror", (e) => s.pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && s.pageErrors.push(m.text()));
    // Arquero needs eval (new Function); only its page gets 'unsafe-eval' (lib/server.mjs).
    await page.goto(adapter.needsEval ? `${server.url}?csp=unsafe-eval` : server.url);
    await page.waitForSelector("html[data-ready]", { state: "attached" });
    await page.setInputFiles("#file", workload.file);
    const seen = await page.evaluate(() => window.__bench.file());
    if (seen?.size !== workload.bytes) throw new Error(`the page sees ${JSON.stringify(seen)}, expected ${workload.bytes} bytes`);
    server.takeServed(); // the harness page itself is not the library's download
    s.loadMs = await page.evaluate((n) => window.__bench.load(n), adapter.name);
    s.files.push(...server.takeServed());
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
  s.sampler = new BrowserMemorySampler({ intervalMs: 50, root: root ?? process.pid });
  if (root === null) log(`warning: the browser process of ${adapter.name} was not found; memory covers every browser`);
  return s;
}

async function closeSession(s) {
  await s.browser.close().catch(() => {});
  if (s.pageErrors.length) log(`${s.adapter.name}: page errors: ${s.pageErrors.slice(0, 5).join(" | ")}`);
}

/** The set's mismatches against the expected figures of the workload. */
function verdict(r, expected) {
  if (!r.ok) return { mismatches: [] };
  if (expected.kind === "bench") {
    if (!r.indicators) return { mismatches: [{ field: "indicators", got: null, expected: "the indicator set" }] };
    return compareSets(expected.set, r.indicators, expected.reportYear);
  }
  const mismatches = Object.keys(expected.check)
    .filter((k) => r.check?.[k] !== expected.check[k])
    .map((k) => ({ field: k, got: r.check?.[k], expected: expected.check[k] }));
  return { mismatches };
}

async function runRep(s, { server, rep, expected, opts }) {
  const { adapter, workload, page } = s;
  const load = loadavg();
  const startedAt = new Date().toISOString();
  s.sampler.start();
  let r;
  try {
    let timer;
    r = await Promise.race([
      page.evaluate(([n, o]) => window.__bench.run(n, o), [
        adapter.name,
        adapter.pageOptions({ ...opts, layout: workload.layout, reportYear: expected.reportYear }),
      ]),
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timeout after ${opts.timeoutS} s`)), opts.timeoutS * 1000);
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (e) {
    r = { ok: false, error: `harness: ${e.message.split("\n")[0]}` };
  }
  const mem = s.sampler.stop();
  if (rep === 0) s.files.push(...server.takeServed());
  else server.takeServed();
  const v = verdict(r, expected);
  const rec = {
    adapter: adapter.name,
    workload: workload.name,
    bytes: workload.bytes,
    launch: s.launch,
    rep,
    kind: rep === 0 ? "cold" : "warm",
    startedAt,
    load1: load[0],
    underLoad: load[0] > LOAD_LIMIT,
    ok: r.ok,
    correct: r.ok && v.mismatches.length === 0,
    mismatches: v.mismatches.slice(0, 20),
    mismatchCount: v.mismatches.length,
    compared: v.compared ?? null,
    withheld: v.withheld ?? null,
    notReported: v.notReported ?? null,
    error: r.error ?? null,
    totalMs: r.totalMs ?? null,
    // Rep 0 only: loading the adapter's module (the library's JS) before the first call.
    loadMs: rep === 0 ? s.loadMs : null,
    initMs: r.initMs ?? null,
    ingestMs: r.ingestMs ?? null,
    ingestMBps: r.ingestMs ? workload.bytes / 1e6 / (r.ingestMs / 1000) : null,
    wasmHeapBytes: r.wasmHeapBytes ?? null,
    jsHeap: r.jsHeap ?? null,
    rendererCpuMs: mem.rendererCpuMs,
    cpuByRole: mem.cpuByRole,
    rendererHwmKb: mem.rendererHwmKb,
    rendererRssKb: mem.rendererRssKb,
    memByRole: mem.byRole,
    memSamples: mem.samples,
    peakReset: mem.peakReset,
    extra: r.extra ?? null,
  };
  log(
    `${adapter.name} ${workload.name} launch ${s.launch} rep ${rep} (${rec.kind}): ` +
      (r.ok
        ? `${fmt(rec.totalMs)} ms total, ${fmt(rec.initMs)} ms init, ${fmt(rec.ingestMBps)} MB/s, ` +
          `renderer CPU ${fmt(rec.rendererCpuMs)} ms, peak ${fmt(mib(rec.rendererHwmKb))} MiB` +
          (rec.wasmHeapBytes ? `, wasm heap ${fmt(rec.wasmHeapBytes / 2 ** 20)} MiB` : "") +
          (rec.compared != null ? `, ${rec.compared} figures checked` : "") +
          (rec.correct ? "" : `  WRONG (${rec.mismatchCount}) ${JSON.stringify(rec.mismatches.slice(0, 3))}`)
        : `FAILED: ${r.error}`) +
      `  [load ${load[0].toFixed(2)}${rec.underLoad ? " > 1.5: marked" : ""}]`,
  );
  if (!r.ok) s.done = true; // a crashed renderer or worker: this session is over
  await new Promise((res) => setTimeout(res, 300)); // let the ended job's memory go
  return rec;
}

const gzipCache = new Map();
/** What the library sent over the wire: each distinct file once, raw and gzip -9. */
function transferred(files) {
  const unique = new Map();
  for (const f of files) if (!f.path.startsWith("/indicator-set.js")) unique.set(f.path, f);
  let raw = 0;
  let gz = 0;
  for (const f of unique.values()) {
    if (!gzipCache.has(f.file)) gzipCache.set(f.file, gzipSync(readFileSync(f.file), { level: 9 }).length);
    raw += f.bytes;
    gz += gzipCache.get(f.file);
  }
  return { files: [...unique.keys()], rawBytes: raw, gzipBytes: gz };
}

/** One launch of one workload: every compatible adapter in its own browser, reps interleaved. */
async function launchWorkload({ server, adapters, workload, reps, expected, opts, launch }) {
  const records = [];
  const transfers = [];
  const sessions = [];
  try {
    for (const adapter of adapters) sessions.push(await openSession({ server, adapter, workload, opts, launch }));
    for (let rep = 0; rep < reps; rep++) {
      for (const s of sessions) if (!s.done) records.push(await runRep(s, { server, rep, expected, opts }));
    }
  } finally {
    for (const s of sessions) {
      await closeSession(s);
      transfers.push({ adapter: s.adapter.name, workload: workload.name, launch, loadMs: s.loadMs, ...transferred(s.files) });
    }
  }
  return { records, transfers };
}

// ---------------------------------------------------------------------------------------------
// summaries

function summarise(records, workloadBytes, transfers) {
  const ok = records.filter((r) => r.correct);
  const cold = ok.filter((r) => r.kind === "cold");
  const warm = ok.filter((r) => r.kind === "warm");
  const calm = (xs) => xs.filter((r) => !r.underLoad);
  const stats = (cs, ws) => ({
    coldMedianMs: median(cs.map((r) => r.totalMs)),
    // Cold including the adapter module's load (the library's JS) before the first call.
    coldWithLoadMedianMs: median(cs.map((r) => r.totalMs + (r.loadMs ?? 0))),
    warmMedianMs: median(ws.map((r) => r.totalMs)),
    warmP90Ms: pct(ws.map((r) => r.totalMs), 90),
    warmMedianIngestMs: median(ws.map((r) => r.ingestMs)),
    coldMedianInitMs: median(cs.map((r) => r.initMs)),
    warmMedianInitMs: median(ws.map((r) => r.initMs)),
    coldMedianCpuMs: median(cs.map((r) => r.rendererCpuMs).filter((x) => x != null)),
    warmMedianCpuMs: median(ws.map((r) => r.rendererCpuMs).filter((x) => x != null)),
    n: { cold: cs.length, warm: ws.length },
  });
  const all = stats(cold, warm);
  const calmOnly = stats(calm(cold), calm(warm));
  const mbps = (ms) => (ms ? workloadBytes / 1e6 / (ms / 1000) : null);
  return {
    runs: records.length,
    correct: ok.length,
    failed: records.filter((r) => !r.ok).length,
    wrong: records.filter((r) => r.ok && !r.correct).length,
    underLoad: records.filter((r) => r.underLoad).length,
    load1Range: records.length ? [Math.min(...records.map((r) => r.load1)), Math.max(...records.map((r) => r.load1))] : null,
    ...all,
    warmMedianMBps: mbps(all.warmMedianIngestMs),
    coldMedianMBps: mbps(median(cold.map((r) => r.ingestMs))),
    calm: { ...calmOnly, warmMedianMBps: mbps(calmOnly.warmMedianIngestMs) },
    peakRendererMiB: ok.length ? mib(Math.max(...ok.map((r) => r.rendererHwmKb ?? 0))) : null,
    medianPeakRendererMiB: mib(median(ok.map((r) => r.rendererHwmKb).filter((x) => x != null))),
    wasmHeapMiB: ok.some((r) => r.wasmHeapBytes) ? Math.max(...ok.map((r) => r.wasmHeapBytes ?? 0)) / 2 ** 20 : null,
    figuresChecked: median(ok.map((r) => r.compared).filter((x) => x != null)),
    figuresWithheld: median(ok.map((r) => r.withheld).filter((x) => x != null)),
    notReported: ok.find((r) => r.notReported)?.notReported ?? null,
    transferredRawBytes: median(transfers.map((t) => t.rawBytes)),
    transferredGzipBytes: median(transfers.map((t) => t.gzipBytes)),
    transferredFiles: transfers[0]?.files ?? null,
    moduleLoadMedianMs: median(transfers.map((t) => t.loadMs).filter((x) => x != null)),
  };
}

/**
 * The headline: each adapter against DuckDB-wasm on the same workload. `> 1` means better than
 * DuckDB-wasm: its time (or bytes, or memory) divided by the adapter's.
 */
function ratiosToDuckdb(summary) {
  const out = {};
  for (const [key, s] of Object.entries(summary)) {
    const [adapter, workload] = key.split("/");
    const d = summary[`duckdb/${workload}`];
    if (!d || adapter === "duckdb") continue;
    const r = (a, b) => (a && b ? a / b : null);
    out[key] = {
      warm: r(d.warmMedianMs, s.warmMedianMs),
      warmCpu: r(d.warmMedianCpuMs, s.warmMedianCpuMs),
      cold: r(d.coldWithLoadMedianMs, s.coldWithLoadMedianMs),
      peakMemory: r(d.peakRendererMiB, s.peakRendererMiB),
      transferredGzip: r(d.transferredGzipBytes, s.transferredGzipBytes),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Summaries, ratios and the tables, from the records of a run (also of a stopped run's partial.json). */
function report({ runDir, env, workloads, expected, native, records, transfers, elapsedS }) {
  const summary = {};
  const adapterNames = [...new Set(records.map((r) => r.adapter))];
  for (const n of Object.keys(workloads)) {
    for (const name of adapterNames) {
      const rs = records.filter((r) => r.adapter === name && r.workload === n);
      const ts = transfers.filter((t) => t.adapter === name && t.workload === n);
      if (rs.length) summary[`${name}/${n}`] = summarise(rs, workloads[n].bytes, ts);
    }
  }
  const ratios = ratiosToDuckdb(summary);
  const result = { env, workloads, expected, native, summary, ratiosToDuckdb: ratios, transfers, records, elapsedS };
  writeFileSync(path.join(runDir, "results.json"), JSON.stringify(result, null, 2));

  const kb = (b) => (b == null ? "–" : (b / 1024).toFixed(0));
  console.log("");
  console.log("| adapter / workload | MB | runs ok | cold ms (+ module load) | warm median ms | warm p90 ms | warm MB/s (init → result) | warm renderer CPU ms | peak renderer MiB | transferred KiB raw / gzip | runs under load (1-min load) |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [k, s] of Object.entries(summary)) {
    const n = k.split("/")[1];
    console.log(
      `| ${k} | ${fmt(workloads[n].bytes / 1e6, 1)} | ${s.correct}/${s.runs} | ${fmt(s.coldMedianMs)} (${fmt(s.coldWithLoadMedianMs)}) | ${fmt(s.warmMedianMs)} | ${fmt(s.warmP90Ms)} | ${fmt(s.warmMedianMBps ?? s.coldMedianMBps, 1)}${s.warmMedianMBps == null ? " (cold)" : ""} | ${fmt(s.warmMedianCpuMs ?? s.coldMedianCpuMs)} | ${fmt(s.peakRendererMiB)} | ${kb(s.transferredRawBytes)} / ${kb(s.transferredGzipBytes)} | ${s.underLoad}/${s.runs} (${fmt(s.load1Range?.[0], 1)}–${fmt(s.load1Range?.[1], 1)}) |`,
    );
  }
  if (Object.keys(ratios).length) {
    console.log("");
    console.log("| vs DuckDB-wasm (× better) | warm | warm CPU | cold (+ load) | peak memory | transferred gzip |");
    console.log("|---|---|---|---|---|---|");
    for (const [k, r] of Object.entries(ratios)) {
      console.log(`| ${k} | ${fmt(r.warm, 2)} | ${fmt(r.warmCpu, 2)} | ${fmt(r.cold, 2)} | ${fmt(r.peakMemory, 2)} | ${fmt(r.transferredGzip, 1)} |`);
    }
  }
  for (const [n, v] of Object.entries(native)) {
    console.log(`native madad analyze ${n}: median ${v.medianS} s wall, ${fmt(v.medianCpuS, 2)} s CPU (${fmt(v.MBps, 1)} MB/s wall), max RSS ${fmt(mib(v.maxRssKb))} MiB`);
  }
  console.log(`results: ${path.relative(ROOT, path.join(runDir, "results.json"))}; ${elapsedS == null ? "partial" : `${elapsedS.toFixed(1)} s`}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.summarise) {
    const p = JSON.parse(readFileSync(path.join(opts.summarise, "partial.json"), "utf8"));
    return report({ runDir: opts.summarise, ...p, elapsedS: null });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const runDir = opts.out ?? path.join(BENCH, "out", `${opts.quick ? "quick" : "full"}-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  const t0 = Date.now();

  // Freeze what is measured: the CLI binary and each adapter's built files are copied.
  const builtCli = path.join(ROOT, "target", "release-native", "madad");
  if (!existsSync(builtCli)) throw new Error("target/release-native/madad is missing: cargo build -p madad-cli --profile release-native");
  const cli = path.join(runDir, "madad");
  copyFileSync(builtCli, cli);
  const adapters = [];
  const mounts = { "/": path.join(BENCH, "page"), "/adapters/": path.join(BENCH, "adapters") };
  const adapterInfo = {};
  for (const name of opts.adapters) {
    const mod = (await import(`./adapters/${name}/index.mjs`)).default;
    const prep = await mod.prepare({ root: ROOT, bench: BENCH, runDir });
    Object.assign(mounts, prep.mounts);
    adapterInfo[name] = prep.info;
    adapters.push(mod);
  }
  const env = { ...machine(), cliSha256: sha256(cli), adapters: adapterInfo, options: opts };
  log(`machine: ${env.cpu}, ${env.cores} cores, ${env.memGiB} GiB; ${env.chromium}; node ${env.node}; madad ${env.gitHead}${env.gitDirty.length ? " + uncommitted changes" : ""}`);

  const names = [...new Set([...opts.workloads, ...(opts.big === "none" ? [] : [opts.big])])];
  const workloads = Object.fromEntries(names.map((n) => [n, ensureWorkload(cli, n)]));
  const expected = {};
  for (const n of names) {
    const t = Date.now();
    expected[n] = reference(cli, workloads[n], opts.asOf);
    if (opts.sabotage) (expected[n].check ?? expected[n].set).volunteers += 1;
    const e = expected[n];
    log(
      `reference ${n} (${workloads[n].bytes} bytes): ` +
        (e.kind === "bench"
          ? `${e.set.countedRows} of ${e.set.rows} rows counted, ${e.set.volunteers} volunteers, ${Object.keys(e.set.hoursByMonthDept).length} month × domain cells; native CLI agrees on ${e.native.compared} figures (${e.native.withheld} withheld)`
          : JSON.stringify(e.check)) +
        ` (${Date.now() - t} ms)`,
    );
  }

  const native = {};
  if (opts.native) {
    for (const n of names.filter((x) => !WORKLOADS[x].xlsx)) {
      const runs = nativeTimes(cli, workloads[n], opts.asOf, opts.nativeRuns);
      native[n] = {
        runs,
        medianS: median(runs.map((r) => r.s)),
        maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
        medianCpuS: median(runs.map((r) => r.cpuS)),
        MBps: workloads[n].bytes / 1e6 / median(runs.map((r) => r.s)),
      };
      log(`native ${n}: ${runs.map((r) => `${r.s} s ${r.maxRssKb} KB`).join(", ")}; median ${native[n].medianS} s`);
    }
  }

  const server = await startStaticServer({ mounts, isolate: opts.isolate });
  const records = [];
  const transfers = [];
  const fits = (w) => adapters.filter((a) => (a.layouts ?? ["demo"]).includes(w.layout));
  // After every launch, what is measured so far (a long run stopped early keeps its reps).
  const partial = () =>
    writeFileSync(path.join(runDir, "partial.json"), JSON.stringify({ env, workloads, expected, native, transfers, records }, null, 1));
  try {
    // Every launch visits every workload; within one, the adapters' reps are interleaved.
    for (let launch = 1; launch <= opts.launches; launch++) {
      for (const n of opts.workloads) {
        const w = workloads[n];
        const r = await launchWorkload({ server, adapters: fits(w), workload: w, reps: opts.reps, expected: expected[n], opts, launch });
        records.push(...r.records);
        transfers.push(...r.transfers);
        partial();
      }
    }
    if (opts.big !== "none") {
      const w = workloads[opts.big];
      for (const adapter of fits(w)) {
        const r = await launchWorkload({ server, adapters: [adapter], workload: w, reps: opts.bigReps, expected: expected[opts.big], opts, launch: 1 });
        records.push(...r.records);
        transfers.push(...r.transfers);
      }
    }
  } finally {
    await server.close();
  }

  report({ runDir, env, workloads, expected, native, records, transfers, elapsedS: (Date.now() - t0) / 1000 });

  if (records.some((r) => r.ok && r.rendererHwmKb == null)) {
    console.error("warning: no renderer process was found below this Node process; peak memory is missing");
  }
  // A wrong number is a failure; a rep that did not complete is a failure for the timed
  // workloads, and only a recorded finding for the robustness (--big) workload.
  const wrong = records.filter((r) => r.ok && !r.correct);
  const failedTimed = records.filter((r) => !r.ok && r.workload !== opts.big);
  if (wrong.length || failedTimed.length) {
    console.error(`FAIL: ${wrong.length} wrong result(s), ${failedTimed.length} failed rep(s)`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(2);
});
