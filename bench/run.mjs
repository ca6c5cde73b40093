#!/usr/bin/env node
// Madad ingest benchmark (docs/benchmarks.md). Run through `bash scripts/bench.sh [--quick]`.
//
// For each launch, workload and adapter: a fresh headless Chromium (new profile), one page
// that receives the workload through a real <input type=file> (Playwright setInputFiles, so the
// File is disk-backed exactly as when a user picks it), then N reps of the adapter on that same
// File. Rep 0 is cold (worker start, .wasm fetch, compile, instantiate), reps 1..N-1 are warm.
// Each rep: the 1-minute load average before it (runs started above 1.5 are marked), the
// result checked against `madad analyze FILE --json` (native CLI) BEFORE its time counts, and
// the peak RSS (VmHWM, reset before the rep) of this browser's renderer, which hosts the page
// and its dedicated worker, sampled every 50 ms with the other Chromium processes, plus the
// renderer's CPU time over the rep (less sensitive to a busy machine than wall time).
//
//   node bench/run.mjs [--quick] [--launches 3] [--reps 7] [--workloads 1m,100k-xlsx] [--big 10m|none]
//                      [--adapters madad] [--chunk-bytes N] [--isolate] [--no-native]
//                      [--as-of 2026-11-22] [--out DIR] [--chrome-arg ARG]…
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { BrowserMemorySampler, loadavg } from "./lib/procmem.mjs";
import { startStaticServer } from "./lib/server.mjs";

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
// The ingest workloads: the demo generator's hours log (windows-1255, CRLF, 7 columns, Hebrew
// headers), seed 42, 80,000 volunteers.
// `100k-xlsx` is the 100k-row log saved as .xlsx with typed cells (bench/tools/csv2xlsx.py,
// needs openpyxl in bench/.venv); the CLI reads no workbooks, so its reference is the CSV's.
const WORKLOADS = {
  "20k": { activities: 20_000 },
  "1m": { activities: 1_000_000 },
  "10m": { activities: 10_000_000 },
  "100k-xlsx": { activities: 100_000, xlsx: true },
};

