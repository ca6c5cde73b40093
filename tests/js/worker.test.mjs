// The worker side (dist/worker.js) and the page side (analyzeInWorker in dist/client.js) of
// the worker protocol, run in Node: the worker script in a stubbed worker scope, the client
// against a fake Worker. (The real module Worker is exercised by tests/e2e.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { analyzeFiles } from "madad";
import { AS_OF, ROOT, hoursLogInput } from "./helpers.mjs";

const dist = (f) => new URL(`file://${path.join(ROOT, "pkg", "dist", f)}`).href;
const { analyzeInWorker, listSheetsInWorker, warmUpWorker } = await import(dist("client.js"));
const { MadadError } = await import(dist("errors.js"));

/** Loads dist/worker.js once into a stubbed worker global scope and returns a `send` function. */
async function loadWorkerScript() {
  const listeners = [];
  let sink = () => {};
  globalThis.addEventListener = (type, fn) => {
    if (type === "message") listeners.push(fn);
  };
  globalThis.postMessage = (m) => sink(structuredClone(m));
  await import(dist("worker.js"));
  delete globalThis.addEventListener;
  assert.equal(listeners.length, 1, "the worker listens for messages");
  const wasm = readFileSync(path.join(ROOT, "pkg", "wasm", "madad_core_bg.wasm"));
  const module = await WebAssembly.compile(wasm);
  const statsModule = await WebAssembly.compile(readFileSync(path.join(ROOT, "pkg", "wasm-stats", "madad_stats_bg.wasm")));
  /** Sends one request; resolves with every message up to the final one. */
  return (request) =>
    new Promise((resolve) => {
      const out = [];
      sink = (m) => {
        out.push(m);
        if (m.type !== "progress") resolve(out);
      };
      listeners[0]({ data: structuredClone({ module, statsModule, ...request }) });
    });
}

