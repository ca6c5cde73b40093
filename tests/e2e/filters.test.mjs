// Browser end-to-end test of the dashboard's filter bar on the demo municipality: one
// department → the volunteers KPI shows the value computed independently from the served demo
// file (tests/e2e/filters/expected.py → expected.json: distinct ids with an approved activity
// in that department, with Python's csv module), the active-filters summary, the live-region
// announcement and the view echoed; the program select hides the other program's panels without
// re-analysis; every offered neighbourhood together leaves out fewer than K people, so the core
// refuses that view (filter.small_complement) and the bar says so; "Clear all" returns to the
// unfiltered value. No egress, no CSP violation, no page
// error; axe on the filtered dashboard is in flow.test.mjs (accessibility).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { AS_OF, ROOT } from "../js/helpers.mjs";
import { SHOTS, assertNoEgress, assertNoPlaceholders, catalogs, gotoAndSettle, launch, openContext } from "./harness.mjs";

const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, "tests", "e2e", "filters", "expected.json"), "utf8"));

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const kpi = (page) => page.getAttribute("[data-screen=dashboard] [data-kpi=volunteers]", "data-value");

test("one department filters the volunteers KPI to the independently computed value; clear restores it", async () => {
  assert.equal(EXPECTED.asOf, AS_OF, "expected.json was computed for the test's as-of date");
  const { context, page, log } = await openContext(env);
  try {
    await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
    await page.click("[data-action=demo]");
    await page.waitForSelector("[data-screen=dashboard] [data-section=filters]", { timeout: 30000 });
    assert.equal(await kpi(page), String(EXPECTED.volunteers), "unfiltered volunteers");
    assert.equal(await page.getAttribute("[data-active-filters]", "data-active-filters"), "false");

    // The bar offers the department (it has at least K people).
    await page.click("[data-section=filters] summary");
    const box = `[data-section=filters] input[name=departments][value="${EXPECTED.department}"]`;
    await page.waitForSelector(box);
    await page.check(box);
    await page.click("[data-action=apply-filter]");
    await page.waitForSelector("[data-screen=dashboard] [data-active-filters=true]", { timeout: 30000 });
    assert.equal(await kpi(page), String(EXPECTED.departmentVolunteers), "volunteers of one department");
    const summary = await page.textContent("[data-section=filters] .filter-summary");
    assert.ok(summary.includes(EXPECTED.department), "the active-filters summary names the department");
    assert.ok(await page.isChecked(box), "the choice stays selected");
    // The view note: population denominators stay municipal.
    const notes = await page.textContent("[data-view-notes]");
    assert.ok(notes.length > 0);
    // The live region announces the re-analysed view with its volunteers (Intl digits, he).
    const announced = new Intl.NumberFormat("he").format(EXPECTED.departmentVolunteers);
    await page.waitForFunction((n) => (document.getElementById("live")?.textContent ?? "").includes(n), announced, { timeout: 10000 });
    await assertNoPlaceholders(page, "filtered dashboard");
    await page.screenshot({ path: path.join(SHOTS, "filters-department.png"), fullPage: true });

    // The printed report states the view in its header and its methods box.
    await page.click("[data-action=open-report]");
    await page.waitForSelector("[data-screen=report] [data-report-doc=he] [data-report-view]");
    assert.ok((await page.textContent("[data-report-doc=he] [data-report-view]")).includes(EXPECTED.department));
    assert.ok(await page.$("[data-report-doc=he] [data-section=view]"), "the methods box states the view");
    await page.click("[data-action=back-dashboard]");
    await page.waitForSelector("[data-screen=dashboard] [data-active-filters=true]");

    // Program: a view of the panels, no re-analysis.
    assert.ok(await page.$("[data-section=indicators] .program[data-program=mahar]"));
    await page.selectOption("#filter-program", "mitchabrim");
    await page.waitForSelector("[data-section=indicators] .program[data-program=mahar]", { state: "detached" });
    assert.equal(await kpi(page), String(EXPECTED.departmentVolunteers), "the program changes no figure");
    assert.equal(await page.$("[data-action=trends]"), null, "trends (מה\"ר) hidden under מתחברים");

    // Every offered neighbourhood leaves out the demo's few volunteers of the others (fewer
    // than K): the core refuses the view; the figures stay, the choice stays to edit.
    await page.selectOption("#filter-program", "");
    await page.uncheck(box);
    for (const b of await page.$$("[data-section=filters] input[name=neighbourhoods]")) await b.check();
    await page.click("[data-action=apply-filter]");
    await page.waitForSelector("[data-refused='filter.small_complement']", { timeout: 30000 });
    assert.equal(await kpi(page), String(EXPECTED.departmentVolunteers), "a refused view changes no figure");
    const refusedText = await page.textContent("[data-refused]");
    assert.ok(refusedText.includes(catalogs.he["filter.dim.neighbourhoods"]), "the refusal names the dimension");
    assert.ok(!/\d/.test(refusedText.replace(/10/g, "")), "the refusal gives no count but K");
    await page.waitForFunction((s) => (document.getElementById("live")?.textContent ?? "") === s, refusedText, { timeout: 10000 });
    assert.ok(await page.isChecked("[data-section=filters] input[name=neighbourhoods] >> nth=0"), "the refused choice stays in the form");

    // Clear all: the whole data again.
    await page.click("[data-action=clear-filters]");
    await page.waitForSelector("[data-screen=dashboard] [data-active-filters=false]", { timeout: 30000 });
    assert.equal(await kpi(page), String(EXPECTED.volunteers), "cleared: back to the unfiltered value");
    assert.ok(await page.$("[data-section=indicators] .program[data-program=mahar]"), "both programs again");

    assertNoEgress(env, log, "filters");
    assert.deepEqual(log.violations, [], "CSP violations");
    assert.deepEqual(log.errors, [], "page errors");
  } finally {
    await context.close();
  }
});
