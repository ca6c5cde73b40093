// The Dataset handle: files read once (`openFiles` on this thread, `openInWorker` in a worker),
// analysed many times with other options, then disposed. The reference for every report is the
// one-shot `analyzeFiles` with the same options, which reads the files again; the reference for
// the ledger is `onDataset` of that same call.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { MadadError, analyzeFiles, openFiles } from "madad";
import { AS_OF, DEMO_DIR, ROOT, readTruth } from "./helpers.mjs";

const input = (name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(DEMO_DIR, name))) });
const FILES = ["hours_log.csv", "volunteers.xlsx", "loneliness_survey.csv"].map(input);
const INGEST = { asOf: AS_OF };
/** Two analyses of the same data: the default subgroups, and the registry's opt-in ones. */
const DEFAULTS = undefined;
const BY_REGISTRY = { suppressionThreshold: 5, loneliness: { subgroups: ["gender", "ageBand"] } };
const dimensions = (report) => [...new Set((report.loneliness?.subgroups?.rows ?? []).map((r) => r.dimension))].sort();

const reference = {};
let referenceDetails = null;
reference.defaults = await analyzeFiles(FILES, { ingest: INGEST, onDataset: (d) => (referenceDetails = d) });
reference.byRegistry = await analyzeFiles(FILES, { ingest: INGEST, analysis: BY_REGISTRY });

async function rejectsDisposed(promise, what) {
  await assert.rejects(promise, (e) => e instanceof MadadError && e.code === "dataset.disposed", `${what} rejects with dataset.disposed`);
}

describe("openFiles (calling thread)", async () => {
  const progress = [];
  const ds = await openFiles(FILES, { ingest: INGEST, onProgress: (p) => progress.push(p) });

  test("reports progress while reading and holds the ledger of analyzeFiles' onDataset", () => {
    assert.ok(progress.length >= FILES.length, "progress per file");
    assert.equal(progress.at(-1).overallBytes, progress.at(-1).overallTotalBytes);
    assert.deepEqual(ds.details, referenceDetails);
    assert.equal(ds.details.ledgers[0].rowsRejected, readTruth().hoursLog.rowsRejected);
    assert.equal(ds.disposed, false);
  });

  test("analyses twice with different options, each as the one-shot analysis with those options", async () => {
    const a = await ds.analyze(DEFAULTS);
    const b = await ds.analyze(BY_REGISTRY);
    assert.deepEqual(a, reference.defaults);
    assert.deepEqual(b, reference.byRegistry);
    assert.deepEqual(dimensions(a), ["role"], "the default dimensions the demo supplies");
    assert.deepEqual(dimensions(b), ["ageBand", "gender"], "the opt-in registry dimensions");
    assert.equal(b.definitions.suppressionThreshold, 5);
    assert.deepEqual(await ds.analyze(DEFAULTS), a, "a third call gives the first report again");
  });

  test("excludedRowsCsv: the rejected rows of the ledger; an index beyond the files is refused", async () => {
    assert.deepEqual(await ds.excludedRowsCsv(0), referenceDetails.excludedRows[0]);
    assert.equal(await ds.excludedRowsCsv(1), null);
    await assert.rejects(ds.excludedRowsCsv(3), (e) => e.code === "options.invalid");
  });

  test("an aborted signal rejects that call only", async () => {
    const reason = new Error("stop");
    await assert.rejects(ds.analyze(DEFAULTS, { signal: AbortSignal.abort(reason) }), (e) => e === reason);
    assert.equal(ds.disposed, false);
  });

  test("dispose: every method then rejects with dataset.disposed; dispose again is harmless", async () => {
    await ds.dispose();
    assert.equal(ds.disposed, true);
    await rejectsDisposed(ds.analyze(DEFAULTS), "analyze");
    await rejectsDisposed(ds.excludedRowsCsv(0), "excludedRowsCsv");
    await ds.dispose();
  });

  test("reading errors reject as analyzeFiles' do", async () => {
    await assert.rejects(openFiles([], {}), (e) => e.code === "input.no_files");
    const empty = { name: "empty.csv", bytes: new Uint8Array() };
    await assert.rejects(openFiles([empty], { ingest: INGEST }), (e) => e instanceof MadadError && e.code === "file.empty");
  });
});

// The worker script (dist/worker.js) in a stubbed worker scope of this process, behind an
// object with the Worker interface, so `openInWorker` talks to the real worker code.
const dist = (f) => new URL(`file://${path.join(ROOT, "pkg", "dist", f)}`).href;
const { openInWorker } = await import(dist("client.js"));
const scopeListeners = [];
let toPage = () => {};
globalThis.addEventListener = (type, fn) => {
  if (type === "message") scopeListeners.push(fn);
};
globalThis.postMessage = (m) => toPage(structuredClone(m));
await import(dist("worker.js"));
delete globalThis.addEventListener;

