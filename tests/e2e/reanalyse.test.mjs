// Browser end-to-end test of re-analysing without re-reading (the dashboard keeps one
// `openInWorker` Dataset per loaded file set): the Loneliness screen's subgroup picker.
// - the boxes show the analysed dimensions (role, municipality, living alone ticked; study
//   group, gender, age band not), are operable with the keyboard, and "analyse again" shows a
//   subgroup row for every (dimension, level) of the `madad` package's report of the four served
//   demo files in Node with the same `loneliness.subgroups` (gender and age band included);
// - the re-run reads nothing again: no new worker, no new request for a demo file; the focus
//   stays on the button; the Trends screen's programme start re-runs the same way;
// - axe (WCAG 2.0/2.1 A, AA) finds no violation on the screen with the picker, in he/ar/en; no
//   egress after load, no page error.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AS_OF } from "../js/helpers.mjs";
import { assertNoEgress, assertNoPlaceholders, axe, catalogs, demoPaths, gotoAndSettle, launch, openContext, packageReport, switchLang } from "./harness.mjs";

const DEFAULT_DIMS = ["role", "municipality", "livingAlone"];
const CHOSEN = ["role", "municipality", "livingAlone", "gender", "ageBand"];

let env;
let ref;

before(async () => {
  ref = await packageReport(demoPaths(), AS_OF, { sampleData: true, loneliness: { subgroups: CHOSEN } });
  env = await launch();
});
after(async () => {
  await env?.close();
});

const rowsOf = (report) => report.loneliness.subgroups.rows.map((r) => `${r.dimension}:${r.level}`).sort();
const pageRows = (page) => page.$$eval("[data-section=lon-subgroups] tr[data-subgroup]", (els) => els.map((e) => e.dataset.subgroup).sort());

describe("re-analysing the dataset the worker holds", () => {
  test("the subgroup picker adds the gender and age-band rows without reading the files again", async () => {
    const refRows = rowsOf(ref);
    assert.ok(refRows.some((r) => r.startsWith("gender:")) && refRows.some((r) => r.startsWith("ageBand:")), "the reference has gender and age-band rows");
    const { context, page, log } = await openContext(env);
    const workers = [];
    page.on("worker", (w) => workers.push(w.url()));
    const demoRequests = () => log.requests.filter((r) => /\/demo\/[^/]+$/.test(new URL(r.url).pathname)).length;
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}`);
      await page.click("[data-action=demo]");
      await page.waitForSelector("[data-screen=dashboard] [data-action=loneliness]", { timeout: 60000 });
      await page.click("[data-action=loneliness]");
      await page.waitForSelector("[data-screen=loneliness] [data-subgroup-picker]");
      const ticked = await page.$$eval("[data-subgroup-dim]", (els) => els.filter((e) => e.checked).map((e) => e.value));
      assert.deepEqual(ticked.sort(), [...DEFAULT_DIMS].sort(), "the default dimensions are ticked");
      const before = await pageRows(page);
      assert.ok(!before.some((r) => r.startsWith("gender:") || r.startsWith("ageBand:")), "no gender or age-band row before");
      const workersBefore = workers.length;
      const fetchedBefore = demoRequests();
      assert.equal(fetchedBefore, 4, "the four demo files were fetched once");

      // Keyboard: focus the gender box, tick it with Space, Tab to age band, tick, Enter on the button.
      await page.focus("#lon-subgroup-gender");
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "lon-subgroup-ageBand");
      await page.keyboard.press("Space");
      await page.focus("[data-action=apply-subgroups]");
      await page.keyboard.press("Enter");
      await page.waitForSelector("[data-screen=loneliness] tr[data-subgroup^='gender:']", { timeout: 60000 });
      assert.deepEqual(await pageRows(page), refRows, "a row per subgroup of the package's report with the same dimensions");
      assert.deepEqual(
        (await page.$$eval("[data-subgroup-dim]", (els) => els.filter((e) => e.checked).map((e) => e.value))).sort(),
        [...CHOSEN].sort(),
        "the boxes show the new choice",
      );
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), "apply-subgroups", "the focus stays on the button");
      assert.equal(workers.length, workersBefore, `no new worker: ${workers.slice(workersBefore).join(", ")}`);
      assert.equal(demoRequests(), fetchedBefore, "no demo file fetched again");

      for (const lang of ["he", "ar", "en"]) {
        await switchLang(page, lang);
        await page.waitForSelector("[data-screen=loneliness] [data-subgroup-picker]");
        assert.equal(await page.textContent("[data-subgroup-picker] legend"), catalogs[lang]["lon.subgroups.pick"]);
        await assertNoPlaceholders(page, `loneliness with the picker (${lang})`);
        await axe(page, `loneliness with the picker (${lang})`);
      }

      // Clearing every box: the subgroups card keeps its picker, with no row.
      for (const d of CHOSEN) await page.uncheck(`#lon-subgroup-${d}`);
      await page.click("[data-action=apply-subgroups]");
      await page.waitForFunction(() => document.querySelector("[data-screen=loneliness] [data-subgroup-picker]") && !document.querySelector("tr[data-subgroup]"), null, { timeout: 60000 });

      // The Trends screen's programme start analyses the same dataset again.
      await page.click("[data-action=back-dashboard]");
      await page.click("[data-action=trends]");
      await page.waitForSelector("#program-start");
      const start = ref.trends.series[0].points.filter((p) => p.value !== null && p.complete).at(-12)?.period.start;
      assert.ok(start, "a published month a year before the last");
      await page.fill("#program-start", start);
      await page.focus("#program-start");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-screen=trends][data-program-start="${start}"]`, { timeout: 60000 });
      assert.equal(workers.length, workersBefore, "no new worker for the programme start");
      assert.equal(demoRequests(), fetchedBefore, "no demo file fetched again for the programme start");

      assertNoEgress(env, log, "re-analysis");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