function parseArgs(argv) {
  const o = {
    quick: false,
    launches: 3,
    reps: 7,
    workloads: ["1m", "100k-xlsx"],
    big: "10m",
    bigReps: 1,
    adapters: ["madad"],
    chunkBytes: undefined,
    isolate: false,
    native: true,
    nativeRuns: 3,
    asOf: "2026-11-22",
    out: null,
    timeoutS: 600,
    chromeArgs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
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
    else if (a === "--sabotage") o.sabotage = true; // tests the correctness gate: expects one volunteer too many
    else if (a === "--help" || a === "-h") {
      const src = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
      const from = src.findIndex((l) => l.startsWith("//   node bench/run.mjs"));
      console.log(src.slice(from, from + 3).map((l) => l.slice(3)).join("\n"));
      process.exit(0);
    } else throw new Error(`unknown option '${a}'`);
  }
  if (o.quick) {
    // CI smoke: a 20k-row file, one launch, 2 reps (cold + warm), no native timing, no 10M.
    Object.assign(o, { launches: 1, reps: 2, workloads: ["20k"], big: "none", native: false });
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
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
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
  const { activities, xlsx } = WORKLOADS[name];
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
  return { name, file, referenceFile: csv, bytes: statSync(file).size };
}

/** The CLI's report for the file: the numbers every adapter must reproduce. */
function reference(cli, file, asOf) {
  const out = execFileSync(cli, ["analyze", file, "--json", "--as-of", asOf], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const r = JSON.parse(out);
  const published = (p) => (p && !p.suppressed ? p.value : null);
  return {
    volunteers: published(r.summary.volunteers),
    approvedHours: published(r.summary.approvedHours),
    rowsTotal: r.sources.reduce((n, s) => n + s.rowsTotal, 0),
  };
}

/** `/usr/bin/time -f '%e s %M KB' madad analyze FILE --json`, `runs` times. */
function nativeTimes(cli, file, asOf, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const load = loadavg();
    const r = spawnSync("/usr/bin/time", ["-f", "%e s %M KB %U %S", cli, "analyze", file, "--json", "--as-of", asOf], {
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
// one browser launch: one adapter, one workload, `reps` reps

async function session({ server, adapter, workload, reps, expected, opts, launch }) {
  const records = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...opts.chromeArgs] });
  const pageErrors = [];
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
    await page.goto(server.url);
    await page.waitForSelector("html[data-ready]", { state: "attached" });
    await page.setInputFiles("#file", workload.file);
    const seen = await page.evaluate(() => window.__bench.file());
    if (seen?.size !== workload.bytes) throw new Error(`the page sees ${JSON.stringify(seen)}, expected ${workload.bytes} bytes`);
    await page.evaluate((n) => window.__bench.load(n), adapter.name);
    const sampler = new BrowserMemorySampler({ intervalMs: 50 });
    for (let rep = 0; rep < reps; rep++) {
      const load = loadavg();
      const startedAt = new Date().toISOString();
      sampler.start();
      let r;
      try {
        let timer;
        r = await Promise.race([
          page.evaluate(([n, o]) => window.__bench.run(n, o), [adapter.name, adapter.pageOptions(opts)]),
          new Promise((_, rej) => {
            timer = setTimeout(() => rej(new Error(`timeout after ${opts.timeoutS} s`)), opts.timeoutS * 1000);
          }),
        ]).finally(() => clearTimeout(timer));
      } catch (e) {
        r = { ok: false, error: `harness: ${e.message.split("\n")[0]}` };
      }
      const mem = sampler.stop();
      const mismatches = r.ok
        ? Object.keys(expected).filter((k) => r.check?.[k] !== expected[k])
        : [];
      const rec = {
        adapter: adapter.name,
        workload: workload.name,
        bytes: workload.bytes,
        launch,
        rep,
        kind: rep === 0 ? "cold" : "warm",
        startedAt,
        load1: load[0],
        underLoad: load[0] > LOAD_LIMIT,
        ok: r.ok,
        correct: r.ok && mismatches.length === 0,
        mismatches: mismatches.map((k) => ({ field: k, got: r.check?.[k], expected: expected[k] })),
        error: r.error ?? null,
        totalMs: r.totalMs ?? null,
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
      records.push(rec);
      log(
        `${adapter.name} ${workload.name} launch ${launch} rep ${rep} (${rec.kind}): ` +
          (r.ok
            ? `${fmt(rec.totalMs)} ms total, ${fmt(rec.initMs)} ms to first chunk, ${fmt(rec.ingestMBps)} MB/s, ` +
              `renderer CPU ${fmt(rec.rendererCpuMs)} ms, peak ${fmt(mib(rec.rendererHwmKb))} MiB, wasm heap ${fmt(rec.wasmHeapBytes / 2 ** 20)} MiB` +
              (rec.correct ? "" : `  WRONG ${JSON.stringify(rec.mismatches)}`)
            : `FAILED: ${r.error}`) +
          `  [load ${load[0].toFixed(2)}${rec.underLoad ? " > 1.5: marked" : ""}]`,
      );
      if (!r.ok) break; // a crashed renderer or worker: this launch is over
      await new Promise((res) => setTimeout(res, 300)); // let the ended worker's memory go
    }
  } finally {
    await browser.close().catch(() => {});
  }
  if (pageErrors.length) log(`page errors: ${pageErrors.slice(0, 5).join(" | ")}`);
  return records;
}

// ---------------------------------------------------------------------------------------------
// summaries

function summarise(records, workloadBytes) {
  const ok = records.filter((r) => r.correct);
  const cold = ok.filter((r) => r.kind === "cold");
  const warm = ok.filter((r) => r.kind === "warm");
  const calm = (xs) => xs.filter((r) => !r.underLoad);
  const stats = (cs, ws) => ({
    coldMedianMs: median(cs.map((r) => r.totalMs)),
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
    ...all,
    warmMedianMBps: mbps(all.warmMedianIngestMs),
    coldMedianMBps: mbps(median(cold.map((r) => r.ingestMs))),
    calm: { ...calmOnly, warmMedianMBps: mbps(calmOnly.warmMedianIngestMs) },
    peakRendererMiB: ok.length ? mib(Math.max(...ok.map((r) => r.rendererHwmKb ?? 0))) : null,
    medianPeakRendererMiB: mib(median(ok.map((r) => r.rendererHwmKb).filter((x) => x != null))),
    wasmHeapMiB: ok.some((r) => r.wasmHeapBytes) ? Math.max(...ok.map((r) => r.wasmHeapBytes ?? 0)) / 2 ** 20 : null,
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
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
    expected[n] = reference(cli, workloads[n].referenceFile, opts.asOf);
    if (opts.sabotage) expected[n].volunteers += 1;
    log(`reference ${n} (${workloads[n].bytes} bytes): ${JSON.stringify(expected[n])} (${Date.now() - t} ms)`);
  }

  const native = {};
  if (opts.native) {
    for (const n of names.filter((x) => !WORKLOADS[x].xlsx)) {
      const runs = nativeTimes(cli, workloads[n].file, opts.asOf, opts.nativeRuns);
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
  try {
    // Interleaved: every launch visits every workload and adapter before the next launch.
    for (let launch = 1; launch <= opts.launches; launch++) {
      for (const n of opts.workloads) {
        for (const adapter of adapters) {
          records.push(
            ...(await session({ server, adapter, workload: workloads[n], reps: opts.reps, expected: expected[n], opts, launch })),
          );
        }
      }
    }
    if (opts.big !== "none") {
      for (const adapter of adapters) {
        records.push(
          ...(await session({ server, adapter, workload: workloads[opts.big], reps: opts.bigReps, expected: expected[opts.big], opts, launch: 1 })),
        );
      }
    }
  } finally {
    await server.close();
  }

  const summary = {};
  for (const adapter of adapters) {
    for (const n of names) {
      const rs = records.filter((r) => r.adapter === adapter.name && r.workload === n);
      if (rs.length) summary[`${adapter.name}/${n}`] = summarise(rs, workloads[n].bytes);
    }
  }
  const elapsedS = (Date.now() - t0) / 1000;
  const result = { env, workloads, expected, native, summary, records, elapsedS };
  writeFileSync(path.join(runDir, "results.json"), JSON.stringify(result, null, 2));

  console.log("");
  console.log("| adapter / workload | MB | runs ok | cold median ms | warm median ms | warm p90 ms | warm MB/s (first chunk → result) | warm renderer CPU ms | peak renderer MiB | wasm heap MiB | runs under load |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [k, s] of Object.entries(summary)) {
    const n = k.split("/")[1];
    console.log(
      `| ${k} | ${fmt(workloads[n].bytes / 1e6, 1)} | ${s.correct}/${s.runs} | ${fmt(s.coldMedianMs)} | ${fmt(s.warmMedianMs)} | ${fmt(s.warmP90Ms)} | ${fmt(s.warmMedianMBps ?? s.coldMedianMBps, 1)}${s.warmMedianMBps == null ? " (cold)" : ""} | ${fmt(s.warmMedianCpuMs ?? s.coldMedianCpuMs)} | ${fmt(s.peakRendererMiB)} | ${fmt(s.wasmHeapMiB)} | ${s.underLoad}/${s.runs} |`,
    );
  }
  for (const [n, v] of Object.entries(native)) {
    console.log(`native madad analyze ${n}: median ${v.medianS} s wall, ${fmt(v.medianCpuS, 2)} s CPU (${fmt(v.MBps, 1)} MB/s wall), max RSS ${fmt(mib(v.maxRssKb))} MiB`);
  }
  console.log(`results: ${path.relative(ROOT, path.join(runDir, "results.json"))}; ${elapsedS.toFixed(1)} s`);

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
