// Browser end-to-end tests of the flow Start → File check → Column mapping → Validation →
// Dashboard (ecosystem notes §6.2) and of accessibility (issue 8 §5, §9):
// - the first-time flow with the demo municipality's Hebrew windows-1255 hours log and its XLSX
//   registry (tests/fixtures/demo-small): what each screen shows is what the `madad` package
//   reads from the same files in Node (encoding, formats, row ledger, problem counts, KPIs); an
//   override re-reads a file; a mapping profile is saved and downloaded;
// - the monthly repeat: with the saved profile, choosing the files goes straight to the
//   dashboard (no file check, no mapping);
// - the identifier gate: a column of Israeli ID numbers stops the read on the mapping screen,
//   and "drop" lets it through;
// - axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation on any screen in he, ar and en;
// - the whole flow can be completed with the keyboard alone, with a visible focus;
// - the accessibility statement is reachable from the footer in every language.
// Screenshots: tests/out/screenshots/flow-<screen>-<lang>.png.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../js/helpers.mjs";
import { SHOTS, assertNoEgress, assertNoPlaceholders, axe, catalogs, gotoAndSettle, launch, openContext, packageReport, switchLang } from "./harness.mjs";

const AS_OF = "2026-11-22";
const LANGS = ["he", "ar", "en"];
const DEMO = path.join(ROOT, "tests", "fixtures", "demo-small");
const HOURS = path.join(DEMO, "hours_log.csv");
const REGISTRY = path.join(DEMO, "volunteers.xlsx");
const XLS = path.join(ROOT, "tests", "fixtures", "xlsx", "small.xls");

/** A CSV whose fourth column holds valid Israeli ID numbers (check digits computed by hand). */
const WITH_IDS = "מזהה מתנדב,תאריך,שעות,מספר\n1,05/03/2024,2,039337423\n2,06/03/2024,1,123456782\n3,07/03/2024,1,011111119\n";

let env;
let ref;

before(async () => {
  env = await launch();
  ref = await packageReport([HOURS, REGISTRY], AS_OF);
});
after(async () => {
  await env?.close();
});

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `flow-${name}.png`), fullPage: true });
}

