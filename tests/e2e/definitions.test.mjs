// Browser end-to-end tests of the Start screen's data template and the Methods screen's
// editable definitions (issue 8 item 1; ecosystem anchors §6.2 points 1 and 6):
// - "Download a template (XLSX)" on the Start screen gives an XLSX (ZIP magic) whose hours-log
//   headers are the Hebrew names the core reads, and no request leaves the origin;
// - on the demo, an out-of-range active window shows a translated error linked to the field
//   (aria-invalid, aria-describedby) and is not applied; axe finds no violation on the form
//   in that state;
// - the active window changed from 6 to 3 months and applied: R1 (active volunteers) on the
//   dashboard becomes the value of tests/e2e/definitions_reference.py (Python over the served
//   demo hours log, no Madad), the Methods table and the printed report's methods box mark the
//   changed value, and the choice survives a reload; "Reset to defaults" brings back the 6-month value.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../js/helpers.mjs";
import { OUT, assertNoEgress, axe, catalogs, gotoAndSettle, launch, openContext } from "./harness.mjs";

const AS_OF = "2025-12-31";

let env;
/** R1 at AS_OF for a 3- and a 6-month window, from the Python reference. */
let ref;

before(async () => {
  ref = JSON.parse(execFileSync("python3", [path.join(ROOT, "tests", "e2e", "definitions_reference.py"), AS_OF], { encoding: "utf8" }));
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function activeVolunteers(page) {
  await page.waitForSelector("[data-screen=dashboard] [data-indicator=R1] [data-figure=active]", { timeout: 30000 });
  return Number(await page.getAttribute("[data-indicator=R1] [data-figure=active]", "data-value"));
}

async function toMethods(page) {
  await page.click("[data-action=methods]");
  await page.waitForSelector("[data-screen=methods] [data-form=definitions]");
}

/** Waits for the re-run to land back on the Methods screen with the active window `months`. */
async function waitApplied(page, months) {
  await page.waitForFunction(
    (m) => document.querySelector("[data-screen=methods] [data-table=defs-registry] tr[data-key=activeWindowMonths] bdi")?.textContent === String(m),
    months,
    { timeout: 30000 },
  );
}

describe("data template and editable definitions", () => {
  test("the Start screen's template button downloads an XLSX with Hebrew headers", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
      assert.equal((await page.textContent("[data-action=download-template]")).trim(), catalogs.he["start.template"]);
      const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.click("[data-action=download-template]")]);
      assert.equal(dl.suggestedFilename(), "madad-template-he.xlsx");
      const dir = path.join(OUT, "exports");
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, "madad-template-he.xlsx");
      await dl.saveAs(file);
      const bytes = readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "ZIP magic");
      const strings = execFileSync("unzip", ["-p", file, "xl/sharedStrings.xml"], { encoding: "utf8" });
      for (const header of ["מזהה מתנדב", "תאריך", "שעות", "סטטוס"]) assert.ok(strings.includes(`>${header}<`), `Hebrew header ${header}`);
      const workbook = execFileSync("unzip", ["-p", file, "xl/workbook.xml"], { encoding: "utf8" });
      assert.ok(workbook.includes('name="יומן שעות"'), "the hours-log sheet");
      const sheet = execFileSync("unzip", ["-p", file, "xl/worksheets/sheet2.xml"], { encoding: "utf8" });
      assert.ok(sheet.includes('rightToLeft="1"') && sheet.includes("<dataValidations"), "right-to-left, with validation");
      assertNoEgress(env, log, "template download");
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });

  test("active window 6 → 3 months: R1 follows the reference; invalid input is refused; reset restores", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
      await page.click("[data-action=demo]");
      assert.equal(await activeVolunteers(page), ref["6"], "default 6-month window");

      await toMethods(page);
      assert.equal(await page.$$eval("[data-table=defs-registry] tr[data-changed]", (r) => r.length), 0, "nothing marked at the defaults");
      // Out of range: a translated message beside the field, linked to it; nothing applied.
      await page.fill("#def-activeWindowMonths", "0");
      await page.click("[data-action=apply-definitions]");
      const err = await page.waitForSelector("#def-activeWindowMonths-error:not([hidden])");
      assert.equal((await err.textContent()).trim(), catalogs.he["defs.error.integer"].replace("{min}", "1").replace("{max}", "120"));
      assert.equal(await page.getAttribute("#def-activeWindowMonths", "aria-invalid"), "true");
      assert.match(await page.getAttribute("#def-activeWindowMonths", "aria-describedby"), /def-activeWindowMonths-error/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), "def-activeWindowMonths", "focus on the invalid field");
      await axe(page, "methods with a refused value (he)");
      await page.click("[data-action=back-dashboard]");
      assert.equal(await activeVolunteers(page), ref["6"], "the refused value was not applied");

      // 3 months, applied: the analysis runs again.
      await toMethods(page);
      await page.fill("#def-activeWindowMonths", "3");
      await page.click("[data-action=apply-definitions]");
      await waitApplied(page, 3);
      assert.equal(await page.getAttribute("[data-table=defs-registry] tr[data-key=activeWindowMonths]", "data-changed"), "true");
      assert.ok((await page.textContent("[data-def-changed=activeWindowMonths]")).includes("6"), "the default is named");
      await axe(page, "methods with a changed definition (he)");
      await page.click("[data-action=back-dashboard]");
      assert.equal(await activeVolunteers(page), ref["3"], "3-month window");
      assert.notEqual(ref["3"], ref["6"]);
      // The printed report's methods box marks it too, and carries no form.
      await page.click("[data-action=open-report]");
      await page.waitForSelector("[data-screen=report] [data-report-section=methods]");
      assert.equal(await page.getAttribute("[data-report-section=methods] tr[data-key=activeWindowMonths]", "data-changed"), "true");
      assert.equal(await page.$$eval("[data-report-section=methods] [data-def-changed]", (els) => els.map((e) => e.getAttribute("data-def-changed")).join()), "activeWindowMonths");
      assert.equal(await page.$$eval("[data-report-section=methods] form", (f) => f.length), 0, "no form in the printed report");

      // Kept in this browser: a new visit analyses with the applied definitions.
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=he`);
      await page.click("[data-action=demo]");
      assert.equal(await activeVolunteers(page), ref["3"], "kept across a reload");

      // Reset to defaults.
      await toMethods(page);
      await page.click("[data-action=reset-definitions]");
      await waitApplied(page, 6);
      assert.equal(await page.$$eval("[data-table=defs-registry] tr[data-changed]", (r) => r.length), 0);
      await page.click("[data-action=back-dashboard]");
      assert.equal(await activeVolunteers(page), ref["6"], "back to the default");
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });
});
