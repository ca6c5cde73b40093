// The built `madad` package (pkg/dist + pkg/wasm, resolved through the workspace) against
// the demo municipality's ground truth and against the native CLI.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { MadadError, analyzeFiles, init, todayIso, version } from "madad";
import { AS_OF, HOURS_LOG, assertNearlyEqual, cliReport, hoursLogInput, readTruth } from "./helpers.mjs";

const truth = readTruth().hoursLog;
const analyzeDemo = (extra = {}) => analyzeFiles([hoursLogInput()], { ingest: { asOf: AS_OF }, ...extra });

describe("analyzeFiles on the demo hours log", async () => {
  const report = await analyzeDemo();
  const source = report.sources[0];

  test("one source, named as given", () => {
    assert.equal(report.sources.length, 1, "one file in, one ledger out");
    assert.equal(source.name, "hours_log.csv");
    assert.equal(report.asOf, AS_OF, "the report carries the host's asOf");
  });

  test("row ledger equals truth.json and adds up", () => {
    for (const k of ["rowsTotal", "rowsUsed", "rowsRejected", "rowsSkipped"]) {
      assert.equal(source[k], truth[k], `ledger ${k}: report ${source[k]} vs truth ${truth[k]}`);
    }
    assert.equal(
      source.rowsUsed + source.rowsRejected + source.rowsSkipped,
      source.rowsTotal,
      "rowsTotal = rowsUsed + rowsRejected + rowsSkipped",
    );
  });

  test("headline numbers equal truth.json", () => {
    const s = report.summary;
    assert.equal(s.volunteers.suppressed, false, "250 volunteers must not be suppressed");
    assert.equal(s.volunteers.value, truth.volunteers, `volunteers: ${s.volunteers.value} vs ${truth.volunteers}`);
    assert.ok(
      Math.abs(s.approvedHours.value - truth.approvedHours) <= 1e-9,
      `approvedHours: ${s.approvedHours.value} vs ${truth.approvedHours}`,
    );
    assert.equal(s.activities.approved, truth.approvedActivities, "approved activity rows");
    assert.equal(s.activities.pending, truth.pendingActivities, "pending activity rows");
    assert.equal(s.activities.rejected, truth.rejectedActivities, "rejected activity rows");
  });

  test("monthly active volunteers equal truth.json", () => {
    const got = report.monthlyActive.map((c) => [c.month, c.volunteers.suppressed ? null : c.volunteers.value]);
    const want = truth.monthlyActive.map((c) => [c.month, c.volunteers]);
    assert.deepEqual(got, want, "monthlyActive [month, volunteers] pairs");
  });

  test("every planted problem in truth.json is reported at its row with its code", () => {
    assert.ok(truth.diagnostics.length > 0, "truth.json lists planted problems");
    const seen = new Set(report.diagnostics.map((d) => `${d.row}:${d.code}`));
    const missing = truth.diagnostics.filter((d) => !seen.has(`${d.row}:${d.code}`)).map((d) => `row ${d.row} ${d.code}`);
    assert.deepEqual(missing, [], `diagnostics missing from the report: ${missing.join(", ")}`);
    for (const d of report.diagnostics) {
      assert.equal(d.file, "hours_log.csv", "diagnostics name the file");
      assert.ok(d.severity === "error" || d.severity === "warning", `severity of ${d.code}`);
    }
  });

  test("per-file problem counts agree with the diagnostics (which are not capped here)", () => {
    const counts = {};
    for (const d of report.diagnostics) counts[d.code] = (counts[d.code] ?? 0) + 1;
    const problems = Object.fromEntries(source.problems.map((p) => [p.code, p.count]));
    assert.deepEqual(problems, counts, "sources[0].problems vs report.diagnostics grouped by code");
  });

  test("the report equals the native CLI's JSON for the same file and asOf (numbers to 1e-12)", () => {
    const cli = cliReport(HOURS_LOG, AS_OF);
    assertNearlyEqual(report, cli);
    // Everything but the statistics of the trends section is bit-identical.
    const { trends: _a, ...rest } = report;
    const { trends: _b, ...cliRest } = cli;
    assert.deepEqual(rest, cliRest, "wasm (Node) and native CLI reports differ outside the statistics");
  });

  test("sampleData is passed through (and agrees with the CLI's --sample-data)", async () => {
    const sample = await analyzeDemo({ analysis: { sampleData: true } });
    assert.equal(sample.sampleData, true, "analysis.sampleData → report.sampleData");
    assert.equal(report.sampleData, false, "the default is not sample data");
    assertNearlyEqual(sample, cliReport(HOURS_LOG, AS_OF, ["--sample-data"]));
  });
});