/** The screens `main` showed, in order (recorded from the page's start). */
async function recordScreens(context) {
  await context.addInitScript(() => {
    window.__screens = [];
    new MutationObserver(() => {
      const s = document.getElementById("main")?.dataset.currentScreen;
      if (s && window.__screens[window.__screens.length - 1] !== s) window.__screens.push(s);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-current-screen"] });
  });
}

async function waitScreen(page, name, timeout = 30000) {
  await page.waitForSelector(`main[data-current-screen=${name}] [data-screen=${name}]`, { timeout });
}

/** The file check's facts of one file. */
async function facts(page, file) {
  return page.$eval(`[data-screen=check] [data-file="${file}"]`, (card) => ({
    format: card.querySelector("[data-fact=format]")?.textContent?.trim(),
    encoding: card.querySelector("[data-fact=encoding]")?.getAttribute("data-encoding") ?? null,
    evidence: card.querySelector("[data-fact=encoding]")?.getAttribute("data-evidence") ?? null,
    sheet: card.querySelector("[data-fact=sheet]")?.textContent?.trim() ?? null,
    role: card.querySelector("[data-fact=role]")?.getAttribute("data-role"),
  }));
}

/** Reads a download (its suggested name and its text). */
async function downloaded(page, click) {
  const [d] = await Promise.all([page.waitForEvent("download"), click()]);
  const p = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(p) };
}

describe("flow", () => {
  test("full first-time flow with a Hebrew windows-1255 CSV and an XLSX", async () => {
    const { context, page, log } = await openContext(env);
    await recordScreens(context);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}`);
      await page.setInputFiles("#file-input", [HOURS, REGISTRY]);
      await waitScreen(page, "check");

      // File check: as the package reads the same files.
      const [hoursRef, regRef] = ref.sources;
      const hours = await facts(page, "hours_log.csv");
      assert.equal(hoursRef.encoding, "windows-1255", "the fixture is windows-1255");
      assert.deepEqual(hours, { format: "CSV", encoding: hoursRef.encoding, evidence: hoursRef.encodingEvidence, sheet: null, role: hoursRef.role });
      const reg = await facts(page, "volunteers.xlsx");
      assert.deepEqual(reg, { format: "XLSX", encoding: null, evidence: null, sheet: regRef.sheet, role: regRef.role });
      assert.equal(await page.getAttribute("[data-flow-steps] [aria-current=step]", "data-step"), "check");
      await assertNoPlaceholders(page, "file check");
      await shot(page, "first-check-he");

      // An override re-reads the file: the encoding named explicitly is the user's choice.
      await page.selectOption("[data-override-file='hours_log.csv'] [data-override=encoding]", "windows-1255");
      await page.click("[data-override-file='hours_log.csv'] [data-action=reread]");
      await page.waitForSelector("[data-screen=check] [data-file='hours_log.csv'] [data-evidence=userOverride]", { timeout: 30000 });
      assert.equal((await facts(page, "hours_log.csv")).encoding, "windows-1255");

      // Column mapping: each header with its field; samples for safe columns only.
      await page.click("[data-action=flow-next]");
      await waitScreen(page, "mapping");
      const mapped = await page.$$eval("table[data-mapping-file='hours_log.csv'] tr[data-column]", (rows) =>
        rows.map((r) => ({ header: r.dataset.column, field: r.dataset.field, samples: Number(r.querySelector("[data-samples]")?.dataset.samples) })),
      );
      assert.deepEqual(
        mapped.map((c) => [c.header, c.field]),
        hoursRef.columns.map((c) => [c.renamedFrom ?? c.header, c.field ?? ""]),
        "headers and fields as the package maps them",
      );
      const idColumn = mapped.find((c) => c.field === "volunteerId");
      assert.equal(idColumn?.samples, 0, "the volunteer id is never sampled");
      assert.ok(mapped.some((c) => c.field === "department" && c.samples > 0), "the department column shows sample values");
      await shot(page, "first-mapping-he");

      // Save the profile: stored in this browser and downloaded as the core's JSON.
      await page.fill("#profile-name", "יומן שעות – עיריית הדגמה");
      const profile = await downloaded(page, () => page.click("[data-action=save-profile]"));
      const saved = JSON.parse(profile.bytes.toString("utf8"));
      assert.ok(Array.isArray(saved) && saved.length === 2, "one profile per file");
      assert.deepEqual(saved.map((p) => [p.schema, p.version]), [["madad.mapping-profile", 1], ["madad.mapping-profile", 1]]);
      assert.equal(saved[0].encoding, "windows-1255");
      assert.equal(saved[0].name, "יומן שעות – עיריית הדגמה · hours_log.csv");

      // Validation: the package's row ledger and problem counts.
      await page.click("[data-action=flow-next]");
      await waitScreen(page, "validation");
      const used = ref.sources.reduce((n, s) => n + s.rowsUsed, 0);
      const rejected = ref.sources.reduce((n, s) => n + s.rowsRejected, 0);
      assert.equal(Number(await page.getAttribute(".counter", "data-rows-used")), used);
      assert.equal(Number(await page.getAttribute(".counter", "data-rows-rejected")), rejected);
      const counts = new Map();
      for (const s of ref.sources) for (const p of s.problems) counts.set(p.code, (counts.get(p.code) ?? 0) + p.count);
      const groups = await page.$$eval("[data-screen=validation] li.diag-group", (li) => li.map((g) => [g.dataset.code, Number(g.dataset.count)]));
      assert.deepEqual(new Map(groups), counts, "one group per code, with the package's counts");
      assert.ok(rejected > 0, "the demo plants dirty rows");
      assert.equal(await page.locator("[data-screen=validation] li.diag-group .fix-box").count(), groups.length, "one fix rule per group");
      const excluded = await downloaded(page, () => page.click("[data-action=download-excluded][data-file='hours_log.csv']"));
      assert.equal(excluded.name, "hours_log.excluded.csv");
      assert.deepEqual([...excluded.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM");
      const lines = excluded.bytes.toString("utf8").split(/\r?\n/).filter((l) => l !== "");
      assert.equal(lines.length - 1, hoursRef.rowsRejected, "one line per excluded row (after the header)");
      await shot(page, "first-validation-he");

      // Analyse → the dashboard, with the package's numbers.
      await page.click("[data-action=analyse]");
      await waitScreen(page, "dashboard");
      const volunteers = await page.getAttribute("[data-kpi=volunteers]", "data-value");
      assert.equal(volunteers, ref.summary.volunteers.suppressed ? "" : String(ref.summary.volunteers.value));
      assert.deepEqual(await page.evaluate(() => window.__screens), ["start", "progress", "check", "progress", "check", "mapping", "validation", "dashboard"]);
      assertNoEgress(env, log, "first-time flow");
      assert.deepEqual(log.violations, [], "CSP violations");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("monthly repeat with a saved profile: choose the files, see the dashboard", async () => {
    const { context, page, log } = await openContext(env);
    await recordScreens(context);
    let profile = null;
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}`);
      // Last month: the first-time flow, saving the profile.
      await page.setInputFiles("#file-input", [HOURS, REGISTRY]);
      await waitScreen(page, "check");
      await page.click("[data-step=mapping]");
      await waitScreen(page, "mapping");
      await page.fill("#profile-name", "חודשי");
      profile = await downloaded(page, () => page.click("[data-action=save-profile]"));
      await page.click("[data-step=start]");
      await waitScreen(page, "start");
      assert.equal(await page.locator("[data-section=saved-profiles] li[data-profile]").count(), 2, "the saved profiles are listed on Start");
      await shot(page, "start-saved-he");

      // This month: choosing the files is all it takes.
      await page.evaluate(() => {
        window.__screens = [];
      });
      await page.setInputFiles("#file-input", [HOURS, REGISTRY]);
      await waitScreen(page, "dashboard");
      assert.deepEqual(await page.evaluate(() => window.__screens), ["progress", "dashboard"], "no question asked");
      assert.equal(
        await page.getAttribute("[data-kpi=volunteers]", "data-value"),
        ref.summary.volunteers.suppressed ? "" : String(ref.summary.volunteers.value),
      );
      assert.equal(await page.locator(".kpi-change").count(), 0, "the first dashboard of these files has nothing to compare with");
      // The flow stays reachable from the dashboard.
      await page.click("[data-step=validation]");
      await waitScreen(page, "validation");

      // Next month's export (here: this log without its last 60 lines, same columns): the KPI
      // cards say what changed since the last dashboard of the same kind of files. The expected
      // change is the difference of the package's two reports of the same files.
      const full = readFileSync(HOURS);
      const lines = full.toString("latin1").split("\r\n");
      const shorter = Buffer.from(lines.slice(0, lines.length - 61).join("\r\n") + "\r\n", "latin1");
      const { analyzeFiles } = await import("madad");
      const registry = new Uint8Array(readFileSync(REGISTRY));
      const next = await analyzeFiles(
        [{ name: "hours_log.csv", bytes: new Uint8Array(shorter) }, { name: "volunteers.xlsx", bytes: registry }],
        { ingest: { asOf: AS_OF } },
      );
      assert.ok(!next.summary.volunteers.suppressed && !ref.summary.volunteers.suppressed);
      const delta = next.summary.volunteers.value - ref.summary.volunteers.value;
      assert.ok(delta < 0, "fewer rows, fewer volunteers");
      await page.click("[data-step=start]");
      await waitScreen(page, "start");
      await page.setInputFiles("#file-input", [
        { name: "hours_log.csv", mimeType: "text/csv", buffer: shorter },
        { name: "volunteers.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(registry) },
      ]);
      await waitScreen(page, "dashboard");
      assert.equal(await page.getAttribute("[data-kpi=volunteers] .kpi-change", "data-kpi-change"), String(delta));
      const said = await page.textContent("[data-kpi=volunteers] .kpi-change");
      assert.ok(said.includes("מאז הדוח הקודם"), said);
      await shot(page, "dashboard-changes-he");
      assertNoEgress(env, log, "monthly repeat");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }

    // Another browser (or another municipality): import the exported profile on Start, then
    // choosing the files goes straight to the dashboard too.
    const other = await openContext(env);
    await recordScreens(other.context);
    try {
      await gotoAndSettle(env, other.page, other.log, `?asOf=${AS_OF}&lang=en`);
      assert.equal(await other.page.locator("li[data-profile]").count(), 0, "a fresh browser has no saved profile");
      await other.page.setInputFiles("#start-profile-import", { name: "monthly.madad-profile.json", mimeType: "application/json", buffer: profile.bytes });
      await other.page.waitForSelector("[data-section=saved-profiles] li[data-profile]");
      assert.equal(await other.page.locator("li[data-profile]").count(), 2);
      await other.page.setInputFiles("#start-profile-import", { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("{}") });
      await other.page.waitForFunction(() => document.getElementById("start-profile-status")?.textContent !== "");
      assert.equal((await other.page.textContent("#start-profile-status")).trim(), catalogs.en["flow.profile.error.invalid"]);
      await other.page.evaluate(() => {
        window.__screens = [];
      });
      await other.page.setInputFiles("#file-input", [HOURS, REGISTRY]);
      await waitScreen(other.page, "dashboard");
      assert.deepEqual(await other.page.evaluate(() => window.__screens), ["progress", "dashboard"], "no question asked");
      assert.deepEqual(other.log.errors, [], "page errors");
    } finally {
      await other.context.close();
    }
  });

  test("an identifier column stops the read on the mapping screen; dropping it lets it through", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=en`);
      await page.setInputFiles("#file-input", { name: "ids.csv", mimeType: "text/csv", buffer: Buffer.from(WITH_IDS) });
      await waitScreen(page, "mapping");
      assert.equal(await page.getAttribute("[data-flow-blocked]", "data-flow-blocked"), "privacy.identifier_column");
      const text = await page.textContent("[data-screen=mapping]");
      assert.ok(!/039337423|123456782|011111119/.test(text), "no ID number in clear");
      await page.check("[data-id-column='מספר'] [data-id-action=drop]");
      await page.click("[data-action=apply-mapping]");
      await waitScreen(page, "mapping");
      assert.equal(await page.locator("[data-flow-blocked]").count(), 0, "the read went through");
      assert.equal(await page.isChecked("[data-id-column='מספר'] [data-id-action=drop]"), true, "the decision is kept");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("pseudonymising with a key file made in the browser: the file is downloaded and the read goes through", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=en`);
      await page.setInputFiles("#file-input", { name: "ids.csv", mimeType: "text/csv", buffer: Buffer.from(WITH_IDS) });
      await waitScreen(page, "mapping");
      await page.check("[data-id-column='מספר'] [data-id-action=pseudonymise]");
      await page.waitForSelector("#key-create", { state: "visible" });
      const key = await downloaded(page, () => page.click("#key-create"));
      const file = JSON.parse(key.bytes.toString("utf8"));
      assert.match(key.name, /^madad-key-[0-9a-f]{8}\.json$/);
      assert.equal(file.format, "madad-pseudonym-key");
      assert.equal(file.source, "random");
      assert.match(file.key, /^[0-9a-f]{64}$/, "32 random bytes");
      assert.equal(await page.getAttribute("#key-status", "data-key-loaded"), "true");
      await page.click("[data-action=apply-mapping]");
      await waitScreen(page, "mapping");
      assert.equal(await page.locator("[data-flow-blocked]").count(), 0, "the read went through with the new key");
      // A second key is a different key (the host's random source, not a constant).
      const again = JSON.parse((await downloaded(page, () => page.click("#key-create"))).bytes.toString("utf8"));
      assert.notEqual(again.key, file.key);
      assert.notEqual(again.check, file.check);
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });
});

