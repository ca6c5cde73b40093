// Browser end-to-end test of the dashboard's digits setting (Latin 0–9 / Arabic-Indic ٠–٩):
// - by default every language shows Latin digits (the Arabic locale is ar-IL-u-nu-latn);
// - "١٢٣" switches every number on screen: the volunteers KPI reads as Intl formats the
//   `madad` package's demo report (Node, same options) with `-u-nu-arab`, in he and ar, and has no
//   Latin digit; the buttons say which one is on (aria-pressed);
// - the choice is kept across a reload (localStorage), and "123" switches back;
// - axe (WCAG 2.0/2.1 A, AA) finds no violation with Arabic-Indic digits, in he/ar/en.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AS_OF } from "../js/helpers.mjs";
import { axe, demoPaths, gotoAndSettle, launch, openContext, packageReport, switchLang } from "./harness.mjs";

const LOCALE = { he: "he-IL", ar: "ar-IL", en: "en-IL" };

let env;
let ref;

before(async () => {
  ref = await packageReport(demoPaths(), AS_OF, { sampleData: true });
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The volunteers KPI as Intl writes it with `digits` in `lang`. */
function expectedKpi(lang, digits) {
  return new Intl.NumberFormat(`${LOCALE[lang]}-u-nu-${digits}`, { maximumFractionDigits: 0 }).format(ref.summary.volunteers.value);
}
const kpiText = (page) => page.textContent("[data-kpi=volunteers] .kpi-number").then((s) => s.replace(/[\u2066-\u2069]/g, "").trim());
const pressed = (page) => page.$$eval("[data-digits]", (els) => Object.fromEntries(els.map((e) => [e.dataset.digits, e.getAttribute("aria-pressed")])));

describe("digits setting", () => {
  test("Arabic-Indic digits in the KPIs, kept across a reload, and back to Latin", async () => {
    assert.ok(ref.summary.volunteers.value >= 10, "the demo's volunteer count is published");
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&demo=1`);
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 60000 });
      for (const lang of ["he", "ar"]) {
        await switchLang(page, lang);
        assert.equal(await kpiText(page), expectedKpi(lang, "latn"), `${lang}: Latin digits by default`);
      }
      assert.deepEqual(await pressed(page), { latn: "true", arab: "false" });

      await page.focus("[data-digits=arab]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /[٠-٩]/.test(document.querySelector("[data-kpi=volunteers] .kpi-number")?.textContent ?? ""));
      const arab = await kpiText(page);
      assert.equal(arab, expectedKpi("ar", "arab"), "ar: the KPI in Arabic-Indic digits");
      assert.ok(!/[0-9]/.test(arab), `no Latin digit left: ${arab}`);
      assert.deepEqual(await pressed(page), { latn: "false", arab: "true" });
      for (const lang of ["he", "en", "ar"]) {
        await switchLang(page, lang);
        assert.equal(await kpiText(page), expectedKpi(lang, "arab"), `${lang}: the setting holds across languages`);
        await axe(page, `dashboard with Arabic-Indic digits (${lang})`);
      }

      await page.reload();
      await page.waitForSelector("[data-screen=dashboard] [data-kpi=volunteers]", { timeout: 60000 });
      assert.equal(await kpiText(page), expectedKpi("ar", "arab"), "kept across a reload");
      assert.deepEqual(await pressed(page), { latn: "false", arab: "true" });

      await page.click("[data-digits=latn]");
      await page.waitForFunction(() => /[0-9]/.test(document.querySelector("[data-kpi=volunteers] .kpi-number")?.textContent ?? ""));
      assert.equal(await kpiText(page), expectedKpi("ar", "latn"), "back to Latin");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});