describe("chunking and inputs", () => {
  test("1 KiB chunks and 16 MiB chunks give deep-equal reports", async () => {
    const progress = [];
    const small = await analyzeDemo({ chunkBytes: 1024, onProgress: (p) => progress.push(p) });
    const large = await analyzeDemo({ chunkBytes: 16 * 1024 * 1024 });
    assert.deepEqual(small, large, "the report must not depend on chunk boundaries");
    const size = hoursLogInput().bytes.byteLength;
    assert.ok(progress.length >= Math.ceil(size / 1024), `a progress event per chunk (${progress.length})`);
    const last = progress.at(-1);
    assert.equal(last.bytes, size, "the last progress event has read every byte");
    assert.equal(last.totalBytes, size);
    assert.ok(last.rows >= truth.rowsTotal, `rows counted by the last progress event: ${last.rows}`);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i].bytes >= progress[i - 1].bytes, "progress never goes backwards");
    }
  });

  test("a Blob/File input gives the same report as bytes", async () => {
    const bytes = readFileSync(HOURS_LOG);
    const file = new File([bytes], "hours_log.csv");
    const fromFile = await analyzeFiles([file], { ingest: { asOf: AS_OF }, chunkBytes: 64 * 1024 });
    assert.deepEqual(fromFile, await analyzeDemo(), "File input vs {name, bytes} input");
  });

  test("asOf defaults to the local date", async () => {
    const r = await analyzeFiles([hoursLogInput()]);
    assert.equal(r.asOf, todayIso(), "no asOf given → today on the local clock");
    assert.match(todayIso(new Date(2024, 0, 5)), /^2024-01-05$/);
  });

  test("an aborted signal stops the job with its reason", async () => {
    const controller = new AbortController();
    let calls = 0;
    const job = analyzeDemo({
      chunkBytes: 1024,
      signal: controller.signal,
      onProgress: () => {
        if (++calls === 5) controller.abort(new Error("stop"));
      },
    });
    await assert.rejects(job, (e) => e.message === "stop", "rejects with the abort reason");
    assert.ok(calls < 50, `no more chunks after abort (${calls} progress calls)`);
    // the module is still usable after a cancelled job
    const again = await analyzeDemo();
    assert.equal(again.summary.volunteers.value, truth.volunteers, "a job after a cancel works");
  });
});

describe("errors", () => {
  test("a file with no recognisable columns throws MadadError schema.missing_columns", async () => {
    const bytes = new TextEncoder().encode("colour,size\nred,3\nblue,4\n");
    await assert.rejects(
      analyzeFiles([{ name: "shapes.csv", bytes }], { ingest: { asOf: AS_OF } }),
      (e) => {
        assert.ok(e instanceof MadadError, `a MadadError, got ${e?.constructor?.name}: ${e}`);
        assert.ok(e instanceof Error, "MadadError extends Error");
        assert.equal(e.name, "MadadError");
        assert.equal(e.code, "schema.missing_columns");
        assert.equal(e.file, "shapes.csv", "the error names the file");
        assert.equal(typeof e.params, "object");
        assert.match(e.params.missing ?? "", /volunteerId/, "params.missing lists the missing fields");
        return true;
      },
    );
  });

  test("an empty file throws file.empty naming the file", async () => {
    await assert.rejects(analyzeFiles([{ name: "empty.csv", bytes: new Uint8Array() }], { ingest: { asOf: AS_OF } }), (e) => {
      assert.ok(e instanceof MadadError);
      assert.equal(e.code, "file.empty");
      assert.equal(e.file, "empty.csv");
      return true;
    });
  });

  test("invalid options throw options.invalid", async () => {
    await assert.rejects(analyzeFiles([hoursLogInput()], { ingest: { asOf: "22/11/2026" } }), (e) => {
      assert.ok(e instanceof MadadError);
      assert.equal(e.code, "options.invalid");
      return true;
    });
    await assert.rejects(analyzeFiles([hoursLogInput()], { chunkBytes: 0 }), (e) => e instanceof MadadError && e.code === "options.invalid");
    await assert.rejects(
      analyzeFiles([hoursLogInput()], { chunkBytes: 32 * 1024 * 1024 }),
      (e) => e instanceof MadadError && e.code === "options.invalid" && e.params.option === "chunkBytes",
    );
  });

  test("no files and non-file inputs are rejected", async () => {
    await assert.rejects(analyzeFiles([]), (e) => e instanceof MadadError && e.code === "input.no_files");
    await assert.rejects(analyzeFiles(["hours_log.csv"]), (e) => e instanceof MadadError && e.code === "input.invalid");
  });

  test("MadadError serialises for postMessage", () => {
    const e = new MadadError("file.empty", { file: "a.csv", params: { x: "1" } });
    assert.deepEqual(JSON.parse(JSON.stringify(e)), {
      name: "MadadError",
      code: "file.empty",
      file: "a.csv",
      params: { x: "1" },
      message: "file.empty in a.csv x=1",
    });
    assert.deepEqual(structuredClone(e.toJSON()), e.toJSON());
  });
});

describe("module", () => {
  test("init is idempotent and version matches the package", async () => {
    await init();
    await init();
    const pkg = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
    assert.equal(version(), pkg.version, "core version vs package.json version");
  });
});