describe("accessibility", () => {
  /** Every screen in the active language: axe, no placeholder, a screenshot. */
  async function checkScreen(page, name, lang) {
    await assertNoPlaceholders(page, `${name} (${lang})`);
    assert.equal(await page.getAttribute("html", "lang"), lang);
    assert.equal(await page.getAttribute("html", "dir"), lang === "en" ? "ltr" : "rtl");
    await axe(page, `${name} (${lang})`);
    await shot(page, `${name}-${lang}`);
  }

  async function eachLang(page, name, shotName = name) {
    for (const lang of LANGS) {
      await switchLang(page, lang);
      await page.waitForSelector(`[data-screen=${name}]`);
      await checkScreen(page, shotName, lang);
    }
  }

  test("axe finds no WCAG 2.1 A/AA violation on any screen, in he, ar and en", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}`);
      await eachLang(page, "start");
      await page.click("[data-statement-link]");
      await page.waitForSelector("[data-screen=statement]");
      await eachLang(page, "statement");
      await page.click("[data-action=statement-back]");
      await page.click("[data-action=compare]");
      await eachLang(page, "compare");
      await page.click("[data-action=back-start]");

      // The demo municipality: dashboard, its sections, and the flow screens of its files.
      await page.click("[data-action=demo]");
      await waitScreen(page, "dashboard");
      await eachLang(page, "dashboard");
      // The filter bar open with one department applied (the filtered view and its notes).
      await page.click("[data-section=filters] summary");
      await page.check("[data-section=filters] input[name=departments] >> nth=0");
      await page.click("[data-action=apply-filter]");
      await page.waitForSelector("[data-screen=dashboard] [data-active-filters=true]", { timeout: 30000 });
      await eachLang(page, "dashboard", "dashboard-filtered");
      await page.click("[data-action=clear-filters]");
      await page.waitForSelector("[data-screen=dashboard] [data-active-filters=false]", { timeout: 30000 });
      for (const [action, name] of [
        ["methods", "methods"],
        ["trends", "trends"],
        ["loneliness", "loneliness"],
      ]) {
        await page.click(`[data-action=${action}]`);
        await waitScreen(page, name);
        await eachLang(page, name);
        await page.click("[data-action=back-dashboard]");
        await waitScreen(page, "dashboard");
      }
      for (const step of ["check", "mapping", "validation"]) {
        await page.click(`[data-step=${step}]`);
        await waitScreen(page, step);
        await eachLang(page, step);
      }

      // A workbook with two sheets, a file no role fits, an identifier column.
      await page.click("[data-step=start]");
      await waitScreen(page, "start");
      await page.setInputFiles("#file-input", XLS);
      await waitScreen(page, "sheets");
      await eachLang(page, "sheets");
      await page.click("[data-action=other-files]");
      await page.setInputFiles("#file-input", { name: "shapes.csv", mimeType: "text/csv", buffer: Buffer.from("colour,size\nred,3\n") });
      await waitScreen(page, "error");
      await eachLang(page, "error");
      await page.click("[data-action=to-mapping]");
      await waitScreen(page, "mapping");
      await eachLang(page, "mapping", "mapping-missing-columns");
      await page.click("[data-step=start]");
      await page.setInputFiles("#file-input", { name: "ids.csv", mimeType: "text/csv", buffer: Buffer.from(WITH_IDS) });
      await waitScreen(page, "mapping");
      await page.waitForSelector("[data-flow-blocked='privacy.identifier_column']");
      for (const lang of LANGS) {
        await switchLang(page, lang);
        await checkScreen(page, "mapping-identifiers", lang);
      }
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("keyboard only: from Start to the dashboard, with a visible focus", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, `?asOf=${AS_OF}&lang=ar`);
      /** Presses Tab until `pred` holds for the focused element; asserts its focus is visible. */
      const tabTo = async (selector, max = 120) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press("Tab");
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
            const ring = await page.evaluate(() => {
              const el = document.activeElement;
              const target = el?.matches("input[type=file]") ? document.querySelector(`label[for="${el.id}"]`) : el;
              const cs = getComputedStyle(target);
              return { style: cs.outlineStyle, width: cs.outlineWidth };
            });
            assert.notEqual(ring.style, "none", `${selector}: a visible focus outline`);
            return;
          }
        }
        assert.fail(`Tab never reached ${selector}`);
      };
      await tabTo("#file-input");
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
      await chooser.setFiles([HOURS, REGISTRY]);
      await waitScreen(page, "check");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "check-title", "focus moves to the step's heading");
      await tabTo("[data-screen=check] [data-action=flow-next]");
      await page.keyboard.press("Enter");
      await waitScreen(page, "mapping");
      await tabTo("[data-screen=mapping] [data-action=flow-next]", 300);
      await page.keyboard.press("Enter");
      await waitScreen(page, "validation");
      await tabTo("[data-screen=validation] [data-action=analyse]", 300);
      await page.keyboard.press("Enter");
      await waitScreen(page, "dashboard");
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1", "focus on the dashboard's heading");
      const live = await page.textContent("#live");
      assert.ok(live.trim().length > 0, "the live region announced the step");
      assert.deepEqual(log.errors, [], "page errors");
    } finally {
      await context.close();
    }
  });

  test("the accessibility statement is reachable from the footer and fills its template fields", async () => {
    const { context, page, log } = await openContext(env);
    try {
      await gotoAndSettle(env, page, log, "#accessibility");
      await page.waitForSelector("[data-screen=statement]");
      for (const lang of LANGS) {
        await switchLang(page, lang);
        assert.equal((await page.textContent("[data-screen=statement] h1")).trim(), catalogs[lang]["a11y.title"]);
        assert.equal((await page.textContent("footer [data-statement-link]")).trim(), catalogs[lang]["footer.statement"]);
        // Conformance level, known limitations, the coordinator's contact, the last check's date.
        const text = await page.textContent("[data-screen=statement]");
        for (const key of ["a11y.level.title", "a11y.limits.title", "a11y.contact.title", "a11y.check.date"]) {
          assert.ok(text.includes(catalogs[lang][key]), `${lang}: ${key}`);
        }
        assert.ok((await page.locator("mark.to-fill").count()) >= 6, "fields to fill are marked");
      }
      await page.click("[data-action=statement-back]");
      await page.waitForSelector("[data-screen=start]");
    } finally {
      await context.close();
    }
  });
});