describe("dist/worker.js (the worker script)", async () => {
  const send = await loadWorkerScript();

  test("warmup answers ready with the version", async () => {
    const out = await send({ type: "warmup" });
    assert.deepEqual(out, [{ type: "ready", version: "0.1.0" }]);
  });

  test("analyze streams progress, then the same report as analyzeFiles", async () => {
    const out = await send({ type: "analyze", files: [hoursLogInput()], ingest: { asOf: AS_OF }, chunkBytes: 64 * 1024 });
    const progress = out.filter((m) => m.type === "progress");
    const last = out.at(-1);
    assert.equal(last.type, "result", `the job ends with a result, got ${JSON.stringify(last).slice(0, 200)}`);
    const size = hoursLogInput().bytes.byteLength;
    assert.ok(progress.length >= Math.ceil(size / (64 * 1024)), `a progress message per chunk (${progress.length})`);
    for (const p of progress) {
      for (const k of ["fileIndex", "fileName", "bytes", "totalBytes", "rows"]) assert.ok(k in p, `progress has ${k}`);
    }
    assert.equal(progress.at(-1).bytes, size);
    assert.deepEqual(last.report, await analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF } }));
  });

  test("a fatal error comes back as a serialised MadadError", async () => {
    const bytes = new TextEncoder().encode("colour,size\nred,3\n");
    const out = await send({ type: "analyze", files: [{ name: "shapes.csv", bytes }], ingest: { asOf: AS_OF } });
    const last = out.at(-1);
    assert.equal(last.type, "error");
    assert.equal(last.error.name, "MadadError");
    assert.equal(last.error.code, "schema.missing_columns");
    assert.equal(last.error.file, "shapes.csv");
    assert.equal(typeof last.error.params.missing, "string");
    assert.equal(typeof last.error.message, "string");
  });

  test("a workbook: sheets are listed, and analyze reads the chosen sheet like analyzeFiles", async () => {
    // In Node the worker's browser entry fetches the spreadsheet reader's .wasm by URL: serve
    // the packaged file for that one URL (and count the fetches: none before a workbook). The
    // workbook is an XLS, so the XLS reader is fetched, never the XLSX/ODS one.
    const realFetch = globalThis.fetch;
    const fetched = [];
    globalThis.fetch = async (url) => {
      fetched.push(String(url));
      assert.match(String(url), /\/pkg\/wasm-xls\/madad_xls_bg\.wasm$/);
      return new Response(readFileSync(new URL(url)), { headers: { "Content-Type": "application/wasm" } });
    };
    try {
      const csvOnly = await send({ type: "sheets", files: [hoursLogInput()] });
      assert.deepEqual(csvOnly, [{ type: "sheets", workbooks: [] }]);
      assert.deepEqual(fetched, [], "a CSV does not load the spreadsheet reader");
      const xls = { name: "small.xls", bytes: new Uint8Array(readFileSync(path.join(ROOT, "tests", "fixtures", "xlsx", "small.xls"))) };
      const listed = await send({ type: "sheets", files: [xls] });
      assert.deepEqual(
        listed[0].workbooks[0].sheets.map((s) => [s.name, s.visibility, s.hasData, s.isDefault]),
        [
          ["נתונים", "visible", true, true],
          ["מוסתר", "hidden", true, false],
        ],
      );
      const out = await send({ type: "analyze", files: [xls], ingest: { asOf: AS_OF }, sheets: { "small.xls": "נתונים" } });
      const last = out.at(-1);
      assert.equal(last.type, "result", JSON.stringify(last).slice(0, 300));
      assert.equal(last.report.sources[0].sheet, "נתונים");
      assert.deepEqual(last.report, await analyzeFiles([xls], { ingest: { asOf: AS_OF } }));
      const missing = await send({ type: "analyze", files: [xls], ingest: { asOf: AS_OF }, sheets: { "small.xls": "x" } });
      assert.equal(missing.at(-1).error.code, "xlsx.sheet_not_found");
      assert.equal(fetched.length, 1, "the reader is fetched once per worker");
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  test("an unexpected exception becomes worker.crashed", async () => {
    const out = await send({ type: "analyze", files: null, ingest: { asOf: AS_OF } });
    const last = out.at(-1);
    assert.equal(last.type, "error");
    assert.equal(last.error.code, "worker.crashed");
    assert.match(last.error.params.detail, /TypeError/);
  });
});

/** A stand-in for `Worker` that the test drives by hand. */
class FakeWorker {
  constructor() {
    this.listeners = { message: [], error: [], messageerror: [] };
    this.posted = [];
    this.terminated = false;
  }
  addEventListener(type, fn) {
    this.listeners[type].push(fn);
  }
  postMessage(m) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(type, event) {
    for (const fn of this.listeners[type]) fn(event);
  }
  reply(data) {
    this.emit("message", { data });
  }
}

describe("analyzeInWorker (page side)", () => {
  const file = { name: "a.csv", bytes: new Uint8Array([1, 2, 3]) };

  test("posts one analyze request, forwards progress, resolves with the report, terminates", async () => {
    const w = new FakeWorker();
    const progress = [];
    const job = analyzeInWorker([file], {
      createWorker: () => w,
      ingest: { asOf: AS_OF },
      analysis: { sampleData: true },
      chunkBytes: 1024,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(w.posted.length, 1);
    assert.deepEqual(w.posted[0], {
      type: "analyze",
      files: [file],
      ingest: { asOf: AS_OF },
      analysis: { sampleData: true },
      sheets: undefined,
      chunkBytes: 1024,
      module: undefined,
      statsModule: undefined,
    });
    w.reply({ type: "progress", fileIndex: 0, fileName: "a.csv", bytes: 3, totalBytes: 3, rows: 1 });
    w.reply({ type: "result", report: { ok: 1 } });
    assert.deepEqual(await job, { ok: 1 });
    assert.deepEqual(progress, [{ fileIndex: 0, fileName: "a.csv", bytes: 3, totalBytes: 3, rows: 1 }]);
    assert.equal(w.terminated, true, "the worker is ended after the job (memory returns)");
  });

  test("with onDataset, asks the worker for the dataset details and forwards them before the report", async () => {
    const w = new FakeWorker();
    const seen = [];
    const job = analyzeInWorker([file], {
      createWorker: () => w,
      ingest: { asOf: AS_OF },
      onDataset: (d) => seen.push(d),
    });
    assert.equal(w.posted[0].details, true, "the request asks for the details");
    const details = { ledgers: [{ name: "a.csv" }], excludedRows: [null], profiles: [{ name: "a.csv" }] };
    w.reply({ type: "dataset", ...details });
    assert.deepEqual(seen, [details], "forwarded without the message type");
    w.reply({ type: "result", report: { ok: 1 } });
    assert.deepEqual(await job, { ok: 1 });
  });

  test("asOf defaults to today", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w });
    assert.match(w.posted[0].ingest.asOf, /^\d{4}-\d{2}-\d{2}$/);
    w.reply({ type: "result", report: {} });
    await job;
  });

  test("an error message rejects with a MadadError", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w });
    w.reply({ type: "error", error: { name: "MadadError", code: "file.empty", file: "a.csv", params: {}, message: "m" } });
    await assert.rejects(job, (e) => e instanceof MadadError && e.code === "file.empty" && e.file === "a.csv");
    assert.equal(w.terminated, true);
  });

  test("a crashed worker (error event) rejects with worker.crashed", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w });
    let prevented = false;
    w.emit("error", { message: "RuntimeError: unreachable", error: new Error("unreachable"), preventDefault: () => (prevented = true) });
    await assert.rejects(job, (e) => {
      assert.ok(e instanceof MadadError, "a MadadError");
      assert.equal(e.code, "worker.crashed");
      assert.match(e.params.detail, /unreachable/);
      return true;
    });
    assert.equal(prevented, true, "the error event is handled (not reported as uncaught)");
    assert.equal(w.terminated, true);
  });

  test("messageerror rejects with worker.crashed", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w });
    w.emit("messageerror", {});
    await assert.rejects(job, (e) => e.code === "worker.crashed");
  });

  test("abort terminates the worker at once and rejects with the reason", async () => {
    const w = new FakeWorker();
    const controller = new AbortController();
    const job = analyzeInWorker([file], { createWorker: () => w, signal: controller.signal });
    controller.abort();
    await assert.rejects(job, (e) => e.name === "AbortError");
    assert.equal(w.terminated, true, "cancel terminates the worker");
    w.reply({ type: "result", report: {} }); // late messages are ignored
  });

  test("an already aborted signal starts no worker", async () => {
    let made = 0;
    const controller = new AbortController();
    controller.abort(new Error("before"));
    await assert.rejects(
      analyzeInWorker([file], { createWorker: () => (made++, new FakeWorker()), signal: controller.signal }),
      /before/,
    );
    assert.equal(made, 0);
  });

  test("a worker that cannot be created rejects with worker.crashed; no files is input.no_files", async () => {
    await assert.rejects(
      analyzeInWorker([file], {
        createWorker: () => {
          throw new Error("blocked by CSP");
        },
      }),
      (e) => e.code === "worker.crashed" && /blocked by CSP/.test(e.params.detail),
    );
    await assert.rejects(analyzeInWorker([], {}), (e) => e.code === "input.no_files");
  });

  test("sheets are passed to the worker; listSheetsInWorker asks for the sheets and ends the worker", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w, sheets: { "a.xlsx": "2026" } });
    assert.deepEqual(w.posted[0].sheets, { "a.xlsx": "2026" });
    w.reply({ type: "result", report: {} });
    await job;

    const v = new FakeWorker();
    const list = listSheetsInWorker([file], { createWorker: () => v });
    assert.deepEqual(v.posted, [{ type: "sheets", files: [file] }]);
    v.reply({ type: "sheets", workbooks: [{ file: "a.xlsx", format: "xlsx", sheets: [] }] });
    assert.deepEqual(await list, [{ file: "a.xlsx", format: "xlsx", sheets: [] }]);
    assert.equal(v.terminated, true);
    await assert.rejects(listSheetsInWorker([]), (e) => e.code === "input.no_files");
  });

  test("xlsx.crashed from the worker rejects naming the file", async () => {
    const w = new FakeWorker();
    const job = analyzeInWorker([file], { createWorker: () => w });
    w.reply({ type: "error", error: { name: "MadadError", code: "xlsx.crashed", file: "b.xls", params: { detail: "RuntimeError: unreachable" }, message: "m" } });
    await assert.rejects(job, (e) => e instanceof MadadError && e.code === "xlsx.crashed" && e.file === "b.xls");
    assert.equal(w.terminated, true);
  });

  test("warmUpWorker({ spreadsheets: true }) asks the worker to load the reader too", async () => {
    const w = new FakeWorker();
    const p = warmUpWorker({ createWorker: () => w, spreadsheets: true });
    assert.deepEqual(w.posted, [{ type: "warmup", module: undefined, statsModule: undefined, spreadsheets: true }]);
    w.reply({ type: "ready", version: "0.1.0" });
    assert.equal(await p, "0.1.0");
  });

  test("warmUpWorker resolves with the version and ends the worker", async () => {
    const w = new FakeWorker();
    const p = warmUpWorker({ createWorker: () => w });
    assert.deepEqual(w.posted, [{ type: "warmup", module: undefined, statsModule: undefined, spreadsheets: undefined }]);
    w.reply({ type: "ready", version: "0.1.0" });
    assert.equal(await p, "0.1.0");
    assert.equal(w.terminated, true);
  });
});