class LoopbackWorker {
  constructor() {
    this.listeners = { message: [], error: [], messageerror: [] };
    this.terminated = false;
    this.requests = [];
    toPage = (m) => {
      if (!this.terminated) for (const fn of this.listeners.message) fn({ data: m });
    };
  }
  addEventListener(type, fn) {
    this.listeners[type].push(fn);
  }
  postMessage(m) {
    this.requests.push(m.type);
    if (!this.terminated) for (const fn of scopeListeners) fn({ data: structuredClone(m) });
  }
  terminate() {
    this.terminated = true;
  }
  crash() {
    for (const fn of this.listeners.error) fn({ message: "out of memory", error: null, preventDefault() {} });
  }
}

describe("openInWorker (the dataset lives in the worker)", async () => {
  const statsModule = await WebAssembly.compile(readFileSync(path.join(ROOT, "pkg", "wasm-stats", "madad_stats_bg.wasm")));
  const module = await WebAssembly.compile(readFileSync(path.join(ROOT, "pkg", "wasm", "madad_core_bg.wasm")));

  test("opens once, analyses twice with different options, then dispose terminates the worker", async () => {
    const w = new LoopbackWorker();
    const progress = [];
    const ds = await openInWorker(FILES, { createWorker: () => w, module, statsModule, ingest: INGEST, onProgress: (p) => progress.push(p) });
    assert.ok(progress.length >= FILES.length);
    assert.deepEqual(ds.details, referenceDetails);
    const [a, b] = await Promise.all([ds.analyze(DEFAULTS), ds.analyze(BY_REGISTRY)]);
    assert.deepEqual(a, reference.defaults);
    assert.deepEqual(b, reference.byRegistry);
    assert.deepEqual(w.requests, ["open", "analyzeDataset", "analyzeDataset"], "the files are sent and read once");
    assert.deepEqual(await ds.excludedRowsCsv(0), referenceDetails.excludedRows[0]);
    await ds.dispose();
    assert.equal(w.terminated, true, "dispose ends the worker (its memory returns)");
    assert.equal(ds.disposed, true);
    await rejectsDisposed(ds.analyze(DEFAULTS), "analyze");
    await rejectsDisposed(ds.excludedRowsCsv(0), "excludedRowsCsv");
  });

  test("an aborted analyze rejects alone; the dataset answers the next call", async () => {
    const w = new LoopbackWorker();
    const ds = await openInWorker(FILES, { createWorker: () => w, module, statsModule, ingest: INGEST });
    const controller = new AbortController();
    const first = ds.analyze(BY_REGISTRY, { signal: controller.signal });
    controller.abort(new Error("changed my mind"));
    await assert.rejects(first, /changed my mind/);
    assert.deepEqual(await ds.analyze(DEFAULTS), reference.defaults);
    await ds.dispose();
  });

  test("a crash rejects the waiting call and every later one with worker.crashed", async () => {
    const w = new LoopbackWorker();
    const ds = await openInWorker(FILES, { createWorker: () => w, module, statsModule, ingest: INGEST });
    w.terminated = true; // the computation never answers, as in a worker that ran out of memory
    const waiting = ds.analyze(DEFAULTS);
    w.crash();
    await assert.rejects(waiting, (e) => e instanceof MadadError && e.code === "worker.crashed");
    await assert.rejects(ds.analyze(DEFAULTS), (e) => e.code === "worker.crashed");
    assert.equal(ds.disposed, true);
  });

  test("a reading error rejects the open and ends the worker", async () => {
    const w = new LoopbackWorker();
    await assert.rejects(
      openInWorker([{ name: "empty.csv", bytes: new Uint8Array() }], { createWorker: () => w, module, statsModule, ingest: INGEST }),
      (e) => e instanceof MadadError && e.code === "file.empty",
    );
    assert.equal(w.terminated, true);
  });
  // Last: the worker code, shared by every LoopbackWorker, goes on reading after the abort.
  test("aborting while the files are read terminates the worker", async () => {
    const w = new LoopbackWorker();
    const controller = new AbortController();
    const opening = openInWorker(FILES, {
      createWorker: () => w,
      module,
      statsModule,
      ingest: INGEST,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("cancelled")),
    });
    await assert.rejects(opening, /cancelled/);
    assert.equal(w.terminated, true);
  });
});
